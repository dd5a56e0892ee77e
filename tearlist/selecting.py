"""The filter options as queries of an index's columns, for listings of a large catalogue.

Each filter of tearlist.filtering is a condition on the index's columns here, keeping the
same titles: kind, year, running time and age rating are columns of the titles, genres and
content notes rows of their own. A term to avoid is matched (as filtering matches it) against
each distinct note and category once, and the titles with a matching note are left out;
a term that hides nothing is refused, and the typo check made, from the distinct genres
and notes, never every title.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from tearlist.catalogue import SortKey
from tearlist.filtering import Filters, Kept, Vocabulary, refuse_what_hides_nothing, warnings
from tearlist.notes import CATEGORIES
from tearlist.records import ContentNote, Title
from tearlist.textmatch import name_key

Rows = Callable[..., Iterator[Any]]


@dataclass(frozen=True, slots=True)
class Selection:
    """The titles the filters keep, in order, as a query whose rows are read as written."""

    rows: Rows
    where: str
    values: tuple[Any, ...]
    order: str
    kept: Kept  # what --avoid hid, and the warnings; no titles

    def empty(self) -> bool:
        """Whether the filters keep no title."""
        query = f"SELECT 1 FROM titles WHERE {self.where} LIMIT 1"
        return next(self.rows(query, self.values), None) is None

    def everything_empty(self) -> bool:
        """Whether the catalogue holds no title at all."""
        return next(self.rows("SELECT 1 FROM titles LIMIT 1"), None) is None

    def count(self) -> int:
        """How many titles the filters keep."""
        query = f"SELECT count(*) FROM titles WHERE {self.where}"
        return int(next(self.rows(query, self.values))[0])

    def printed(self, column: str) -> Iterator[str]:
        """Each title's stored compact or indented JSON, in order."""
        query = f"SELECT {column} FROM titles WHERE {self.where} ORDER BY {self.order}"
        return (text for (text,) in self.rows(query, self.values))

    def records(self) -> Iterator[dict[str, Any]]:
        """Each title's output record (formats.title_record), in order."""
        return (json.loads(text) for text in self.printed("compact"))

    def titles(self) -> Iterator[Title]:
        """Each title, in order."""
        from tearlist.stored import title_from_output

        return (title_from_output(record) for record in self.records())


def select(rows: Rows, chosen: Filters, key: SortKey, *, reverse: bool) -> Selection:
    """The titles of an index that the filters keep, in the order of a sort key."""
    found: tuple[str, ...] = ()
    if chosen.avoid or chosen.genres:
        known = vocabulary(rows)
        refuse_what_hides_nothing(chosen.avoid, known)
        found = warnings(chosen, known.genres)
    where, values = _conditions(chosen)
    hidden: list[int] = []
    reasons: dict[str, None] = {}
    if chosen.avoid:
        hidden, reasons = _avoided(rows, chosen, " AND ".join(where), values)
        where.append("position NOT IN (SELECT value FROM json_each(?))")
        values.append(json.dumps(hidden))
    kept = Kept([], len(hidden), tuple(reasons), found)
    return Selection(rows, " AND ".join(where), tuple(values), _order(key, reverse), kept)


def vocabulary(rows: Rows) -> Vocabulary:
    """The distinct genres and content notes of an index, read from their own tables."""
    genres = [genre for (genre,) in rows("SELECT genre FROM kinds_of_genre")]
    notes = [
        ContentNote(note, CATEGORIES[category] if category else None)
        for note, category in rows("SELECT note, category FROM kinds_of_note")
    ]
    empty = next(rows("SELECT 1 FROM titles LIMIT 1"), None) is None
    return Vocabulary(genres, notes, empty)


def _conditions(chosen: Filters) -> tuple[list[str], list[Any]]:
    """The conditions on the titles' columns of every filter but --avoid."""
    where = ["1"]
    values: list[Any] = []
    if chosen.kind is not None:
        where.append("kind = ?")
        values.append(chosen.kind.value)
    if chosen.years is not None:
        where.append("year BETWEEN ? AND ?")
        values += [chosen.years.first, chosen.years.last]
    if chosen.genres:
        where.append(
            "position IN (SELECT position FROM genres "
            "WHERE key IN (SELECT value FROM json_each(?)))"
        )
        values.append(json.dumps([name_key(genre) for genre in chosen.genres]))
    if chosen.max_runtime is not None:
        where.append("runtime <= ?")
        values.append(chosen.max_runtime)
    if chosen.for_age is not None:
        where.append("age <= ?")
        values.append(chosen.for_age)
    if chosen.seen is not None:
        test = "IN" if chosen.seen else "NOT IN"
        where.append(f"rank {test} (SELECT value FROM json_each(?))")
        values.append(json.dumps(sorted(chosen.viewed)))
    return where, values


def _avoided(
    rows: Rows, chosen: Filters, where: str, values: Sequence[Any]
) -> tuple[list[int], dict[str, None]]:
    """The titles the other filters keep that --avoid hides, and why, as filtering.avoided
    says: for each term, the reason its first matching note gives."""
    reasons_of: dict[tuple[str, str | None], dict[int, str]] = {}
    for note, category in rows("SELECT note, category FROM kinds_of_note"):
        content = ContentNote(note, CATEGORIES[category] if category else None)
        found = {number: term.reason(content) for number, term in enumerate(chosen.avoid)}
        told = {number: reason for number, reason in found.items() if reason}
        if told:
            reasons_of[note, category] = told
    if not reasons_of:
        return [], {}
    query = (
        "SELECT position, note, category FROM notes "
        "WHERE note IN (SELECT value FROM json_each(?)) "
        f"AND position IN (SELECT position FROM titles WHERE {where}) ORDER BY position, rowid"
    )
    words = json.dumps(sorted({note for note, _ in reasons_of}), ensure_ascii=False)
    hidden: dict[int, dict[int, str]] = {}  # the reason for each term, by the first note
    for position, note, category in rows(query, (words, *values)):
        for number, reason in reasons_of.get((note, category), {}).items():
            hidden.setdefault(position, {}).setdefault(number, reason)
    reasons: dict[str, None] = {}
    for told in hidden.values():
        reasons.update(dict.fromkeys(told[number] for number in sorted(told)))
    return list(hidden), reasons


def _order(key: SortKey, reverse: bool) -> str:
    """catalogue.ordered's order: ties keep rank order, unknown dates come last."""
    way = "DESC" if reverse else "ASC"
    return {
        SortKey.RANK: f"rank {way}",
        SortKey.TITLE: f"sort {way}, rank {way}",
        SortKey.RELEASED: f"released IS NULL, released {way}, rank {way}",
    }[key]
