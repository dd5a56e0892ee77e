"""The diary keeps everything it is given: rows of titles outside the catalogue, notes as
written, rewatch flags by one rule, the title a rank names; and a diary problem never takes
the catalogue away."""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import Run
from test_diary_cli import _catalogue

TODAY = date.today()


def _without_busan(records: list[dict[str, object]]) -> list[dict[str, object]]:
    return [record for record in records if record["title"] != "Train to Busan"]


def _new_diary(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str) -> None:
    monkeypatch.setenv("TEARLIST_DIARY", str(tmp_path / name))


@pytest.mark.parametrize("name", ["moved.json", "moved.csv"])
def test_a_moved_diary_keeps_viewings_of_titles_outside_the_catalogue(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """Every row of tearlist's own export comes back, matched or not, and a catalogue that
    holds the title links it again: diary, show, --seen and stats --by seen."""
    assert cli("log", "5", "--on", "2025-05-05", "--rating", "4").code == 0
    assert cli("log", "7", "--on", "2025-06-06").code == 0
    target = tmp_path / name
    assert cli("diary", "export", str(target)).code == 0
    without = str(_catalogue(tmp_path, _without_busan))
    _new_diary(monkeypatch, tmp_path, "moved.sqlite3")
    moved = cli("--data", without, "diary", "import", str(target))
    assert (moved.code, moved.out) == (0, "added 1, kept unmatched 1, already there 0\n")
    assert "no title matches 'Train to Busan' (2016); kept outside the catalogue" in moved.err
    kept = json.loads(cli("--data", without, "diary", "--format", "json").out)
    assert [(v["rank"], v["title"], v["year"], v["rating"]) for v in kept] == [
        (7, "Hope", 2013, None),
        (None, "Train to Busan", 2016, 4),
    ]
    # The bundled catalogue holds Train to Busan: its viewing is linked again.
    assert cli("diary", "--fields", "rank,date").out == "7\t2025-06-06\n5\t2025-05-05\n"
    assert "2025-05-05" in cli("show", "5", "--format", "plain").out
    assert cli("list", "--seen", "--fields", "rank").out == "5\n7\n"
    assert cli("stats", "--by", "seen", "--format", "plain").out == "seen\t2\nnot seen\t8\n"
    again = cli("--data", without, "diary", "import", str(target))
    assert again.out == "added 0, kept unmatched 0, already there 2\n"


def test_a_letterboxd_row_matching_nothing_is_kept_and_linked_later(
    cli: Run, tmp_path: Path
) -> None:
    """A Letterboxd history loses nothing: an unmatched row is a viewing outside the
    catalogue, and the catalogue that adds the title shows it."""
    source = tmp_path / "diary.csv"
    source.write_text("Name,Year,WatchedDate,Rating\nTrain to Busan,2016,2024-03-03,4.5\n")
    without = str(_catalogue(tmp_path, _without_busan))
    result = cli("--data", without, "diary", "import", str(source))
    assert result.out == "added 0, kept unmatched 1, already there 0\n"
    assert cli("--data", without, "list", "--seen").code == 1
    assert cli("list", "--seen", "--fields", "rank").out == "5\n"
    assert "2024-03-03, ★★★★½" in cli("show", "5", "--format", "plain").out


@pytest.mark.parametrize("kind", ["json", "csv"])
def test_a_round_trip_returns_notes_byte_for_byte(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """Spaces around a note and a quote before =, +, - or @ come back as written; only the
    quote tearlist's own CSV export put there is taken off."""
    notes = ["  cried twice \n", "'=not a formula", "=SUM(A1)", "'@home", "-", "'"]
    for day, note in enumerate(notes, 1):
        assert cli("log", "5", "--on", f"2025-01-0{day}", "--note", note).code == 0
    target = tmp_path / f"diary.{kind}"
    assert cli("diary", "export", str(target)).code == 0
    _new_diary(monkeypatch, tmp_path, "moved.sqlite3")
    assert cli("diary", "import", str(target)).code == 0
    back = json.loads(cli("diary", "--format", "json").out)
    assert sorted(v["note"] for v in back) == sorted(notes)


def test_a_letterboxd_review_keeps_a_leading_quote(cli: Run, tmp_path: Path) -> None:
    """Letterboxd's CSV is not guarded: its quote is the reviewer's own."""
    source = tmp_path / "diary.csv"
    source.write_text("Name,Year,WatchedDate,Review\nHope,2013,2024-03-03,'=ok \n")
    assert cli("diary", "import", str(source)).code == 0
    assert json.loads(cli("diary", "--format", "json").out)[0]["note"] == "'=ok "


def _flags(cli: Run) -> list[tuple[str, bool]]:
    viewings = json.loads(cli("diary", "--format", "json").out)
    return sorted((v["date"], v["rewatch"]) for v in viewings)


def test_rewatch_flags_follow_the_dates_after_log_import_and_forget(
    cli: Run, tmp_path: Path
) -> None:
    """An earlier viewing imported after a later one makes the later one the rewatch; a
    row said to be a rewatch stays one; forget settles the rest."""
    assert cli("log", "5", "--on", "2025-11-20").code == 0
    source = tmp_path / "diary.csv"
    source.write_text(
        "Name,Year,WatchedDate,Rewatch\nTrain to Busan,2016,2020-01-01,\nHope,2013,2019-05-05,Yes\n"
    )
    assert cli("diary", "import", str(source)).code == 0
    assert _flags(cli) == [("2019-05-05", True), ("2020-01-01", False), ("2025-11-20", True)]
    exported = tmp_path / "letterboxd.csv"
    assert cli("diary", "export", str(exported), "--format", "letterboxd").code == 0
    lines = exported.read_text().splitlines()
    assert "Train to Busan,2016,2020-01-01,,false," in lines
    assert "Train to Busan,2016,2025-11-20,,true," in lines
    assert cli("log", "5", "--on", "2010-01-01").code == 0
    assert _flags(cli)[:2] == [("2010-01-01", False), ("2019-05-05", True)]
    assert _flags(cli)[2:] == [("2020-01-01", True), ("2025-11-20", True)]
    viewings = json.loads(cli("diary", "--format", "json").out)
    first = next(v["id"] for v in viewings if v["date"] == "2010-01-01")
    assert cli("diary", "forget", str(first)).code == 0
    assert _flags(cli) == [("2019-05-05", True), ("2020-01-01", False), ("2025-11-20", True)]


def _hope_and_wish(records: list[dict[str, object]]) -> list[dict[str, object]]:
    """Rank 10 becomes the film Wish of 2013, the year of Hope (7), whose alternative title
    is Wish."""
    for record in records:
        if record["rank"] == 10:
            record.update(title="Wish", kind="film", alt_titles=[], released=date(2013, 1, 1))
            for field in ("korean_title", "episodes", "network"):
                record.pop(field, None)
    return records


def test_a_rank_names_one_title_where_spellings_collide(cli: Run, tmp_path: Path) -> None:
    """log 10 records Wish, not Hope whose alternative title is Wish: the diary, --seen, the
    Seen column and the Letterboxd export all say Wish."""
    data = str(_catalogue(tmp_path, _hope_and_wish))
    logged = cli("--data", data, "log", "10", "--on", "2025-01-01")
    assert logged.out == "logged viewing 1: Wish (2013) on 2025-01-01\n"
    assert cli("--data", data, "diary", "--fields", "rank,title").out == "10\tWish\n"
    assert cli("--data", data, "list", "--seen", "--fields", "rank").out == "10\n"
    target = tmp_path / "letterboxd.csv"
    assert cli("--data", data, "diary", "export", str(target), "-f", "letterboxd").code == 0
    assert target.read_text().splitlines()[1].startswith("Wish,2013,")
    assert cli("--data", data, "log", "wish", "--on", "2025-02-01").out.startswith(
        "logged viewing 2: Wish (2013)"
    )
    assert cli("--data", data, "diary", "forget", "2").code == 0
    assert cli("--data", data, "log", "7", "--on", "2025-02-02").code == 0
    assert cli("--data", data, "diary", "--fields", "rank").out == "7\n10\n"
    row = tmp_path / "row.csv"
    row.write_text("Name,Year,WatchedDate\nWish,2013,2025-03-03\n")
    assert cli("--data", data, "diary", "import", str(row)).code == 0
    assert cli("--data", data, "diary", "--fields", "rank").out == "10\n7\n10\n"


def test_an_import_takes_a_day_after_today(cli: Run, tmp_path: Path) -> None:
    """A file written a time zone ahead holds tomorrow's date: it is imported; the day after
    is still the future."""
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    source = tmp_path / "ahead.csv"
    source.write_text(f"Name,Year,WatchedDate\nHope,2013,{tomorrow}\n")
    assert cli("diary", "import", str(source)).out.startswith("added 1,")
    later = (TODAY + timedelta(days=2)).isoformat()
    source.write_text(f"Name,Year,WatchedDate\nHope,2013,{later}\n")
    result = cli("diary", "import", str(source))
    assert result.code == 3 and "is in the future" in result.err


@pytest.mark.parametrize("named", ["~/diary.sqlite3", "diary.sqlite3", "./d/diary.sqlite3"])
def test_a_relative_diary_path_is_refused(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, named: str
) -> None:
    """A relative TEARLIST_DIARY would be another diary in every folder: exit 2, nothing made."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TEARLIST_DIARY", named)
    for args in (["log", "5"], ["diary"], ["list", "--seen"]):
        result = cli(*args)
        assert result.code == 2, args
        assert result.err.count("\n") == 1 and "must be absolute" in result.err, args
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["plain", "json", "markdown", "table"])
def test_a_fifo_diary_leaves_show_and_the_table_the_catalogue(cli: Run, fmt: str) -> None:
    """show in every format prints the title, with one warning line; --seen fails with 5."""
    path = Path(os.environ["TEARLIST_DIARY"])
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    shown = cli("show", "5", "--format", fmt)
    assert shown.code == 0 and "Train to Busan" in shown.out
    assert shown.err.startswith("tearlist: ") and shown.err.count("\n") == 1
    assert "viewings not shown" in shown.err
    table = cli("list", "--format", "table")
    assert table.code == 0 and "Hope" in table.out and table.err.count("\n") == 1
    assert cli("list", "--seen").code == 5


def test_a_folder_named_as_the_diary_is_a_file_error(cli: Run, tmp_path: Path) -> None:
    """A folder where the diary should be: exit 4 for the diary's commands, not 5."""
    folder = Path(os.environ["TEARLIST_DIARY"])
    folder.mkdir(parents=True)
    for args in (["log", "5"], ["diary"], ["list", "--seen"]):
        result = cli(*args)
        assert result.code == 4 and "is a folder" in result.err, args
    assert list(folder.iterdir()) == []


def test_a_full_disk_while_writing_the_diary_is_a_file_error(
    cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's 'disk is full' is an OS error, exit 4, and the diary keeps what it had."""
    from tearlist import diary as store

    assert cli("log", "5", "--on", "2025-01-01").code == 0
    connect = store._connect

    def full(path: Path, mode: str):  # type: ignore[no-untyped-def]
        connection = connect(path, mode)
        connection.execute("PRAGMA max_page_count = 1")  # no page more than it has
        return connection

    monkeypatch.setattr(store, "_connect", full)
    result = cli("log", "7", "--note", "x" * 10_000)
    assert result.code == 4 and result.err.count("\n") == 1
    assert "full" in result.err
    monkeypatch.setattr(store, "_connect", connect)
    assert cli("diary", "--fields", "rank").out == "5\n"


# What a child process peaked at, measured in a process of its own that has only that child.
_PEAK = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, check=False)
sys.stderr.buffer.write(done.stderr)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _peak(tmp_path: Path, *args: str) -> tuple[int, float, str]:
    """Run tearlist in a child; its exit code, its peak memory in MiB, and its stderr."""
    import subprocess
    import sys

    env = {**os.environ, "TEARLIST_DIARY": str(tmp_path / "diary.sqlite3")}
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, sys.executable, "-m", "tearlist", *args],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    code, kib = done.stdout.split()
    return int(code), int(kib) / 1024, done.stderr.decode()


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """A 400 MiB CSV is refused by its size, not read: exit 4 in little memory."""
    path = tmp_path / "big.csv"
    with path.open("wb") as stream:
        stream.truncate(400 << 20)  # sparse: no disk used
    code, mib, err = _peak(tmp_path, "diary", "import", str(path))
    assert code == 4 and "larger than 64 MiB" in err
    assert mib < 120


def test_a_json_list_of_millions_of_rows_is_read_one_at_a_time(tmp_path: Path) -> None:
    """36 MB of empty rows is refused at the first, without parsing the rest."""
    path = tmp_path / "empty.json"
    path.write_text("[" + ",".join(["{}"] * 12_000_000) + "]")
    code, mib, err = _peak(tmp_path, "diary", "import", str(path))
    assert code == 3 and "viewing 1: no title" in err
    assert mib < 300


def test_a_zip_of_too_many_members_is_refused_before_they_are_read(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The members are counted from the zip's end record, before zipfile reads them all."""
    import zipfile

    from tearlist import zipbounds

    monkeypatch.setattr(zipbounds, "MAX_MEMBERS", 5)
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("diary.csv", "Name,Year,WatchedDate\nHope,2013,2020-01-01\n")
        for number in range(5):
            archive.writestr(f"lists/{number}.csv", "")
    read: list[object] = []
    monkeypatch.setattr(zipfile.ZipFile, "_RealGetContents", lambda self: read.append(self))
    result = cli("diary", "import", str(path))
    assert result.code == 4 and "a zip of 6 members, more than 5" in result.err
    assert read == []
    path.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    assert cli("diary", "import", str(path)).code == 3
