"""The one parsing boundary: a catalogue file in, typed records or a DataError out."""

from __future__ import annotations

import gc
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from tearlist import cache
from tearlist.dates import parse_date
from tearlist.errors import DataError, FileError, Problem
from tearlist.matching import name_key
from tearlist.records import (
    FIELDS,
    PERSON_FIELDS,
    REQUIRED_FIELDS,
    SERIES_FIELDS,
    Kind,
    Person,
    Title,
)
from tearlist.text import describe

if TYPE_CHECKING:
    import yaml

BUNDLED_NAME = "titles.yaml"
# YAML 1.1 reads 010 as 8 and 1:20 as 80; a catalogue's whole numbers are plain decimals.
_INT_TAG = "tag:yaml.org,2002:int"
_DECIMAL = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")
_KINDS = {kind.value: kind for kind in Kind}
_FIELD_SET = frozenset(FIELDS)
_PERSON_FIELD_SET = frozenset(PERSON_FIELDS)
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_MERGE_TAG = "tag:yaml.org,2002:merge"
# Plain scalars YAML 1.1 would read as these types are read as text.
_AS_TEXT = (_TIMESTAMP_TAG, "tag:yaml.org,2002:value", "tag:yaml.org,2002:yaml")
_YAML_TAG_PREFIX = "tag:yaml.org,2002:"
# A whole number with more digits than this is refused: no catalogue means one, and
# Python will not even print one of more than 4300 digits.
_MAX_DIGITS = 1000
# Files are read whole; a bound keeps /dev/zero or a runaway file from taking all memory.
MAX_BYTES = 512 << 20
_TOO_LARGE = 10**_MAX_DIGITS

Path_ = tuple[int | str, ...]


def bundled_path() -> Path:
    """Where the catalogue that ships with tearlist is installed."""
    # The import system's own record of the package's folder comes first: it holds in a
    # wheel and in an editable install alike, and costs nothing, where importlib.resources
    # pulls in zipfile, tempfile and random (7 ms, half of Python's own start-up).
    spec = find_spec("tearlist.data")
    for folder in (spec and spec.submodule_search_locations) or ():
        candidate = Path(folder) / BUNDLED_NAME
        if candidate.is_file():
            return candidate
    from importlib.resources import files

    return Path(str(files("tearlist.data") / BUNDLED_NAME))


def load(
    path: Path | None = None, *, report_all: bool = False, cached: bool = True
) -> tuple[Title, ...]:
    """Read a catalogue file (the bundled one by default) into titles, or raise DataError.

    With cached, an unchanged file that loaded before is taken from the cache.
    """
    path = bundled_path() if path is None else path
    kept = cache.slot(path) if cached else None
    data = kept.read() if kept else None
    if data is not None:
        with collector_paused():
            titles, found = _Builder().build(data)
        if not found.items:
            return titles
    try:
        data, titles, problems = _check(path)
    except DataError as error:
        error.report_all = report_all
        raise
    if problems:
        raise DataError(str(path), problems, report_all=report_all)
    if kept:
        kept.store(data)
    return titles


def _check(path: Path) -> tuple[Any, tuple[Title, ...], list[Problem]]:
    """Read, parse and validate a file: its parsed data, its titles, and every problem."""
    text = read_text(path)
    source = str(path)
    with collector_paused():
        data = _parse_large(text) if len(text) > EVENTS_FROM and not is_json(path) else None
        if data is None:
            data = parse(text, source, as_json=is_json(path))
        titles, found = _Builder().build(data)
    return data, titles, _locate(found, text, as_json=is_json(path))


# A YAML file larger than this is read from the parser's events, record by record, rather
# than as a graph of nodes for the whole file (several times the file's size in memory).
EVENTS_FROM = 1 << 20


def is_json(path: Path) -> bool:
    """Whether a catalogue file is read as JSON (by its extension) rather than YAML."""
    return path.suffix.lower() == ".json"


def _parse_large(text: str) -> Any | None:
    """A large YAML file's data read from parser events, or None to use the full loader."""
    from tearlist.yamlevents import Records, Unsupported

    records = Records(text, _loader())
    try:
        items = list(records)
    except Unsupported:
        return None
    return {"titles": items} if records.wrapped else items


def records(text: str, path: Path) -> Iterable[Any]:
    """A catalogue's records one at a time, for building an index of a large file.

    The iterator's position attribute tells how far into the text it has read. Raises
    yamlevents.Unsupported when the file must be read whole, with the full loader.
    """
    from tearlist.yamlevents import Records, Unsupported

    if not is_json(path):
        return Records(text, _loader())
    data = parse(text, str(path), as_json=True)
    if isinstance(data, dict) and list(data) == ["titles"]:
        data = data["titles"]
    if not isinstance(data, list):
        raise Unsupported("not a list of titles")
    return data


def whole_records(text: str, path: Path) -> list[Any] | None:
    """A catalogue's records read with the full loader; None if it is not a list of them."""
    data = parse(text, str(path), as_json=is_json(path))
    if isinstance(data, dict) and list(data) == ["titles"]:
        data = data["titles"]
    return data if isinstance(data, list) else None


class Builder:
    """Titles made from records one at a time, with ranks and titles checked across them."""

    def __init__(self) -> None:
        self._builder = _Builder()

    def add(self, item: Any, index: int) -> Title | None:
        """The title a record makes, or None if it has a problem."""
        return self._builder.add(item, index)


def title_from_record(record: Any) -> Title:
    """Rebuild a title from a record that was validated when it was stored."""
    title = _Builder().add(record, 0)
    if title is None:
        raise ValueError("a stored record is no longer a valid title")
    return title


def read_text(path: Path) -> str:
    """Read a file as UTF-8 text; FileError if it cannot be read, DataError if not UTF-8."""
    try:
        with path.open("rb") as stream:
            # A regular file's size is known before reading; anything else is read only
            # up to the bound.
            if os.fstat(stream.fileno()).st_size > MAX_BYTES:
                raise FileError(
                    f"{path}: larger than {MAX_BYTES >> 20} MiB, too large for a catalogue"
                )
            raw = stream.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise FileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise FileError(f"{path}: is a folder, not a catalogue file") from None
    except PermissionError:
        raise FileError(f"{path}: permission denied") from None
    except OSError as error:
        raise FileError(f"{path}: cannot read: {error.strerror or error}") from None
    if len(raw) > MAX_BYTES:
        raise FileError(f"{path}: larger than {MAX_BYTES >> 20} MiB, too large for a catalogue")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _position(raw, error.start)
        problem = Problem(
            f"not UTF-8 text: byte 0x{raw[error.start]:02x} cannot be decoded; "
            "save the file as UTF-8",
            line=line,
            column=column,
        )
        raise DataError(str(path), [problem]) from None


def parse(text: str, source: str, *, as_json: bool = False) -> Any:
    """Parse YAML (or JSON) text safely: no Python objects are ever constructed."""
    if as_json:
        try:
            return json.loads(text, parse_int=_json_int, object_pairs_hook=_json_object)
        except RecursionError:
            raise DataError(source, [Problem("nested too deeply")]) from None
        except json.JSONDecodeError as error:
            problem = Problem(
                f"JSON syntax error: {error.msg}", line=error.lineno, column=error.colno
            )
            raise DataError(source, [problem]) from None
        except _KeyTwice as error:
            message = f"the key {describe(error.key)} is written twice in one object"
            raise DataError(source, [Problem(f"JSON error: {message}")]) from None
        except _NumberTooLarge as error:
            line, column = _position(text, max(text.find(error.digits), 0))
            problem = Problem(_too_large(error.digits), line=line, column=column)
            raise DataError(source, [problem]) from None
    import yaml

    try:
        return yaml.load(text, Loader=_loader())
    except yaml.MarkedYAMLError as error:
        raise DataError(source, [_yaml_problem(error, text)]) from None
    except yaml.reader.ReaderError as error:
        line, column = _position(text, error.position)
        problem = Problem(
            f"not a text file: character 0x{error.character:02x} is not allowed in YAML"
            if isinstance(error.character, int)
            else f"not a text file: {error.reason}",
            line=line,
            column=column,
        )
        raise DataError(source, [problem]) from None
    except yaml.YAMLError as error:
        raise DataError(source, [Problem(f"YAML error: {error}")]) from None
    except RecursionError:
        raise DataError(source, [Problem("nested too deeply")]) from None
    except (ValueError, TypeError, OverflowError, LookupError) as error:
        message = describe(str(error), limit=60, quote=False)
        raise DataError(source, [Problem(f"a value cannot be read: {message}")]) from None


_LOADER: type[Any] | None = None


def _loader() -> type[Any]:
    """A safe loader (libyaml's when available) that leaves dates to tearlist to parse."""
    global _LOADER
    if _LOADER is None:
        import yaml

        base: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        loader: Any = type("CatalogueLoader", (base,), {})
        loader.yaml_implicit_resolvers = {
            first: [
                (tag, _DECIMAL if tag == _INT_TAG else regexp)
                for tag, regexp in resolvers
                if tag not in _AS_TEXT
            ]
            for first, resolvers in base.yaml_implicit_resolvers.items()
        }
        # A plain scalar of a type without a constructor (= as !!value, << as a value) would
        # be refused for a tag no one wrote; these are text, and the checks say what is wrong.
        for tag in (*_AS_TEXT, _MERGE_TAG):
            loader.add_constructor(tag, loader.construct_yaml_str)
        for name, what in (
            ("int", "a whole number"),
            ("float", "a number"),
            ("bool", "true or false"),
        ):
            construct = getattr(base, f"construct_yaml_{name}")
            loader.add_constructor(_YAML_TAG_PREFIX + name, _checked(construct, what))
        loader.add_constructor(None, _unsupported_tag)
        loader.construct_mapping = _unique_keys(base.construct_mapping)
        _LOADER = loader
    return _LOADER


def _checked(construct: Callable[[Any, Any], Any], what: str) -> Callable[[Any, Any], Any]:
    """Wrap a scalar constructor so a value it cannot read is a YAML error at its place."""

    def constructor(loader: Any, node: Any) -> Any:
        import yaml

        try:
            value = construct(loader, node)
        except (ValueError, LookupError):  # int("x"), ""[0], bool_values["maybe"]
            # int() itself refuses more than 4300 digits
            too_large = sum(char.isdigit() for char in node.value) > _MAX_DIGITS
        else:
            too_large = isinstance(value, int) and abs(value) >= _TOO_LARGE
            if not too_large:
                return value
        message = _too_large(node.value) if too_large else f"{describe(node.value)} is not {what}"
        raise yaml.constructor.ConstructorError(None, None, message, node.start_mark)

    return constructor


def _unique_keys(construct: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap mapping construction so a key written twice is an error, not a silent overwrite."""

    def construct_mapping(loader: Any, node: Any, deep: bool = False) -> Any:
        pairs = node.value
        count = len(pairs)
        mapping = construct(loader, node, deep)
        # A merge key (<<) rebuilds node.value, and its keys may be overridden on purpose.
        if len(mapping) < count and node.value is pairs and len(pairs) == count:
            _raise_duplicate(loader, pairs)
        return mapping

    return construct_mapping


def _raise_duplicate(loader: Any, pairs: list[Any]) -> None:
    import yaml

    seen: set[Any] = set()
    for key_node, _ in pairs:
        key = loader.construct_object(key_node)
        if key in seen:
            message = f"the key {describe(key)} is written twice in one mapping"
            raise yaml.constructor.ConstructorError(None, None, message, key_node.start_mark)
        seen.add(key)


def _unsupported_tag(loader: Any, node: Any) -> Any:
    """Refuse every tag a plain catalogue has no use for, !!python/... among them."""
    import yaml

    tag = str(node.tag)
    if tag.startswith(_YAML_TAG_PREFIX):
        tag = "!!" + tag.removeprefix(_YAML_TAG_PREFIX)
    message = f"the tag {describe(tag)} is not supported: a catalogue holds plain data"
    raise yaml.constructor.ConstructorError(None, None, message, node.start_mark)


class _NumberTooLarge(ValueError):
    def __init__(self, digits: str) -> None:
        super().__init__(digits)
        self.digits = digits


class _KeyTwice(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) < len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _KeyTwice(key)
            seen.add(key)
    return mapping


def _json_int(digits: str) -> int:
    if len(digits.lstrip("-")) > _MAX_DIGITS:
        raise _NumberTooLarge(digits)
    return int(digits)


def _too_large(digits: str) -> str:
    return f"the number {describe(digits, limit=20)} is too large (more than {_MAX_DIGITS} digits)"


def _yaml_problem(error: yaml.MarkedYAMLError, text: str) -> Problem:
    import yaml

    mark = error.problem_mark or error.context_mark
    # PyYAML quotes anchors, tags and handles in full: keep each part of its message short.
    message = _clip(error.problem or "cannot be parsed")
    if error.context:
        context = _clip(error.context)
        # "did not find expected ',' while parsing a flow sequence", but "expected a
        # single document in the stream, but found another document"
        message = f"{message} {context}" if context.startswith("while") else f"{context}, {message}"
    if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        message += " (a tab cannot indent YAML; use spaces)"
    kind = (
        "YAML error"
        if isinstance(error, yaml.constructor.ConstructorError)
        else "YAML syntax error"
    )
    return Problem(
        f"{kind}: {message}",
        line=mark.line + 1 if mark else None,
        column=mark.column + 1 if mark else None,
    )


def _clip(message: str) -> str:
    return describe(" ".join(message.split()), limit=120, quote=False)


def _position(text: str | bytes, index: int) -> tuple[int, int]:
    newline = "\n" if isinstance(text, str) else b"\n"
    line = text.count(newline, 0, index) + 1  # type: ignore[arg-type]
    column = index - (text.rfind(newline, 0, index) + 1) + 1  # type: ignore[arg-type]
    return line, column


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while loading, and keep it off what was loaded.

    A load makes millions of objects and no cycles; scanning them, during the load or in
    every collection after it (gc.freeze moves them out of its sight), is time spent for
    nothing, and grows faster than the file.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


class _Found:
    """Problems gathered while building, each with the path of the value it is about."""

    def __init__(self) -> None:
        self.items: list[tuple[Path_, bool, Problem]] = []

    def add(
        self, path: Path_, message: str, record: str | None, field: str | None, *, at_key: bool
    ) -> None:
        """Note a problem; at_key when it is about the last key of the path, not its value."""
        self.items.append((path, at_key, Problem(message, record=record, field=field)))


class _Builder:
    """Turns parsed YAML into Titles, noting every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.found = _Found()
        self.prefix: Path_ = ()
        self.path: Path_ = ()
        self.record: str | None = None
        self.ranks: dict[int, str] = {}
        self.keys: dict[str, str] = {}

    def problem(self, message: str, field: str | None = None, *at: int | str) -> None:
        path = (*self.path, field, *at) if field else (*self.path, *at)
        self.found.add(path, message, self.record, field, at_key=False)

    def unknown_key(self, key: Any, known: tuple[str, ...], what: str, *at: int | str) -> None:
        path = (*self.path, *at, *_key_step(key))
        self.found.add(path, _unknown(key, known, what), self.record, None, at_key=True)

    def build(self, data: Any) -> tuple[tuple[Title, ...], _Found]:
        items = self._top_level(data)
        titles = [title for index, item in enumerate(items) if (title := self.add(item, index))]
        return tuple(titles), self.found

    def add(self, item: Any, index: int) -> Title | None:
        """The title a record makes, or None if it has a problem (noted in found)."""
        self.path = (*self.prefix, index)
        start = len(self.found.items)
        title = self._title(item, index)
        if isinstance(item, dict):
            self._unique(item.get("rank"), item.get("title"), self.ranks, self.keys)
        return title if title is not None and len(self.found.items) == start else None

    def _unique(self, rank: Any, title: Any, ranks: dict[int, str], keys: dict[str, str]) -> None:
        """Note a record's rank and title, and report either if an earlier record has it.

        Records with other problems take part too, so validate reports every clash at once.
        """
        ranked = isinstance(rank, int) and not isinstance(rank, bool) and rank > 0
        named = isinstance(title, str) and bool(title.strip())
        name = describe(title) if named else f"rank {_number(rank)}" if ranked else ""
        if ranked:
            if rank in ranks:
                self.problem(f"rank {_number(rank)} is also used by {ranks[rank]}", "rank")
            else:
                ranks[rank] = name
        if named:
            key = name_key(title)
            if key in keys:
                self.problem(f"the title is already used by {keys[key]}", "title")
            else:
                keys[key] = name

    def _top_level(self, data: Any) -> list[Any]:
        if isinstance(data, dict) and list(data) == ["titles"]:
            self.prefix = self.path = ("titles",)
            data = data["titles"]
        if isinstance(data, list):
            return data
        if data is None:
            self.problem("the catalogue is empty: expected a list of titles")
        else:
            self.problem(f"expected a list of titles, found {describe(data)}")
        return []

    def _title(self, item: Any, index: int) -> Title | None:
        self.record = f"record {index + 1}"
        if not isinstance(item, dict):
            self.problem(f"expected a title (a mapping of fields), found {describe(item)}")
            return None
        start = len(self.found.items)
        rank = item.get("rank")
        title = item.get("title")
        self.record = _label(index, rank, title)
        for key in item:
            if key not in _FIELD_SET:
                self.unknown_key(key, FIELDS, "field")
        # A required field that is absent is reported once, as missing; one that is
        # present must hold a value of its type, null included.
        present = {field: field in item for field in REQUIRED_FIELDS}
        for field, there in present.items():
            if not there:
                self.problem(f"missing required field '{field}'")
        kind = self._kind(item.get("kind"), required=present["kind"])
        values = {
            "rank": self._positive(rank, "rank", required=present["rank"]),
            "title": self._text(title, "title", optional=not present["title"]),
            "kind": kind,
            "directors": self._people(item.get("directors"), "directors", present["directors"]),
            "cast": self._people(item.get("cast"), "cast", present["cast"]),
            "korean_title": self._text(item.get("korean_title"), "korean_title", optional=True),
            "alt_titles": self._texts(item.get("alt_titles"), "alt_titles"),
            "released": self._date(item.get("released")),
            "synopsis": self._text(item.get("synopsis"), "synopsis", optional=True),
            "content_notes": self._texts(item.get("content_notes"), "content_notes"),
            "episodes": self._positive(item.get("episodes"), "episodes", required=False),
            "network": self._text(item.get("network"), "network", optional=True),
        }
        if kind is Kind.FILM:
            for field in SERIES_FIELDS:
                if item.get(field) is not None:
                    self.problem(f"only a series has {field}; this title's kind is film", field)
        if len(self.found.items) > start:
            return None
        return Title(**values)

    def _text(self, value: Any, field: str, *, optional: bool = False, at: Path_ = ()) -> Any:
        if isinstance(value, str):
            if not (value.isascii() or _is_unicode(value)):
                self.problem("not valid Unicode text (it holds a lone surrogate)", field, *at)
            elif value.strip():
                return value
            elif not optional:
                self.problem("must not be empty", field, *at)
            return None
        elif value is None:
            if not optional:
                self.problem("expected text, found nothing", field, *at)
        else:
            self.problem(f"expected text, found {describe(value)}{_quote_hint(value)}", field, *at)
        return None

    def _texts(self, value: Any, field: str, at: Path_ = ()) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem(f"expected a list of text, found {describe(value)}", field, *at)
            return ()
        texts = []
        for index, entry in enumerate(value):
            text = self._text(entry, field, at=(*at, index))
            if text is not None:
                texts.append(text)
        return tuple(texts)

    def _positive(self, value: Any, field: str, *, required: bool) -> Any:
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
        if value is not None or required:
            self.problem(f"expected a positive whole number, found {describe(value)}", field)
        return None

    def _kind(self, value: Any, *, required: bool) -> Kind | None:
        kind = _KINDS.get(value) if isinstance(value, str) else None
        if kind is None and (value is not None or required):
            self.problem(f"expected 'film' or 'series', found {describe(value)}", "kind")
        return kind

    def _date(self, value: Any) -> date | None:
        if value is None:
            return None
        if isinstance(value, str):
            try:
                return parse_date(value)
            except ValueError as error:
                self.problem(f"{error}, found {describe(value)}", "released")
                return None
        self.problem(f"expected a date such as 2013-01-23, found {describe(value)}", "released")
        return None

    def _people(self, value: Any, field: str, required: bool) -> tuple[Person, ...]:
        if value is None:
            if required:
                self.problem("expected a list of people, found nothing", field)
            return ()
        if not isinstance(value, list):
            self.problem(f"expected a list of people, found {describe(value)}", field)
            return ()
        people = []
        for index, entry in enumerate(value):
            person = self._person(entry, field, index)
            if person is not None:
                people.append(person)
        return tuple(people)

    def _person(self, entry: Any, field: str, index: int) -> Person | None:
        if isinstance(entry, str):
            name = self._text(entry, field, at=(index,))
            return None if name is None else Person(name)
        if not isinstance(entry, dict):
            message = f"expected a name or a mapping with 'name', found {describe(entry)}"
            self.problem(message, field, index)
            return None
        start = len(self.found.items)
        for key in entry:
            if key not in _PERSON_FIELD_SET:
                self.unknown_key(key, PERSON_FIELDS, "key of a person", field, index)
        name = self._text(entry.get("name"), field, at=(index, "name"))
        hangul = self._text(entry.get("hangul"), field, optional=True, at=(index, "hangul"))
        aliases = self._texts(entry.get("aliases"), field, at=(index, "aliases"))
        if len(self.found.items) > start or name is None:
            return None
        return Person(name, hangul, aliases)


def _label(index: int, rank: Any, title: Any) -> str:
    """How a message names a record: by title and rank where they are readable."""
    named = f"title {describe(title)}" if isinstance(title, str) and title.strip() else None
    ranked = isinstance(rank, int) and not isinstance(rank, bool)
    if named and ranked:
        return f"{named} (rank {_number(rank)})"
    if ranked:
        return f"rank {_number(rank)}"
    return named or f"record {index + 1}"


def _is_unicode(text: str) -> bool:
    """Whether text can be written as UTF-8 (JSON escapes can make lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _unknown(key: Any, known: tuple[str, ...], what: str) -> str:
    message = f"unknown {what} {describe(key)}"
    if isinstance(key, str):
        from difflib import get_close_matches

        close = get_close_matches(key, known, n=1, cutoff=0.6)
        if close:
            return f"{message}; did you mean '{close[0]}'?"
    return f"{message}; expected one of: {', '.join(known)}"


def _number(value: int) -> str:
    """A whole number for a message, cut short if it is long."""
    return describe(value).removeprefix("the number ")


def _key_step(key: Any) -> Path_:
    return (key,) if isinstance(key, str) else ()


def _quote_hint(value: Any) -> str:
    if isinstance(value, bool | int | float):
        return " (put it in quotes to make it text)"
    return ""


def _locate(found: _Found, text: str, *, as_json: bool = False) -> list[Problem]:
    """Add line and column to each problem by walking the YAML nodes along its path."""
    if not found.items:
        return []
    try:
        if as_json:
            # JSON is read by its own rules: YAML refuses escapes JSON allows ("\ud83d\ude2d").
            root: Any = _JsonNodes(text).value(0)[0]
        else:
            import yaml

            root = yaml.compose(text, Loader=_loader())
    except Exception:  # noqa: BLE001 - locating is best effort; the problems stand anyway
        return [problem for _, _, problem in found.items]
    located = [
        _with_mark(problem, _node_at(root, path, at_key)) for path, at_key, problem in found.items
    ]
    return sorted(located, key=lambda problem: (problem.line or 0, problem.column or 0))


def _node_at(node: Any, path: Path_, at_key: bool = False) -> Any:
    for number, step in enumerate(path):
        if isinstance(step, int) and isinstance(node.value, list):
            if not node.value or isinstance(node.value[0], tuple) or step >= len(node.value):
                break
            node = node.value[step]
        elif isinstance(step, str) and isinstance(node.value, list):
            pairs = [pair for pair in node.value if isinstance(pair, tuple)]
            match = [pair for pair in pairs if getattr(pair[0], "value", None) == step]
            if not match:
                break
            last = number == len(path) - 1
            node = match[0][0] if at_key and last else match[0][1]
        else:
            break
    return node


def _with_mark(problem: Problem, node: Any) -> Problem:
    mark = getattr(node, "start_mark", None)
    if mark is None:
        return problem
    return replace(problem, line=mark.line + 1, column=mark.column + 1)


class _Mark(NamedTuple):
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class _Node:
    """A JSON value as _node_at walks it: pairs of nodes, a list of nodes, or a scalar."""

    value: Any
    start_mark: _Mark


_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_JSON_SCALAR = re.compile(r"-?(?:Infinity|[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)|[a-zN]+")


class _JsonNodes:
    """Where each value of a JSON text starts, for text json.loads has already accepted."""

    def __init__(self, text: str) -> None:
        from json.decoder import scanstring  # type: ignore[attr-defined]

        self.text = text
        self.scan: Callable[[str, int], tuple[str, int]] = scanstring
        self.lines = [0, *(match.end() for match in re.finditer("\n", text))]

    def mark(self, index: int) -> _Mark:
        from bisect import bisect_right

        line = bisect_right(self.lines, index) - 1
        return _Mark(line, index - self.lines[line])

    def skip(self, index: int) -> int:
        return _JSON_SPACE.match(self.text, index).end()  # type: ignore[union-attr]

    def value(self, index: int) -> tuple[_Node, int]:
        """The node of the value at index, and the index after it."""
        index = self.skip(index)
        char = self.text[index]
        if char in "[{":
            return self.container(index)
        if char == '"':
            text, end = self.scan(self.text, index + 1)
            return _Node(text, self.mark(index)), end
        scalar = _JSON_SCALAR.match(self.text, index)
        return _Node(scalar[0], self.mark(index)), scalar.end()  # type: ignore[index,union-attr]

    def container(self, start: int) -> tuple[_Node, int]:
        closing = "]" if self.text[start] == "[" else "}"
        items: list[Any] = []
        index = self.skip(start + 1)
        while self.text[index] != closing:
            if closing == "}":
                key, index = self.value(index)
                value, index = self.value(self.skip(index) + 1)  # past the colon
                items.append((key, value))
            else:
                value, index = self.value(index)
                items.append(value)
            index = self.skip(index)
            if self.text[index] == ",":
                index = self.skip(index + 1)
        return _Node(items, self.mark(start)), index + 1
