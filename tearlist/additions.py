"""New titles for a catalogue: records written by hand, checked against the titles there.

A new title takes the next free rank, or one asked for that is free. It is already in the
catalogue when a title there has its Wikidata id, its IMDb id, or its title (in any
spelling, compared as titles are) and release year.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tearlist.errors import UsageError
from tearlist.records import Title
from tearlist.text import describe
from tearlist.textmatch import is_syllable, name_key

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
        from tearlist.wikidata.mapping import revised_romanization

        return {"name": revised_romanization(text), "hangul": text}
    if not text:
        raise UsageError("a person's name must not be empty")
    return {"name": text}


def record(given: ByHand) -> dict[str, Any]:
    """The catalogue record of a title given by hand, without its rank."""
    return {
        "title": " ".join(given.title.split()),
        "korean_title": " ".join((given.korean_title or "").split()) or None,
        "kind": given.kind,
        "released": given.released.isoformat(),
        "directors": [person(name) for name in given.directors],
        "cast": [person(name) for name in given.cast],
        "runtime": given.runtime,
        "genres": [" ".join(genre.split()).lower() for genre in given.genres],
    }


def already(titles: Sequence[Title], new: dict[str, Any]) -> Title | None:
    """The title of the catalogue that a new record is, if it is there already."""
    for key in ("wikidata", "imdb"):
        value = new.get(key)
        if value and (same := [title for title in titles if getattr(title, key) == value]):
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


@dataclass
class Plan:
    """What adding some records to a catalogue does: the records to append (each with its
    rank), the titles they make, the titles some of them are already, and what to tell."""

    records: list[dict[str, Any]] = field(default_factory=list)
    added: list[Title] = field(default_factory=list)
    there: list[Title] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def plan(
    titles: Sequence[Title], made: Sequence[tuple[dict[str, Any], Sequence[str]]], rank: int | None
) -> Plan:
    """How records (each with notes about it) are added to a catalogue of these titles: the
    first takes the rank asked for, if any, and every other the next free one; a record of
    a title already there, or of one added before it, is not added again."""
    if rank is not None and len(made) > 1:
        raise UsageError("--rank gives one title its rank; add the titles one at a time")
    known = list(titles)
    done = Plan()
    for given, notes in made:
        there = already(known, given)
        if there is not None:
            done.there.append(there)
            continue
        new = {"rank": free_rank(known, rank), **given}
        done.notes += [*notes, *distinct_title(known, new)]
        title = checked(new)
        known.append(title)
        done.records.append(new)
        done.added.append(title)
    return done


def checked(record: dict[str, Any]) -> Title:
    """The title a new record makes; UsageError naming the field if it has a problem."""
    from tearlist.building import Builder

    builder = Builder()
    title = builder.add(record, 0)
    if title is None:
        problem = builder.found.items[0][2]
        field_name = f"{problem.field}: " if problem.field else ""
        raise UsageError(
            f"the new title {describe(record.get('title'))}: {field_name}{problem.message}"
        )
    return title
