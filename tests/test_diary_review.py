"""The diary under hostile input: ids, nesting, undecodable text, control characters,
hand-edited rows, special files, huge zips, dates, digits, paths, and usage lines."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import Run, completions

from tearlist import letterboxd

TODAY = date.today()


def diary_path() -> Path:
    """The diary the pinned environment gives this test."""
    return Path(os.environ["TEARLIST_DIARY"])


def one_line(text: str) -> bool:
    """Whether text is one tearlist message and no traceback."""
    return text.startswith("tearlist: ") and text.count("\n") == 1 and "Traceback" not in text


@pytest.mark.parametrize(
    "number", ["99999999999999999999999", "9223372036854775808", "-9223372036854775809", "0"]
)
def test_forget_of_an_id_beyond_sqlite_is_no_such_viewing(cli: Run, number: str) -> None:
    """An id no 64-bit row id can be is a viewing the diary has not: exit 1, one line."""
    assert cli("log", "5").code == 0
    result = cli("diary", "forget", "--", number)
    assert result.code == 1 and one_line(result.err) and "no viewing" in result.err
    assert len(json.loads(cli("diary", "--format", "json").out)) == 1


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("deep.json", "[" * 5000 + "]" * 5000),
        (
            "deep-note.json",
            '[{"title": "Wish", "date": "2020-01-01", "note": ' + "[" * 900 + "]" * 900 + "}]",
        ),
        ("deep.csv", "Name,Year\n" + "[" * 5000 + ",2013\n"),
    ],
)
def test_import_of_deep_nesting_is_one_line(
    cli: Run, tmp_path: Path, name: str, content: str
) -> None:
    """Nesting deeper than Python recurses is invalid data, not a RecursionError."""
    path = tmp_path / name
    path.write_text(content)
    result = cli("diary", "import", str(path))
    assert result.code in (0, 3) and "Traceback" not in result.err
    if name == "deep.json":
        assert result.code == 3 and one_line(result.err)


def test_a_note_of_undecodable_bytes_is_a_usage_error(cli: Run) -> None:
    """Bytes on the command line that are not UTF-8 cannot be stored: one line, exit 2."""
    result = cli("log", "5", "--note", "sad \udcff")
    assert result.code == 2 and one_line(result.err) and "--note" in result.err
    assert cli("diary").code == 1


def test_an_imported_note_that_is_no_utf8_is_invalid_data(cli: Run, tmp_path: Path) -> None:
    """A JSON escape of a lone surrogate in a row is refused with the row's place."""
    path = tmp_path / "bad.json"
    path.write_text('[{"title": "Train to Busan", "date": "2020-01-01", "note": "a \\udcff"}]')
    result = cli("diary", "import", str(path))
    assert result.code == 3 and one_line(result.err) and "viewing 1" in result.err
    assert cli("diary").code == 1


CONTROLS = "bell\x07 esc\x1b[31m c1\x9b bidi\u202e end"


def test_export_to_standard_output_shows_control_characters(cli: Run) -> None:
    """No export to standard output carries a raw control or bidi character."""
    assert cli("log", "5", "--note", CONTROLS).code == 0
    for fmt in ("letterboxd", "csv", "json"):
        result = cli("diary", "export", "-", "--format", fmt)
        assert result.code == 0
        assert not set(result.out) & {"\x07", "\x1b", "\x9b", "\u202e"}, fmt


def test_a_letterboxd_file_keeps_no_control_characters(cli: Run, tmp_path: Path) -> None:
    """On disk too, a Letterboxd CSV keeps line breaks in a note but no other control."""
    assert cli("log", "5", "--note", CONTROLS + "\nsecond line").code == 0
    target = tmp_path / "lb.csv"
    assert cli("diary", "export", str(target), "--format", "letterboxd").code == 0
    text = target.read_text()
    assert not set(text) & {"\x07", "\x1b", "\x9b", "\u202e"}
    assert "\nsecond line" in text


def _damage(sql: str) -> None:
    with contextlib.closing(sqlite3.connect(diary_path())) as db, db:
        db.execute(sql)


@pytest.mark.parametrize(
    ("column", "value", "said"),
    [
        ("watched", "'2025-99-99'", "watched"),
        ("spellings", "'{}'", "spellings"),
        ("rating", "3.7", "rating"),
    ],
)
def test_a_damaged_diary_is_refused_by_every_writer(
    cli: Run, tmp_path: Path, column: str, value: str, said: str
) -> None:
    """What reading calls damaged, log, forget and import refuse before writing anything."""
    assert cli("log", "5").code == 0
    assert cli("log", "6").code == 0
    _damage(f"UPDATE viewing SET {column} = {value} WHERE id = 1")
    before = diary_path().read_bytes()
    reading = cli("diary")
    assert reading.code == 5 and "damaged" in reading.err and said in reading.err
    assert "invalid literal" not in reading.err and one_line(reading.err)
    source = tmp_path / "in.csv"
    source.write_text("Name,Year,WatchedDate\nTrain to Busan,2016,2020-01-01\n")
    for command in (["log", "7"], ["diary", "forget", "2"], ["diary", "import", str(source)]):
        result = cli(*command)
        assert result.code == 5 and one_line(result.err), command
    assert diary_path().read_bytes() == before


def test_import_of_a_fifo_is_refused_at_once(cli: Run, tmp_path: Path) -> None:
    """A FIFO is no file to import: exit 4 without waiting for a writer."""
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)

    def waited(number: int, frame: object) -> None:
        raise AssertionError("import waited on a FIFO")

    previous = signal.signal(signal.SIGALRM, waited)
    signal.alarm(10)
    try:
        result = cli("diary", "import", str(fifo))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert result.code == 4 and one_line(result.err) and "regular file" in result.err


def _bomb(path: Path, rows: int, members: tuple[str, ...]) -> None:
    body = "Name,Year,WatchedDate\n" + "Nothing At All,1999,2020-01-01\n" * rows
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in members:
            archive.writestr(name, body)


def test_a_zip_whose_members_unpack_too_large_is_refused_unread(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The members' sizes together are bounded, not each alone."""
    monkeypatch.setattr(letterboxd, "MAX_BYTES", 1 << 20)
    path = tmp_path / "export.zip"
    _bomb(path, 12_000, ("diary.csv", "watched.csv"))  # about 380 KiB a member
    assert path.stat().st_size < 1 << 20
    assert cli("diary", "import", str(path)).code == 0
    _bomb(path, 12_000, letterboxd.ACCOUNT_FILES)  # four members: above 1 MiB together
    result = cli("diary", "import", str(path))
    assert result.code == 4 and one_line(result.err) and "MiB" in result.err


def test_rows_are_bounded_across_members(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More rows than MAX_ROWS across a zip's members is refused: exit 3, one line."""
    monkeypatch.setattr(letterboxd, "MAX_ROWS", 1000)
    path = tmp_path / "export.zip"
    _bomb(path, 400, ("diary.csv", "reviews.csv", "watched.csv"))
    result = cli("diary", "import", str(path))
    assert result.code == 3 and one_line(result.err) and "1,000 rows" in result.err


def test_unmatched_rows_are_told_once_a_title_and_at_most_twenty(cli: Run, tmp_path: Path) -> None:
    """Each title that matches nothing is named once with a count; past 20, a sum."""
    lines = ["Name,Year,WatchedDate"]
    lines += [f"Nothing {number},2000,2020-01-0{1 + number % 9}" for number in range(30)] * 3
    lines += ["Train to Busan,2016,2020-01-01"]
    path = tmp_path / "rows.csv"
    path.write_text("\n".join(lines) + "\n")
    result = cli("diary", "import", str(path))
    assert result.code == 0
    told = result.err.splitlines()
    assert (
        len(told) == 21 and told[-1] == "and 10 more titles that match nothing, kept all the same"
    )
    assert "'Nothing 0' (2000) (3 rows)" in told[0]
    assert result.out == "added 1, kept unmatched 90, already there 0\n"


@pytest.mark.parametrize(
    ("row", "said"),
    [
        (f"Train to Busan,2016,{(TODAY + timedelta(days=2)).isoformat()},", "in the future"),
        ("Train to Busan,2016,1500-01-01,", "before 1888"),
        ("Train to Busan,2016,2020-01-01," + "x" * 10_001, "at most 10000 characters"),
    ],
)
def test_import_has_the_rules_of_log(cli: Run, tmp_path: Path, row: str, said: str) -> None:
    """A day log refuses, or a note longer than log keeps, is refused by import too."""
    path = tmp_path / "rows.csv"
    path.write_text("Name,Year,WatchedDate,Review\n" + row + "\n")
    result = cli("diary", "import", str(path))
    assert result.code == 3 and one_line(result.err) and said in result.err
    assert f"{path}:2" in result.err


def test_log_refuses_a_note_longer_than_the_cap(cli: Run) -> None:
    """log's cap is the one import has."""
    result = cli("log", "5", "--note", "x" * 10_001)
    assert result.code == 2 and "at most 10000 characters" in result.err


@pytest.mark.parametrize(
    ("day", "said"),
    [
        ("Monday, 20 Nov 2025", "Thursday"),
        ("Nov 20 25", "four digits"),
        ("Nov 20 '25", "four digits"),
        ("0001-01-01", "before 1888"),
        ("1887-12-31", "before 1888"),
        ("Monday, Nov 20", ""),
    ],
)
def test_on_follows_the_catalogue_date_rules(cli: Run, day: str, said: str) -> None:
    """A wrong weekday, a two-digit year or a day before films is a usage error."""
    if day == "Monday, Nov 20":  # right or wrong depends on today: test against the day found
        latest = next(
            d
            for d in (date(y, 11, 20) for y in range(TODAY.year, TODAY.year - 2, -1))
            if d <= TODAY
        )
        ok = latest.weekday() == 0
        assert (cli("log", "5", "--on", day).code == 0) is ok
        return
    result = cli("log", "5", "--on", day)
    assert result.code == 2 and said in result.err
    assert cli("log", "5", "--on", "Thursday, 20 Nov 2025").code == 0
    assert cli("log", "5", "--on", "1888-01-01").code == 0


@pytest.mark.parametrize("text", ["\uff14.\uff15", "\u0664.\u0665", "\uff14"])
def test_ratings_in_other_digits_are_read(cli: Run, text: str) -> None:
    """Fullwidth and Arabic-Indic digits are digits, as in a rank."""
    result = cli("log", "7", "--rating", text)
    assert result.code == 0, result.err
    assert "★★★★" in result.out


def test_stars_written_with_a_half_still_read(cli: Run) -> None:
    """Normalizing digits leaves ★★★½ as it was."""
    assert "★★★½" in cli("log", "7", "--rating", "★★★½").out


@pytest.mark.parametrize("ending", ["/", "/.", "/.."])
def test_a_diary_path_naming_a_folder_is_refused(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ending: str
) -> None:
    """TEARLIST_DIARY ending in a slash, . or .. names a folder: exit 4, nothing made."""
    monkeypatch.setenv("TEARLIST_DIARY", str(tmp_path / "newdir") + ending)
    for command in (["log", "5"], ["diary"]):
        result = cli(*command)
        assert result.code == 4 and one_line(result.err) and "folder" in result.err
    assert not (tmp_path / "newdir").exists()


def test_a_symlink_loop_or_dangling_link_is_said(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A loop is an error for reading and writing; a dangling link is named, not followed."""
    loop = tmp_path / "loop.sqlite3"
    loop.symlink_to(loop)
    monkeypatch.setenv("TEARLIST_DIARY", str(loop))
    for command in (["diary"], ["log", "5"]):
        result = cli(*command)
        assert result.code == 4 and one_line(result.err) and "loop" in result.err
    dangling = tmp_path / "dangling.sqlite3"
    dangling.symlink_to(tmp_path / "missing" / "diary.sqlite3")
    monkeypatch.setenv("TEARLIST_DIARY", str(dangling))
    for command in (["diary"], ["log", "5"]):
        result = cli(*command)
        assert result.code == 4 and one_line(result.err) and "does not exist" in result.err
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        (["log"], "Usage: tearlist log [OPTIONS] REF"),
        (["diary", "forget"], "Usage: tearlist diary forget [OPTIONS] ID"),
        (["diary", "export"], "Usage: tearlist diary export [OPTIONS] FILE"),
        (["diary", "import"], "Usage: tearlist diary import [OPTIONS] FILE"),
    ],
)
def test_usage_lines_have_no_braces(cli: Run, command: list[str], usage: str) -> None:
    """The diary's commands write their arguments as the rest of the CLI does."""
    assert cli(*command, "--help").out.splitlines()[0] == usage


def test_diary_completes_a_title(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """tearlist diary Tr offers titles, as log Tr does; diary fo still offers forget."""
    assert completions("tearlist log Tr", monkeypatch, capsys) == ["Train\\ to\\ Busan"]
    assert completions("tearlist diary Tr", monkeypatch, capsys) == ["Train\\ to\\ Busan"]
    assert "forget" in completions("tearlist diary fo", monkeypatch, capsys)


COLLIDING = """\
- {rank: 1, title: Wish, korean_title: 소원, kind: film, released: 2013-10-02,
   directors: [], cast: []}
- {rank: 2, title: Other, alt_titles: [Hope], kind: film, released: 2013-05-01,
   directors: [], cast: []}
- {rank: 3, title: So-won, kind: series, released: 2013-03-01, directors: [], cast: []}
"""


def test_every_command_gives_a_viewing_to_one_title(cli: Run, tmp_path: Path) -> None:
    """Where spellings collide, list --seen, stats, the Seen column, show and diary REF agree."""
    assert cli("log", "7", "--on", "2025-01-01").code == 0  # the bundled Hope (소원, Wish)
    data = tmp_path / "colliding.yaml"
    data.write_text(COLLIDING)
    listed = json.loads(cli("--data", str(data), "diary", "--format", "json").out)
    (owner,) = {viewing["rank"] for viewing in listed}
    assert owner in (1, 2, 3)
    seen = cli("--data", str(data), "list", "--seen", "--fields", "rank", "--format", "plain")
    assert seen.out.split() == [str(owner)]
    stats = cli("--data", str(data), "stats", "--by", "seen", "--format", "json")
    assert [(row["value"], row["count"]) for row in json.loads(stats.out)] == [
        ("seen", 1),
        ("not seen", 2),
    ]
    table = cli("--data", str(data), "--no-color", "list", "--format", "table")
    marked = [line.split()[1] for line in table.out.splitlines() if "✓" in line]
    assert marked == [str(owner)]
    for rank in (1, 2, 3):
        shown = json.loads(cli("--data", str(data), "show", str(rank), "--format", "json").out)
        assert bool(shown.get("viewings")) is (rank == owner), rank
        mine = cli("--data", str(data), "diary", str(rank), "--format", "json")
        assert (mine.code == 0) is (rank == owner), rank
