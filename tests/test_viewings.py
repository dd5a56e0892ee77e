"""The pure parts of the diary: the day of a viewing, stars, and which title a viewing is of."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tearlist import loading
from tearlist.viewings import TitleIndex, identity_of, parse_day, parse_rating, stars

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-11-20", date(2026, 11, 20)),
        (" 2026-1-5 ", date(2026, 1, 5)),
        ("today", TODAY),
        ("Yesterday", date(2026, 11, 25)),
        ("20 Nov 2026", date(2026, 11, 20)),
        ("November 20, 2026", date(2026, 11, 20)),
        ("Nov 20", date(2026, 11, 20)),
        ("Dec 24", date(2025, 12, 24)),  # no year: the latest that is not in the future
        ("29 Feb", date(2024, 2, 29)),
        ("1999-12-31", date(1999, 12, 31)),
    ],
)
def test_days_a_viewing_can_be_on(text: str, day: date) -> None:
    """ISO dates, today, yesterday and written dates, with or without the year."""
    assert parse_day(text, TODAY) == day


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-11-27", "2026-11-27 is in the future"),
        ("tomorrow", "expected a date such as"),
        ("27 Nov 2026", "is in the future"),
        ("2026-02-30", "not a real date"),
        ("30 Feb 2026", "not a real date"),
        ("31 Apr", "not a real date"),
        ("11/20/2026", "expected a date such as"),
        ("Nov 2026", "partial date"),
        ("Nov 20 2026 10:30", "without a time of day"),
        ("", "expected a date such as"),
    ],
)
def test_days_refused(text: str, message: str) -> None:
    """The future, impossible days, partial and numeric-only dates are refused, saying why."""
    with pytest.raises(ValueError, match=message):
        parse_day(text, TODAY)


@pytest.mark.parametrize(
    ("text", "halves"),
    [("0.5", 1), ("1", 2), ("3.5", 7), ("4.50", 9), ("5", 10), ("5.0", 10), ("★★★★½", 9), ("½", 1)],
)
def test_ratings_in_half_stars(text: str, halves: int) -> None:
    """Stars from 0.5 to 5 in halves, as numbers or as stars."""
    assert parse_rating(text) == halves


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0", "from 0.5 to 5"),
        ("5.5", "from 0.5 to 5"),
        ("3.3", "in halves"),
        ("3.25", "in halves"),
        ("-1", "expected stars"),
        ("four", "expected stars"),
        ("nan", "expected stars"),
        ("★★★★★★", "from 0.5 to 5"),
        ("½★", "expected stars"),
    ],
)
def test_ratings_refused(text: str, message: str) -> None:
    """0, 5.5, 3.3 and anything that is not a half step from 0.5 to 5 are refused."""
    with pytest.raises(ValueError, match=message):
        parse_rating(text)


@pytest.mark.parametrize(
    ("halves", "shown"), [(None, ""), (1, "½"), (2, "★"), (9, "★★★★½"), (10, "★★★★★")]
)
def test_stars_shown(halves: int | None, shown: str) -> None:
    """Half stars are written as Letterboxd shows them."""
    assert stars(halves) == shown


def test_a_title_is_found_by_any_spelling_and_its_year() -> None:
    """A viewing is tied to spellings and year, not rank: any spelling with the year finds it."""
    titles = loading.load(None)
    index = TitleIndex(titles)
    busan = next(title for title in titles if title.title == "Train to Busan")
    assert identity_of(busan).year == 2016
    assert index.lookup("BUSANHAENG", 2016) is busan
    assert index.lookup("부산행", None) is busan
    assert index.lookup("Train to Busan", 2015) is None
    assert index.title_of(identity_of(busan)) is busan


def test_an_import_reads_what_was_seen_once_not_once_a_row(tmp_path: Path) -> None:
    """Rewatches are settled from one reading of the diary after the rows are in, so a large
    import stays linear, and a title added earlier in the same transaction makes the next one
    a rewatch."""
    from tearlist.diary import NewViewing, open_for_writing
    from tearlist.viewings import same_title

    titles = loading.load()
    hope = next(title for title in titles if title.title == "Hope")
    diary = open_for_writing(tmp_path / "diary.sqlite3")
    selects: list[str] = []
    diary._db.set_trace_callback(
        lambda sql: selects.append(sql) if sql.lstrip().upper().startswith("SELECT") else None
    )
    try:
        with diary.transaction():
            for day in range(1, 29):
                diary.insert(
                    NewViewing(date(2020, 1, day), hope.title, identity_of(hope), hope.kind)
                )
            diary.settle_rewatches(same_title(titles))
        diary._db.set_trace_callback(None)
        viewings = sorted(diary.viewings(), key=lambda viewing: viewing.watched)
    finally:
        diary.close()
    assert [viewing.rewatch for viewing in viewings] == [False] + [True] * 27
    assert len(selects) == 2  # the viewings said to be rewatches, and every viewing
