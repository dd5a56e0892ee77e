"""A cache of parsed catalogue files, so that a small unchanged file is not parsed again.

Parsing YAML costs more than everything else a command does with the bundled catalogue,
and shell completion runs tearlist at every key press. A catalogue that loaded without a
problem is kept as JSON under the user's cache folder, keyed by the file's path, size,
inode, and modification and change times; any change to the file makes the entry stale.
The cache is only ever an optimization: one that cannot be read or written is ignored.
"""

from __future__ import annotations

import json
import os
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Files larger than this are parsed every time rather than copied into the cache.
LIMIT = 1 << 20
# Changed whenever what the loader makes of a file changes, so old entries are not used.
FORMAT = 1


def folder() -> Path | None:
    """Where entries are kept: $TEARLIST_CACHE, or tearlist in the XDG cache folder.

    TEARLIST_CACHE set to an empty string turns the cache off.
    """
    chosen = os.environ.get("TEARLIST_CACHE")
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "tearlist"


# A file changed less than this long ago may change again within the same timestamp.
SETTLED_NS = 2_000_000_000


@dataclass(frozen=True, slots=True)
class Slot:
    """A file's place in the cache, with the file's identity taken before it is read."""

    source: Path
    entry: Path
    identity: dict[str, Any]

    def read(self) -> Any | None:
        """The parsed content kept for the file as it was when the slot was taken, or None."""
        try:
            cached = json.loads(self.entry.read_bytes())
        except (OSError, ValueError):
            return None
        if not isinstance(cached, dict) or cached.get("identity") != self.identity:
            return None
        return cached.get("data")

    def unchanged(self) -> bool:
        """Whether the file is still what it was when the slot was taken, and settled.

        A file that changed while it was read, or changed so lately that it may change
        again unseen, is not kept: its content might not be what was parsed.
        """
        now = _identity(self.source, limited=False)
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
            write_atomic(self.entry, text, force=True, follow_links=False)
        except (OSError, FileError, TypeError, ValueError):
            return


def slot(path: Path, *, suffix: str = ".json", limited: bool = True) -> Slot | None:
    """The cache slot for a file as it is now; None if the cache is off or the file unfit.

    Files larger than LIMIT are unfit when limited; suffix names the kind of entry.
    """
    where = folder()
    identity = _identity(path, limited=limited) if where is not None else None
    if where is None or identity is None:
        return None
    real = identity["path"]
    name = f"{zlib.crc32(real.encode('utf-8', 'surrogateescape')):08x}{suffix}"
    return Slot(path, where / name, identity)


def _identity(path: Path, *, limited: bool = True) -> dict[str, Any] | None:
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
        "path": str(real),
        "size": status.st_size,
        "mtime_ns": status.st_mtime_ns,
        "ctime_ns": status.st_ctime_ns,
        "inode": status.st_ino,
    }
