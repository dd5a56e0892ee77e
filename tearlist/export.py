"""Writing a file atomically: a complete new file, or the old one left exactly as it was."""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import FrameType

from tearlist.errors import FileError, Stopped

# Signals that end a program as Ctrl-C does: a terminal closed (SIGHUP), or kill, timeout
# and service managers (SIGTERM). While a file is written they raise Stopped instead, so
# that the temporary file is removed before the program exits.
_STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def write_atomic(
    path: Path,
    text: str | Iterable[str],
    *,
    force: bool = False,
    follow_links: bool = True,
    mode: int | None = None,
) -> None:
    """Write text (or pieces of text) to path through a temporary file, renamed into place.

    An existing file is replaced only with force; without it, the refusal is checked at
    the final, atomic step as well, so a file that appears meanwhile is not overwritten.
    A symbolic link is followed (the file it points to is replaced, and the link kept),
    unless follow_links is false: then the link itself is replaced. A replaced file's
    permissions are kept, and its owner and group where the process may set them, unless
    mode gives the permissions (then the file is the process's own).
    """
    shown = path
    if follow_links:
        check_target(path, force=force)
        path = Path(os.path.realpath(path))
    folder = path.parent
    with stop_signals_raise():
        try:
            descriptor, temporary, held = new_temporary(folder, ".tearlist-")
        except OSError as error:
            raise FileError(f"{folder}: cannot write here: {error.strerror or error}") from None
        try:
            release(held)
            with os.fdopen(descriptor, "wb") as stream:
                for piece in (text,) if isinstance(text, str) else text:
                    stream.write(piece.encode("utf-8"))
                stream.flush()
                os.fsync(stream.fileno())
                if mode is None:
                    _keep_owner(stream.fileno(), path)
            Path(temporary).chmod(_mode_for(path) if mode is None else mode)
            _put_in_place(Path(temporary), path, shown, force=force)
        except BaseException as error:
            with contextlib.suppress(OSError):
                Path(temporary).unlink()
            if isinstance(error, OSError):
                raise FileError(f"{shown}: cannot write: {error.strerror or error}") from None
            raise


@contextlib.contextmanager
def stop_signals_raise() -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP raise Stopped, as SIGINT raises KeyboardInterrupt.

    A signal the program was started to ignore (nohup ignores SIGHUP) stays ignored.
    """
    previous = {}
    for number in _STOP_SIGNALS:
        try:
            if signal.getsignal(number) == signal.SIG_DFL:
                previous[number] = signal.signal(number, _raise_stopped)
        except ValueError:  # not the main thread: signals cannot be handled here
            break
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def new_temporary(folder: Path, prefix: str) -> tuple[int, Path, set[int]]:
    """A new temporary file in folder: its descriptor, its path, and the stop signals held
    while it was made.

    SIGTERM and SIGHUP are held from before the file exists until the caller's release(),
    which the caller makes the first statement of the try whose cleanup removes the file: a
    signal that comes meanwhile is raised there, so no moment leaves a file that nothing
    would remove. On OSError nothing is held.
    """
    held = set(signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS))
    try:
        descriptor, name = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=".tmp")
    except BaseException:
        release(held)
        raise
    return descriptor, Path(name), held


def release(held: set[int]) -> None:
    """Let the signals new_temporary held through again; one that came meanwhile is raised."""
    signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _raise_stopped(number: int, frame: FrameType | None) -> None:
    raise Stopped(number)


def check_target(path: str | Path, *, force: bool = False) -> None:
    """FileError unless path can take a new file: no folder, no special file, and an
    existing file only with force.

    A name ending in a slash, or in . or .., names a folder whether or not one exists,
    and is refused as cp refuses it.
    """
    # pathlib drops a final slash or ".", so the name is read as it was written.
    if os.fspath(path).rsplit(os.sep, 1)[-1] in ("", ".", ".."):
        raise FileError(f"{path}: names a folder; give a file name to export to")
    path = Path(path)
    try:
        if path.is_dir():
            raise FileError(f"{path}: is a folder; give a file name to export to")
        if path.exists() and not force:
            raise FileError(f"{path}: already exists; use --force to replace it")
        if path.exists() and not path.is_file():
            raise FileError(f"{path}: is not a regular file; tearlist replaces only files")
        if path.parent.exists() and not path.parent.is_dir():
            raise FileError(f"{path.parent}: is not a folder; cannot export into it")
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


def _keep_owner(descriptor: int, path: Path) -> None:
    """Give the new file the owner and group of the file it replaces, as far as allowed:
    root may set both, another user only a group of theirs; otherwise they stay the
    process's own."""
    try:
        old = path.stat()
    except OSError:
        return
    for owner, group in ((old.st_uid, old.st_gid), (-1, old.st_gid)):
        with contextlib.suppress(OSError):
            os.fchown(descriptor, owner, group)
            return


def _mode_for(path: Path) -> int:
    """Keep a replaced file's permissions; give a new file the ones the umask allows."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
