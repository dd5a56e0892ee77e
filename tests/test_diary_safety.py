"""The diary file is kept safe: foreign, damaged and newer files are left alone, writers
queue, a killed writer loses only its own viewing, and a read-only place still reads."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Run

from tearlist.diary import APPLICATION_ID, SCHEMA_VERSION

TEARLIST = shutil.which("tearlist")
installed = pytest.mark.skipif(TEARLIST is None, reason="the tearlist command is not installed")


@pytest.fixture
def diary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The diary's path, in a folder of its own that does not exist yet."""
    path = tmp_path / "place" / "diary.sqlite3"
    monkeypatch.setenv("TEARLIST_DIARY", str(path))
    return path


def test_reading_commands_never_create_the_diary(cli: Run, diary: Path) -> None:
    """list, show, diary and --unseen read nothing and create nothing when there is no diary."""
    assert cli("list", "--unseen", "--fields", "rank").out.split() == [str(n) for n in range(1, 11)]
    assert cli("list", "--seen").code == 1
    assert cli("show", "5").code == 0
    assert cli("list", "--format", "table").code == 0
    result = cli("diary")
    assert (result.code, result.err) == (1, "tearlist: the diary is empty\n")
    assert cli("diary", "forget", "1").code == 1
    assert not diary.parent.exists()


def test_the_first_log_creates_a_versioned_diary(cli: Run, diary: Path) -> None:
    """log makes the folder and the file, which records its schema version and tearlist's id."""
    assert cli("log", "5").code == 0
    with contextlib.closing(sqlite3.connect(diary)) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert db.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
        assert db.execute("SELECT count(*) FROM viewing").fetchone() == (1,)


def _refused(cli: Run, path: Path, message: str) -> None:
    """Every command that needs the diary says what is wrong, exits 5, and leaves the bytes;
    those that read it only to add viewings print the catalogue and say why they are missing."""
    before = path.read_bytes()
    for args in (["log", "5"], ["diary"], ["list", "--seen"], ["diary", "forget", "1"]):
        result = cli(*args)
        assert result.code == 5, args
        assert result.err.startswith(f"tearlist: {path}: "), args
        assert message in result.err and result.err.count("\n") == 1, args
    for args in (["show", "5"], ["list", "--format", "table"]):
        result = cli(*args)
        assert result.code == 0 and "Train to Busan" in result.out, args
        assert result.err.startswith(f"tearlist: {path}: "), args
        assert result.err.endswith("; viewings not shown\n") and message in result.err, args
        assert result.err.count("\n") == 1, args
    assert cli("diary", "import", str(path)).code in (3, 5)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_a_file_that_is_not_sqlite_is_left_alone(cli: Run, diary: Path) -> None:
    """Some other file at the diary's path is refused, never overwritten."""
    diary.parent.mkdir()
    diary.write_text("my shopping list\n")
    _refused(cli, diary, "not a tearlist diary (not an SQLite database)")


def test_another_programs_database_is_left_alone(cli: Run, diary: Path) -> None:
    """An SQLite file without tearlist's application id is refused."""
    diary.parent.mkdir()
    with contextlib.closing(sqlite3.connect(diary)) as db:
        db.execute("CREATE TABLE songs (name TEXT)")
        db.commit()
    _refused(cli, diary, "an SQLite database of another program")


def test_a_damaged_diary_is_left_alone(cli: Run, diary: Path) -> None:
    """A diary whose pages are garbage is reported as damaged; its bytes are unchanged."""
    for ref in ("5", "2", "10"):
        assert cli("log", ref, "--note", "x" * 3000).code == 0
    data = bytearray(diary.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page:] = bytes((n * 37 + 11) % 256 for n in range(len(data) - page))
    diary.write_bytes(bytes(data))
    _refused(cli, diary, "the diary is damaged")


def test_a_truncated_diary_is_left_alone(cli: Run, diary: Path) -> None:
    """A diary cut short is reported as damaged; its bytes are unchanged."""
    for ref in ("5", "2", "10"):
        assert cli("log", ref, "--note", "x" * 3000).code == 0
    diary.write_bytes(diary.read_bytes()[:5000])
    _refused(cli, diary, "the diary is damaged")


def test_a_newer_diary_is_refused(cli: Run, diary: Path) -> None:
    """A diary from a newer schema version is read by no command and never rewritten."""
    assert cli("log", "5").code == 0
    with contextlib.closing(sqlite3.connect(diary)) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    _refused(cli, diary, f"from a newer tearlist (schema {SCHEMA_VERSION + 1}")


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make a folder read-only, for root too (which ignores permissions) with chattr +i."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    if shutil.which("chattr") is None:
        pytest.skip("root ignores permissions, and chattr is missing")
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode:
        pytest.skip("root ignores permissions, and this file system has no immutable flag")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_read_only_folder_is_an_error_for_writing_only(cli: Run, diary: Path) -> None:
    """In a read-only folder the diary is read as usual; log and forget fail with exit 4."""
    assert cli("log", "5", "--rating", "4").code == 0
    before = diary.read_bytes()
    with read_only(diary.parent):
        assert cli("diary", "--fields", "rank,stars").out == "5\t★★★★\n"
        assert cli("list", "--seen", "--fields", "rank").out == "5\n"
        for args in (["log", "2"], ["diary", "forget", "1"]):
            result = cli(*args)
            assert result.code == 4, args
            assert result.err.startswith(f"tearlist: {diary}: cannot write the diary here")
    assert diary.read_bytes() == before


def test_a_read_only_place_with_no_diary(cli: Run, diary: Path) -> None:
    """With no diary in a read-only folder, reading works and log says it cannot write."""
    diary.parent.mkdir()
    with read_only(diary.parent):
        assert cli("list", "--unseen", "--fields", "rank").code == 0
        result = cli("log", "5")
        assert result.code == 4 and result.err.startswith(f"tearlist: {diary}")
    assert not diary.exists()


def test_a_diary_folder_that_is_a_file(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A diary whose folder cannot be made is a file error for log, nothing for list."""
    (tmp_path / "plain").write_text("x")
    monkeypatch.setenv("TEARLIST_DIARY", str(tmp_path / "plain" / "diary.sqlite3"))
    assert cli("list", "--unseen", "--fields", "rank").code == 0
    result = cli("log", "5")
    assert result.code == 4 and "cannot make the diary's folder" in result.err


def test_xdg_data_home_places_the_diary(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without TEARLIST_DIARY the diary is in $XDG_DATA_HOME/tearlist; a relative one is ignored."""
    monkeypatch.delenv("TEARLIST_DIARY")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert cli("log", "5").code == 0
    assert (tmp_path / "xdg" / "tearlist" / "diary.sqlite3").is_file()
    monkeypatch.setenv("XDG_DATA_HOME", "relative")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    assert cli("log", "5").code == 0
    assert (tmp_path / "home" / ".local" / "share" / "tearlist" / "diary.sqlite3").is_file()
    assert not (tmp_path / "relative").exists()


def _environment(diary: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEARLIST_DATA", "_TEARLIST"))}
    env["TEARLIST_DIARY"] = str(diary)
    return env


@installed
def test_twenty_writers_at_once_record_twenty_viewings(diary: Path, tmp_path: Path) -> None:
    """Twenty tearlist log processes started together, on no diary yet, record twenty viewings."""
    assert TEARLIST is not None
    env = _environment(diary)
    refs = [str(n % 10 + 1) for n in range(20)]
    processes = [
        subprocess.Popen(
            [TEARLIST, "log", ref, "--note", f"writer {n}"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n, ref in enumerate(refs)
    ]
    results = [(*p.communicate(timeout=120), p.returncode) for p in processes]
    assert [code for _, _, code in results] == [0] * 20, results
    listed = subprocess.run(
        [TEARLIST, "diary", "--format", "json"], env=env, capture_output=True, text=True, check=True
    )
    viewings = json.loads(listed.stdout)
    assert sorted(v["note"] for v in viewings) == sorted(f"writer {n}" for n in range(20))
    assert sorted(v["id"] for v in viewings) == list(range(1, 21))
    assert sum(v["rewatch"] for v in viewings) == 10  # each title logged twice


KILLED_WRITER = """
import sqlite3, sys, time
from pathlib import Path
from datetime import date
from tearlist.diary import NewViewing, open_for_writing
from tearlist.viewings import Identity
from tearlist.records import Kind

diary = open_for_writing(Path(sys.argv[1]))
diary._db.execute("PRAGMA cache_size = 2")  # so that pages reach the file before the commit
with diary.transaction():
    for n in range(400):
        diary.insert(NewViewing(date(2026, 1, 1), "Hope", Identity.of(["Hope"], 2013),
                                Kind.FILM, note="a long note " * 40))
    print("part-way", flush=True)
    time.sleep(60)
"""


@installed
def test_a_killed_writer_loses_only_its_own_viewings(cli: Run, diary: Path, tmp_path: Path) -> None:
    """A writer killed in the middle of its transaction leaves the diary as it was before."""
    for ref in ("5", "2"):
        assert cli("log", ref, "--rating", "4").code == 0
    before = cli("diary", "--format", "json").out
    script = tmp_path / "writer.py"
    script.write_text(textwrap.dedent(KILLED_WRITER))
    writer = subprocess.Popen(
        [sys.executable, str(script), str(diary)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    assert writer.stdout.readline() == "part-way\n"
    journal = diary.with_name(diary.name + "-journal")
    assert journal.exists()  # the half-done transaction has touched the file
    writer.send_signal(signal.SIGKILL)
    writer.communicate(timeout=30)
    assert cli("diary", "--format", "json").out == before
    assert cli("log", "10").out.startswith("logged viewing 3: Good Doctor")
    with contextlib.closing(sqlite3.connect(diary)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM viewing").fetchone() == (3,)


@installed
def test_killing_real_writers_keeps_every_finished_viewing(diary: Path, tmp_path: Path) -> None:
    """tearlist log processes killed at random moments never damage what the others wrote."""
    assert TEARLIST is not None
    env = _environment(diary)
    processes = [
        subprocess.Popen(
            [TEARLIST, "log", str(n % 10 + 1)],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        for n in range(12)
    ]
    for process in processes[::3]:
        process.send_signal(signal.SIGKILL)
    for process in processes:
        process.communicate(timeout=120)
    finished = [p for p in processes if p.returncode == 0]
    logged = subprocess.run(
        [TEARLIST, "diary", "--fields", "id"], env=env, capture_output=True, text=True, cwd=tmp_path
    )
    assert len(logged.stdout.split()) == len(finished) >= 8
    with contextlib.closing(sqlite3.connect(diary)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_an_empty_file_is_an_empty_diary(cli: Run, diary: Path) -> None:
    """An empty file (a first log killed before its commit) reads as no viewings, and log uses it."""
    diary.parent.mkdir()
    diary.touch()
    assert cli("diary").code == 1
    assert cli("list", "--unseen", "--fields", "rank").code == 0
    assert diary.read_bytes() == b""
    assert cli("log", "5").out.startswith("logged viewing 1: Train to Busan")


def test_a_diary_held_by_another_writer_is_busy(
    cli: Run, diary: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer that waits too long for another's transaction gives up with exit 4."""
    assert cli("log", "5").code == 0
    monkeypatch.setattr("tearlist.diary.BUSY_SECONDS", 0.1)
    with contextlib.closing(sqlite3.connect(diary, isolation_level=None)) as other:
        other.execute("BEGIN EXCLUSIVE")
        result = cli("log", "2")
        assert (result.code, result.err) == (
            4,
            f"tearlist: {diary}: the diary is busy (another tearlist is writing); try again\n",
        )
        other.execute("ROLLBACK")
    assert cli("diary", "--fields", "rank").out == "5\n"


def test_an_older_diary_is_upgraded_by_numbered_migrations(
    cli: Run, diary: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A diary of an older schema is upgraded in place when written, and keeps its viewings."""
    from tearlist import diary as store

    assert cli("log", "5", "--rating", "3").code == 0
    newer = (*store.MIGRATIONS, "ALTER TABLE viewing ADD COLUMN place TEXT")
    monkeypatch.setattr(store, "MIGRATIONS", newer)
    monkeypatch.setattr(store, "SCHEMA_VERSION", len(newer))
    assert cli("diary", "--fields", "stars").out == "★★★\n"  # reading upgrades nothing
    with contextlib.closing(sqlite3.connect(diary)) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (len(newer) - 1,)
    assert cli("log", "2").code == 0
    with contextlib.closing(sqlite3.connect(diary)) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (len(newer),)
        assert db.execute("SELECT count(place) FROM viewing").fetchone() == (0,)
    assert cli("diary", "--fields", "rank,stars").out == "2\t\n5\t★★★\n"


def test_another_programs_live_database_is_never_opened(cli: Run, diary: Path) -> None:
    """A database in use by another program (its WAL beside it) is refused from its header
    alone: neither it nor the files beside it change."""
    diary.parent.mkdir()
    with contextlib.closing(sqlite3.connect(diary, isolation_level=None)) as other:
        other.execute("PRAGMA journal_mode = WAL")
        other.execute("CREATE TABLE songs (name TEXT)")
        other.execute("INSERT INTO songs VALUES ('arirang')")
        files = {p.name: p.read_bytes() for p in diary.parent.iterdir()}
        assert f"{diary.name}-wal" in files
        for args in (["log", "5"], ["diary"], ["list", "--unseen"]):
            result = cli(*args)
            assert result.code == 5 and "another program" in result.err
        assert {p.name: p.read_bytes() for p in diary.parent.iterdir()} == files


def test_a_diary_cut_within_its_header_is_left_alone(cli: Run, diary: Path) -> None:
    """A file that starts as SQLite but ends within the header is damaged."""
    diary.parent.mkdir()
    diary.write_bytes(b"SQLite format 3\x00\x10\x00")
    _refused(cli, diary, "the diary is damaged (cut short)")


def test_a_row_edited_by_hand_is_reported(cli: Run, diary: Path) -> None:
    """A viewing that no tearlist could have written is reported as damage, not a traceback."""
    assert cli("log", "5").code == 0
    with contextlib.closing(sqlite3.connect(diary)) as db:
        db.execute("PRAGMA ignore_check_constraints = ON")
        db.execute("UPDATE viewing SET kind = 'opera'")
        db.commit()
    result = cli("diary")
    assert result.code == 5
    assert result.err.startswith(f"tearlist: {diary}: the diary is damaged (viewing 1: ")


def test_the_diary_keeps_spellings_as_written(cli: Run, diary: Path) -> None:
    """Titles are stored as written, not as keys, so a new way of comparing names still
    finds every viewing; a viewing is found by any of them."""
    assert cli("log", "5").code == 0
    with contextlib.closing(sqlite3.connect(diary)) as db:
        (spellings,) = db.execute("SELECT spellings FROM viewing").fetchone()
    assert json.loads(spellings) == ["Train to Busan", "부산행", "Busanhaeng"]
