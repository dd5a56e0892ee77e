"""Changing a catalogue file: records appended or cut in its text, under a lock, then
checked and put in place whole.

`add` and `remove` change the text itself, so that everything else in the file (comments,
the order of fields, quoting, blank lines) stays as the user wrote it: a record is appended
after the last one in block style, or one record's lines are cut out. Where those lines are
comes from the YAML parser's marks. A JSON file, which holds no comments, is written again
as JSON. Every change is checked before it is kept: the new text must be a valid catalogue
whose titles are the old ones with only the change made, or nothing is written. The file
is replaced atomically (a temporary file, flushed to disk, renamed into place, keeping the
file's mode and owner), and a lock on a file beside it keeps two commands from changing it
at once.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tearlist import loading
from tearlist.errors import DataError, FileError, Problem
from tearlist.export import stop_signals_raise, write_atomic
from tearlist.records import FIELDS, REQUIRED_FIELDS, Title

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# How long a command waits for another that holds the lock, as the diary waits.
WAIT_SECONDS = 30.0


def lock_path(path: Path) -> Path:
    """The file whose lock guards a catalogue: beside the file a link leads to."""
    real = Path(os.path.realpath(path))
    return real.with_name(f".{real.name}.lock")


@contextlib.contextmanager
def locked(path: Path, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the catalogue's lock: other tearlist commands changing it wait until it is let go.

    The lock file is left in place: removing it would let a third command lock a new file
    while a second still waits on the old one.
    """
    import fcntl

    where = lock_path(path)
    try:
        descriptor = os.open(where, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    except OSError as error:
        raise FileError(f"{where}: cannot lock the catalogue: {error.strerror or error}") from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise FileError(
                        f"{path}: another tearlist has been changing it for "
                        f"{wait:.0f} seconds; try again later"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(descriptor)  # closing lets the lock go


@dataclass(frozen=True, slots=True)
class Current:
    """A catalogue file as it is before a change: its text, its titles, how it is read."""

    path: Path
    text: str
    titles: tuple[Title, ...]
    as_json: bool


def read(path: Path, start: str | None = None) -> Current:
    """The file as it is, refused (DataError, exit 3) if it has any problem.

    A file that does not exist yet is taken to hold start, when there is one.
    """
    as_json = loading.is_json(path)
    # A link to nothing is no missing file: reading it says so.
    missing = start is not None and not os.path.lexists(path)
    text = start if start is not None and missing else loading.read_text(path)
    titles = loading.titles_in(text, str(path), as_json=as_json)
    return Current(path, text, titles, as_json)


def appended(current: Current, records: Sequence[dict[str, Any]]) -> str:
    """The file's text with records added after the last one."""
    if current.as_json:
        data = loading.parse(current.text, str(current.path), as_json=True)
        _items(data).extend(_ordered(record) for record in records)
        return _json_text(data)
    _, sequence = _sequence(current.text)
    if sequence.flow_style:
        return _flow_appended(current.text, sequence, records)
    return _block_appended(current.text, sequence, records)


def cut(current: Current, title: Title) -> str:
    """The file's text without one title's record; everything else is left as it was."""
    index = current.titles.index(title)
    if current.as_json:
        data = loading.parse(current.text, str(current.path), as_json=True)
        del _items(data)[index]
        return _json_text(data)
    text = current.text
    wrapped, sequence = _sequence(text)
    items = sequence.value
    if sequence.flow_style:
        # The separating comma goes with the record: the one after it, or for the last
        # record the one before it.
        if index + 1 < len(items):
            start, end = items[index].start_mark.index, items[index + 1].start_mark.index
        else:
            start = items[index - 1].end_mark.index if index else items[index].start_mark.index
            end = items[index].end_mark.index
        return text[:start] + text[end:]
    start, end = _lines(text, items[index])
    if len(items) == 1:
        # The last title out: an empty list stays a catalogue, where nothing would not.
        return text[:start] + ("  []\n" if wrapped else "[]\n") + text[end:]
    # One blank line that set the record apart goes with it.
    before = start > 0 and _blank_line_before(text, start)
    if _blank_line_at(text, end) and (start == 0 or before):
        end = text.index("\n", end) + 1
    elif before:
        start = text.rfind("\n", 0, start - 1) + 1
    return text[:start] + text[end:]


def replace(
    current: Current, text: str, expected: Sequence[Title] | None = None
) -> tuple[Title, ...]:
    """Put the new text in place of the file, if it is a valid catalogue, and reads back as
    exactly the titles expected (when given); nothing is written otherwise."""
    titles = loading.titles_in(text, str(current.path), as_json=current.as_json)
    if expected is not None and titles != tuple(expected):
        problem = Problem(
            "the change could not be made without changing other titles; "
            "make it with 'tearlist edit'"
        )
        raise DataError(str(current.path), [problem])
    current.path.parent.mkdir(parents=True, exist_ok=True)
    with stop_signals_raise():
        write_atomic(current.path, text, force=True)
    return titles


def block_text(record: dict[str, Any], indent: int = 0) -> str:
    """One record as an item of a block-style YAML list, laid out as the bundled catalogue
    is: a field a line, lists of text and each person in flow style."""
    lines = []
    for key, value in _ordered(record).items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{key}:")
            lines += [f"  - {_flow(item)}" for item in value]
        elif key == "released" and isinstance(value, str) and _ISO_DAY.fullmatch(value):
            lines.append(f"{key}: {value}")  # read as text, as the catalogue writes its dates
        else:
            lines.append(f"{key}: {_flow(value)}")
    pad = " " * indent
    return f"{pad}- {lines[0]}\n" + "".join(f"{pad}  {line}\n" for line in lines[1:])


def _flow(value: Any) -> str:
    """A value on one line, as YAML writes it in flow style (quoted where it must be)."""
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text: str = yaml.dump(
        value,
        Dumper=dumper,
        allow_unicode=True,
        default_flow_style=True,
        sort_keys=False,
        width=1 << 30,
    )
    return text.removesuffix("...\n").strip()


def _ordered(record: dict[str, Any]) -> dict[str, Any]:
    """A record's fields in the catalogue's order, empty ones left out but the required."""
    return {
        field: record[field]
        for field in FIELDS
        if field in record and (field in REQUIRED_FIELDS or record[field] not in (None, [], ()))
    }


def _items(data: Any) -> list[Any]:
    if isinstance(data, dict):
        items: list[Any] = data["titles"]
        return items
    assert isinstance(data, list)
    return data


def _json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _sequence(text: str) -> tuple[bool, Any]:
    """Whether the list of titles is under a titles key, and its YAML node, with the marks
    of where each record is."""
    import yaml

    root = yaml.compose(text, Loader=loading._loader())
    if isinstance(root, yaml.MappingNode):
        return True, root.value[0][1]
    return False, root


def _content_end(node: Any) -> int:
    """Where the last character of a node's content is, past its last value."""
    children = node.value if isinstance(node.value, list) else []
    ends = [node.end_mark.index if not children or node.flow_style else 0]
    for child in children:
        for part in child if isinstance(child, tuple) else (child,):
            ends.append(_content_end(part))
    return max(ends)


def _lines(text: str, item: Any) -> tuple[int, int]:
    """Where the lines of a block list's item start (its dash's line) and end."""
    dash = text.rfind("-", 0, item.start_mark.index)
    start = text.rfind("\n", 0, dash) + 1
    end = _content_end(item)
    while end > item.start_mark.index and text[end - 1] in " \t\r\n":
        end -= 1
    newline = text.find("\n", end)
    return start, len(text) if newline < 0 else newline + 1


def _blank_line_at(text: str, index: int) -> bool:
    newline = text.find("\n", index)
    return newline >= 0 and not text[index:newline].strip()


def _blank_line_before(text: str, index: int) -> bool:
    before = text.rfind("\n", 0, index - 1) + 1
    return not text[before : index - 1].strip()


def _block_appended(text: str, sequence: Any, records: Sequence[dict[str, Any]]) -> str:
    last = sequence.value[-1]
    start, end = _lines(text, last)
    indent = text.index("-", start) - start
    added = "".join("\n" + block_text(record, indent) for record in records)
    head = text[:end] if text[:end].endswith("\n") else text[:end] + "\n"
    return head + added + text[end:]


def _flow_appended(text: str, sequence: Any, records: Sequence[dict[str, Any]]) -> str:
    closing = sequence.end_mark.index - 1  # the closing bracket
    pieces = [json.dumps(_ordered(record), ensure_ascii=False) for record in records]
    added = ", ".join(pieces)
    if sequence.value:
        added = ", " + added
    return text[:closing] + added + text[closing:]
