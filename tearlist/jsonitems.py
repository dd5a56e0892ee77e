"""The items of a JSON array read one at a time from a stream, never the whole array at once.

A file of millions of small items thus takes the memory of one item and of the text not read
yet, not of every item parsed together (a dict each, many times the size of its text).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

CHUNK = 1 << 20  # characters read at a time


class ItemError(ValueError):
    """The text is not a JSON array; line and column are those of the whole text, from 1."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


class _Buffer:
    """The text read and not parsed yet, and where it starts in the whole text."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.text = ""
        self.pos = 0
        self.line = 1  # the line and column of text[0] in the whole text
        self.column = 1
        self.ended = False

    def more(self, wanted: int = CHUNK) -> bool:
        """Read more text, dropping what was parsed; False at the end of the stream."""
        if self.ended:
            return False
        chunk = self.stream.read(max(wanted, CHUNK))
        if not chunk:
            self.ended = True
            return False
        done = self.text[: self.pos]
        breaks = done.count("\n")
        self.line += breaks
        self.column = len(done) - done.rfind("\n") if breaks else self.column + len(done)
        self.text = self.text[self.pos :] + chunk
        self.pos = 0
        return True

    def skip_space(self) -> str:
        """The next character that is not white space, or '' at the end."""
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.more():
                return ""

    def error(self, message: str, at: int) -> ItemError:
        before = self.text[:at]
        breaks = before.count("\n")
        column = at - before.rfind("\n") if breaks else self.column + at
        return ItemError(message, self.line + breaks, column)


def items(stream: IO[str]) -> Iterator[Any]:
    """Each item of the JSON array the stream holds; ItemError if it holds anything else.

    RecursionError comes through for nesting deeper than Python parses.
    """
    decoder = json.JSONDecoder()
    buffer = _Buffer(stream)
    first = buffer.skip_space()
    if first != "[":
        raise buffer.error("expected a list" if first else "Expecting value", buffer.pos)
    buffer.pos += 1
    if buffer.skip_space() == "]":
        buffer.pos += 1
        _check_end(buffer)
        return
    while True:
        buffer.skip_space()
        yield _item(decoder, buffer)
        following = buffer.skip_space()
        if following == ",":
            buffer.pos += 1
        elif following == "]":
            buffer.pos += 1
            _check_end(buffer)
            return
        else:
            raise buffer.error("Expecting ',' delimiter", buffer.pos)


def _item(decoder: json.JSONDecoder, buffer: _Buffer) -> Any:
    """One value at the buffer's position, reading more of the stream while it is cut off."""
    while True:
        try:
            value, end = decoder.raw_decode(buffer.text, buffer.pos)
        except json.JSONDecodeError as error:
            # The value may only be cut off where the text read so far ends: read as much
            # again (so that a long value is read in few steps) and try once more.
            if not buffer.ended:
                buffer.more(len(buffer.text))
                continue
            raise buffer.error(error.msg, error.pos) from None
        if end == len(buffer.text) and not buffer.ended and buffer.more():
            continue  # a number may go on in the text not read yet
        buffer.pos = end
        return value


def _check_end(buffer: _Buffer) -> None:
    if buffer.skip_space():
        raise buffer.error("Extra data", buffer.pos)
