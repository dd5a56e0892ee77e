"""SIGTERM and SIGHUP while a file is written: nothing is left behind, and the exit is 128+n."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from tearlist import cache, export, loading
from tearlist.__main__ import run

TEARLIST = shutil.which("tearlist")
STOPS = [(signal.SIGTERM, 143), (signal.SIGHUP, 129)]


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.startswith(".tearlist-"))


def signal_at_fsync(monkeypatch: pytest.MonkeyPatch, number: int) -> None:
    """Make the next fsync send the process a signal, as if it arrived mid-write."""
    real = os.fsync

    def fsync(descriptor: int) -> None:
        monkeypatch.setattr(os, "fsync", real)
        os.kill(os.getpid(), number)
        real(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)


@pytest.mark.parametrize(("number", "code"), STOPS)
def test_a_stop_while_exporting_leaves_nothing(
    number: int,
    code: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The temporary file goes, the target is not made, and the exit is 128 + the signal."""
    signal_at_fsync(monkeypatch, number)
    assert run(["export", str(tmp_path / "out.md")]) == code
    assert list(tmp_path.iterdir()) == []
    name = signal.Signals(number).name
    assert capsys.readouterr().err == f"tearlist: stopped by {name}\n"
    # The handlers are the program's again once the file is written.
    assert signal.getsignal(number) == signal.SIG_DFL


@pytest.mark.parametrize(("number", "code"), STOPS)
def test_a_stop_while_writing_the_cache_leaves_nothing(
    number: int, code: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache entry being written when the signal comes is removed too."""
    monkeypatch.setattr(cache, "SETTLED_NS", 0)
    folder = tmp_path / "cache"
    monkeypatch.setenv("TEARLIST_CACHE", str(folder))
    signal_at_fsync(monkeypatch, number)
    assert run(["list"]) == code
    assert leftovers(folder) == []
    assert list(folder.glob("*.json")) == []


def test_an_ignored_hangup_stays_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under nohup (SIGHUP ignored) a hangup mid-write changes nothing: the file is written."""
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        signal_at_fsync(monkeypatch, signal.SIGHUP)
        export.write_atomic(tmp_path / "out.txt", "text")
        assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, previous)
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "text"


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A catalogue large enough that writing its export takes a visible while."""
    path = tmp_path_factory.mktemp("big") / "big.yaml"
    records: list[dict[str, Any]] = yaml.safe_load(loading.bundled_path().read_text("utf-8"))
    titles = []
    for number in range(4000):
        record = dict(records[number % 10])
        record["rank"] = number + 1
        record["title"] = f"{record['title']} #{number + 1}"
        record["synopsis"] = (record.get("synopsis") or "") * 20
        titles.append(record)
    path.write_text(yaml.safe_dump(titles, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.skipif(TEARLIST is None, reason="the tearlist command is not installed")
@pytest.mark.parametrize(("number", "code"), STOPS)
def test_killing_a_real_export_leaves_no_temporary_file(
    number: int, code: int, big: Path, tmp_path: Path
) -> None:
    """The installed command, sent the signal the moment its temporary file appears."""
    assert TEARLIST is not None
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEARLIST", "_TEARLIST"))}
    env["TEARLIST_CACHE"] = ""
    caught = 0
    for _ in range(5):
        out = tmp_path / "out"
        out.mkdir(exist_ok=True)
        with subprocess.Popen(
            [TEARLIST, "--data", str(big), "export", str(out / "big.json")],
            env=env,
            stderr=subprocess.PIPE,
            start_new_session=True,
        ) as process:
            deadline = time.monotonic() + 60
            while process.poll() is None and time.monotonic() < deadline:
                if leftovers(out):
                    process.send_signal(number)
                    caught += 1
                    break
            _, error = process.communicate(timeout=60)
        if process.returncode != 0:
            assert process.returncode == code
            assert error.decode().endswith(f"stopped by {signal.Signals(number).name}\n")
            assert list(out.iterdir()) == []
            return
        shutil.rmtree(out)
    pytest.fail(f"the export was never caught while writing ({caught} signals sent)")


@pytest.mark.parametrize(("number", "code"), STOPS)
def test_a_stop_while_creating_the_diary_leaves_nothing(
    number: int, code: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A diary being made when the signal comes is neither left half-made nor put in place."""
    from tearlist import diary

    real = diary._migrate

    def migrate(*args: Any) -> None:
        os.kill(os.getpid(), number)
        real(*args)

    monkeypatch.setattr(diary, "_migrate", migrate)
    monkeypatch.setenv("TEARLIST_DIARY", str(tmp_path / "diary.sqlite3"))
    assert run(["log", "5", "--on", "2024-01-02"]) == code
    assert list(tmp_path.iterdir()) == []
    assert signal.getsignal(number) == signal.SIG_DFL


@pytest.mark.parametrize("number", [number for number, _ in STOPS])
def test_a_stop_the_moment_a_temporary_file_is_made_leaves_nothing(
    number: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The signal comes just after the temporary file exists, before the code that would
    remove it has begun: an export and a new diary leave no file (an index build makes its
    file through the same new_temporary)."""
    import tempfile

    from tearlist import diary

    made = tempfile.mkstemp

    def made_then_stopped(*args: Any, **kwargs: Any) -> tuple[int, str]:
        answer = made(*args, **kwargs)
        os.kill(os.getpid(), number)
        return answer

    monkeypatch.setattr(tempfile, "mkstemp", made_then_stopped)
    with pytest.raises(export.Stopped) as stopped:
        export.write_atomic(tmp_path / "out.json", "[]\n")
    assert stopped.value.number == number
    with pytest.raises(export.Stopped):
        diary._create(tmp_path / "diary.sqlite3")
    assert list(tmp_path.iterdir()) == []
    assert number not in signal.pthread_sigmask(signal.SIG_BLOCK, [])  # held no longer
