"""Records from parsed data: every value checked, every problem noted with where it is."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from tearlist.dates import parse_date
from tearlist.errors import Problem
from tearlist.notes import CATEGORIES, Category, nearest
from tearlist.records import (
    FIELDS,
    NOTE_FIELDS,
    PERSON_FIELDS,
    REQUIRED_FIELDS,
    SERIES_FIELDS,
    AgeRating,
    ContentNote,
    Kind,
    Person,
    Title,
)
from tearlist.text import describe
from tearlist.textmatch import name_key

Path_ = tuple[int | str, ...]

_KINDS = {kind.value: kind for kind in Kind}
_RATINGS = {rating.value: rating for rating in AgeRating}
# The longest running time a title may give: a whole day.
MAX_RUNTIME = 24 * 60


class Found:
    """Problems gathered while building, each with the path of the value it is about."""

    def __init__(self) -> None:
        self.items: list[tuple[Path_, bool, Problem]] = []

    def add(
        self, path: Path_, message: str, record: str | None, field: str | None, *, at_key: bool
    ) -> None:
        """Note a problem; at_key when it is about the last key of the path, not its value."""
        self.items.append((path, at_key, Problem(message, record=record, field=field)))


class Checker:
    """Checks single values of a record, noting a problem for each one that is wrong."""

    def __init__(self) -> None:
        self.found = Found()
        self.prefix: Path_ = ()
        self.path: Path_ = ()
        self.record: str | None = None
        # Each person and note once, however many titles have it: a large catalogue names
        # the same people again and again.
        self.shared: dict[Any, Any] = {}

    def count(self) -> int:
        """How many problems are noted so far."""
        return len(self.found.items)

    def problem(self, message: str, field: str | None = None, *at: int | str) -> None:
        """Note a problem with the value of a field (or of the record, without one)."""
        path = (*self.path, field, *at) if field else (*self.path, *at)
        self.found.add(path, message, self.record, field, at_key=False)

    def unknown_key(self, key: Any, known: tuple[str, ...], what: str, *at: int | str) -> None:
        """Note a key that has no meaning here, suggesting the closest known one."""
        path = (*self.path, *at, *_key_step(key))
        self.found.add(path, unknown(key, known, what), self.record, None, at_key=True)

    def keys(
        self, mapping: dict[Any, Any], known: tuple[str, ...], what: str, *at: int | str
    ) -> None:
        """Note every key of a mapping that is not among the known ones."""
        for key in mapping:
            if key not in known:
                self.unknown_key(key, known, what, *at)

    def text(self, value: Any, field: str, *, optional: bool = False, at: Path_ = ()) -> Any:
        """A non-empty text, or None (noting a problem unless it may be absent)."""
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

    def texts(self, value: Any, field: str, at: Path_ = ()) -> tuple[str, ...]:
        """A list of non-empty texts; an absent list is empty."""
        entries = self.entries(value, field, "a list of text", at)
        found = (self.text(entry, field, at=(*at, index)) for index, entry in enumerate(entries))
        return tuple(text for text in found if text is not None)

    def entries(self, value: Any, field: str, what: str, at: Path_ = ()) -> list[Any]:
        """The items of a list; an absent list is empty, anything else a problem."""
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(f"expected {what}, found {describe(value)}", field, *at)
            return []
        return value

    def positive(self, value: Any, field: str, *, required: bool = False, most: int = 0) -> Any:
        """A whole number from 1 (to most, if given), or None."""
        if _is_int(value) and value > 0 and (not most or value <= most):
            return value
        if value is not None or required:
            upper = f" from 1 to {most}" if most else ""
            self.problem(f"expected a positive whole number{upper}, found {describe(value)}", field)
        return None

    def kind(self, value: Any, *, required: bool) -> Kind | None:
        """A title's kind, film or series."""
        kind = _KINDS.get(value) if isinstance(value, str) else None
        if kind is None and (value is not None or required):
            self.problem(f"expected 'film' or 'series', found {describe(value)}", "kind")
        return kind

    def date(self, value: Any) -> date | None:
        """A release date, ISO or written with its month's name; None if absent."""
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


def people(check: Checker, value: Any, field: str, required: bool) -> tuple[Person, ...]:
    """The directors or cast of a title."""
    if value is None and required:
        check.problem("expected a list of people, found nothing", field)
    entries = check.entries(value, field, "a list of people")
    found = (person(check, entry, field, index) for index, entry in enumerate(entries))
    return tuple(check.shared.setdefault(one, one) for one in found if one is not None)


def person(check: Checker, entry: Any, field: str, index: int) -> Person | None:
    """A person: a plain name, or a mapping with name, Hangul and aliases."""
    if isinstance(entry, str):
        name = check.text(entry, field, at=(index,))
        return None if name is None else Person(name)
    if not isinstance(entry, dict):
        message = f"expected a name or a mapping with 'name', found {describe(entry)}"
        check.problem(message, field, index)
        return None
    start = check.count()
    check.keys(entry, PERSON_FIELDS, "key of a person", field, index)
    name = check.text(entry.get("name"), field, at=(index, "name"))
    hangul = check.text(entry.get("hangul"), field, optional=True, at=(index, "hangul"))
    aliases = check.texts(entry.get("aliases"), field, at=(index, "aliases"))
    if check.count() > start or name is None:
        return None
    return Person(name, hangul, aliases)


def notes(check: Checker, value: Any) -> tuple[ContentNote, ...]:
    """A title's content notes: plain texts, or mappings with note, category and spoiler."""
    entries = check.entries(value, "content_notes", "a list of content notes")
    found = (note(check, entry, index) for index, entry in enumerate(entries))
    return tuple(check.shared.setdefault(one, one) for one in found if one is not None)


def note(check: Checker, entry: Any, index: int) -> ContentNote | None:
    """One content note; a plain text has no category and gives nothing away."""
    field = "content_notes"
    if not isinstance(entry, dict):
        text = check.text(entry, field, at=(index,))
        return None if text is None else ContentNote(text)
    start = check.count()
    check.keys(entry, NOTE_FIELDS, "key of a content note", field, index)
    text = check.text(entry.get("note"), field, at=(index, "note"))
    category = _category(check, entry.get("category"), index)
    spoiler = entry.get("spoiler", False)
    if spoiler is not None and not isinstance(spoiler, bool):
        check.problem(f"expected true or false, found {describe(spoiler)}", field, index, "spoiler")
    if check.count() > start or text is None:
        return None
    return ContentNote(text, category, bool(spoiler))


def _category(check: Checker, value: Any, index: int) -> Category | None:
    if value is None:
        return None
    if isinstance(value, str) and value in CATEGORIES:
        return CATEGORIES[value]
    if isinstance(value, str):
        message = f"unknown category {describe(value)}" + _nearest_category(value)
    else:
        message = f"expected a category such as 'death and grief', found {describe(value)}"
    check.problem(message, "content_notes", index, "category")
    return None


def _nearest_category(text: str) -> str:
    """A hint naming the category a misspelt or shortened one most likely means."""
    near = nearest(text)
    if near:
        return f"; did you mean '{near}'?"
    return f"; expected one of: {', '.join(CATEGORIES)}"


def genres(check: Checker, value: Any) -> tuple[str, ...]:
    """Genres: plain lower-case words, such as drama or romance."""
    found = check.texts(value, "genres")
    for index, genre in enumerate(found):
        if genre != genre.strip().lower():
            wanted = " ".join(genre.split()).lower()
            message = f"expected a genre in plain lower-case words, found {describe(genre)}"
            check.problem(f"{message}; did you mean {describe(wanted)}?", "genres", index)
    return found


def age_rating(check: Checker, value: Any) -> AgeRating | None:
    """A Korean age rating: All, 12, 15 or 18 (the numbers may be written bare)."""
    if value is None:
        return None
    key = str(value) if _is_int(value) else value
    rating = _RATINGS.get(key) if isinstance(key, str) else None
    if rating is None:
        near = _RATINGS.get(key.strip().capitalize()) if isinstance(key, str) else None
        hint = f"; did you mean '{near.value}'?" if near else ""
        message = f"expected 'All', '12', '15' or '18', found {describe(value)}{hint}"
        check.problem(message, "age_rating")
    return rating


def wikipedia(check: Checker, value: Any) -> str | None:
    """The title of an English Wikipedia article, not its address."""
    text = check.text(value, "wikipedia", optional=True)
    if not isinstance(text, str):
        return None
    if "://" in text:
        check.problem("expected the article's title (Train to Busan), not an address", "wikipedia")
        return None
    return text


# What an id of each kind looks like: a Wikidata item, an IMDb title.
IDENTIFIERS = {
    "wikidata": (r"Q[1-9][0-9]{0,11}", "a Wikidata item id such as Q12345"),
    "imdb": (r"tt[0-9]{7,10}", "an IMDb title id such as tt0012345"),
}


def identifier(check: Checker, value: Any, field: str) -> str | None:
    """A Wikidata item id (Q...) or an IMDb title id (tt...), written as the id alone."""
    text = check.text(value, field, optional=True)
    if not isinstance(text, str):
        return None
    pattern, what = IDENTIFIERS[field]
    if not re.fullmatch(pattern, text):
        check.problem(f"expected {what}, found {describe(text)}", field)
        return None
    return text


def unknown(key: Any, known: tuple[str, ...], what: str) -> str:
    """A message for a name that is not one of the known ones, with the nearest if any."""
    message = f"unknown {what} {describe(key)}"
    if isinstance(key, str):
        from difflib import get_close_matches

        close = get_close_matches(key, known, n=1, cutoff=0.6)
        if close:
            return f"{message}; did you mean '{close[0]}'?"
    return f"{message}; expected one of: {', '.join(known)}"


class Builder(Checker):
    """Turns parsed YAML into Titles, noting every problem instead of stopping at the first."""

    def __init__(self) -> None:
        super().__init__()
        self._ranks: dict[int, str] = {}
        self._keys: dict[str, str] = {}
        self._ids: dict[tuple[str, str], str] = {}

    def build(self, data: Any) -> tuple[tuple[Title, ...], Found]:
        """The valid titles of a catalogue, and the problems found in it."""
        items = self._top_level(data)
        titles = [title for index, item in enumerate(items) if (title := self.add(item, index))]
        return tuple(titles), self.found

    def add(self, item: Any, index: int) -> Title | None:
        """The title a record makes, or None if it has a problem (noted in found).

        Records are added in order; ranks and titles are checked across all of them.
        """
        self.path = (*self.prefix, index)
        start = self.count()
        title = self._title(item, index)
        if isinstance(item, dict):
            self._unique(item.get("rank"), item.get("title"), self._ranks, self._keys)
            if title is not None:
                self._unique_ids(title)
        return title if title is not None and self.count() == start else None

    def _unique(self, rank: Any, title: Any, ranks: dict[int, str], keys: dict[str, str]) -> None:
        """Note a record's rank and title, and report either if an earlier record has it.

        Records with other problems take part too, so validate reports every clash at once.
        """
        ranked = _is_int(rank) and rank > 0
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

    def _unique_ids(self, title: Title) -> None:
        """Report a Wikidata or IMDb id that an earlier record has: the same title twice."""
        name = describe(title.title)
        for field, value in (("wikidata", title.wikidata), ("imdb", title.imdb)):
            if value is None:
                continue
            if (field, value) in self._ids:
                self.problem(f"{value} is also the id of {self._ids[field, value]}", field)
            else:
                self._ids[field, value] = name

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
        start = self.count()
        self.record = label(index, item.get("rank"), item.get("title"))
        self.keys(item, FIELDS, "field")
        # A required field that is absent is reported once, as missing; one that is
        # present must hold a value of its type, null included.
        present = {field: field in item for field in REQUIRED_FIELDS}
        for field, there in present.items():
            if not there:
                self.problem(f"missing required field '{field}'")
        values = {**self._required(item, present), **self._optional(item)}
        if values["kind"] is Kind.FILM:
            for field in sorted(SERIES_FIELDS):
                if item.get(field) is not None:
                    self.problem(f"only a series has {field}; this title's kind is film", field)
        return Title(**values) if self.count() == start else None

    def _required(self, item: dict[Any, Any], present: dict[str, bool]) -> dict[str, Any]:
        return {
            "kind": self.kind(item.get("kind"), required=present["kind"]),
            "rank": self.positive(item.get("rank"), "rank", required=present["rank"]),
            "title": self.text(item.get("title"), "title", optional=not present["title"]),
            "directors": people(self, item.get("directors"), "directors", present["directors"]),
            "cast": people(self, item.get("cast"), "cast", present["cast"]),
        }

    def _optional(self, item: dict[Any, Any]) -> dict[str, Any]:
        return {
            "korean_title": self.text(item.get("korean_title"), "korean_title", optional=True),
            "alt_titles": self.texts(item.get("alt_titles"), "alt_titles"),
            "released": self.date(item.get("released")),
            "synopsis": self.text(item.get("synopsis"), "synopsis", optional=True),
            "content_notes": notes(self, item.get("content_notes")),
            "episodes": self.positive(item.get("episodes"), "episodes"),
            "network": self.text(item.get("network"), "network", optional=True),
            "runtime": self.positive(item.get("runtime"), "runtime", most=MAX_RUNTIME),
            "genres": genres(self, item.get("genres")),
            "age_rating": age_rating(self, item.get("age_rating")),
            "based_on": self.text(item.get("based_on"), "based_on", optional=True),
            "remade_as": self.texts(item.get("remade_as"), "remade_as"),
            "awards": self.texts(item.get("awards"), "awards"),
            "wikipedia": wikipedia(self, item.get("wikipedia")),
            "wikidata": identifier(self, item.get("wikidata"), "wikidata"),
            "imdb": identifier(self, item.get("imdb"), "imdb"),
        }


def label(index: int, rank: Any, title: Any) -> str:
    """How a message names a record: by title and rank where they are readable."""
    named = f"title {describe(title)}" if isinstance(title, str) and title.strip() else None
    if named and _is_int(rank):
        return f"{named} (rank {_number(rank)})"
    if _is_int(rank):
        return f"rank {_number(rank)}"
    return named or f"record {index + 1}"


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_unicode(text: str) -> bool:
    """Whether text can be written as UTF-8 (JSON escapes can make lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _number(value: int) -> str:
    """A whole number for a message, cut short if it is long."""
    return describe(value).removeprefix("the number ")


def _key_step(key: Any) -> Path_:
    return (key,) if isinstance(key, str) else ()


def _quote_hint(value: Any) -> str:
    if isinstance(value, bool | int | float):
        return " (put it in quotes to make it text)"
    return ""
