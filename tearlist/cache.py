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
import zlib
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


def _key(path: Path) -> tuple[Path, dict[str, Any]] | None:
    where = folder()
    if where is None:
        return None
    try:
        real = path.resolve()
        status = real.stat()
    except (OSError, RuntimeError, ValueError):
        return None
    if status.st_size > LIMIT:
        return None
    # The change time cannot be set back by a tool (touch -r, cp -p, rsync -t), and the
    # inode changes when a file is replaced by another.
    identity = {
        "format": FORMAT,
        "path": str(real),
        "size": status.st_size,
        "mtime_ns": status.st_mtime_ns,
        "ctime_ns": status.st_ctime_ns,
        "inode": status.st_ino,
    }
    name = f"{zlib.crc32(str(real).encode('utf-8', 'surrogateescape')):08x}.json"
    return where / name, identity


def read(path: Path) -> Any | None:
    """The parsed content cached for this file as it is now, or None."""
    key = _key(path)
    if key is None:
        return None
    entry, identity = key
    try:
        cached = json.loads(entry.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(cached, dict) or cached.get("identity") != identity:
        return None
    return cached.get("data")


def write(path: Path, data: Any) -> None:
    """Keep the parsed content of a file that loaded without a problem."""
    key = _key(path)
    if key is None:
        return
    entry, identity = key
    from tearlist.errors import FileError
    from tearlist.export import write_atomic

    try:
        text = json.dumps({"identity": identity, "data": data}, ensure_ascii=False)
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(entry, text, force=True)
    except (OSError, FileError, TypeError, ValueError):
        return
