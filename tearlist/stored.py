"""Titles rebuilt from the output records an index stores (formats.title_record), as
they were when their file was validated."""

from __future__ import annotations

from datetime import date
from typing import Any

from tearlist.notes import CATEGORIES
from tearlist.records import AgeRating, ContentNote, Kind, Person, Title


def title_from_output(record: dict[str, Any]) -> Title:
    """A title from its output record (formats.title_record), stored when it was validated."""
    released = record["released"]
    age = record["age_rating"]
    return Title(
        rank=record["rank"],
        title=record["title"],
        kind=_KINDS[record["kind"]],
        directors=tuple(map(_person, record["directors"])),
        cast=tuple(map(_person, record["cast"])),
        korean_title=record["korean_title"],
        alt_titles=tuple(record["alt_titles"]),
        released=date.fromisoformat(released) if released else None,
        synopsis=record["synopsis"],
        content_notes=tuple(map(_note, record["content_notes"])),
        episodes=record["episodes"],
        network=record["network"],
        runtime=record["runtime"],
        genres=tuple(record["genres"]),
        age_rating=_AGES[age] if age else None,
        based_on=record["based_on"],
        remade_as=tuple(record["remade_as"]),
        awards=tuple(record["awards"]),
        wikipedia=record["wikipedia"],
        wikidata=record["wikidata"],
        imdb=record["imdb"],
    )


_KINDS = {kind.value: kind for kind in Kind}
_AGES = {rating.value: rating for rating in AgeRating}
# People and notes recur across titles: each is made once a run, and compared at once.
_PEOPLE: dict[tuple[Any, ...], Person] = {}
_NOTES: dict[tuple[Any, ...], ContentNote] = {}


def _person(record: dict[str, Any]) -> Person:
    aliases = record["aliases"]
    key = (record["name"], record["hangul"], *aliases)
    found = _PEOPLE.get(key)
    if found is None:
        found = _PEOPLE[key] = Person(record["name"], record["hangul"], tuple(aliases))
    return found


def _note(record: dict[str, Any]) -> ContentNote:
    key = (record["note"], record["category"], record["spoiler"])
    found = _NOTES.get(key)
    if found is None:
        category = CATEGORIES[key[1]] if key[1] else None
        found = _NOTES[key] = ContentNote(key[0], category, key[2])
    return found
