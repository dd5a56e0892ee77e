"""What can be asked of a catalogue: select, sort, find one title, search, list people."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum

from tearlist.errors import NotFoundError, UsageError
from tearlist.matching import Matcher, closest, matchers, name_key, sort_key
from tearlist.records import Person, Title
from tearlist.text import describe


class SortKey(Enum):
    """The orders a list of titles can be shown in."""

    RANK = "rank"
    RELEASED = "released"
    TITLE = "title"


class Role(Enum):
    """What a person did in a title."""

    DIRECTOR = "director"
    CAST = "cast"


@dataclass(frozen=True, slots=True)
class Years:
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


def parse_years(text: str) -> Years:
    """Read "2013" or "2010..2015" into a range of years; ValueError otherwise."""
    match = _YEARS.fullmatch(unicodedata.normalize("NFKC", text))
    if not match:
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

    Titles are compared ignoring case, accents, spaces and punctuation. Raises
    NotFoundError when nothing or more than one title fits.
    """
    wanted = name_key(ref)
    rank = rank_of(ref)
    if rank is not None:
        for title in titles:
            if title.rank == rank:
                return title
    exact = [title for title in titles if any(name_key(name) == wanted for name in title.names())]
    if len(exact) == 1:
        return exact[0]
    prefixed = exact or [
        title
        for title in titles
        if wanted and any(name_key(name).startswith(wanted) for name in title.names())
    ]
    if len(prefixed) == 1:
        return prefixed[0]
    if prefixed:
        candidates = "; ".join(f"{title.rank}: {title.title}" for title in prefixed[:10])
        raise NotFoundError(f"{describe(ref)} fits more than one title: {candidates}")
    spellings = {name: title.title for title in titles for name in title.names()}
    raise NotFoundError(f"no title matches {describe(ref)}" + _did_you_mean(ref, spellings))


@dataclass(frozen=True, slots=True)
class Hit:
    """A title found by a search, and the names or titles in it that matched."""

    title: Title
    matched: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Query:
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


def search(titles: Sequence[Title], query: Query) -> list[Hit]:
    """The titles that match every term of a query, or NotFoundError with suggestions.

    Each term is first matched strictly; only a term that finds nothing that way is matched
    again with romanization variants folded together.
    """
    found: dict[int, list[str]] = {}
    for number, (text, fields) in enumerate(query.terms()):
        strict, folded = matchers(text)
        if not strict:
            raise UsageError(f"the search {describe(text)} has no letters or digits to look for")
        hits = _hits(titles, strict, fields) or _hits(titles, folded, fields)
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
    titles: Sequence[Title], matcher: Matcher, fields: tuple[Role | None, ...]
) -> dict[int, list[str]]:
    hits: dict[int, list[str]] = {}
    # People and Korean titles come back in many titles: each spelling is matched once.
    seen: dict[str, bool] = {}
    for title in titles:
        matched = [
            described for field in fields for described in _matches_in(title, matcher, field, seen)
        ]
        if matched:
            hits[title.rank] = matched
    return hits


def _matches_in(
    title: Title, matcher: Matcher, field: Role | None, seen: dict[str, bool]
) -> list[str]:
    if field is None:
        name = _first(matcher, title.names(), seen)
        return [] if name is None else [f"title: {name}"]
    people = title.directors if field is Role.DIRECTOR else title.cast
    matched = []
    for person in people:
        spelling = _first(matcher, person.spellings(), seen)
        if spelling is not None:
            alias = "" if spelling == person.name else f" ({spelling})"
            matched.append(f"{field.value}: {person.name}{alias}")
    return matched


def _first(matcher: Matcher, spellings: Iterable[str], seen: dict[str, bool]) -> str | None:
    """matcher.first, remembering what each spelling gave."""
    for text in spellings:
        found = seen.get(text)
        if found is None:
            found = seen[text] = matcher.matches(text)
        if found:
            return text
    return None


def _nothing_found(titles: Sequence[Title], text: str, fields: tuple[Role | None, ...]) -> str:
    where = ", ".join(
        {Role.CAST: "cast", Role.DIRECTOR: "directors", None: "titles"}[f] for f in fields
    )
    spellings: dict[str, str] = {}
    for title in titles:
        if None in fields:
            spellings.update((name, title.title) for name in title.names())
        for role, group in ((Role.DIRECTOR, title.directors), (Role.CAST, title.cast)):
            if role in fields:
                for person in group:
                    spellings.update((name, person.name) for name in person.spellings())
    return f"nothing in {where} matches {describe(text)}" + _did_you_mean(text, spellings)


def _did_you_mean(text: str, spellings: dict[str, str]) -> str:
    """A hint naming what the closest spellings belong to, each once."""
    close = closest(text, spellings, limit=6)
    names = list(dict.fromkeys(spellings[spelling] for spelling in close))[:3]
    return f"; did you mean {_either(names)}?" if names else ""


def _either(names: list[str]) -> str:
    quoted = [repr(name) if "'" not in name else f'"{name}"' for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


@dataclass(frozen=True, slots=True)
class Credit:
    """A person once, with every spelling, role and title they have in the catalogue."""

    person: Person
    roles: tuple[Role, ...]
    titles: tuple[Title, ...]


def people(titles: Iterable[Title], query: str | None = None) -> list[Credit]:
    """Every director and cast member once, sorted by name, optionally matching a query.

    People are the same person when their names are spelled the same, ignoring case and
    punctuation; their Hangul names and aliases are gathered from every title.
    """
    gathered: dict[str, tuple[Person, list[Role], list[Title]]] = {}
    for title in titles:
        for role, group in ((Role.DIRECTOR, title.directors), (Role.CAST, title.cast)):
            for person in group:
                key = name_key(person.name)
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
        strict, folded = matchers(query)
        if not strict:
            raise UsageError(f"the query {describe(query)} has no letters or digits to look for")
        credits_list = [c for c in credits_list if strict.first(c.person.spellings())] or [
            c for c in credits_list if folded.first(c.person.spellings())
        ]
        if not credits_list:
            spellings = {
                name: person.name
                for person, _, _ in gathered.values()
                for name in person.spellings()
            }
            raise NotFoundError(
                f"no person matches {describe(query)}" + _did_you_mean(query, spellings)
            )
    return sorted(credits_list, key=lambda credit: sort_key(credit.person.name))


def _merged(first: Person, second: Person) -> Person:
    aliases = dict.fromkeys((*first.aliases, *second.aliases))
    aliases.pop(first.name, None)
    return Person(first.name, first.hangul or second.hangul, tuple(aliases))
