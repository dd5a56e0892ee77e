"""The one parsing boundary: a catalogue file in, typed records or a DataError out."""

from __future__ import annotations

import codecs
import gc
import json
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple

from tearlist import cache
from tearlist.building import Builder, Found, Path_
from tearlist.errors import DataError, FileError, Problem
from tearlist.records import Title
from tearlist.text import describe

if TYPE_CHECKING:
    import yaml

BUNDLED_NAME = "titles.yaml"
# YAML 1.1 reads 010 as 8 and 1:20 as 80; a catalogue's whole numbers are plain decimals.
_INT_TAG = "tag:yaml.org,2002:int"
_DECIMAL = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")
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
    path: Path | None = None,
    *,
    report_all: bool = False,
    cached: bool = True,
    wait: bool = True,
) -> tuple[Title, ...]:
    """Read a catalogue file (the bundled one by default) into titles, or raise DataError.

    With cached, an unchanged file that loaded before is taken from the cache. Without
    wait, only a regular file is read, so that a pipe or a device never blocks the caller.
    """
    path = bundled_path() if path is None else path
    as_json = path.suffix.lower() == ".json"
    kept = cache.slot(path, "json" if as_json else "yaml") if cached else None
    titles = _from_cache(kept) if kept else None
    if titles is not None:
        return titles
    raw = read_bytes(path, wait=wait)
    try:
        streamed = _streamed(raw, path) if not as_json and len(raw) > EVENTS_FROM else None
        if streamed is not None:
            return streamed
        data, titles, problems = _check(path, raw, as_json=as_json)
    except DataError as error:
        error.report_all = report_all
        raise
    if problems:
        raise DataError(str(path), problems, report_all=report_all)
    if kept:
        kept.store(data)
    return titles


def _from_cache(kept: cache.Slot) -> tuple[Title, ...] | None:
    """The titles kept in the cache for a file, or None if there are none that are sound."""
    data = kept.read()
    if data is None:
        return None
    try:
        with collector_paused():
            titles, found = Builder().build(data)
    except Exception:  # noqa: BLE001 - an entry of any shape at all is only a miss
        return None
    return None if found.items else titles


def _streamed(raw: bytes, path: Path) -> tuple[Title, ...] | None:
    """A large YAML file's titles, each built as its record is read from the parser's events
    and the record let go (as an index is built); None if the file has any problem, or is
    left to the full loader, which then reads it and reports the problem."""
    import yaml

    from tearlist.yamlevents import Records, Unsupported

    check_utf8(raw, path)
    builder = Builder()
    titles = []
    try:
        with collector_paused():
            for index, item in enumerate(Records(raw, _loader())):
                title = builder.add(item, index)
                if title is None:
                    return None
                titles.append(title)
    except (Unsupported, yaml.YAMLError):
        return None
    return tuple(titles) if titles else None


def _check(
    path: Path, raw: bytes, *, as_json: bool
) -> tuple[Any, tuple[Title, ...], list[Problem]]:
    """Parse and validate a file's bytes: its parsed data, its titles, and every problem."""
    text = decode(raw, path)
    source = str(path)
    with collector_paused():
        data = _parse_large(text) if len(text) > EVENTS_FROM and not as_json else None
        if data is None:
            data = parse(text, source, as_json=as_json)
        titles, found = Builder().build(data)
    return data, titles, _locate(found, text, as_json=as_json)


def titles_in(text: str, source: str, *, as_json: bool) -> tuple[Title, ...]:
    """The titles of a catalogue's text, or DataError with every problem and its place."""
    data = parse(text, source, as_json=as_json)
    titles, found = Builder().build(data)
    problems = _locate(found, text, as_json=as_json)
    if problems:
        raise DataError(source, problems)
    return titles


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


def records(raw: bytes, path: Path) -> Iterable[Any]:
    """A catalogue's records one at a time, for building an index of a large file.

    The iterator's position attribute tells how far into the file it has read. Raises
    yamlevents.Unsupported when the file must be read whole, with the full loader.
    """
    from tearlist.yamlevents import Records, Unsupported

    if not is_json(path):
        return Records(raw, _loader())
    data = parse(decode(raw, path), str(path), as_json=True)
    if isinstance(data, dict) and list(data) == ["titles"]:
        data = data["titles"]
    if not isinstance(data, list):
        raise Unsupported("not a list of titles")
    return data


def whole_records(raw: bytes, path: Path) -> list[Any] | None:
    """A catalogue's records read with the full loader; None if it is not a list of them."""
    data = parse(decode(raw, path), str(path), as_json=is_json(path))
    if isinstance(data, dict) and list(data) == ["titles"]:
        data = data["titles"]
    return data if isinstance(data, list) else None


def _open(path: Path, *, wait: bool) -> BinaryIO:
    """Open a file to read; without wait, only a regular file, and without blocking."""
    if wait:
        return path.open("rb")
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise FileError(f"{path}: not a regular file")
    return os.fdopen(descriptor, "rb")


def read_text(path: Path, *, wait: bool = True) -> str:
    """Read a file as UTF-8 text; FileError if it cannot be read, DataError if not UTF-8."""
    return decode(read_bytes(path, wait=wait), path)


def read_bytes(path: Path, *, wait: bool = True) -> bytes:
    """Read a file's bytes; FileError if it cannot be read or is too large."""
    try:
        with _open(path, wait=wait) as stream:
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
    return raw


def check_utf8(raw: bytes, path: Path) -> None:
    """DataError, as decode gives it, unless the bytes are UTF-8; the text is never made.

    A large file's text takes two or four bytes a character as soon as it holds Hangul:
    libyaml reads the bytes themselves.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(raw)
    try:
        for start in range(0, len(raw), _CHUNK):
            decoder.decode(view[start : start + _CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        decode(raw, path)


_CHUNK = 1 << 20


def decode(raw: bytes, path: Path) -> str:
    """A file's bytes as text; DataError, with the place, if they are not UTF-8."""
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


def _locate(found: Found, text: str, *, as_json: bool = False) -> list[Problem]:
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
    return problem._replace(line=mark.line + 1, column=mark.column + 1)


class _Mark(NamedTuple):
    line: int
    column: int


class _Node:
    """A JSON value as _node_at walks it: pairs of nodes, a list of nodes, or a scalar.

    Not a tuple, which _node_at takes for a pair, as YAML's nodes are not either."""

    __slots__ = ("start_mark", "value")

    def __init__(self, value: Any, start_mark: _Mark) -> None:
        self.value = value
        self.start_mark = start_mark


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
