"""Writing a file atomically: a complete new file, or the old one left exactly as it was."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from tearlist.errors import FileError


def write_atomic(
    path: Path, text: str | Iterable[str], *, force: bool = False, follow_links: bool = True
) -> None:
    """Write text (or pieces of text) to path through a temporary file, renamed into place.

    An existing file is replaced only with force; without it, the refusal is checked at
    the final, atomic step as well, so a file that appears meanwhile is not overwritten.
    A symbolic link is followed (the file it points to is replaced, and the link kept),
    unless follow_links is false: then the link itself is replaced.
    """
    shown = path
    if follow_links:
        check_target(path, force=force)
        path = Path(os.path.realpath(path))
    folder = path.parent
    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".tearlist-", suffix=".tmp")
    except OSError as error:
        raise FileError(f"{folder}: cannot write here: {error.strerror or error}") from None
    try:
        with os.fdopen(descriptor, "wb") as stream:
            for piece in (text,) if isinstance(text, str) else text:
                stream.write(piece.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).chmod(_mode_for(path))
        _put_in_place(Path(temporary), path, shown, force=force)
    except BaseException as error:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        if isinstance(error, OSError):
            raise FileError(f"{shown}: cannot write: {error.strerror or error}") from None
        raise


def check_target(path: Path, *, force: bool = False) -> None:
    """FileError unless path can take a new file: no folder, no special file, and an
    existing file only with force."""
    try:
        if path.is_dir():
            raise FileError(f"{path}: is a folder; give a file name to export to")
        if path.exists() and not force:
            raise FileError(f"{path}: already exists; use --force to replace it")
        if path.exists() and not path.is_file():
            raise FileError(f"{path}: is not a regular file; tearlist replaces only files")
        if not path.parent.is_dir():
            raise FileError(f"{path.parent}: no such folder to export to")
    except OSError as error:
        raise FileError(f"{path}: {error.strerror or error}") from None


def _put_in_place(temporary: Path, path: Path, shown: Path, *, force: bool) -> None:
    if force:
        temporary.replace(path)
        return
    try:
        # A hard link never replaces an existing file: the refusal holds even in a race.
        os.link(temporary, path)
    except FileExistsError:
        raise FileError(f"{shown}: already exists; use --force to replace it") from None
    except OSError:
        # Some file systems have no hard links; the check made before writing stands.
        temporary.replace(path)
        return
    temporary.unlink()


def _mode_for(path: Path) -> int:
    """Keep a replaced file's permissions; give a new file the ones the umask allows."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
