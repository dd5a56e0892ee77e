"""diary review: a year of viewings in figures, at a terminal, in a pipe and as JSON."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import Run
from rich.cells import cell_len

from tearlist.loading import load
from tearlist.records import Kind
from tearlist.review import TOP, Gap, Rated, Week, default_year, review, review_record
from tearlist.viewings import Identity, Viewing, identity_of

TITLES = load(None)
BY_RANK = {title.rank: title for title in TITLES}
KEYS = [
    "year", "viewings", "titles", "first_watches", "rewatches", "minutes", "unknown_runtime",
    "average_rating", "ratings", "months", "people", "genres", "top_rated",
]  # fmt: skip


def seen(
    number: int, day: str, rank: int, rating: int | None = None, *, again: bool = False
) -> Viewing:
    title = BY_RANK[rank]
    return Viewing(
        number,
        date.fromisoformat(day),
        title.title,
        title.kind,
        identity_of(title),
        rating,
        again,
        None,
    )


PARASITE = Viewing(
    9, date(2025, 6, 4), "Parasite", Kind.FILM, Identity.of(["Parasite"], 2019), 10, False, None
)
VIEWINGS = [
    seen(1, "2024-12-31", 7, 10),  # another year: left out
    seen(2, "2025-01-05", 5, 7),  # Train to Busan, 118 min
    seen(3, "2025-06-02", 2),  # A Moment to Remember, 117 min
    PARASITE,  # outside the catalogue: no running time known
    seen(4, "2025-06-08", 5, 9, again=True),
    seen(5, "2025-06-08", 10, 6),  # Good Doctor, a series with no running time
    seen(6, "2025-11-30", 2, 8, again=True),
]


def test_a_year_in_figures() -> None:
    found = review(TITLES, VIEWINGS, 2025)
    assert (found.viewings, found.titles, found.first_watches, found.rewatches) == (6, 4, 4, 2)
    assert (found.minutes, found.unknown_runtime) == (118 * 2 + 117 * 2, 2)
    assert found.ratings == ((6, 1), (7, 1), (8, 1), (9, 1), (10, 1))
    assert found.average_rating == 4.0
    assert found.months == (1, 0, 0, 0, 0, 4, 0, 0, 0, 0, 1, 0)
    # Latest rating of the year for each title, highest first; the outside title too.
    assert found.top_rated == (
        Rated(None, "Parasite", 10),
        Rated(5, "Train to Busan", 9),
        Rated(2, "A Moment to Remember", 8),
        Rated(10, "Good Doctor", 6),
    )
    assert found.longest_gap == Gap(date(2025, 6, 8), date(2025, 11, 30))
    assert found.longest_gap.days == 175
    assert found.busiest_week == Week(date(2025, 6, 2), 4)
    assert found.genres[0] == ("drama", 3)  # viewings: A Moment to Remember twice, Good Doctor
    assert dict(found.genres)["action"] == 2
    assert dict(found.people)["Gong Yoo"] == 1
    assert len(found.people) == TOP  # of the fourteen people in the three titles


def test_people_count_titles_not_viewings_and_are_most_first() -> None:
    """Son Ye-jin is in two titles seen; whoever is in one comes after her."""
    viewings = [seen(1, "2025-01-01", 2), seen(2, "2025-01-02", 8), seen(3, "2025-01-03", 8)]
    found = review(TITLES, viewings, 2025)
    assert found.people[0] == ("Son Ye-jin", 2)
    assert all(count == 1 for _, count in found.people[1:])
    assert len(found.people) == 6


def test_no_ratings_no_average() -> None:
    found = review(TITLES, [seen(1, "2025-03-03", 1)], 2025)
    assert found.average_rating is None and found.ratings == () and found.top_rated == ()
    assert found.longest_gap is None and found.busiest_week is None
    record = review_record(found)
    assert record["average_rating"] is None and record["ratings"] == []


def test_the_year_by_default() -> None:
    """This year if it has viewings, else the latest that has; none without viewings."""
    assert default_year(VIEWINGS, date(2025, 12, 1)) == 2025
    assert default_year(VIEWINGS, date(2027, 1, 1)) == 2025
    assert default_year(VIEWINGS[:1], date(2025, 2, 1)) == 2024
    assert default_year([], date(2025, 2, 1)) is None


def test_the_json_record_has_the_documented_keys() -> None:
    record = review_record(review(TITLES, VIEWINGS, 2025))
    assert list(record) == KEYS
    assert record["months"][0] == {"month": 1, "viewings": 1}
    assert [item["month"] for item in record["months"]] == list(range(1, 13))
    assert record["ratings"][-1] == {"stars": 5, "count": 1}
    assert record["ratings"][0] == {"stars": 3, "count": 1}
    assert record["top_rated"][:2] == [
        {"rank": None, "title": "Parasite", "rating": 5},
        {"rank": 5, "title": "Train to Busan", "rating": 4.5},
    ]
    assert record["genres"][0] == {"genre": "drama", "viewings": 3}
    assert record["people"][0].keys() == {"name", "titles"}


def logged(cli: Run) -> None:
    for args in (
        ("5", "--on", "2025-01-05", "--rating", "3.5"),
        ("2", "--on", "2025-06-02"),
        ("5", "--on", "2025-06-08", "--rating", "4.5"),
        ("10", "--on", "2025-06-08", "--rating", "3"),
        ("7", "--on", "2024-03-01", "--rating", "5"),
    ):
        assert cli("log", *args).code == 0


def test_review_as_json(cli: Run) -> None:
    logged(cli)
    result = cli("diary", "review", "--year", "2025", "--format", "json")
    assert result.code == 0, result.err
    record = json.loads(result.out)
    assert list(record) == KEYS
    assert (record["viewings"], record["titles"], record["rewatches"]) == (4, 3, 1)
    assert (record["minutes"], record["unknown_runtime"]) == (353, 1)
    assert record["average_rating"] == 3.67


def test_review_in_a_pipe_is_key_tab_value_lines(cli: Run) -> None:
    logged(cli)
    lines = cli("diary", "review", "--year", "2025").out.splitlines()
    assert lines[:8] == [
        "year\t2025",
        "viewings\t4",
        "titles\t3",
        "first_watches\t3",
        "rewatches\t1",
        "minutes\t353",
        "unknown_runtime\t1",
        "average_rating\t3.67",
    ]
    assert "month\t06\t3" in lines and "rating\t4.5\t1" in lines
    assert "top_rated\tTrain to Busan\t4.5" in lines
    assert "longest_gap\t2025-01-05..2025-06-02\t148" in lines
    assert "busiest_week\t2025-06-02\t3" in lines
    assert all(1 <= line.count("\t") <= 2 for line in lines)


def test_the_year_defaults_to_the_latest_with_viewings(cli: Run) -> None:
    logged(cli)
    assert cli("diary", "review").out.startswith("year\t2025\n")


@pytest.mark.parametrize("width", [80, 40])
def test_review_at_a_terminal_fits_the_width(
    cli: Run, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """Panels two abreast at 80 columns, one under another at 40; no line is wider."""
    logged(cli)
    monkeypatch.setenv("COLUMNS", str(width))
    result = cli("diary", "review", "--year", "2025", "--format", "table")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert max(map(cell_len, lines)) <= width
    words = " ".join(result.out.replace("│", " ").split())
    assert "4 viewings of 3 titles: 3 first watches, 1 rewatch" in words
    abreast = any("Viewings by month" in line and "Ratings" in line for line in lines)
    assert abreast is (width == 80)
    assert "5 h 53 min watched" in result.out
    assert "★★★★½" in result.out and "Train to Busan" in result.out


def test_a_year_without_viewings_is_one_line_and_exit_1(cli: Run) -> None:
    logged(cli)
    result = cli("diary", "review", "--year", "2019")
    assert (result.code, result.out, result.err) == (1, "", "tearlist: no viewings in 2019\n")


def test_an_empty_diary_has_nothing_to_review(cli: Run) -> None:
    result = cli("diary", "review")
    assert (result.code, result.out) == (1, "")
    assert result.err == "tearlist: the diary is empty: nothing to review\n"


def test_viewings_outside_the_catalogue_count(cli: Run, tmp_path: Path) -> None:
    """A title logged from another catalogue counts in the totals, with no running time."""
    own = tmp_path / "own.yaml"
    own.write_text(
        "- rank: 1\n  title: Parasite\n  kind: film\n  released: 2019-05-30\n"
        "  runtime: 132\n  directors: [{name: Bong Joon-ho}]\n  cast: []\n",
        encoding="utf-8",
    )
    assert (
        cli("--data", str(own), "log", "Parasite", "--on", "2025-02-02", "--rating", "5").code == 0
    )
    assert cli("log", "5", "--on", "2025-02-03").code == 0
    record = json.loads(cli("diary", "review", "--format", "json").out)
    assert (record["viewings"], record["titles"], record["unknown_runtime"]) == (2, 2, 1)
    assert record["minutes"] == 118
    assert record["top_rated"] == [{"rank": None, "title": "Parasite", "rating": 5}]


def test_a_year_of_unrated_titles_outside_the_catalogue_at_a_terminal(
    cli: Run, tmp_path: Path
) -> None:
    """Panels with nothing to chart say so instead of drawing empty bars."""
    own = tmp_path / "own.yaml"
    own.write_text(
        "- rank: 1\n  title: Parasite\n  kind: film\n  directors: []\n  cast: []\n",
        encoding="utf-8",
    )
    assert cli("--data", str(own), "log", "Parasite", "--on", "2025-02-02").code == 0
    result = cli("diary", "review", "--format", "table")
    assert result.code == 0, result.err
    assert result.out.count("no ratings this year") == 2
    assert result.out.count("none this year") == 2  # people and genres
    assert "0 min watched; no running time for 1 viewing" in result.out
    assert "Average rating" not in result.out and "Busiest week" not in result.out
