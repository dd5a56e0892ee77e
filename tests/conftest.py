"""Shared fixtures: a pinned environment and a way to run tearlist in-process."""

from __future__ import annotations

import shlex
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from wikiserver import WikiServer

from tearlist.__main__ import run

# Settings that would send a request somewhere else than the address it names.
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


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
    """Each test has a fixed terminal, no user catalogue or settings, no forced colour, its
    own cache, and its own diary: nothing ever reads or writes the real home's. Wikidata is a port on
    127.0.0.1 where nothing listens, unless the test asks for the wikidata fixture."""
    for name in (
        "TEARLIST_DATA",
        "TEARLIST_CONFIG",
        "NO_COLOR",
        "FORCE_COLOR",
        "_TEARLIST_COMPLETE",
    ):
        monkeypatch.delenv(name, raising=False)
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("TEARLIST_WIKIDATA_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("TEARLIST_CACHE", str(tmp_path_factory.mktemp("cache")))
    data_home = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("XDG_DATA_HOME", str(data_home))
    monkeypatch.setenv("TEARLIST_DIARY", str(data_home / "tearlist" / "diary.sqlite3"))
    # Nothing is paged at a terminal unless a test asks for it.
    monkeypatch.setenv("TEARLIST_PAGER", "")
    # No settings file: a user's own saved defaults never reach a test.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERM", "xterm-256color")


@pytest.fixture(autouse=True)
def sigpipe_as_python_sets_it() -> Iterator[None]:
    """Each test leaves SIGPIPE as it found it. main() sets it to its default, as a Unix filter
    should; left so in the test process, a later write to a closed pipe or socket (a server's
    client gone, a browser's driver) would end the whole run with status 141."""
    pipe = getattr(signal, "SIGPIPE", None)
    before = signal.getsignal(pipe) if pipe else None
    yield
    if pipe and signal.getsignal(pipe) != before:
        signal.signal(pipe, before)


def completions(
    words: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> list[str]:
    """What bash is offered for the last word of a command line, in the order offered."""
    monkeypatch.setenv("_TEARLIST_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", words)
    monkeypatch.setenv("COMP_CWORD", str(len(shlex.split(words)) - 1))
    assert run([]) == 0
    return [line for line in capsys.readouterr().out.split("\n") if line]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Run:
    """Run tearlist with arguments in-process and return its exit code, stdout and stderr."""

    def invoke(*args: str) -> Result:
        code = run(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def wikidata(monkeypatch: pytest.MonkeyPatch) -> Iterator[WikiServer]:
    """A Wikidata stand-in on 127.0.0.1 (see tests/wikiserver.py), named by TEARLIST_WIKIDATA_URL.

    SIGPIPE is ignored while it runs: a test that ran tearlist's main() in-process left it
    at its default, and the server writing to a client that gave up would end the test run.
    """
    pipe = getattr(signal, "SIGPIPE", None)
    before = signal.signal(pipe, signal.SIG_IGN) if pipe else None
    server = WikiServer().start()
    monkeypatch.setenv("TEARLIST_WIKIDATA_URL", server.url)
    try:
        yield server
    finally:
        server.stop()
        if pipe:
            signal.signal(pipe, before)
