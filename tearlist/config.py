"""Saved preferences: defaults for the options of the listing commands, in a TOML file.

    [defaults]
    avoid = ["suicide"]
    for_age = 15

The file is $XDG_CONFIG_HOME/tearlist/config.toml (~/.config/tearlist/ by default), or the
one TEARLIST_CONFIG names (empty: none). Where there is no file, nothing is read and
tomllib is not imported. Values are checked here; an option given on the command line wins
over them (the command line reads them as defaults).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from tearlist.errors import ExitCode, TearlistError, UsageError
from tearlist.text import describe, visible

TABLE = "defaults"


class ConfigError(TearlistError):
    """The settings file cannot be read or holds what no option takes; its path and line."""

    exit_code = ExitCode.INVALID_DATA


def _terms(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise ValueError('expected a word or a list of words, such as ["suicide"]')
    return list(value)


def _kind(value: Any) -> str:
    if not isinstance(value, str) or value.casefold() not in ("film", "series"):
        raise ValueError('expected "film" or "series"')
    return value.casefold()


def _whole(least: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise ValueError(f"expected a whole number of at least {least}")
        return value

    return check


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("expected true or false")
    return value


# Each key of [defaults]: the option it gives a default to, and its check.
KEYS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "avoid": ("--avoid", _terms),
    "for_age": ("--for-age", _whole(0)),
    "max_runtime": ("--max-runtime", _whole(1)),
    "kind": ("--kind", _kind),
    "genre": ("--genre", _terms),
    "spoilers": ("--spoilers", _flag),
}


class Saved:
    """The defaults a file holds, each with the line it is on.

    (A plain class: every listing command imports this module, and a dataclass takes longer
    to define than the rest of it.)
    """

    __slots__ = ("lines", "path", "values")

    def __init__(self, path: Path, values: dict[str, Any], lines: dict[str, int]) -> None:
        self.path = path
        self.values = values
        self.lines = lines


def config_path() -> tuple[Path | None, str]:
    """The settings file, and what named it; None if TEARLIST_CONFIG is set empty."""
    named = os.environ.get("TEARLIST_CONFIG")
    if named is not None:
        return (Path(named) if named else None), "TEARLIST_CONFIG"
    home = os.environ.get("XDG_CONFIG_HOME")
    if home and Path(home).is_absolute():
        return Path(home) / "tearlist" / "config.toml", "XDG_CONFIG_HOME"
    try:
        return Path.home() / ".config" / "tearlist" / "config.toml", "the default place"
    except RuntimeError:  # no home to find
        return None, "the default place"


def read_saved(path: Path | None) -> Saved | None:
    """The defaults in the file, or None where there is no file (tomllib not imported).

    A file in a folder the user may not enter (another user's XDG_CONFIG_HOME, kept by
    sudo) is not theirs to read, and counts as none; a file that is there but cannot be
    read is an error.
    """
    if path is None:
        return None
    try:
        path.stat()
    except (FileNotFoundError, NotADirectoryError, PermissionError):
        return None
    except OSError as error:
        raise ConfigError(f"{visible(str(path))}: {_why(error)}") from None
    return parse(path, _read(path))


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{visible(str(path))}: not UTF-8 text") from None
    except OSError as error:
        raise ConfigError(f"{visible(str(path))}: {_why(error)}") from None


def _why(error: OSError) -> str:
    text = str(error.strerror or error)
    return text[:1].lower() + text[1:]


def parse(path: Path, text: str) -> Saved:
    """The defaults a file's text holds; ConfigError with its path and line if it is wrong."""
    import tomllib

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"\s*\(at line (\d+), column \d+\)$", message)
        line = f", line {found[1]}" if found else ""
        what = message[: found.start()] if found else message
        raise ConfigError(f"{visible(str(path))}{line}: {what[:1].lower()}{what[1:]}") from None
    lines = dict(_key_lines(text))
    where = visible(str(path))
    for name in document:
        if name != TABLE:
            raise ConfigError(f"{where}: unknown table or key {name!r}; expected [{TABLE}]")
    table = document.get(TABLE, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: {TABLE} must be a table, [{TABLE}]")
    values = {}
    for key, value in table.items():
        line = f", line {lines[key]}" if key in lines else ""
        if key not in KEYS:
            known = ", ".join(KEYS)
            raise ConfigError(f"{where}{line}: unknown setting {key!r}; expected one of {known}")
        try:
            values[key] = KEYS[key][1](value)
        except ValueError as error:
            raise ConfigError(f"{where}{line}: {key}: {error}") from None
    return Saved(path, values, lines)


def _key_lines(text: str) -> Iterator[tuple[str, int]]:
    """The line of each key of [defaults], as written at the start of a line."""
    inside = False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = stripped.replace(" ", "") == f"[{TABLE}]"
        elif inside and (found := re.match(r"([A-Za-z0-9_-]+)\s*=", stripped)):
            yield found[1], number


def value_from_words(key: str, words: list[str]) -> Any:
    """A setting's value as `tearlist config set KEY WORD...` gives it; UsageError if wrong."""
    if key not in KEYS:
        raise UsageError(f"config set: unknown setting {key!r}; expected one of {', '.join(KEYS)}")
    if not words:
        raise UsageError(f"config set {key}: give a value")
    value: Any = words
    if key not in ("avoid", "genre"):
        if len(words) > 1:
            raise UsageError(f"config set {key}: give one value, not {len(words)}")
        value = _word(key, words[0])
    try:
        return KEYS[key][1](value)
    except ValueError as error:
        raise UsageError(f"config set {key}: {error}, not {describe(' '.join(words))}") from None


def _word(key: str, word: str) -> Any:
    if key == "spoilers":
        return {"true": True, "yes": True, "false": False, "no": False}.get(word.casefold(), word)
    if key in ("for_age", "max_runtime"):
        return int(word) if word.isascii() and word.isdigit() else word
    return word


def with_value(text: str, key: str, value: Any) -> str:
    """The file's text with KEY set (None: removed) in [defaults]; the rest kept as written."""
    lines = text.splitlines(keepends=True)
    start, end = _table_span(lines)
    found = [
        number
        for number in range(start, end)
        if re.match(rf"\s*{re.escape(key)}\s*=", lines[number])
    ]
    new = [] if value is None else [f"{key} = {_toml(value)}\n"]
    if found:
        first = found[0]
        last = _value_end(lines, first)
        lines[first : last + 1] = new
    elif new:
        if start == end == len(lines) and not any(line.strip() == f"[{TABLE}]" for line in lines):
            if lines and not lines[-1].endswith("\n"):
                lines[-1] += "\n"
            lines += ([] if not lines else ["\n"]) + [f"[{TABLE}]\n"]
            end = len(lines)
        lines[end:end] = new
    return "".join(lines)


def _table_span(lines: list[str]) -> tuple[int, int]:
    """Where the lines of [defaults] begin and end (after the last that is not blank)."""
    start = end = len(lines)
    for number, line in enumerate(lines):
        stripped = line.strip()
        if stripped.replace(" ", "") == f"[{TABLE}]":
            start = end = number + 1
        elif start < len(lines) and stripped.startswith("[") and number >= start:
            return start, end
        elif start <= number and stripped:
            end = number + 1
    return start, end


def _value_end(lines: list[str], first: int) -> int:
    """The last line of a value that begins on line first (an array may run over lines)."""
    depth = 0
    for number in range(first, len(lines)):
        code = lines[number].split("#", 1)[0]
        depth += code.count("[") - code.count("]")
        if depth <= 0:
            return number
    return first


def _toml(value: Any) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)  # a TOML basic string is a JSON string


def save(path: Path, key: str, value: Any) -> None:
    """Set (or, with None, remove) one setting in the file, written whole and renamed into
    place; a file that cannot be read as settings is left as it is."""
    from tearlist.export import write_atomic

    text = _read(path) if path.exists() else ""
    parse(path, text)  # what is there must be sound before anything is written
    changed = with_value(text, key, value)
    parse(path, changed)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, changed, force=True)
