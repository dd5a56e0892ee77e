"""New titles for a catalogue: records written by hand, checked against the titles there.

A new title takes the next free rank, or one asked for that is free. It is already in the
catalogue when a title there has its Wikidata id, its IMDb id, or its title (in any
spelling, compared as titles are) and release year.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from tearlist.errors import UsageError
from tearlist.matching import is_syllable, name_key, romanized
from tearlist.records import Title
from tearlist.text import describe

# "Park Chan-wook (박찬욱)": a name, and its Hangul in parentheses at the end.
# Fullwidth parentheses, as Korean input methods type them, are taken too.
_WITH_HANGUL = re.compile(r"(?P<name>.*?)\s*[(\uff08](?P<hangul>[^()\uff08\uff09]*)[)\uff09]\s*")


@dataclass(frozen=True, slots=True)
class ByHand:
    """What `add` was told of a title: the options, as given."""

    title: str
    released: date
    korean_title: str | None = None
    kind: str = "film"
    directors: tuple[str, ...] = ()
    cast: tuple[str, ...] = ()
    runtime: int | None = None
    genres: tuple[str, ...] = ()


def is_hangul(text: str) -> bool:
    """Whether a text is written in Hangul syllables (spaces allowed between them)."""
    letters = "".join(text.split())
    return bool(letters) and all(is_syllable(char) for char in letters)


def person(text: str) -> dict[str, Any]:
    """A person from a name as typed: "Name (한글)", a name, or a Hangul name alone (then
    written in Latin letters by the Revised Romanization)."""
    text = " ".join(text.split())
    found = _WITH_HANGUL.fullmatch(text)
    if found and found["name"] and is_hangul(found["hangul"]):
        return {"name": found["name"], "hangul": found["hangul"].strip()}
    if is_hangul(text):
        name = romanized(text)
        if name is not None:
            return {"name": name, "hangul": text}
    if not text:
        raise UsageError("a person's name must not be empty")
    return {"name": text}


def record(given: ByHand, rank: int) -> dict[str, Any]:
    """The catalogue record of a title given by hand."""
    return {
        "rank": rank,
        "title": " ".join(given.title.split()),
        "korean_title": given.korean_title,
        "kind": given.kind,
        "released": given.released.isoformat(),
        "directors": [person(name) for name in given.directors],
        "cast": [person(name) for name in given.cast],
        "runtime": given.runtime,
        "genres": [" ".join(genre.split()).lower() for genre in given.genres],
    }


def already(titles: Sequence[Title], new: dict[str, Any]) -> Title | None:
    """The title of the catalogue that a new record is, if it is there already."""
    for field in ("wikidata", "imdb"):
        value = new.get(field)
        if value and (same := [title for title in titles if getattr(title, field) == value]):
            return same[0]
    year = _year(new.get("released"))
    names = {name_key(str(name)) for name in (new.get("title"), new.get("korean_title")) if name}
    names.discard("")
    for title in titles:
        same_year = title.released is not None and title.released.year == year
        if same_year and names & {name_key(name) for name in title.names()}:
            return title
    return None


def _year(released: Any) -> int | None:
    if isinstance(released, str) and re.match(r"\d{4}-", released):
        return int(released[:4])
    return None


def free_rank(titles: Sequence[Title], wanted: int | None, taken: Sequence[int] = ()) -> int:
    """The rank asked for, if free; else the one after the highest in use."""
    used = {title.rank: title for title in titles}
    if wanted is None:
        return max([*used, *taken, 0]) + 1
    if wanted in used:
        raise UsageError(f"--rank {wanted}: taken by {describe(used[wanted].title)}")
    if wanted in taken:
        raise UsageError(f"--rank {wanted}: only one title can take it")
    return wanted


def distinct_title(titles: Sequence[Title], new: dict[str, Any]) -> list[str]:
    """Give a new record a title no other has (each title is unique in a catalogue): one
    taken by a title of another year gets its own year after it, the title as it was kept
    among the alternative titles. What was done is told in the notes returned."""
    keys = {name_key(title.title): title for title in titles}
    clash = keys.get(name_key(new["title"]))
    year = _year(new.get("released"))
    if clash is None or year is None:
        return []
    original = new["title"]
    new["title"] = f"{original} ({year})"
    new["alt_titles"] = [original, *(new.get("alt_titles") or [])]
    return [
        f"{describe(original)} is the title of {clash.rank}: {clash.title}; "
        f"added as {describe(new['title'])}"
    ]
