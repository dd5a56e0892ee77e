"""Catalogue records read from libyaml's parser events, one record at a time.

A YAML file loaded whole is first a graph of nodes, then the objects built from them: for
a large catalogue that is many times the file's size in memory. Here each top-level record
is built from the parser's events and handed on before the next is read, so memory holds
one record at a time. Values are resolved as the loader in tearlist.loading resolves them
(the same implicit types, YAML 1.1 quirks refused, dates left as text). Anything this path
does not handle the way the full loader does (tags, aliases, merge keys, keys written
twice, deep nesting, a value the loader refuses, a syntax error) raises Unsupported: the
caller then reads the file with the full loader, which reports problems with their place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

# Records of a catalogue are a few levels deep; anything deeper is left to the full loader.
MAX_DEPTH = 32
_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"


class Unsupported(Exception):
    """The file holds something that only the full loader reads as tearlist must."""


class Records:
    """The records of a catalogue file (its text, or its UTF-8 bytes), read one at a time."""

    def __init__(self, text: str | bytes, loader: type[Any]) -> None:
        try:
            from yaml._yaml import CParser
        except ImportError:
            raise Unsupported("libyaml is not available") from None
        self._next: Callable[[], Any] = CParser(text).get_event
        self._resolvers: dict[str | None, list[tuple[str, Any]]] = loader.yaml_implicit_resolvers
        self._constructors: dict[Any, Any] = loader.yaml_constructors
        self._loader = loader("")
        self._tags: dict[str, str] = {}
        self.position = 0  # the character index the parser has reached
        self.wrapped = False  # whether the records were under a titles key

    def __iter__(self) -> Iterator[Any]:
        try:
            yield from self._records()
        except yaml.YAMLError as error:
            raise Unsupported(str(error)) from None

    def _records(self) -> Iterator[Any]:
        self._next()  # the start of the stream
        event = self._next()
        if isinstance(event, StreamEndEvent):
            raise Unsupported("an empty file")
        event = self._next()  # after the start of the document
        if isinstance(event, MappingStartEvent):
            self._check_collection(event)
            key = self._next()
            if not isinstance(key, ScalarEvent) or self._scalar(key) != "titles":
                raise Unsupported("a mapping other than titles")
            self.wrapped = True
            event = self._next()
        if not isinstance(event, SequenceStartEvent):
            raise Unsupported("not a list of titles")
        self._check_collection(event)
        while True:
            event = self._next()
            if isinstance(event, SequenceEndEvent):
                break
            self.position = event.start_mark.index
            yield self._value(event, 1)
        self._finish()

    def _finish(self) -> None:
        event = self._next()
        if isinstance(event, MappingEndEvent):
            event = self._next()
        if not isinstance(event, DocumentEndEvent):
            raise Unsupported("more than a list of titles")
        if not isinstance(self._next(), StreamEndEvent):
            raise Unsupported("more than one document")

    def _value(self, event: Any, depth: int) -> Any:
        kind = type(event)
        if kind is ScalarEvent:
            return self._scalar(event)
        if depth > MAX_DEPTH:
            raise Unsupported("nested deeply")
        if kind is SequenceStartEvent:
            self._check_collection(event)
            items = []
            while type(event := self._next()) is not SequenceEndEvent:
                items.append(self._value(event, depth + 1))
            return items
        if kind is MappingStartEvent:
            self._check_collection(event)
            return self._mapping(depth)
        if kind is AliasEvent:
            raise Unsupported("an alias")
        raise Unsupported(f"an unexpected {kind.__name__}")

    def _mapping(self, depth: int) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        while type(event := self._next()) is not MappingEndEvent:
            key = self._value(event, depth + 1)
            try:
                if key in mapping:
                    raise Unsupported("a key written twice")
            except TypeError:
                raise Unsupported("a key that is not a scalar") from None
            mapping[key] = self._value(self._next(), depth + 1)
        return mapping

    @staticmethod
    def _check_collection(event: Any) -> None:
        if event.tag is not None and event.tag != "!":
            raise Unsupported("a tag")

    def _scalar(self, event: Any) -> Any:
        if event.tag is not None:
            raise Unsupported("a tag")
        value: str = event.value
        if not event.implicit[0]:  # quoted or a block: text
            return value
        tag = self._tags.get(value) if len(value) < 8 else None
        if tag is None:
            tag = self._resolve(value)
            if len(value) < 8:
                self._tags[value] = tag
        if tag == _STR:
            return value
        if tag == _NULL:
            return None
        if tag == _MERGE:  # a merge key: the full loader merges, and checks what it merges
            raise Unsupported("a merge key")
        construct = self._constructors.get(tag)
        if construct is None:
            raise Unsupported(f"the tag {tag}")
        node = ScalarNode(tag, value, event.start_mark, event.end_mark)
        try:
            return construct(self._loader, node)
        except yaml.YAMLError as error:
            raise Unsupported(str(error)) from None

    def _resolve(self, value: str) -> str:
        """The tag the loader's implicit resolvers give a plain scalar."""
        first = self._resolvers.get(value[0] if value else "", [])
        for tag, pattern in first + self._resolvers.get(None, []):
            if pattern.match(value):
                return str(tag)
        return _STR
