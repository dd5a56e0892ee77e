"""Which titles the filter options keep, and why the others were hidden.

A title is kept when it passes every test in _TESTS, and then has no note to avoid; a filter
left at its default keeps every title. A new filter is a field of Filters, a parameter of
filters() named as its option, a test in _TESTS, a line of Filters.described, and its option
in tearlist/cli/filters.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from tearlist.catalogue import Years
from tearlist.errors import UsageError
from tearlist.notes import Category, Words, reached, suggestions
from tearlist.records import ContentNote, Kind, Title
from tearlist.text import describe
from tearlist.textmatch import Matcher, closest, name_key


class Avoided:
    """A word to avoid, prepared once for matching against notes and their categories."""

    # A prepared query like textmatch.Matcher, not a record: a plain class, which costs less
    # to define than a dataclass at every start.
    __slots__ = ("categories", "matcher", "term", "words")

    def __init__(self, term: str) -> None:
        self.term = term
        self.matcher = Matcher(term)
        if not self.matcher:
            raise UsageError(f"--avoid: {describe(term)} has no letters or digits to look for")
        self.categories = reached(term)
        self.words = Words(term)

    def reason(self, note: ContentNote) -> str | None:
        """Why this note is avoided: its category if the term reaches it, else the term itself.

        The note's own words are never the reason, so a spoiler is never told.
        """
        category = note.category
        if category in self.categories:
            return category.value if category else None
        if self.matcher.matches(note.note) or self.words.said_in(note.note):
            return self.term
        return None

    def refusal(self) -> str:
        """Why this term, which hides nothing in the catalogue, is refused, and what is near it."""
        start = f"--avoid {describe(self.term)} hides nothing"
        if self.categories:
            names = ", ".join(
                repr(category.value) for category in Category if category in self.categories
            )
            return f"{start}: no title of this catalogue has a note of {names}; leave it out"
        near = suggestions(self.term)
        quoted = [repr(word) for word in near]
        listed = (
            ", ".join(quoted[:-1]) + " or " + quoted[-1] if len(quoted) > 1 else "".join(quoted)
        )
        hint = f"; did you mean {listed}?" if near else ""
        return f"{start}: it reaches no category, and no content note says it{hint}"


class Filters(NamedTuple):
    """What the filter options ask for."""

    kind: Kind | None = None
    years: Years | None = None
    genres: tuple[str, ...] = ()
    max_runtime: int | None = None
    for_age: int | None = None
    avoid: tuple[Avoided, ...] = ()
    seen: bool | None = None
    # The ranks of the titles the diary's viewings are of (viewings_by_rank); read only for --seen.
    viewed: frozenset[int] = frozenset()

    def described(self) -> list[str]:
        """The filters in use, as they were given on the command line."""
        given = [
            ("--kind", self.kind.value if self.kind else None),
            ("--year", _years(self.years) if self.years else None),
            *(("--genre", genre) for genre in self.genres),
            ("--max-runtime", self.max_runtime),
            ("--for-age", self.for_age),
            *(("--avoid", avoided.term) for avoided in self.avoid),
        ]
        described = [f"{option} {value}" for option, value in given if value is not None]
        if self.seen is not None:
            described.append("--seen" if self.seen else "--unseen")
        return described


def filters(
    kind: Kind | None = None,
    year: Years | None = None,
    genre: Iterable[str] | None = None,
    max_runtime: int | None = None,
    for_age: int | None = None,
    avoid: Iterable[str] | None = None,
    seen: bool | None = None,
    viewed: Iterable[int] = (),
) -> Filters:
    """Filters from the values of their options, each parameter named as its option is.

    viewed is the ranks of the titles the diary's viewings are of, needed by seen (--seen/--unseen) only.
    UsageError for a term to avoid that has nothing to match.
    """
    avoided = tuple(Avoided(term) for term in dict.fromkeys(avoid or ()))
    return Filters(
        kind, year, tuple(genre or ()), max_runtime, for_age, avoided, seen, frozenset(viewed)
    )


class Kept(NamedTuple):
    """The titles the filters keep, and why the others that --avoid hid were hidden."""

    titles: list[Title]
    hidden: int = 0
    reasons: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    def hidden_message(self) -> str | None:
        """How many titles --avoid hid and why ("2 titles hidden: abuse"), or None."""
        if not self.hidden:
            return None
        count = f"{self.hidden} title{'' if self.hidden == 1 else 's'}"
        return f"{count} hidden: {', '.join(self.reasons)}"


def _of_kind(chosen: Filters, title: Title) -> bool:
    return chosen.kind is None or title.kind is chosen.kind


def _in_years(chosen: Filters, title: Title) -> bool:
    if chosen.years is None:
        return True
    return title.released is not None and title.released.year in chosen.years


def _of_genre(chosen: Filters, title: Title) -> bool:
    if not chosen.genres:
        return True
    wanted = {name_key(genre) for genre in chosen.genres}
    return any(name_key(genre) in wanted for genre in title.genres)


def _short_enough(chosen: Filters, title: Title) -> bool:
    if chosen.max_runtime is None:
        return True
    return title.runtime is not None and title.runtime <= chosen.max_runtime


def _for_age(chosen: Filters, title: Title) -> bool:
    if chosen.for_age is None:
        return True
    return title.age_rating is not None and title.age_rating.age <= chosen.for_age


def _seen_or_not(chosen: Filters, title: Title) -> bool:
    if chosen.seen is None:
        return True
    return (title.rank in chosen.viewed) is chosen.seen


# The tests every title must pass, in the order they are tried; --avoid comes after them
# all, so that only titles the other filters keep are counted as hidden by it.
_TESTS: tuple[Callable[[Filters, Title], bool], ...] = (
    _of_kind,
    _in_years,
    _of_genre,
    _short_enough,
    _for_age,
    _seen_or_not,
)


def avoided(title: Title, terms: Sequence[Avoided], memo: Memo | None = None) -> list[str]:
    """Why a title is to be avoided: a reason for each term one of its notes matches.

    memo keeps the reasons of each note object seen (titles read from an index share their
    notes), with the note, so that its id stays its own while the memo lives.
    """
    told = []
    for note in title.content_notes:
        kept = memo.get(id(note)) if memo is not None else None
        if kept is None:
            kept = (note, [term.reason(note) for term in terms])
            if memo is not None:
                memo[id(note)] = kept
        told.append(kept[1])
    reasons = []
    for number in range(len(terms)):
        reason = next((reasons[number] for reasons in told if reasons[number]), None)
        if reason:
            reasons.append(reason)
    return reasons


Memo = dict[int, tuple[ContentNote, list[str | None]]]


class Vocabulary(NamedTuple):
    """The genres and content notes of a whole catalogue (each given once or as often as it
    occurs), and whether it holds no title at all."""

    genres: Sequence[str]
    notes: Sequence[ContentNote]
    empty: bool


def vocabulary(titles: Sequence[Title]) -> Vocabulary:
    """The genres and content notes of some titles."""
    genres = [genre for title in titles for genre in title.genres]
    notes = [note for title in titles for note in title.content_notes]
    return Vocabulary(genres, notes, not titles)


def apply(titles: Sequence[Title], chosen: Filters, known: Vocabulary | None = None) -> Kept:
    """The titles that pass every filter, in their order, and what --avoid hid.

    UsageError for a term to avoid that hides nothing known (the genres and notes of the
    catalogue; by default, of the titles themselves); a genre that nothing known has is
    pointed out in the warnings.
    """
    found: tuple[str, ...] = ()
    if chosen.avoid or chosen.genres:
        known = vocabulary(titles) if known is None else known
        refuse_what_hides_nothing(chosen.avoid, known)
        found = warnings(chosen, known.genres)
    kept: list[Title] = []
    hidden = 0
    reasons: dict[str, None] = {}
    memo: Memo = {}
    for title in titles:
        if not all(test(chosen, title) for test in _TESTS):
            continue
        why = avoided(title, chosen.avoid, memo) if chosen.avoid else []
        if why:
            hidden += 1
            reasons.update(dict.fromkeys(why))
        else:
            kept.append(title)
    return Kept(kept, hidden, tuple(reasons), found)


def refuse_what_hides_nothing(terms: Sequence[Avoided], known: Vocabulary) -> None:
    """UsageError for a term to avoid that no note of the catalogue hides: --avoid fails closed.

    A term that reaches nothing was most likely not understood (a misspelling, a word not in
    the vocabulary), and a list that looks filtered but is not is the one thing a person who
    avoids a subject must never be shown; so is a category no title here has, for one rule.
    An empty catalogue is left to say that it is empty.
    """
    if known.empty:
        return
    for term in terms:
        if not any(term.reason(note) for note in known.notes):
            raise UsageError(term.refusal())


def warnings(chosen: Filters, genres: Iterable[str]) -> tuple[str, ...]:
    """A line for each genre that no title has: likely a typo.

    genres are those of the whole catalogue (each may be given once or as often as it occurs).
    """
    lines = []
    known = set(genres)
    keys = {name_key(genre) for genre in known}
    for genre in chosen.genres:
        if name_key(genre) not in keys:
            close = closest(genre, known, limit=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            lines.append(f"--genre {describe(genre)} is no title's genre{hint}")
    return tuple(lines)


def _years(years: Years) -> str:
    return str(years.first) if years.first == years.last else f"{years.first}..{years.last}"
