"""Shared fixtures: a pinned environment and a way to run tearlist in-process."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tearlist.__main__ import run


@dataclass(frozen=True)
class Result:
    """What one run of the command line did."""

    code: int
    out: str
    err: str


Run = Callable[..., Result]


@pytest.fixture(autouse=True)
def pinned_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Each test has a fixed terminal, no user catalogue, no forced colour, its own cache,
    and its own diary: nothing ever reads or writes the real home's."""
    for name in ("TEARLIST_DATA", "NO_COLOR", "FORCE_COLOR", "_TEARLIST_COMPLETE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TEARLIST_CACHE", str(tmp_path_factory.mktemp("cache")))
    data_home = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("XDG_DATA_HOME", str(data_home))
    monkeypatch.setenv("TEARLIST_DIARY", str(data_home / "tearlist" / "diary.sqlite3"))
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERM", "xterm-256color")


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Run:
    """Run tearlist with arguments in-process and return its exit code, stdout and stderr."""

    def invoke(*args: str) -> Result:
        code = run(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke
