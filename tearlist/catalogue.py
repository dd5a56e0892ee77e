"""What can be asked of a catalogue: select, sort, find one title, search, list people."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterable, Sequence
from datetime import date
from enum import Enum
from typing import NamedTuple

from tearlist.errors import NotFoundError, UsageError
from tearlist.matching import (
    TYPING,
    WHOLE,
    Match,
    match_korean_title,
    match_person,
    match_title,
    principal_spellings,
)
from tearlist.records import Person, Title
from tearlist.text import describe
from tearlist.textmatch import Typed, closest, identity, name_key, sort_key, typed


class SortKey(Enum):
    """The orders a list of titles can be shown in."""

    RANK = "rank"
    RELEASED = "released"
    TITLE = "title"


class Role(Enum):
    """What a person did in a title."""

    DIRECTOR = "director"
    CAST = "cast"


class Years(NamedTuple):
    """An inclusive range of release years."""

    first: int
    last: int

    def __contains__(self, year: object) -> bool:
        return isinstance(year, int) and self.first <= year <= self.last


# Numbers typed on the command line are read as names are: NFKC-normalized, so fullwidth
# and circled digits are plain digits, and in any script's decimal digits (Arabic-Indic ones among them).
_RANK = re.compile(r"\s*(\d+)\s*")
_YEARS = re.compile(r"\s*(\d{4})\s*(?:\.\.\s*(\d{4})\s*)?")


def rank_of(text: str) -> int | None:
    """The rank a reference writes as a whole number in any digits, or None if it is not one."""
    match = _RANK.fullmatch(unicodedata.normalize("NFKC", text))
    if not match:
        return None
    digits = "".join(str(unicodedata.decimal(char)) for char in match[1]).lstrip("0")
    try:
        return int(digits or "0")
    except ValueError:  # more digits than Python reads, far more than any catalogue's rank
        return None


# A range written as people write one, not as --year takes it.
_WRITTEN_RANGE = re.compile(r"\s*(\d{4})\s*(?:[-\u2010-\u2015]|to|\.|/|:)\s*(\d{4})\s*")


def parse_years(text: str) -> Years:
    """Read "2013" or "2010..2015" into a range of years; ValueError otherwise."""
    normalized = unicodedata.normalize("NFKC", text)
    match = _YEARS.fullmatch(normalized)
    if not match:
        written = _WRITTEN_RANGE.fullmatch(normalized)
        if written:  # 2013-2015, 2013 to 2015, with a dash of any length
            first, last = written[1], written[2]
            raise ValueError(f"{describe(text)} is not a range; did you mean {first}..{last}?")
        raise ValueError(
            f"expected a year such as 2013 or a range such as 2010..2015, not {describe(text)}"
        )
    first = int(match[1])
    last = int(match[2] or match[1])
    if last < first:
        raise ValueError(f"the range {describe(text)} ends before it starts")
    return Years(first, last)


def ordered(titles: Iterable[Title], key: SortKey, *, reverse: bool = False) -> list[Title]:
    """Titles in the given order; titles with no known release date always come last."""
    by_rank = sorted(titles, key=lambda title: title.rank, reverse=reverse)
    if key is SortKey.TITLE:
        return sorted(by_rank, key=lambda title: sort_key(title.title), reverse=reverse)
    if key is SortKey.RELEASED:
        known = [title for title in by_rank if title.released is not None]
        unknown = [title for title in by_rank if title.released is None]
        known.sort(key=lambda title: title.released or date.min, reverse=reverse)
        return known + unknown
    return by_rank


def find(titles: Sequence[Title], ref: str) -> Title:
    """The one title a reference means: a rank, a title in any of its spellings, or a prefix.

    Titles are compared ignoring case, accents, spaces and punctuation, and a Korean title
    by its romanizations too. Raises NotFoundError when nothing or more than one title fits.
    """
    rank = rank_of(ref)
    if rank is not None:
        for title in titles:
            if title.rank == rank:
                return title
    wanted = name_key(ref)
    if wanted:
        exact, prefixed = _fitting(titles, ref, wanted)
    else:  # a reference of punctuation fits only a title of the same punctuation
        as_written = identity(ref)
        exact = [t for t in titles if any(identity(n) == as_written for n in t.names())]
        exact = exact if as_written else []
        prefixed = []
    for fits in (exact, prefixed):
        if len(fits) == 1:
            return fits[0]
        if fits:
            candidates = "; ".join(f"{title.rank}: {title.title}" for title in fits[:10])
            raise NotFoundError(f"{describe(ref)} fits more than one title: {candidates}")
    spellings = {name: title.title for title in titles for name in title.names()}
    raise NotFoundError(f"no title matches {describe(ref)}" + _did_you_mean(ref, spellings))


def _fitting(titles: Sequence[Title], ref: str, wanted: str) -> tuple[list[Title], list[Title]]:
    """The titles a reference names whole, and those whose start it is."""
    exact = [title for title in titles if any(name_key(name) == wanted for name in title.names())]
    own = [title for title in exact if name_key(title.title) == wanted]
    if len(exact) > 1 and len(own) == 1:
        exact = own  # a title's own title outranks another title's alternative title
    query = typed(ref)
    derived = {
        title.rank: match_korean_title(query, title.korean_title)
        for title in titles
        if title.korean_title
    }
    exact = exact or [
        title for title in titles if (found := derived.get(title.rank)) and found.rank == WHOLE
    ]
    prefixed = [
        title
        for title in titles
        if any(name_key(name).startswith(wanted) for name in title.names())
        or ((found := derived.get(title.rank)) and found.from_start)
    ]
    return exact, prefixed


class Hit(NamedTuple):
    """A title found by a search, and the names or titles in it that matched."""

    title: Title
    matched: tuple[str, ...]


class Query(NamedTuple):
    """What a search looks for: any field, and names of cast, directors or titles."""

    anywhere: str | None = None
    cast: str | None = None
    director: str | None = None
    title: str | None = None

    def terms(self) -> list[tuple[str, tuple[Role | None, ...]]]:
        """Each text the search must find, with the fields it may be found in."""
        every = (Role.DIRECTOR, Role.CAST, None)
        pairs = [
            (self.anywhere, every),
            (self.cast, (Role.CAST,)),
            (self.director, (Role.DIRECTOR,)),
            (self.title, (None,)),
        ]
        return [(text, fields) for text, fields in pairs if text is not None]


def search(
    titles: Sequence[Title], query: Query, named: Sequence[Container[int]] | None = None
) -> list[Hit]:
    """The titles that match every term of a query, or NotFoundError with suggestions.

    named, when an index knows it, holds for each term the ranks of the only titles whose
    names it may match; the names of the others are not read.
    """
    found: dict[int, list[str]] = {}
    for number, (text, fields) in enumerate(query.terms()):
        wanted = typed(text)
        if not wanted:
            raise UsageError(f"the search {describe(text)} has no letters or digits to look for")
        hits = _hits(titles, wanted, fields, named[number] if named is not None else None)
        if not hits:
            raise NotFoundError(_nothing_found(titles, text, fields))
        if number == 0:
            found = hits
        else:
            found = {
                rank: list(dict.fromkeys(found[rank] + hits[rank]))
                for rank in found
                if rank in hits
            }
    by_rank = {title.rank: title for title in titles}
    hits_list = [Hit(by_rank[rank], tuple(matched)) for rank, matched in found.items()]
    if not hits_list:
        raise NotFoundError("no title matches all of the search terms together")
    return hits_list


def _hits(
    titles: Sequence[Title],
    wanted: Typed,
    fields: tuple[Role | None, ...],
    named: Container[int] | None = None,
) -> dict[int, list[str]]:
    hits: dict[int, list[str]] = {}
    seen: dict[Person, Match | None] = {}  # a person is read once, however many titles
    people = tuple(field for field in fields if field is not None)
    for title in titles:
        chosen = fields if named is None or title.rank in named else people
        matched = [
            described for field in chosen for described in _matches_in(title, wanted, field, seen)
        ]
        if matched:
            hits[title.rank] = matched
    return hits


def _matches_in(
    title: Title, wanted: Typed, field: Role | None, seen: dict[Person, Match | None]
) -> list[str]:
    if field is None:
        found = match_title(wanted, title)
        if found is None:
            return []
        name, how = found
        return [f"title: {name}{_read_as(how)}"]
    people = title.directors if field is Role.DIRECTOR else title.cast
    matched = []
    for person in people:
        if person not in seen:
            seen[person] = match_person(wanted, person)
        read = seen[person]
        if read is not None:
            matched.append(f"{field.value}: {person.name}{_read_as(read)}")
    return matched


def _read_as(how: Match) -> str:
    """How the text typed was read, where it is not the name shown: " (Ye-jin Son)"."""
    return f" ({how.reading})" if how.reading else ""


def _nothing_found(titles: Sequence[Title], text: str, fields: tuple[Role | None, ...]) -> str:
    where = ", ".join(
        {Role.CAST: "cast", Role.DIRECTOR: "directors", None: "titles"}[f] for f in fields
    )
    spellings: dict[str, str] = {}
    people: dict[Person, None] = {}
    for title in titles:
        if None in fields:
            spellings.update((name, title.title) for name in title.names())
        for role, group in ((Role.DIRECTOR, title.directors), (Role.CAST, title.cast)):
            if role in fields:
                people.update(dict.fromkeys(group))
    for person in people:
        spellings.update((name, person.name) for name in principal_spellings(person))
    hint = _did_you_mean(text, spellings, _started(text, people))
    return f"nothing in {where} matches {describe(text)}" + hint


def _started(text: str, people: Iterable[Person]) -> list[str]:
    """The names a query stops inside of ("Kim M"), as written ones first."""
    wanted = typed(text)
    found = []
    for person in people:
        how = match_person(wanted, person, typing=True)
        if how is not None and how.rank == TYPING:
            found.append((how.sort_key(), sort_key(person.name), person.name))
    return [name for *_, name in sorted(found)]


def _did_you_mean(text: str, spellings: dict[str, str], first: Sequence[str] = ()) -> str:
    """A hint naming what the closest spellings belong to, each once, best first."""
    close = closest(text, spellings, limit=6)
    names = list(dict.fromkeys([*first, *(spellings[spelling] for spelling in close)]))[:3]
    return f"; did you mean {_either(names)}?" if names else ""


def _either(names: list[str]) -> str:
    quoted = [repr(name) if "'" not in name else f'"{name}"' for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


class Credit(NamedTuple):
    """A person once, with every spelling, role and title they have in the catalogue."""

    person: Person
    roles: tuple[Role, ...]
    titles: tuple[Title, ...]


def people(titles: Iterable[Title], query: str | None = None) -> list[Credit]:
    """Every director and cast member once, sorted by name, optionally matching a query.

    People are the same person when their names are spelled the same, ignoring case and
    punctuation, and their Hangul names do not differ; their Hangul names and aliases are
    gathered from every title.
    """
    titles = tuple(titles)
    gathered: dict[tuple[str, str], tuple[Person, list[Role], list[Title]]] = {}
    hanguls = _hanguls(titles)
    for title in titles:
        for role, group in ((Role.DIRECTOR, title.directors), (Role.CAST, title.cast)):
            for person in group:
                key = _person_key(person, hanguls)
                known, roles, credits = gathered.setdefault(key, (person, [], []))
                if person != known:
                    known = _merged(known, person)
                    gathered[key] = (known, roles, credits)
                if role not in roles:
                    roles.append(role)
                if not credits or credits[-1] is not title:
                    credits.append(title)
    credits_list = [
        Credit(person, tuple(sorted(roles, key=list(Role).index)), tuple(titles_of))
        for person, roles, titles_of in gathered.values()
    ]
    if query is not None:
        credits_list = _matching(credits_list, query)
    return sorted(credits_list, key=lambda credit: sort_key(credit.person.name))


def _hanguls(titles: Iterable[Title]) -> dict[str, set[str]]:
    """The Hangul names written for each name, ignoring case and punctuation."""
    found: dict[str, set[str]] = {}
    for title in titles:
        for person in title.directors + title.cast:
            names = found.setdefault(identity(person.name), set())
            if person.hangul:
                names.add(identity(person.hangul))
    return found


def _person_key(person: Person, hanguls: dict[str, set[str]]) -> tuple[str, str]:
    """Who a person is: the name, and the Hangul (a name without it joins the only one)."""
    name = identity(person.name)
    if person.hangul:
        return name, identity(person.hangul)
    known = hanguls.get(name, set())
    return name, next(iter(known)) if len(known) == 1 else ""


def _matching(credits: list[Credit], query: str) -> list[Credit]:
    wanted = typed(query)
    if not wanted:
        raise UsageError(f"the query {describe(query)} has no letters or digits to look for")
    kept = [credit for credit in credits if match_person(wanted, credit.person)]
    if not kept:
        everyone = [credit.person for credit in credits]
        spellings = {
            name: person.name for person in everyone for name in principal_spellings(person)
        }
        hint = _did_you_mean(query, spellings, _started(query, everyone))
        raise NotFoundError(f"no person matches {describe(query)}" + hint)
    return kept


def _merged(first: Person, second: Person) -> Person:
    aliases = dict.fromkeys((*first.aliases, *second.aliases))
    aliases.pop(first.name, None)
    return Person(first.name, first.hangul or second.hangul, tuple(aliases))
