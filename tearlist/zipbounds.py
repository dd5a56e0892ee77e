"""How many members a zip file has, read from its end record before the zip is opened.

Python's zipfile reads the whole central directory when it opens an archive, an object a
member: a million empty members take hundreds of megabytes before one is read. The end of
central directory record (and its Zip64 form) says how many members there are and how large
the directory is, in a few bytes at the end of the file.
"""

from __future__ import annotations

import os
from typing import BinaryIO

from tearlist.errors import BadImportError, FileError

# A Letterboxd account export holds a few dozen files (one a list); ten thousand is ample.
MAX_MEMBERS = 10_000
MAX_DIRECTORY = 16 << 20  # bytes of central directory: names of 1.6 KB a member on average
_END = b"PK\x05\x06"
_END_SIZE = 22
_LOCATOR = b"PK\x06\x07"
_LOCATOR_SIZE = 20
_END64 = b"PK\x06\x06"
_END64_SIZE = 56
_MOST_COMMENT = 0xFFFF


def check_directory(stream: BinaryIO, where: str) -> None:
    """FileError if the zip has more members or a larger directory than an import reads;
    BadImportError if it has no end record (not a zip file)."""
    members, size = _counts(stream, where)
    if members > MAX_MEMBERS:
        raise FileError(
            f"{where}: a zip of {members:,} members, more than {MAX_MEMBERS:,}; too many to import"
        )
    if size > MAX_DIRECTORY:
        raise FileError(
            f"{where}: a zip whose directory of members is larger than"
            f" {MAX_DIRECTORY >> 20} MiB, too large to import"
        )


def _counts(stream: BinaryIO, where: str) -> tuple[int, int]:
    """The number of members and the size of the central directory, as the end record says."""
    total = os.fstat(stream.fileno()).st_size
    start = max(0, total - _END_SIZE - _MOST_COMMENT)
    stream.seek(start)
    tail = stream.read()
    stream.seek(0)
    at = tail.rfind(_END)
    if at < 0 or len(tail) - at < _END_SIZE:
        raise BadImportError(f"{where}: not a readable zip file (no end of central directory)")
    members = int.from_bytes(tail[at + 10 : at + 12], "little")
    size = int.from_bytes(tail[at + 12 : at + 16], "little")
    if members != 0xFFFF and size != 0xFFFFFFFF:
        return members, size
    # Zip64: the locator just before the end record gives where the Zip64 end record is.
    locator = tail[at - _LOCATOR_SIZE : at] if at >= _LOCATOR_SIZE else b""
    if not locator.startswith(_LOCATOR):
        return members, size
    stream.seek(int.from_bytes(locator[8:16], "little"))
    record = stream.read(_END64_SIZE)
    stream.seek(0)
    if not record.startswith(_END64) or len(record) < _END64_SIZE:
        raise BadImportError(f"{where}: not a readable zip file (a damaged Zip64 end record)")
    return int.from_bytes(record[32:40], "little"), int.from_bytes(record[40:48], "little")
