"""A year of viewings in review: counts, hours, ratings, months, people, genres, gaps.

Pure arithmetic over viewings and the catalogue; the diary review command shows it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from tearlist.records import Title
from tearlist.text import visible
from tearlist.viewings import TitleIndex, Viewing, rating_number

# How many people, genres and titles the lists of the most seen and highest rated hold.
TOP = 10


@dataclass(frozen=True, slots=True)
class Gap:
    """The days between two viewings with none in between."""

    after: date
    before: date

    @property
    def days(self) -> int:
        """How many days apart the two viewings are."""
        return (self.before - self.after).days


@dataclass(frozen=True, slots=True)
class Week:
    """A week (Monday to Sunday) and how many viewings it holds."""

    monday: date
    viewings: int


@dataclass(frozen=True, slots=True)
class Rated:
    """A title and the stars it was given: its latest rating of the year, in half stars."""

    rank: int | None  # in the catalogue; None for a title outside it
    title: str
    rating: int


@dataclass(frozen=True, slots=True)
class Review:
    """What a year of viewings comes to."""

    year: int
    viewings: int
    titles: int
    first_watches: int
    rewatches: int
    minutes: int
    unknown_runtime: int  # viewings of titles with no running time known
    ratings: tuple[
        tuple[int, int], ...
    ]  # (half stars, viewings) for each rating given, lowest first
    months: tuple[int, ...]  # viewings in each month, January first
    people: tuple[tuple[str, int], ...]  # (name, titles), most first
    genres: tuple[tuple[str, int], ...]  # (genre, viewings), most first
    top_rated: tuple[Rated, ...]
    longest_gap: Gap | None  # None with fewer than two days of viewings
    busiest_week: Week | None  # None if no week has two viewings or more

    @property
    def average_rating(self) -> float | None:
        """The average stars of the rated viewings (0.5 to 5), to two places; None if none."""
        rated = sum(count for _, count in self.ratings)
        if not rated:
            return None
        return round(sum(halves * count for halves, count in self.ratings) / rated / 2, 2)


def years_viewed(viewings: Iterable[Viewing]) -> list[int]:
    """The years with viewings, latest first."""
    return sorted({viewing.watched.year for viewing in viewings}, reverse=True)


def default_year(viewings: Iterable[Viewing], today: date) -> int | None:
    """This year if it has viewings, else the latest year that has; None for no viewings."""
    years = years_viewed(viewings)
    if not years:
        return None
    return today.year if today.year in years else years[0]


def review(titles: Sequence[Title], viewings: Iterable[Viewing], year: int) -> Review:
    """The review of one year's viewings, each matched to the catalogue as every command does.

    Viewings of titles outside the catalogue count in the totals, ratings and months; their
    running time is unknown, and they have no people or genres.
    """
    index = TitleIndex(titles)
    pairs = sorted(
        ((v, index.title_of(v.identity)) for v in viewings if v.watched.year == year),
        key=lambda pair: (pair[0].watched, pair[0].id),
    )
    seen: dict[Any, Title | None] = {}
    for viewing, title in pairs:
        seen.setdefault(_key(viewing, title), title)
    known = [title for title in seen.values() if title is not None]
    runtimes = [title.runtime if title else None for _, title in pairs]
    rewatches = sum(1 for viewing, _ in pairs if viewing.rewatch)
    given = Counter(viewing.rating for viewing, _ in pairs if viewing.rating is not None)
    months = Counter(viewing.watched.month for viewing, _ in pairs)
    genres = Counter(genre for _, t in pairs if t for genre in dict.fromkeys(t.genres))
    return Review(
        year=year,
        viewings=len(pairs),
        titles=len(seen),
        first_watches=len(pairs) - rewatches,
        rewatches=rewatches,
        minutes=sum(runtime for runtime in runtimes if runtime is not None),
        unknown_runtime=runtimes.count(None),
        ratings=tuple(sorted(given.items())),
        months=tuple(months[month] for month in range(1, 13)),
        people=_most(_people(known)),
        genres=_most(genres),
        top_rated=_top_rated(pairs),
        longest_gap=_longest_gap([viewing.watched for viewing, _ in pairs]),
        busiest_week=_busiest_week([viewing.watched for viewing, _ in pairs]),
    )


def _key(viewing: Viewing, title: Title | None) -> Any:
    """What tells titles apart: a catalogue title by rank, another by its spellings and year."""
    return ("rank", title.rank) if title else ("outside", viewing.identity.keys, viewing.year)


def _people(titles: Iterable[Title]) -> Counter[str]:
    """For each person in the cast or direction of these titles, how many of them."""
    return Counter(
        name
        for title in titles
        for name in dict.fromkeys(person.name for person in (*title.directors, *title.cast))
    )


def _most(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    """The most counted first, then by name; at most TOP of them."""
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold(), item[0]))
    return tuple(ordered[:TOP])


def _top_rated(pairs: Sequence[tuple[Viewing, Title | None]]) -> tuple[Rated, ...]:
    """Each rated title with its latest rating of the year, highest first, then by name."""
    latest: dict[Any, Rated] = {}
    for viewing, title in pairs:  # oldest first: a later rating replaces an earlier one
        if viewing.rating is not None:
            rank = title.rank if title else None
            name = title.title if title else viewing.title
            latest[_key(viewing, title)] = Rated(rank, name, viewing.rating)
    ordered = sorted(latest.values(), key=lambda r: (-r.rating, r.title.casefold(), r.title))
    return tuple(ordered[:TOP])


def _longest_gap(days: Sequence[date]) -> Gap | None:
    """The longest stretch between two viewing days in order; the first of equal ones."""
    distinct = sorted(set(days))
    gaps = [Gap(after, before) for after, before in pairwise(distinct)]
    return max(gaps, key=lambda gap: gap.days, default=None)


def _busiest_week(days: Sequence[date]) -> Week | None:
    """The week (from Monday) with the most viewings, the earliest of equal ones; None if
    no week has more than one, as then none is busier than another."""
    weeks = Counter(day - timedelta(days=day.weekday()) for day in days)
    monday = min(weeks, key=lambda week: (-weeks[week], week), default=None)
    if monday is None or weeks[monday] < 2:
        return None
    return Week(monday, weeks[monday])


def review_record(found: Review) -> dict[str, Any]:
    """The review as JSON: the documented keys, in order."""
    return {
        "year": found.year,
        "viewings": found.viewings,
        "titles": found.titles,
        "first_watches": found.first_watches,
        "rewatches": found.rewatches,
        "minutes": found.minutes,
        "unknown_runtime": found.unknown_runtime,
        "average_rating": found.average_rating,
        "ratings": [
            {"stars": rating_number(halves), "count": count} for halves, count in found.ratings
        ],
        "months": [
            {"month": month, "viewings": count} for month, count in enumerate(found.months, 1)
        ],
        "people": [{"name": name, "titles": count} for name, count in found.people],
        "genres": [{"genre": genre, "viewings": count} for genre, count in found.genres],
        "top_rated": [
            {"rank": rated.rank, "title": rated.title, "rating": rating_number(rated.rating)}
            for rated in found.top_rated
        ],
    }


def review_lines(found: Review) -> list[tuple[str, str]]:
    """The review as (key, value) pairs for plain lines; a list gives a pair per item,
    its value the item's label, a tab and its count. Names have their control characters
    (tabs among them) made visible, so each pair is one line of three fields at most."""
    lines = [(key, _plain(value)) for key, value in list(review_record(found).items())[:8]]
    lines += [("rating", f"{rating_number(h)}\t{count}") for h, count in found.ratings]
    lines += [("month", f"{m:02d}\t{count}") for m, count in enumerate(found.months, 1)]
    lines += [("person", f"{visible(name)}\t{count}") for name, count in found.people]
    lines += [("genre", f"{visible(genre)}\t{count}") for genre, count in found.genres]
    lines += [
        ("top_rated", f"{visible(r.title)}\t{rating_number(r.rating)}") for r in found.top_rated
    ]
    if found.longest_gap:
        gap = found.longest_gap
        lines.append(("longest_gap", f"{gap.after}..{gap.before}\t{gap.days}"))
    if found.busiest_week:
        week = found.busiest_week
        lines.append(("busiest_week", f"{week.monday}\t{week.viewings}"))
    return lines


def _plain(value: Any) -> str:
    return "" if value is None else str(value)
