"""The diary commands as a user runs them: log, diary, forget, export and import, --seen."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from conftest import Run

from tearlist import loading

TODAY = date.today()


def test_log_prints_what_was_logged_and_marks_rewatches(cli: Run) -> None:
    """log says what it recorded with its id; the second viewing of a title is a rewatch."""
    first = cli("log", "부산행", "--on", "2025-11-20", "--rating", "4.5", "--note", "the station")
    assert (first.code, first.out, first.err) == (
        0,
        "logged viewing 1: Train to Busan (2016) on 2025-11-20, ★★★★½\n",
        "",
    )
    second = cli("log", "busanhaeng", "--on", "yesterday")
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    assert second.out == f"logged viewing 2: Train to Busan (2016) on {yesterday}, rewatch\n"
    assert cli("log", "2").out == f"logged viewing 3: A Moment to Remember (2004) on {TODAY}\n"
    listed = json.loads(cli("diary", "--format", "json").out)
    assert [(v["id"], v["rewatch"], v["rating"], v["note"]) for v in listed] == [
        (3, False, None, None),
        (2, True, None, None),
        (1, False, 4.5, "the station"),
    ]
    assert set(listed[0]) >= {"id", "date", "rank", "title", "rating", "rewatch", "note"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--on", "2999-01-01"], "is in the future"),
        (["--on", "2025-02-30"], "not a real date"),
        (["--rating", "0"], "from 0.5 to 5"),
        (["--rating", "5.5"], "from 0.5 to 5"),
        (["--rating", "3.3"], "in halves"),
    ],
)
def test_log_refuses_bad_days_and_ratings(cli: Run, args: list[str], message: str) -> None:
    """A future or impossible day, or stars off the half steps, is a usage error; nothing is made."""
    result = cli("log", "5", *args)
    assert result.code == 2 and message in result.err and result.err.count("\n") == 1
    assert cli("diary").code == 1


def test_log_of_an_unknown_title_is_not_found(cli: Run) -> None:
    """A REF that fits no title exits 1 and logs nothing."""
    assert cli("log", "Parasite").code == 1
    assert cli("diary").code == 1


def test_forget_deletes_one_viewing(cli: Run) -> None:
    """diary forget ID removes that viewing only, and says which; an unknown id exits 1."""
    cli("log", "5", "--on", "2025-01-01")
    cli("log", "2", "--on", "2025-01-02")
    result = cli("diary", "forget", "1")
    assert (result.code, result.out) == (
        0,
        "forgot viewing 1: Train to Busan (2016) on 2025-01-01\n",
    )
    assert cli("diary", "--fields", "id,title").out == "2\tA Moment to Remember\n"
    missing = cli("diary", "forget", "1")
    assert (missing.code, missing.err) == (1, "tearlist: the diary has no viewing 1\n")


def test_diary_lists_newest_first_and_narrows(cli: Run) -> None:
    """diary lists viewings newest first; REF and --year (of the viewing) narrow it."""
    cli("log", "5", "--on", "2024-03-01", "--rating", "3")
    cli("log", "2", "--on", "2025-03-01", "--note", "tissues")
    cli("log", "5", "--on", "2025-04-01")
    assert cli("diary").out == (
        "3\t2025-04-01\t5\tTrain to Busan\t\trewatch\t\n"
        "2\t2025-03-01\t2\tA Moment to Remember\t\t\ttissues\n"
        "1\t2024-03-01\t5\tTrain to Busan\t★★★\t\t\n"
    )
    assert cli("diary", "train", "--fields", "id").out == "3\n1\n"
    assert cli("diary", "--year", "2024", "--fields", "id").out == "1\n"
    assert cli("diary", "--year", "2020").code == 1
    table = cli("diary", "--format", "table").out
    assert "★★★" in table and "tissues" in table and "rewatch" in table


def test_seen_and_unseen_on_list_sort_search_and_export(cli: Run, tmp_path: Path) -> None:
    """--seen keeps the titles in the diary, --unseen the others, in every listing command."""
    cli("log", "5")
    cli("log", "8", "--rating", "5")
    assert cli("list", "--seen", "--fields", "rank").out == "5\n8\n"
    assert cli("list", "--unseen", "--fields", "rank").out.split() == [
        "1",
        "2",
        "3",
        "4",
        "6",
        "7",
        "9",
        "10",
    ]
    assert cli("sort", "--seen", "--fields", "rank").out == "5\n8\n"
    assert cli("search", "son ye-jin", "--unseen", "--fields", "rank").out == "2\n"
    assert cli("list", "--seen", "--kind", "series").code == 1
    assert cli("export", str(tmp_path / "seen.json"), "--seen").code == 0
    assert [t["rank"] for t in json.loads((tmp_path / "seen.json").read_text())] == [5, 8]
    table = cli("list", "--format", "table").out
    assert "Seen" in table and "✓ ★★★★★" in table


def test_show_ends_with_viewings_and_latest_rating(cli: Run) -> None:
    """show adds the title's viewings and the latest rating given, in every format."""
    cli("log", "5", "--on", "2024-01-01", "--rating", "3")
    cli("log", "5", "--on", "2025-01-01", "--rating", "4.5", "--note", "again")
    plain = cli("show", "5").out
    assert plain.endswith(
        "viewed\t2025-01-01, ★★★★½, rewatch, again\nviewed\t2024-01-01, ★★★\nrating\t★★★★½\n"
    )
    record = json.loads(cli("show", "5", "--format", "json").out)
    assert record["rating"] == 4.5 and [v["date"] for v in record["viewings"]] == [
        "2025-01-01",
        "2024-01-01",
    ]
    assert json.loads(cli("show", "2", "--format", "json").out)["viewings"] == []
    assert "Your rating" in cli("show", "5", "--format", "table").out
    assert "- **your rating**: ★★★★½" in cli("show", "5", "--format", "markdown").out


def _catalogue(tmp_path: Path, change: object) -> Path:
    """The bundled catalogue, changed by a function, written to a file."""
    records = yaml.safe_load(loading.bundled_path().read_text(encoding="utf-8"))
    records = change(records)  # type: ignore[operator]
    path = tmp_path / "other.yaml"
    path.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_viewings_survive_a_reranked_and_extended_catalogue(cli: Run, tmp_path: Path) -> None:
    """A viewing is of the title, not of its rank: re-ranked, renamed to an alternative
    title, or dropped from the catalogue, it is still there."""
    cli("log", "Train to Busan", "--on", "2025-05-05", "--rating", "4")

    def rerank(records: list[dict[str, object]]) -> list[dict[str, object]]:
        for record in records:
            record["rank"] = 11 - int(str(record["rank"]))
            if record["title"] == "Train to Busan":
                record["title"], record["alt_titles"] = "Busanhaeng", ["Train to Busan"]
        return records

    other = _catalogue(tmp_path, rerank)
    assert cli("--data", str(other), "diary", "--fields", "rank,title").out == "6\tBusanhaeng\n"
    assert cli("--data", str(other), "list", "--seen", "--fields", "rank").out == "6\n"
    without = _catalogue(tmp_path, lambda records: [r for r in records if r["rank"] != 5])
    kept = json.loads(cli("--data", str(without), "diary", "--format", "json").out)
    assert [(v["rank"], v["title"], v["year"]) for v in kept] == [(None, "Train to Busan", 2016)]
    assert "not in this catalogue" in cli("--data", str(without), "diary", "-f", "table").out
    assert cli("diary", "--fields", "rank").out == "5\n"


def test_a_same_title_of_another_year_is_another_film(cli: Run, tmp_path: Path) -> None:
    """A remake with the same title but another year does not share the viewings."""
    cli("log", "Hope")

    def remake(records: list[dict[str, object]]) -> list[dict[str, object]]:
        for record in records:
            if record["title"] == "Hope":
                record["released"] = date(2030, 1, 1)
        return records

    assert cli("--data", str(_catalogue(tmp_path, remake)), "list", "--seen").code == 1


def test_letterboxd_round_trip(cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """export --format letterboxd, then import into an empty diary, gives the same viewings."""
    cli("log", "5", "--on", "2025-11-20", "--rating", "4.5", "--note", 'cried, "twice"\nreally')
    cli("log", "5", "--on", "2025-11-21")
    cli("log", "2", "--on", "2025-10-01", "--rating", "0.5")
    cli("log", "Good Doctor", "--on", "2025-09-01")
    target = tmp_path / "letterboxd.csv"
    exported = cli("diary", "export", str(target), "--format", "letterboxd")
    assert exported.err == (
        f"wrote 3 viewings to {target}; left out 1 viewing of series,"
        " which Letterboxd does not list\n"
    )
    assert target.read_text().splitlines()[:2] == [
        "Title,Year,WatchedDate,Rating,Rewatch,Review",
        "Train to Busan,2016,2025-11-21,,true,",
    ]
    fields = "date,rank,title,rating,rewatch,note"
    films = [
        line
        for line in cli("diary", "--format", "csv", "--fields", fields).out.splitlines()
        if "Good Doctor" not in line
    ]
    monkeypatch.setenv("TEARLIST_DIARY", str(tmp_path / "empty.sqlite3"))
    result = cli("diary", "import", str(target))
    assert (result.code, result.out) == (0, "added 3, kept unmatched 0, already there 0\n")
    assert cli("diary", "--format", "csv", "--fields", fields).out.splitlines() == films


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_own_exports_round_trip(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """diary export's JSON and CSV import back into the same viewings, series included."""
    cli("log", "5", "--on", "2025-11-20", "--rating", "4.5", "--note", "=not a formula")
    cli("log", "10", "--on", "2025-11-21", "--rating", "2")
    target = tmp_path / f"viewings.{fmt}"
    assert cli("diary", "export", str(target)).code == 0
    before = cli("diary", "--format", "json").out
    monkeypatch.setenv("TEARLIST_DIARY", str(tmp_path / "empty.sqlite3"))
    assert cli("diary", "import", str(target)).out == "added 2, kept unmatched 0, already there 0\n"
    assert cli("diary", "--format", "json").out == before


LETTERBOXD_DIARY = """\
Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date
2025-01-03,Train to Busan,2016,https://boxd.it/aaaa,4.5,,,2025-01-02
2025-01-05,Busanhaeng,2016,https://boxd.it/aaaa,5,Yes,,2025-01-04
2025-02-01,Parasite,2019,https://boxd.it/bbbb,5,,,2025-01-31
2025-02-02,Wish,2013,https://boxd.it/cccc,,,,
2025-02-03,Train to Busan,2015,https://boxd.it/dddd,3,,,2025-02-03
"""


def test_import_of_a_letterboxd_diary(cli: Run, tmp_path: Path) -> None:
    """Rows match any spelling and the year; the rest are listed; a second import adds nothing."""
    source = tmp_path / "diary.csv"
    source.write_text(LETTERBOXD_DIARY)
    first = cli("diary", "import", str(source))
    assert (first.code, first.out) == (0, "added 3, kept unmatched 2, already there 0\n")
    assert first.err == (
        "diary.csv:4: no title matches 'Parasite' (2019); kept outside the catalogue\n"
        "diary.csv:6: no title matches 'Train to Busan' (2015); kept outside the catalogue\n"
    )
    assert cli("diary", "--fields", "date,rank,title,stars,rewatch").out == (
        "2025-02-03\t\tTrain to Busan\t★★★\t\n2025-02-02\t7\tHope\t\t\n"
        "2025-01-31\t\tParasite\t★★★★★\t\n2025-01-04\t5\tTrain to Busan\t★★★★★\trewatch\n"
        "2025-01-02\t5\tTrain to Busan\t★★★★½\t\n"
    )
    again = cli("diary", "import", str(source))
    assert again.out == "added 0, kept unmatched 0, already there 5\n"


def test_import_of_a_letterboxd_account_zip(cli: Run, tmp_path: Path) -> None:
    """The export's .zip: diary entries with their reviews, and films only marked seen or rated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("diary.csv", LETTERBOXD_DIARY)
        archive.writestr(
            "reviews.csv",
            "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\n"
            "2025-01-03,Train to Busan,2016,https://boxd.it/aaaa,4.5,,So sad.,,2025-01-02\n",
        )
        archive.writestr(
            "watched.csv",
            "Date,Name,Year,Letterboxd URI\n2024-06-01,Train to Busan,2016,x\n"
            "2024-06-02,Hello Ghost,2010,y\n",
        )
        archive.writestr(
            "ratings.csv",
            "Date,Name,Year,Letterboxd URI,Rating\n2024-06-02,Hello Ghost,2010,y,3.5\n"
            "2024-07-01,Be with You,2018,z,4\n",
        )
        archive.writestr("../evil/diary.csv", "Date,Name\n")
        archive.writestr("likes/films.csv", "Date,Name\n")
    source = tmp_path / "letterboxd-export.zip"
    source.write_bytes(buffer.getvalue())
    result = cli("diary", "import", str(source))
    assert result.out == "added 5, kept unmatched 2, already there 0\n"
    assert cli("diary", "--fields", "date,rank,stars,note").out == (
        "2025-02-03\t\t★★★\t\n2025-02-02\t7\t\t\n2025-01-31\t\t★★★★★\t\n2025-01-04\t5\t★★★★★\t\n2025-01-02\t5\t★★★★½\tSo sad.\n"
        "2024-07-01\t8\t★★★★\t\n2024-06-02\t6\t★★★½\t\n"
    )
    assert cli("diary", "import", str(source)).out == "added 0, kept unmatched 0, already there 7\n"
    assert not (tmp_path.parent / "evil").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Date,Name,Year\n2025-01-01,Hope,20x3\n", "bad.csv:2: Year: expected a year"),
        (
            b"Date,Name,Year,Rating\n2025-01-01,Hope,2013,3.3\n",
            "bad.csv:2: Rating: stars go in halves",
        ),
        (b"Date,Name,Year\nyesterday,Hope,2013\n", "bad.csv:2: Date: expected a date"),
        (b"Date,Film\n2025-01-01,Hope\n", "bad.csv: expected a CSV header with Name or Title"),
        (b"Name\n\xff\n", "bad.csv: not UTF-8 text"),
        (b"PK\x03\x04broken", "bad.csv: not a readable zip file"),
    ],
)
def test_import_of_a_bad_file_adds_nothing(
    cli: Run, tmp_path: Path, content: bytes, message: str
) -> None:
    """A file that cannot be read is invalid data (exit 3), named with its line; nothing is added."""
    source = tmp_path / "bad.csv"
    source.write_bytes(content)
    result = cli("diary", "import", str(source))
    assert result.code == 3 and message in result.err and result.err.count("\n") == 1
    assert cli("diary").code == 1


def test_diary_export_refuses_to_overwrite(cli: Run, tmp_path: Path) -> None:
    """diary export replaces an existing file only with --force; an empty diary exits 1."""
    target = tmp_path / "viewings.json"
    assert cli("diary", "export", str(target)).code == 1
    cli("log", "5")
    target.write_text("mine")
    result = cli("diary", "export", str(target))
    assert result.code == 4 and target.read_text() == "mine"
    assert cli("diary", "export", str(target), "--force").code == 0
    assert json.loads(target.read_text())[0]["title"] == "Train to Busan"
    assert cli("diary", "export", "-", "--format", "csv").out.startswith("id,date,rank,title,")
    assert cli("diary", "export", str(tmp_path / "v.txt")).code == 2


def test_watched_and_ratings_say_seen_not_when(cli: Run, tmp_path: Path) -> None:
    """watched.csv and ratings.csv rows are there already if the title has any viewing."""
    cli("log", "5", "--on", "2025-01-01")
    watched = tmp_path / "watched.csv"
    watched.write_text(
        "Date,Name,Year,Letterboxd URI\n2025-03-01,Train to Busan,2016,x\n2025-03-02,Hope,2013,y\n"
    )
    assert (
        cli("diary", "import", str(watched)).out == "added 1, kept unmatched 0, already there 1\n"
    )
    ratings = tmp_path / "ratings.csv"
    ratings.write_text("Date,Name,Year,Letterboxd URI,Rating\n2025-03-05,Wish,2013,y,4\n")
    assert (
        cli("diary", "import", str(ratings)).out == "added 0, kept unmatched 0, already there 1\n"
    )
    assert cli("diary", "--fields", "date,rank").out == "2025-03-02\t7\n2025-01-01\t5\n"


def test_reviews_csv_gives_notes(cli: Run, tmp_path: Path) -> None:
    """reviews.csv alone adds its viewings on their watched day, with the review as the note."""
    reviews = tmp_path / "reviews.csv"
    reviews.write_text(
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\n"
        '2025-01-03,7번방의 선물,2013,x,5,Yes,"Line one,\nline two",,2025-01-02\n'
    )
    assert cli("diary", "import", str(reviews)).code == 0
    record = json.loads(cli("diary", "--format", "json").out)[0]
    assert (record["rank"], record["date"], record["rewatch"], record["note"]) == (
        1,
        "2025-01-02",
        True,
        "Line one,\nline two",
    )
    assert cli("diary").out.endswith("\tLine one,␊line two\n")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"title": "Hope"}', "expected a list of viewings"),
        ("[1, 2]", "expected a list of viewings"),
        ('[{"title": "Hope", "date": "2025-01-01", "rewatch": "maybe"}]', "Rewatch: expected yes"),
        ('[{"date": "2025-01-01"}]', "viewing 1: no title"),
        ("[{", "bad.json:1:3:"),
    ],
)
def test_import_of_bad_json(cli: Run, tmp_path: Path, content: str, message: str) -> None:
    """JSON that is not diary export's list of viewings is invalid data, exit 3."""
    source = tmp_path / "bad.json"
    source.write_text(content)
    result = cli("diary", "import", str(source))
    assert result.code == 3 and message in result.err


def test_import_of_a_missing_file_or_an_empty_zip(cli: Run, tmp_path: Path) -> None:
    """A file that cannot be read exits 4; a zip without a Letterboxd file exits 3."""
    assert cli("diary", "import", str(tmp_path / "none.csv")).code == 4
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("likes/films.csv", "Date,Name\n")
    result = cli("diary", "import", str(empty))
    assert result.code == 3 and "a zip without diary.csv" in result.err


def test_diary_list_is_the_default_command(cli: Run) -> None:
    """tearlist diary and tearlist diary list are the same; --help shows the group."""
    cli("log", "5", "--on", "2025-01-01")
    assert cli("diary").out == cli("diary", "list").out
    assert cli("diary", "--format", "markdown").out.startswith("| id | date | rank |")
    assert "forget" in cli("diary", "--help").out


LEAN = """
import sys
from tearlist.__main__ import run
code = run(sys.argv[1:])
print(code, *sorted(m for m in ("sqlite3", "dateutil", "rich") if m in sys.modules))
"""


def lean(*args: str) -> str:
    """The exit code of tearlist run with args in a fresh interpreter, and which of sqlite3,
    dateutil and rich it imported."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", LEAN, *args], capture_output=True, text=True, timeout=60
    )
    return result.stdout.splitlines()[-1]


@pytest.mark.parametrize(
    ("args", "loaded"),
    [
        (["list", "--format", "json"], ""),
        (["list", "--format", "table"], "rich sqlite3"),  # to mark the titles seen
        (["show", "5", "--format", "json"], "sqlite3"),
        (["list", "--unseen", "--format", "json"], "sqlite3"),
        (["log", "5"], "sqlite3"),
        (["log", "5", "--on", "Nov 20"], "dateutil sqlite3"),
    ],
)
def test_the_diary_is_opened_only_when_needed(cli: Run, args: list[str], loaded: str) -> None:
    """sqlite3 (and dateutil) are imported only by the commands that need them."""
    cli("log", "5")  # a diary exists
    assert lean(*args) == f"0 {loaded}".strip()


def test_without_a_diary_the_table_imports_no_sqlite3() -> None:
    """With nothing at the diary's path, the list table has nothing to mark, and does not
    load the diary's modules to find that out."""
    assert lean("list", "--format", "table") == "0 rich"


@pytest.mark.parametrize(
    ("words", "offered"),
    [
        ("tearlist diary fo", "forget\n"),
        ("tearlist diary list Hop", "Hope\n"),
        ("tearlist log Hop", "Hope\n"),
    ],
)
def test_completion_of_the_diary_commands(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], words: str, offered: str
) -> None:
    """The diary's commands complete, and so do the titles they take."""
    from tearlist.__main__ import run

    monkeypatch.setenv("_TEARLIST_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", words)
    monkeypatch.setenv("COMP_CWORD", str(len(words.split()) - 1))
    assert run([]) == 0
    assert capsys.readouterr().out == offered


def test_narrow_terminals_get_viewings_one_under_another(
    cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the diary table or the seen column does not fit, each is a block of lines."""
    cli("log", "5", "--on", "2025-01-01", "--rating", "4", "--note", "the station")
    monkeypatch.setenv("COLUMNS", "30")
    diary = cli("diary", "--format", "table").out
    assert diary.splitlines()[:2] == ["1. Train to Busan", "2025-01-01, ★★★★, the station"]
    listed = cli("list", "--format", "table").out
    assert "5. Train to Busan" in listed and "Seen ✓ ★★★★" in listed


def test_import_refuses_what_is_not_a_regular_file(cli: Run, tmp_path: Path) -> None:
    """A folder or a device is refused (exit 4) before anything is read from it."""
    assert cli("diary", "import", str(tmp_path)).code == 4
    result = cli("diary", "import", "/dev/zero")
    assert (result.code, result.err) == (
        4,
        "tearlist: /dev/zero: not a regular file, so it cannot be imported\n",
    )


def test_pick_and_stats_take_seen_and_unseen(cli: Run) -> None:
    """pick --unseen picks only what is left; stats --by seen shows progress through the list."""
    for rank in range(1, 10):
        if rank != 7:
            cli("log", str(rank))
    picked = cli("pick", "--unseen", "--fields", "rank", "--count", "5").out.split()
    assert sorted(picked) == ["10", "7"]
    assert cli("pick", "--unseen", "--kind", "film", "--fields", "rank").out == "7\n"
    assert cli("stats", "--by", "seen").out == "seen\t8\nnot seen\t2\n"
    assert cli("stats", "--by", "seen", "--kind", "series").out == "not seen\t1\n"
    assert cli("stats", "--by", "kind", "--seen").out == "film\t8\n"
    chart = cli("stats", "--by", "seen", "--format", "table").out
    assert "diary" in chart and "not seen" in chart
    # The last of --seen and --unseen wins, as for any pair of flags.
    assert cli("pick", "--unseen", "--genre", "horror", "--seen", "--fields", "rank").out == "5\n"


def test_no_title_left_says_which_filters(cli: Run) -> None:
    """When --unseen keeps nothing, the message names it among the filters."""
    for rank in range(1, 11):
        cli("log", str(rank))
    result = cli("list", "--unseen", "--kind", "film")
    assert (result.code, result.err) == (
        1,
        "tearlist: no title matches the filters (--kind film, --unseen)\n",
    )
    assert cli("stats", "--by", "seen").out == "seen\t10\n"
