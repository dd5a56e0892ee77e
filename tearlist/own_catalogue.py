"""The catalogue of the user's own: where it is (and the diary beside it), which catalogue a
command reads, making it.

`tearlist add` makes it, the first time, as a copy of the bundled titles. From then on every
command reads it, unless --data or TEARLIST_DATA names another file (or, empty, the bundled
one). Every command takes this path, so finding it costs one stat and imports nothing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date

NAME = "catalogue.yaml"

HEADER = """\
# Your own tearlist catalogue, made by `tearlist {command}` on {day} as a copy of the ten
# titles that come with tearlist. tearlist reads this file instead of its own, unless
# --data or TEARLIST_DATA names another. `tearlist add` adds titles to it, `tearlist remove`
# takes them out, and `tearlist edit` opens it in your editor and checks it before keeping
# it. Delete the file to go back to the bundled catalogue.
#
"""


def data_folder() -> Path:
    """$XDG_DATA_HOME/tearlist, or ~/.local/share/tearlist; a relative XDG_DATA_HOME is
    ignored, as the XDG Base Directory specification says."""
    data_home = os.environ.get("XDG_DATA_HOME", "")
    base = Path(data_home) if Path(data_home).is_absolute() else Path.home() / ".local" / "share"
    return base / "tearlist"


def own_path() -> Path:
    """Where the catalogue of the user's own is kept, whether or not it exists yet."""
    return data_folder() / NAME


def diary_path() -> Path:
    """Where the diary is: TEARLIST_DIARY, else diary.sqlite3 in the data folder."""
    from tearlist.errors import FileError, UsageError

    named = os.environ.get("TEARLIST_DIARY")
    if named:
        # pathlib drops a final slash or ".", so the name is read as it was written.
        if named.rsplit(os.sep, 1)[-1] in ("", ".", ".."):
            raise FileError(f"TEARLIST_DIARY={named}: names a folder; give the diary's file name")
        if not Path(named).is_absolute():
            # A relative path would name a different diary in every folder (and '~' in quotes
            # is no home folder): refused before anything is made.
            raise UsageError(
                f"TEARLIST_DIARY={named}: the diary's path must be absolute (start with /)"
            )
        return Path(named)
    return data_folder() / "diary.sqlite3"


def chosen(data: str | None, named_by: str = "--data") -> tuple[Path | None, str, bool]:
    """The catalogue a command reads, given the --data option (or TEARLIST_DATA) as parsed:
    a file, or None for the bundled one; what named it (--data, TEARLIST_DATA, or "" for the
    user's own catalogue, which its path names); and whether it was named at all (the
    bundled catalogue may be, by an empty value).

    A file named there comes first; an empty value, from either, is the bundled catalogue;
    else the user's own, if it exists. (A plain tuple: every command asks, and defining a
    class for it would take longer than the rest.)
    """
    if data:
        return Path(data), named_by, True
    if data == "" or os.environ.get("TEARLIST_DATA") == "":
        return None, named_by, True
    path = own_path()
    try:
        path.stat()
    except (OSError, ValueError):
        return None, named_by, False
    return path, "", False


def shown(path: Path) -> str:
    """A path as a message shows it: under the home folder, with ~ for it."""
    home = os.environ.get("HOME", "")
    if home and Path(home).is_absolute() and path.is_relative_to(home) and path != Path(home):
        return "~/" + str(path.relative_to(home))
    return str(path)


def first_text(bundled: str, command: str, today: date) -> str:
    """The text of a new catalogue of one's own: a header saying what it is, then the bundled
    catalogue as it is."""
    return HEADER.format(command=command, day=today.isoformat()) + bundled
