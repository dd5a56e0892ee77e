"""The index of a large catalogue: used when the file is unchanged, and never changing output."""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import Run

from tearlist import cache, formats, index, loading, records, yamlevents

TEARLIST = shutil.which("tearlist")


@pytest.fixture(autouse=True)
def settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by a test count as settled, so that they are indexed at once."""
    monkeypatch.setattr(cache, "SETTLED_NS", 0)


def catalogue_text(size: int, *, rename: str = "") -> str:
    """A valid catalogue of size titles made from the bundled ten."""
    records = yaml.safe_load(loading.bundled_path().read_text(encoding="utf-8"))
    titles = []
    for number in range(size):
        record = copy.deepcopy(records[number % 10])
        record["rank"] = number + 1
        record["title"] = f"{record['title']}{rename} #{number + 1}"
        titles.append(record)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return str(yaml.dump(titles, Dumper=dumper, allow_unicode=True, sort_keys=False))


@pytest.fixture(scope="module")
def thousand(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A catalogue of 1,000 titles, large enough to be indexed."""
    path = tmp_path_factory.mktemp("thousand") / "thousand.yaml"
    path.write_text(catalogue_text(1000), encoding="utf-8")
    assert path.stat().st_size > index.SMALLEST
    return path


def entries(suffix: str = ".sqlite") -> list[Path]:
    """The index files (or other files) in the cache folder."""
    folder = cache.folder()
    assert folder is not None
    return sorted(folder.glob(f"*{suffix}")) if folder.exists() else []


def refuse_to_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make reading or parsing any catalogue fail loudly."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the file was read again")

    monkeypatch.setattr(loading, "read_text", refuse)
    monkeypatch.setattr(loading, "read_bytes", refuse)
    monkeypatch.setattr(loading, "parse", refuse)
    monkeypatch.setattr(yamlevents.Records, "__init__", refuse)


COMMANDS = [
    ("list",),
    ("list", "--format", "json"),
    ("list", "--format", "jsonl"),
    ("list", "--format", "csv", "--sort", "title", "--reverse"),
    ("list", "--format", "markdown", "--kind", "series"),
    ("list", "--format", "table", "--year", "2010..2016"),
    ("list", "--sort", "released", "--fields", "rank,title,released"),
    ("list", "--year", "1900"),
    ("sort", "--reverse"),
    ("show", "3"),
    ("show", "5", "--format", "json"),
    ("show", "train to busan"),
    ("show", "부산행"),
    ("show", "Train to Busan #5", "--format", "markdown"),
    ("show", "Nothing like this"),
    ("show", "99999"),
    ("search", "Son Ye-jin"),
    ("search", "손예진", "--format", "json"),
    ("search", "--director", "Lee", "--kind", "film", "--format", "csv"),
    ("search", "Jeong Yu-mi"),
    ("search", "--title", "Busan", "--cast", "Gong", "--sort", "title"),
    ("search", "Zzyzx Qwerty"),
    ("search", "!!!"),
    ("search", "Son Ye-jin", "--title", "Zzyzx"),
    ("search", "Son", "--format", "table"),
    ("people",),
    ("people", "son", "--format", "json"),
    ("people", "Jeong"),
    ("people", "Zzyzx"),
    ("export", "-", "--format", "csv"),
    ("export", "-", "--format", "jsonl", "--kind", "film"),
    ("export", "-", "--format", "json", "--sort", "released"),
    ("export", "-", "--format", "yaml"),
    ("export", "-"),
    ("list", "--genre", "romance", "--format", "jsonl"),
    ("list", "--genre", "romanse"),
    ("list", "--max-runtime", "120", "--for-age", "15", "--format", "csv"),
    ("list", "--avoid", "death", "--sort", "title"),
    ("sort", "--kind", "series", "--max-runtime", "10"),
    ("search", "Son", "--genre", "romance"),
    ("search", "Gong", "--avoid", "zombie"),
    ("export", "-", "--format", "json", "--for-age", "12"),
    ("show", "Train to Busan #5", "--format", "json"),
    ("pick", "--count", "3", "--seed", "7", "--format", "json"),
    ("stats", "--by", "decade", "--format", "csv"),
    ("stats", "--by", "genre", "--format", "json", "--kind", "film"),
    # Every filter, alone and together, in every format the index writes from its records.
    ("list", "--kind", "film", "--format", "json"),
    ("list", "--year", "2010..2013", "--format", "plain"),
    ("list", "--genre", "romance", "--genre", "Horror", "--format", "json"),
    ("sort", "--genre", "ROMANCE", "--reverse", "--format", "csv"),
    ("list", "--max-runtime", "115", "--format", "jsonl"),
    ("list", "--for-age", "12", "--sort", "title"),
    ("list", "--avoid", "suicide", "--avoid", "grief", "--format", "json"),
    ("list", "--avoid", "자살", "--format", "jsonl"),
    ("list", "--avoid", "zombie", "--kind", "film", "--format", "csv"),
    ("list", "--avoid", "suicide", "--kind", "series"),
    ("list", "--avoid", "xyzzy", "--genre", "romanse"),
    ("list", "--fields", "title,content_notes", "--avoid", "death", "--format", "csv"),
    ("list", "--kind", "series", "--year", "2013", "--max-runtime", "60"),
    ("list", "--format", "table", "--avoid", "suicide", "--genre", "fantasy"),
    ("list", "--seen", "--format", "json"),
    ("list", "--unseen", "--sort", "released", "--format", "jsonl"),
    ("sort", "--seen", "--reverse"),
    ("search", "Son Ye-jin", "--avoid", "suicide", "--format", "json"),
    ("search", "Son Ye-jin", "--seen", "--format", "jsonl"),
    ("search", "Gong", "--unseen", "--for-age", "15", "--format", "csv"),
    ("search", "Son Ye-jin", "--format", "jsonl", "--fields", "rank,matched"),
    ("export", "-", "--format", "csv", "--avoid", "death", "--year", "2013"),
    ("export", "-", "--format", "jsonl", "--seen"),
    ("export", "-", "--format", "yaml", "--genre", "fantasy"),
    # A term to avoid that hides nothing is refused, in every path and format (REFUSED).
    ("list", "--avoid", "xyzzy", "--format", "jsonl"),
    ("list", "--avoid", "xyzzy", "--kind", "film", "--format", "csv"),
    ("sort", "--avoid", "suicide", "--avoid", "xyzzy", "--format", "plain"),
    ("search", "Son Ye-jin", "--avoid", "xyzzy", "--format", "json"),
    ("export", "-", "--format", "csv", "--avoid", "xyzzy"),
    ("export", "-", "--format", "jsonl", "--avoid", "xyzzy", "--kind", "series"),
    # Notes that spoil the story: left out of plain text and CSV unless --spoilers (SPOILED).
    ("list", "--format", "plain", "--fields", "rank,content_notes"),
    ("list", "--format", "plain", "--fields", "rank,content_notes", "--spoilers"),
    ("list", "--format", "csv", "--fields", "title,content_notes"),
    ("list", "--format", "csv", "--fields", "title,content_notes", "--spoilers"),
    ("sort", "--kind", "series", "--format", "csv", "--spoilers"),
    ("search", "Son Ye-jin", "--format", "plain", "--fields", "title,content_notes", "--spoilers"),
    ("export", "-", "--format", "csv", "--spoilers", "--avoid", "suicide"),
]
REFUSED = [command for command in COMMANDS if "xyzzy" in command]
SPOILED = [
    (
        ("list", "--format", "plain", "--fields", "rank,content_notes"),
        ("list", "--format", "plain", "--fields", "rank,content_notes", "--spoilers"),
    ),
    (
        ("list", "--format", "csv", "--fields", "title,content_notes"),
        ("list", "--format", "csv", "--fields", "title,content_notes", "--spoilers"),
    ),
]
COMPLETIONS = [
    "tearlist show Tra",
    "tearlist show hel",
    "tearlist search --director Lee",
    "tearlist search --cast 손",
    "tearlist search Gong",
    "tearlist show ",
]


def outputs(cli: Run, data: list[str], monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """What every command and completion prints for a catalogue."""
    for command in COMMANDS:
        yield cli(*data, *command)
    for words in COMPLETIONS:
        with monkeypatch.context() as patched:
            patched.setenv("_TEARLIST_COMPLETE", "complete_bash")
            patched.setenv("COMP_WORDS", " ".join([*data, words]) if data else words)
            patched.setenv("COMP_CWORD", str(len([*data, *words.split(" ")]) - 1))
            yield cli()


@pytest.mark.parametrize("which", ["bundled", "thousand"])
def test_every_command_prints_the_same_with_the_index_and_without(
    which: str, thousand: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Byte for byte, code, output and messages are those of a catalogue loaded whole."""
    data = [] if which == "bundled" else ["--data", str(thousand)]
    with monkeypatch.context() as patched:  # viewings for --seen, logged without an index
        patched.setenv("TEARLIST_CACHE", "")
        assert [cli(*data, "log", ref).code for ref in ("3", "8")] == [0, 0]
    cold = list(outputs(cli, data, monkeypatch))
    assert len(entries()) == (0 if which == "bundled" else 1)
    warm = list(outputs(cli, data, monkeypatch))
    monkeypatch.setenv("TEARLIST_CACHE", "")
    whole = list(outputs(cli, data, monkeypatch))
    for command, *results in zip([*COMMANDS, *COMPLETIONS], cold, warm, whole, strict=True):
        assert results[0] == results[2], command
        assert results[1] == results[2], command
    assert {result.code for result in whole} == {0, 1, 2}
    told = dict(zip(COMMANDS, whole, strict=False))
    for command in REFUSED:
        result = told[command]
        assert (result.code, result.out) == (2, ""), command
        pattern = rf"tearlist: {command[0]} --avoid 'xyzzy' hides nothing: [^\n]*\n"
        assert re.fullmatch(pattern, result.err), command
    for hidden, shown in SPOILED:
        assert "--spoilers shows them" in told[hidden].out
        assert "--spoilers shows them" not in told[shown].out


def test_a_warm_command_does_not_read_the_file(
    thousand: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once indexed, an unchanged file is neither read nor parsed: the index answers."""
    data = ["--data", str(thousand)]
    first = [cli(*data, *command) for command in COMMANDS]
    refuse_to_parse(monkeypatch)
    assert [cli(*data, *command) for command in COMMANDS] == first


def test_any_change_to_the_file_is_seen_at_once(tmp_path: Path, cli: Run) -> None:
    """New content of the same size, a new size, or another file renamed over it."""
    path = tmp_path / "mine.yaml"
    path.write_text(catalogue_text(300), encoding="utf-8")
    data = ["--data", str(path)]
    assert cli(*data, "show", "1", "--format", "json").out.count("No. 7 #1") == 1
    mtime = path.stat().st_mtime_ns
    path.write_text(catalogue_text(300, rename="X"), encoding="utf-8")  # one letter more
    assert "No. 7X #1" in cli(*data, "show", "1").out
    path.write_text(catalogue_text(300, rename="Y"), encoding="utf-8")  # same size
    os.utime(path, ns=(mtime, mtime))
    assert "No. 7Y #1" in cli(*data, "show", "1").out
    other = tmp_path / "other.yaml"
    other.write_text(catalogue_text(300, rename="Z"), encoding="utf-8")
    os.utime(other, ns=(mtime, mtime))
    other.replace(path)
    assert "No. 7Z #1" in cli(*data, "show", "1").out
    assert len(entries()) == 1


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not a database at all",
        b"SQLite format 3\x00" + b"\xff" * 4000,
    ],
)
def test_a_damaged_index_is_ignored_and_rebuilt(damage: bytes, thousand: Path, cli: Run) -> None:
    """Whatever is found in the index's place, the command answers, and a sound index replaces it."""
    data = ["--data", str(thousand)]
    expected = cli(*data, "search", "Son Ye-jin")
    (entry,) = entries()
    entry.write_bytes(damage)
    assert cli(*data, "search", "Son Ye-jin") == expected
    (entry,) = entries()
    with sqlite3.connect(entry) as db:
        assert db.execute("SELECT count(*) FROM titles").fetchone() == (1000,)


def test_a_foreign_or_stale_index_is_ignored(tmp_path: Path, cli: Run) -> None:
    """Another database, or the index of another file, is not taken for the file's own."""
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(catalogue_text(300), encoding="utf-8")
    second.write_text(catalogue_text(300, rename="B"), encoding="utf-8")
    cli("--data", str(first), "show", "1")
    (entry,) = entries()
    kept = entry.read_bytes()
    cli("--data", str(second), "show", "1")
    (other,) = [path for path in entries() if path != entry]
    other.write_bytes(kept)  # the first file's index in the second's place
    assert "No. 7B #1" in cli("--data", str(second), "show", "1").out
    with sqlite3.connect(entry) as db:
        db.execute("DROP TABLE names")
        db.execute("CREATE TABLE names (something TEXT)")
    assert "No. 7 #1" in cli("--data", str(first), "show", "Miracle in Cell No. 7 #1").out


def test_an_index_is_never_read_through_a_link(tmp_path: Path, cli: Run) -> None:
    """A symbolic link in the index's place is not followed, and the target is untouched."""
    path = tmp_path / "mine.yaml"
    path.write_text(catalogue_text(300), encoding="utf-8")
    cli("--data", str(path), "show", "1")
    (entry,) = entries()
    target = tmp_path / "elsewhere.sqlite"
    entry.replace(target)
    entry.symlink_to(target)
    path.write_text(catalogue_text(300, rename="N"), encoding="utf-8")
    before = target.read_bytes()
    assert "No. 7N #1" in cli("--data", str(path), "show", "1").out
    assert target.read_bytes() == before
    assert not entry.is_symlink()


def test_a_file_with_a_problem_is_not_indexed(tmp_path: Path, cli: Run) -> None:
    """A problem anywhere is reported as without the index, and nothing is kept."""
    path = tmp_path / "bad.yaml"
    path.write_text(catalogue_text(300).replace("kind: film", "kind: movie", 1), encoding="utf-8")
    result = cli("--data", str(path), "list")
    assert result.code == 3
    assert "expected 'film' or 'series', found 'movie'" in result.err
    assert entries() == []


def test_an_unsettled_file_is_answered_but_not_kept(
    tmp_path: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file changed a moment ago is indexed for this run only."""
    monkeypatch.setattr(cache, "SETTLED_NS", 10**18)
    path = tmp_path / "mine.yaml"
    path.write_text(catalogue_text(300), encoding="utf-8")
    assert "No. 7 #1" in cli("--data", str(path), "show", "1").out
    assert entries() == []
    assert entries(".tmp") == []


def test_a_file_the_event_reader_leaves_to_the_loader_is_indexed(tmp_path: Path, cli: Run) -> None:
    """Anchors and aliases are read by the full loader, and the file is indexed all the same."""
    path = tmp_path / "aliases.yaml"
    path.write_text(
        "".join(
            f"- {{rank: {n}, title: T{n}, kind: film, directors: &d{n} [Yeon], cast: *d{n}, "
            f"synopsis: {'x' * 400}}}\n"
            for n in range(1, 400)
        ),
        encoding="utf-8",
    )
    result = cli("--data", str(path), "search", "Yeon", "--fields", "rank")
    assert result.code == 0
    assert result.out.split() == [str(n) for n in range(1, 400)]
    assert len(entries()) == 1


# Real processes: several building the same index at once, and one killed while building.


def tearlist(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    assert TEARLIST is not None
    return subprocess.Popen(
        [TEARLIST, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def child_environment(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEARLIST", "_TEARLIST"))}
    env["TEARLIST_CACHE"] = str(folder)
    return env


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A catalogue that takes a while to index, settled (written well over a second ago)."""
    path = tmp_path_factory.mktemp("large") / "large.yaml"
    path.write_text(catalogue_text(6000), encoding="utf-8")
    old = time.time_ns() - 60 * 10**9
    os.utime(path, ns=(old, old))
    return path


@pytest.mark.skipif(TEARLIST is None, reason="the tearlist command is not installed")
def test_a_terminal_is_told_what_saved_settings_hid_from_an_index(
    large: Path, tmp_path: Path
) -> None:
    """The line that says which saved settings hid titles is written for an indexed
    catalogue too, with the count the index's columns give; a pipe does not get it."""
    from terminal import Terminal

    config = tmp_path / "config.toml"
    config.write_text("[defaults]\nkind = 'series'\n", encoding="utf-8")
    env = {**child_environment(tmp_path / "cache"), "TEARLIST_CONFIG": str(config)}
    args = ["--data", str(large), "list", "--format", "plain", "--fields", "rank"]
    every = subprocess.run(
        [str(TEARLIST), *args, "--no-config"], env=env, capture_output=True, text=True
    )
    films = subprocess.run(
        [str(TEARLIST), *args, "--kind", "film"], env=env, capture_output=True, text=True
    )
    piped = subprocess.run([str(TEARLIST), *args], env=env, capture_output=True, text=True)
    assert (every.returncode, films.returncode, piped.returncode) == (0, 0, 0)
    assert list((tmp_path / "cache").glob("*.sqlite"))  # read through the index
    assert piped.stderr == ""  # a pipe is told nothing
    hidden = every.stdout.count("\n") - piped.stdout.count("\n")
    assert hidden == films.stdout.count("\n") > 0
    terminal_env = {**env, "TERM": "xterm", "COLUMNS": "200", "LINES": "60", "TEARLIST_PAGER": ""}
    terminal = Terminal([str(TEARLIST), *args], Path.cwd(), terminal_env)
    assert terminal.finish() == 0
    assert (
        f"tearlist: {hidden} titles hidden by saved settings (kind = series) in {config}; "
        "--no-config shows them" in terminal.text().replace("\r", "").replace("\n", "")
    )


@pytest.mark.skipif(TEARLIST is None, reason="the tearlist command is not installed")
def test_processes_building_one_index_at_once(large: Path, tmp_path: Path) -> None:
    """Each answers in full, and one complete index is left, with no temporary files."""
    env = child_environment(tmp_path / "cache")
    args = ("--data", str(large), "search", "Son Ye-jin", "--format", "jsonl")
    processes = [tearlist(*args, env=env) for _ in range(3)]
    results = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0, 0, 0]
    assert len({out for out, _ in results}) == 1
    assert results[0][0].count("\n") == 1200
    assert [path.suffix for path in (tmp_path / "cache").iterdir()] == [".sqlite"]
    whole = subprocess.run(
        [TEARLIST, *args], env={**env, "TEARLIST_CACHE": ""}, capture_output=True, text=True
    )
    assert whole.stdout == results[0][0]


@pytest.mark.skipif(TEARLIST is None, reason="the tearlist command is not installed")
def test_a_builder_killed_midway_leaves_no_index(large: Path, tmp_path: Path) -> None:
    """Killed while it writes, a builder leaves nothing that a later run would take."""
    folder = tmp_path / "cache"
    env = child_environment(folder)
    args = ("--data", str(large), "show", "1")
    process = tearlist(*args, env=env)
    deadline = time.monotonic() + 60
    while not list(folder.glob(".tearlist-*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.2)
    process.kill()
    process.communicate()
    assert list(folder.glob("*.sqlite")) == []
    (left,) = folder.glob(".tearlist-*.tmp")
    os.utime(left, (1, 1))  # long ago: the next builder clears it away
    later = subprocess.run([TEARLIST, *args], env=env, capture_output=True, text=True)
    assert later.returncode == 0
    assert "No. 7 #1" in later.stdout
    (entry,) = folder.glob("*.sqlite")
    with sqlite3.connect(entry) as db:
        assert db.execute("SELECT count(*) FROM titles").fetchone() == (6000,)
    assert not left.exists()


@pytest.mark.skipif(TEARLIST is None, reason="the tearlist command is not installed")
def test_a_long_first_read_shows_progress_at_a_terminal_only(tmp_path: Path) -> None:
    """Over a second of indexing draws a bar on a terminal's standard error; a pipe gets nothing."""
    import pty

    assert TEARLIST is not None
    path = tmp_path / "long.yaml"
    path.write_text(catalogue_text(20000), encoding="utf-8")
    old = time.time_ns() - 60 * 10**9
    os.utime(path, ns=(old, old))
    args = [TEARLIST, "--data", str(path), "show", "1", "--format", "plain"]
    env = {**child_environment(tmp_path / "cache"), "TERM": "xterm", "COLUMNS": "100"}
    leader, follower = pty.openpty()
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    shown = b""
    with contextlib.suppress(OSError):  # the terminal closes when the command ends
        while chunk := os.read(leader, 1 << 16):
            shown += chunk
    os.close(leader)
    assert process.wait(timeout=120) == 0
    assert b"indexing the catalogue" in shown
    assert re.search(rb"[1-9][0-9,]* titles", shown)
    shutil.rmtree(tmp_path / "cache")
    piped = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    assert (piped.returncode, piped.stderr) == (0, "")


def test_an_index_damaged_inside_is_removed_with_a_message(thousand: Path, cli: Run) -> None:
    """Damage found only by a query is one line and exit 4, and the next command rebuilds."""
    data = ["--data", str(thousand)]
    expected = cli(*data, "list")
    (entry,) = entries()
    size = entry.stat().st_size
    with entry.open("r+b") as stream:
        stream.seek(size // 10)
        stream.write(b"\xa5" * (size * 8 // 10))
    result = cli(*data, "list")
    assert (result.code, result.out) == (4, "")
    assert result.err.startswith(f"tearlist: {entry}: the index of the catalogue is damaged (")
    assert result.err.endswith("it has been removed, and the next command rebuilds it\n")
    assert entries() == []
    assert cli(*data, "list") == expected


@pytest.mark.parametrize(
    ("start", "end"),
    [("\ufeff", ""), ("", "\n- {rank: 9999, title: \udcff}\n"), ("# \t\x07\n", "")],
)
def test_a_large_file_with_odd_bytes_reads_as_without_the_index(
    start: str, end: str, tmp_path: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A byte order mark, a byte that is not UTF-8, a control character: as ever."""
    path = tmp_path / "odd.yaml"
    text = start + catalogue_text(300) + end
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    indexed = cli("--data", str(path), "show", "2")
    monkeypatch.setenv("TEARLIST_CACHE", "")
    assert indexed == cli("--data", str(path), "show", "2")


@pytest.mark.skipif(TEARLIST is None, reason="the tearlist command is not installed")
@pytest.mark.parametrize(
    ("stop", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)], ids=["SIGTERM", "SIGHUP"]
)
def test_a_builder_stopped_by_a_signal_removes_its_temporary_file(
    stop: signal.Signals, code: int, large: Path, tmp_path: Path
) -> None:
    """SIGTERM or SIGHUP while the index is written: one line, its exit code, no file left."""
    folder = tmp_path / "cache"
    process = tearlist("--data", str(large), "show", "1", env=child_environment(folder))
    deadline = time.monotonic() + 60
    while not list(folder.glob(".tearlist-*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.2)
    process.send_signal(stop)
    out, err = process.communicate(timeout=60)
    assert (process.returncode, out) == (code, "")
    assert err == f"tearlist: stopped by {stop.name}\n"
    assert list(folder.iterdir()) == []


def test_a_cache_folder_others_can_write_to_gets_no_index(
    thousand: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing is built there: the file is read whole, and one line says why, each command."""
    folder = cache.folder()
    assert folder is not None
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o770)
    data = ["--data", str(thousand)]
    shared = [cli(*data, *command) for command in COMMANDS[:6]]
    assert list(folder.iterdir()) == []
    for result in shared:
        assert result.err.startswith(
            f"tearlist: {folder}: others can write to the cache folder (chmod go-w makes it "
            "private); the catalogue's index is not kept, and the whole file is read\n"
        )
        assert result.err.count("cache folder") == 1
    monkeypatch.setenv("TEARLIST_CACHE", "")
    for result, command in zip(shared, COMMANDS[:6], strict=False):
        whole = cli(*data, *command)
        assert (result.code, result.out) == (whole.code, whole.out)
        assert result.err.split("\n", 1)[1] == whole.err


def test_completion_says_nothing_of_a_shared_cache_folder(
    thousand: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A completion stays quiet: it is read by the shell at every key press."""
    folder = cache.folder()
    assert folder is not None
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o775)
    monkeypatch.setenv("_TEARLIST_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", f"tearlist --data {thousand} show Train\\ to\\ Busan\\ #99")
    monkeypatch.setenv("COMP_CWORD", "4")
    result = cli()
    assert result.out == "Train\\ to\\ Busan\\ \\#995\n"
    assert result.err == ""
    assert list(folder.iterdir()) == []


def test_what_avoid_hides_is_told_the_same_with_the_index(
    thousand: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At a terminal, how many titles --avoid hid and why, as without the index."""
    data = ["--data", str(thousand)]
    cli(*data, "show", "1")  # the index is built first, so no progress bar is drawn
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    commands = [
        ("list", "--avoid", "grief", "--avoid", "suicide", "--format", "jsonl"),
        ("list", "--avoid", "zombie", "--kind", "film", "--year", "2016"),
        ("search", "Gong", "--avoid", "violence", "--format", "json"),
    ]
    indexed = [cli(*data, *command) for command in commands]
    assert indexed[0].err.startswith("800 titles hidden: death and grief, ")
    monkeypatch.setenv("TEARLIST_CACHE", "")
    assert [cli(*data, *command) for command in commands] == indexed


def test_a_changed_record_class_rebuilds_the_index(
    thousand: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index written for records of another shape is not read: it is built again."""
    data = ["--data", str(thousand)]
    expected = cli(*data, "list", "--format", "jsonl")
    (entry,) = entries()
    first = entry.stat().st_ino

    @dataclasses.dataclass(frozen=True, slots=True)
    class Note(records.ContentNote):
        trigger: str | None = None

    monkeypatch.setattr(index, "RECORD_CLASSES", (records.Title, records.Person, Note))
    index.shape.cache_clear()
    try:
        assert cli(*data, "list", "--format", "jsonl") == expected
        (entry,) = entries()
        assert entry.stat().st_ino != first
        with contextlib.closing(sqlite3.connect(entry)) as db:
            kept = db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        assert kept == (index.shape(),)
    finally:
        index.shape.cache_clear()


def test_a_title_read_from_the_index_is_the_title_loaded(thousand: Path) -> None:
    """A title rebuilt from its stored output record equals the one the loader builds."""
    linked = dataclasses.replace(loading.load()[0], wikidata="Q20145", imdb="tt2555736")
    for title in (*loading.load(), *loading.load(thousand), linked):
        compact, _ = formats.stored_forms(formats.title_record(title))
        assert index.title_from_output(json.loads(compact)) == title


def test_avoid_refuses_a_category_no_title_has_the_same_with_the_index(
    tmp_path: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A category of the vocabulary that no note of the catalogue has is refused, decided
    from the index's distinct notes as from the titles loaded whole."""
    titles = yaml.safe_load(catalogue_text(1000))
    for title in titles:
        notes = title.get("content_notes", [])
        title["content_notes"] = [note for note in notes if note.get("category") != "infidelity"]
    path = tmp_path / "faithful.yaml"
    path.write_text(yaml.safe_dump(titles, allow_unicode=True, sort_keys=False), encoding="utf-8")
    commands = [
        ("list", "--avoid", "infidelity", "--format", "jsonl"),
        ("export", "-", "--format", "csv", "--avoid", "infidelity"),
        ("list", "--avoid", "death", "--format", "jsonl", "--fields", "rank"),
    ]
    indexed = [cli("--data", str(path), *command) for command in commands]
    assert len(entries()) == 1
    monkeypatch.setenv("TEARLIST_CACHE", "")
    assert [cli("--data", str(path), *command) for command in commands] == indexed
    refusal = "--avoid 'infidelity' hides nothing: no title of this catalogue has a note"
    for command, result in zip(commands[:2], indexed[:2], strict=True):
        assert (result.code, result.out) == (2, "")
        assert result.err.startswith(f"tearlist: {command[0]} {refusal}")
    assert indexed[2].code == 0
