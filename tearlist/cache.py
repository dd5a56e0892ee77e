"""A cache of parsed catalogue files, so that a small unchanged file is not parsed again.

Parsing YAML costs more than everything else a command does with the bundled catalogue,
and shell completion runs tearlist at every key press. A catalogue that loaded without a
problem is kept as JSON under the user's cache folder, keyed by the file's path, size,
inode, and modification and change times; any change to the file makes the entry stale.
The cache is only ever an optimization: one that cannot be read or written is ignored,
and so is anything in it that tearlist did not write itself (an entry that is not a plain
file of the user's, a folder others can write to, content that does not decode).
"""

from __future__ import annotations

import json
import os
import stat
import time
import zlib
from pathlib import Path
from typing import Any, NamedTuple

# Files larger than this are parsed every time rather than copied into the cache.
LIMIT = 1 << 20
# An entry holds the parsed content as JSON, a few times the size of the file at most.
ENTRY_LIMIT = 8 * LIMIT
# Changed whenever what the loader makes of a file changes, so old entries are not used.
FORMAT = 2


def folder() -> Path | None:
    """Where entries are kept: $TEARLIST_CACHE, or tearlist in the XDG cache folder.

    TEARLIST_CACHE set to an empty string turns the cache off. Only absolute paths count:
    a relative XDG_CACHE_HOME is ignored, as the XDG Base Directory specification says,
    and a relative TEARLIST_CACHE, or no usable HOME, means no cache rather than a
    folder made wherever tearlist happens to run.
    """
    chosen = os.environ.get("TEARLIST_CACHE")
    if chosen is not None:
        return Path(chosen) if Path(chosen).is_absolute() else None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if Path(base).is_absolute():
        return Path(base) / "tearlist"
    home = os.environ.get("HOME", "")
    return Path(home) / ".cache" / "tearlist" if Path(home).is_absolute() else None


# A file changed less than this long ago may change again within the same timestamp.
SETTLED_NS = 2_000_000_000


class Slot(NamedTuple):
    """A file's place in the cache, with the file's identity taken before it is read."""

    source: Path
    entry: Path
    identity: dict[str, Any]

    def read(self) -> Any | None:
        """The parsed content kept for the file as it was when the slot was taken, or None.

        Any failure to read or decode an entry, whatever its cause, is a miss.
        """
        raw = _read_entry(self.entry)
        if raw is None:
            return None
        try:
            cached = json.loads(raw)
        except Exception:  # noqa: BLE001 - deep nesting, bad UTF-8, anything: a miss
            return None
        if not isinstance(cached, dict) or cached.get("identity") != self.identity:
            return None
        return cached.get("data")

    def unchanged(self) -> bool:
        """Whether the file is still what it was when the slot was taken, and settled.

        A file that changed while it was read, or changed so lately that it may change
        again unseen, is not kept: its content might not be what was parsed.
        """
        now = _identity(self.source, self.identity["parser"], limited=False)
        return now == self.identity and time.time_ns() - self.identity["mtime_ns"] >= SETTLED_NS

    def store(self, data: Any) -> None:
        """Keep the parsed content, if the file is still what it was before it was read."""
        if not self.unchanged():
            return
        from tearlist.errors import FileError
        from tearlist.export import write_atomic

        try:
            text = json.dumps({"identity": self.identity, "data": data}, ensure_ascii=False)
            self.entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not trusted_folder(self.entry.parent):
                return
            write_atomic(self.entry, text, force=True, follow_links=False, mode=0o600)
        except (OSError, FileError, TypeError, ValueError):
            return


def slot(
    path: Path, parser: str = "yaml", *, suffix: str = ".json", limited: bool = True
) -> Slot | None:
    """The cache slot for a file as it is now, read with a parser ("yaml" or "json");
    None if the cache is off or the file unfit (larger than LIMIT, when limited). The
    suffix names the kind of entry."""
    where = folder()
    identity = _identity(path, parser, limited=limited) if where is not None else None
    if where is None or identity is None:
        return None
    # The same file read with another parser (through a link or /dev/stdin) is another entry.
    key = f"{parser}:{identity['path']}"
    name = f"{zlib.crc32(key.encode('utf-8', 'surrogateescape')):08x}{suffix}"
    return Slot(path, where / name, identity)


def _read_entry(entry: Path) -> bytes | None:
    """An entry's bytes, if it is a plain file of the user's in a folder of the user's."""
    try:
        if not trusted_folder(entry.parent):
            return None
        # No link is followed and nothing waits (a FIFO planted here would block).
        flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
        descriptor = os.open(entry, flags)
    except (OSError, ValueError):
        return None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or not trusted(status):
            return None
        if status.st_size > ENTRY_LIMIT:
            return None
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            raw = stream.read(ENTRY_LIMIT + 1)
        return raw if len(raw) <= ENTRY_LIMIT else None
    except OSError:
        return None
    finally:
        os.close(descriptor)


def trusted_folder(path: Path) -> bool:
    """Whether the cache folder is a folder of the user's that no one else can write to."""
    status = path.stat()
    return stat.S_ISDIR(status.st_mode) and trusted(status)


def distrusted(path: Path) -> str | None:
    """Why a cache folder that exists cannot be trusted with an index, or None if it can be
    (or is not there yet, and will be made the user's own)."""
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"{path}: the cache folder cannot be used ({error.strerror or error})"
    if not stat.S_ISDIR(status.st_mode):
        return f"{path}: the cache folder is not a folder"
    if hasattr(os, "getuid") and status.st_uid != os.getuid():
        return f"{path}: the cache folder belongs to another user"
    if status.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"{path}: others can write to the cache folder (chmod go-w makes it private)"
    return None


def trusted(status: os.stat_result) -> bool:
    """Whether a cache file or folder is the user's own and no one else can write to it."""
    own = not hasattr(os, "getuid") or status.st_uid == os.getuid()
    return own and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _identity(path: Path, parser: str, *, limited: bool = True) -> dict[str, Any] | None:
    try:
        real = path.resolve()
        status = real.stat()
    except (OSError, RuntimeError, ValueError):
        return None
    if (limited and status.st_size > LIMIT) or not real.is_file():
        return None
    # The change time cannot be set back by a tool (touch -r, cp -p, rsync -t), and the
    # inode changes when a file is replaced by another.
    return {
        "format": FORMAT,
        "parser": parser,
        "path": str(real),
        "size": status.st_size,
        "mtime_ns": status.st_mtime_ns,
        "ctime_ns": status.st_ctime_ns,
        "inode": status.st_ino,
    }
