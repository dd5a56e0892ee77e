"""Choosing among the titles: a random pick, and counts of titles by one of their facts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from tearlist.records import AgeRating, ContentNote, Kind, Title


def pick(titles: Sequence[Title], count: int = 1, seed: int | None = None) -> list[Title]:
    """Up to count distinct titles at random; the same seed picks the same titles."""
    import random

    return random.Random(seed).sample(list(titles), min(count, len(titles)))


class StatsKey(Enum):
    """What titles can be counted by."""

    YEAR = "year"
    DECADE = "decade"
    GENRE = "genre"
    CATEGORY = "category"
    AGE_RATING = "age_rating"
    KIND = "kind"
    RUNTIME = "runtime"
    SEEN = "seen"


Value = str | int | None


@dataclass(frozen=True, slots=True)
class Count:
    """How many titles have one value; None stands for unknown."""

    value: Value
    count: int

    @property
    def label(self) -> str:
        """The value as shown: "unknown" when it is not known."""
        return "unknown" if self.value is None else str(self.value)


# Running times are counted in these bands: the first whose upper bound is above the time.
RUNTIME_BANDS: tuple[tuple[int, str], ...] = (
    (100, "under 100"),
    (120, "100-119"),
    (140, "120-139"),
)
LONGEST_BAND = "140 or more"


def _year(title: Title) -> list[Value]:
    return [title.released.year if title.released else None]


def _decade(title: Title) -> list[Value]:
    return [f"{title.released.year // 10 * 10}s" if title.released else None]


def _genres(title: Title) -> list[Value]:
    return list(dict.fromkeys(title.genres))


def _categories(title: Title) -> list[Value]:
    # Only notes that give nothing away: a count by category of one title would tell its twist.
    return _category_values(note for note in title.content_notes if not note.spoiler)


def _categories_with_spoilers(title: Title) -> list[Value]:
    return _category_values(title.content_notes)


def _category_values(notes: Iterable[ContentNote]) -> list[Value]:
    # Notes with no category count as one value, so no title with notes is left uncounted.
    found = (note.category.value if note.category else "uncategorised" for note in notes)
    return list(dict.fromkeys(found))


def _age_rating(title: Title) -> list[Value]:
    return [title.age_rating.value if title.age_rating else None]


def _kind(title: Title) -> list[Value]:
    return [title.kind.value]


def _runtime(title: Title) -> list[Value]:
    if title.runtime is None:
        return [None]
    band = next((name for upper, name in RUNTIME_BANDS if title.runtime < upper), LONGEST_BAND)
    return [band]


_BANDS = [name for _, name in RUNTIME_BANDS] + [LONGEST_BAND]
# For each key: the values of a title, and how the counts are ordered. Years, decades,
# ratings, kinds and bands keep their natural order; genres and categories go by count.
_KEYS: dict[StatsKey, tuple[Callable[[Title], list[Value]], Callable[[Count], Any] | None]] = {
    StatsKey.YEAR: (_year, lambda c: c.value),
    StatsKey.DECADE: (_decade, lambda c: c.value),
    StatsKey.GENRE: (_genres, None),
    StatsKey.CATEGORY: (_categories, None),
    StatsKey.AGE_RATING: (_age_rating, lambda c: [r.value for r in AgeRating].index(str(c.value))),
    StatsKey.KIND: (_kind, lambda c: [k.value for k in Kind].index(str(c.value))),
    StatsKey.RUNTIME: (_runtime, lambda c: _BANDS.index(str(c.value))),
}


# Progress through the list: the titles in the diary, then the others.
SEEN_VALUES = ("seen", "not seen")


def _seen(ranks: Collection[int]) -> Callable[[Title], list[Value]]:
    def seen_or_not(title: Title) -> list[Value]:
        return [SEEN_VALUES[0] if title.rank in ranks else SEEN_VALUES[1]]

    return seen_or_not


def stats(
    titles: Iterable[Title], by: StatsKey, seen: Collection[int] = (), *, spoilers: bool = False
) -> list[Count]:
    """How many titles have each value of a fact, in the order they are shown; unknown last.

    A title counts once for each of its genres or note categories, so those counts may add
    up to more than the number of titles. For StatsKey.SEEN, seen holds the ranks of the
    titles in the diary. Categories count only the notes that give nothing of the story away,
    unless spoilers is true.
    """
    values_of: Callable[[Title], list[Value]]
    order: Callable[[Count], Any] | None
    if by is StatsKey.SEEN:
        values_of, order = _seen(seen), lambda c: SEEN_VALUES.index(str(c.value))
    else:
        values_of, order = _KEYS[by]
    if by is StatsKey.CATEGORY and spoilers:
        values_of = _categories_with_spoilers
    counted: Counter[Value] = Counter(value for title in titles for value in values_of(title))
    known = [Count(value, count) for value, count in counted.items() if value is not None]
    if order is None:
        known.sort(key=lambda c: (-c.count, str(c.value)))
    else:
        known.sort(key=order)
    unknown = [Count(None, counted[None])] if None in counted else []
    return known + unknown
