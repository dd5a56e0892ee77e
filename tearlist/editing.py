"""Editing a catalogue file in the user's editor, safely: a copy is edited, and it replaces
the file only once it is a valid catalogue.

The editor is $VISUAL, else $EDITOR, else vi, run by the shell as git runs it, so that the
variable may hold arguments (`code --wait`, `emacs -nw`). At a terminal a copy with
problems is shown with them, and the user may edit it again or give up; anywhere else it
is refused. If another command changed the file meanwhile, the edit is not put over that
change: the copy is kept, and its path given.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from tearlist import catalogue_file, loading
from tearlist.errors import DataError, FileError, Problem
from tearlist.text import visible


def editor() -> str:
    """The command that edits a file, as the user set it: $VISUAL, $EDITOR, or vi."""
    for name in ("VISUAL", "EDITOR"):
        chosen = os.environ.get(name, "").strip()
        if chosen:
            return chosen
    return "vi"


def run_editor(path: Path) -> None:
    """Run the editor on a file, with the terminal; FileError if it fails."""
    command = editor()
    try:
        # As git does: the shell splits the variable, and the file is one more argument.
        done = subprocess.run(["/bin/sh", "-c", f'{command} "$@"', command, str(path)], check=False)
    except OSError as error:
        raise FileError(f"cannot run the editor {command!r}: {error.strerror or error}") from None
    if done.returncode != 0:
        status = f"exit status {done.returncode}" if done.returncode > 0 else "a signal"
        raise FileError(f"the editor {visible(command)!r} failed ({status}); nothing was changed")


def interactive() -> bool:
    """Whether the user can be asked: standard input and error are a terminal."""
    return sys.stdin.isatty() and sys.stderr.isatty()


def ask_again() -> bool:
    """Ask whether to edit the copy again; no answer (end of input) is no."""
    sys.stderr.write("Edit the file again? [Y/n] ")
    sys.stderr.flush()
    answer = sys.stdin.readline()
    if not answer:  # the end of input: the prompt's line is ended here
        sys.stderr.write("\n")
    return bool(answer) and answer.strip().lower() in ("", "y", "yes")


def edit(
    path: Path,
    start: str | None = None,
    *,
    name: str | None = None,
    run: Callable[[Path], None] = run_editor,
    ask: Callable[[], bool] = ask_again,
) -> str:
    """Edit a catalogue file through a copy; what was done ("saved", "no changes to").

    A file not made yet starts as start. The copy has the file's name, so an editor knows
    its kind. Messages name the file as name says, if given.
    """
    name = name or str(path)
    original = _bytes_of(path, start)
    folder = Path(tempfile.mkdtemp(prefix="tearlist-edit-"))
    copy = folder / path.name
    keep = False
    try:
        copy.write_bytes(original)
        text = _edited(name, copy, loading.is_json(path), run, ask)
        if text.encode("utf-8") == original:
            return "no changes to"
        with catalogue_file.locked(path):
            if _bytes_of(path, start) != original:
                keep = True
                raise FileError(
                    f"{name}: changed while it was edited; the edited copy is kept in {copy}"
                )
            current = catalogue_file.Current(path, text, (), loading.is_json(path))
            catalogue_file.replace(current, text)
        return "saved"
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


def _edited(
    name: str, copy: Path, as_json: bool, run: Callable[[Path], None], ask: Callable[[], bool]
) -> str:
    """The copy's text once the editor leaves it a valid catalogue; DataError if not."""
    while True:
        run(copy)
        text = loading.read_text(copy)
        try:
            loading.titles_in(text, name, as_json=as_json)
        except DataError as error:
            error.report_all = True
            if not interactive():
                raise
            for line in error.lines():
                sys.stderr.write(f"tearlist: {visible(line)}\n")
            if not ask():
                raise DataError(
                    name, [Problem("gave up editing; the file is left as it was")]
                ) from None
            continue
        return text


def _bytes_of(path: Path, start: str | None) -> bytes:
    if start is not None and not os.path.lexists(path):
        return start.encode("utf-8")
    return loading.read_bytes(path)
