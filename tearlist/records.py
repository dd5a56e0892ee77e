"""The catalogue's typed records: titles, the people in them, and the kinds of title."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from tearlist.notes import Category


class Kind(Enum):
    """Whether a title is a film or a television series."""

    FILM = "film"
    SERIES = "series"


@dataclass(frozen=True, slots=True)
class Person:
    """A director or cast member: the common romanization, Hangul, and other spellings."""

    name: str
    hangul: str | None = None
    aliases: tuple[str, ...] = ()

    def spellings(self) -> tuple[str, ...]:
        """Every way this person's name is written: name, Hangul, aliases."""
        hangul = (self.hangul,) if self.hangul else ()
        return (self.name, *hangul, *self.aliases)


class AgeRating(Enum):
    """A Korean age rating: for everyone, or from 12, 15 or 18 years of age."""

    ALL = "All"
    TWELVE = "12"
    FIFTEEN = "15"
    EIGHTEEN = "18"

    @property
    def age(self) -> int:
        """The youngest age the rating admits (0 for All)."""
        return 0 if self is AgeRating.ALL else int(self.value)


@dataclass(frozen=True, slots=True)
class ContentNote:
    """A short warning about what a title shows, its category, and whether it gives the story away."""

    note: str
    category: Category | None = None
    spoiler: bool = False


@dataclass(frozen=True, slots=True)
class Title:
    """One film or series in the catalogue."""

    rank: int
    title: str
    kind: Kind
    directors: tuple[Person, ...]
    cast: tuple[Person, ...]
    korean_title: str | None = None
    alt_titles: tuple[str, ...] = ()
    released: date | None = None
    synopsis: str | None = None
    content_notes: tuple[ContentNote, ...] = ()
    episodes: int | None = None
    network: str | None = None
    runtime: int | None = None
    genres: tuple[str, ...] = ()
    age_rating: AgeRating | None = None
    based_on: str | None = None
    remade_as: tuple[str, ...] = ()
    awards: tuple[str, ...] = ()
    wikipedia: str | None = None
    wikidata: str | None = None
    imdb: str | None = None

    def names(self) -> tuple[str, ...]:
        """Every way this title is written: English, Korean, alternatives."""
        korean = (self.korean_title,) if self.korean_title else ()
        return (self.title, *korean, *self.alt_titles)


# The public order of a title's fields in every output format and in the catalogue file.
FIELDS: tuple[str, ...] = (
    "rank",
    "title",
    "korean_title",
    "alt_titles",
    "kind",
    "released",
    "directors",
    "cast",
    "synopsis",
    "content_notes",
    "episodes",
    "network",
    "runtime",
    "genres",
    "age_rating",
    "based_on",
    "remade_as",
    "awards",
    "wikipedia",
    "wikidata",
    "imdb",
)
SERIES_FIELDS = frozenset({"episodes", "network"})
REQUIRED_FIELDS = ("rank", "title", "kind", "directors", "cast")
PERSON_FIELDS = ("name", "hangul", "aliases")
NOTE_FIELDS = ("note", "category", "spoiler")
