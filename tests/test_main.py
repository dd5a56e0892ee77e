"""The one place errors become messages and exit codes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer._click.exceptions import ClickException
from typer.exceptions import Abort

import tearlist.__main__ as entry
from tearlist.errors import DataError, FileError, NotFoundError, Problem, UsageError


class Raises:
    """A stand-in command whose main raises a given exception."""

    def __init__(self, error: BaseException) -> None:
        self.error = error

    def main(self, **_: Any) -> None:
        raise self.error


@pytest.mark.parametrize(
    ("error", "code", "message"),
    [
        (NotFoundError("no title matches 'x'"), 1, "tearlist: no title matches 'x'\n"),
        (UsageError("bad"), 2, "tearlist: bad\n"),
        (FileError("f.yaml: no such file"), 4, "tearlist: f.yaml: no such file\n"),
        (
            DataError("f.yaml", [Problem("a", line=1), Problem("b", line=2)]),
            3,
            "tearlist: f.yaml:1: a (and 1 more; 'tearlist validate' lists them all)\n",
        ),
        (
            DataError("f.yaml", [Problem("a", line=1), Problem("b", line=2)], report_all=True),
            3,
            "tearlist: f.yaml:1: a\ntearlist: f.yaml:2: b\n",
        ),
        (KeyboardInterrupt(), 130, "tearlist: interrupted\n"),
        (Abort(), 130, "tearlist: interrupted\n"),
        (ClickException("odd"), 2, "tearlist: odd\n"),
        (SystemExit(0), 0, ""),
        (SystemExit(None), 0, ""),
        (SystemExit("odd"), 1, ""),
    ],
)
def test_each_error_has_its_exit_code(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    error: BaseException,
    code: int,
    message: str,
) -> None:
    """Every error the program can meet maps to its documented code and a short message."""
    monkeypatch.setattr(typer.main, "get_command", lambda app: Raises(error))
    assert entry.run([]) == code
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", message)


def test_an_unexpected_error_is_not_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug is not disguised as a user error."""
    monkeypatch.setattr(typer.main, "get_command", lambda app: Raises(ZeroDivisionError()))
    with pytest.raises(ZeroDivisionError):
        entry.run([])


def test_main_exits_with_the_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """The console script exits with run's code."""
    monkeypatch.setattr(entry, "run", lambda argv: 3)
    with pytest.raises(SystemExit) as done:
        entry.main()
    assert done.value.code == 3


def test_main_catches_an_interrupt_outside_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C at any moment of the run is 130 and one line."""

    def interrupted(argv: list[str]) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(entry, "run", interrupted)
    with pytest.raises(SystemExit) as done:
        entry.main()
    assert done.value.code == 130
    assert capsys.readouterr().err == "tearlist: interrupted\n"


def test_a_closed_pipe_without_sigpipe_ends_quietly() -> None:
    """Where SIGPIPE is ignored, a broken pipe ends with status 1 and no message."""
    script = (
        "import signal, sys; from tearlist import __main__ as m; "
        "signal.signal = lambda *a: None; "
        "sys.argv = ['tearlist', 'list', '--format', 'jsonl']; "
        "m.main()"
    )
    read, write = os.pipe()
    os.close(read)
    with subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=write,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGPIPE, signal.SIG_IGN),
    ) as process:
        os.close(write)
        _, error = process.communicate(timeout=60)
    assert error == b""
    assert process.returncode == 1


def test_completion_in_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Completion answers through the same entry point, and exits 0."""
    monkeypatch.setenv("_TEARLIST_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", "tearlist search --director Lee")
    monkeypatch.setenv("COMP_CWORD", "3")
    assert entry.run([]) == 0
    assert capsys.readouterr().out.split("\n") == [
        "Lee\\ Hwan-kyung",
        "Lee\\ Jae-han",
        "Lee\\ Jang-hoon",
        "Lee\\ Joon-ik",
        "",
    ]
    monkeypatch.setenv("COMP_WORDS", "tearlist show Hop")
    monkeypatch.setenv("COMP_CWORD", "2")
    assert entry.run([]) == 0
    assert capsys.readouterr().out == "Hope\n"
    monkeypatch.setenv("COMP_WORDS", "tearlist search Gong")
    assert entry.run([]) == 0
    assert capsys.readouterr().out == "Gong\\ Yoo\n"
    monkeypatch.setenv("COMP_WORDS", "tearlist search --cast Kim")
    monkeypatch.setenv("COMP_CWORD", "3")
    assert entry.run([]) == 0
    assert capsys.readouterr().out == "Kim\\ Ji-hwan\nKim\\ Min-seo\n"


def test_arguments_are_utf8_under_a_c_locale(tmp_path: Path) -> None:
    """With a C locale and no UTF-8 mode, a Hangul argument still finds its title."""
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    env.pop("TEARLIST_DATA", None)
    result = subprocess.run(
        [sys.executable, "-m", "tearlist", "search", "손예진", "--fields", "rank"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, b"2\n8\n", b"")


@pytest.mark.parametrize(
    "args", [["list", "--format", "table"], ["show", "5", "--format", "table"]]
)
def test_a_zero_width_terminal_still_gets_a_table(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    """COLUMNS=0 does not make the table vanish."""
    monkeypatch.setenv("COLUMNS", "0")
    assert entry.run(args) == 0
    assert "Train to Busan" in " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list"], "tearlist: cannot write the output: No space left on device\n"),
        (
            ["show", "1", "--format", "table"],
            "tearlist: cannot write the output: No space left on device\n",
        ),
        (["--version"], "tearlist: cannot write the output: No space left on device\n"),
    ],
)
def test_a_full_disk_on_stdout_exits_4(tmp_path: Path, args: list[str], message: str) -> None:
    """Output to a full device is exit 4 with one line, not a traceback."""
    with Path("/dev/full").open("w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "tearlist", *args],
            cwd=tmp_path,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert (result.returncode, result.stderr) == (4, message)


@pytest.mark.parametrize(
    ("command", "code", "stream"),
    [
        ("list >&-", 0, "stderr"),  # stdout closed: the program still runs, silently
        ("show 99 2>&-", 1, "stdout"),  # stderr closed: the message does not land on stdout
    ],
)
def test_closed_streams_are_not_a_crash(
    tmp_path: Path, command: str, code: int, stream: str
) -> None:
    """A stream closed before the start is written to nowhere, never to the other stream."""
    result = subprocess.run(
        f"'{sys.executable}' -m tearlist {command}",
        shell=True,
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
    )
    assert (result.returncode, getattr(result, stream)) == (code, b"")


def test_a_hand_made_completion_call_fails_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A completion call without the variables a shell sets exits 1 and prints nothing."""
    monkeypatch.setenv("_TEARLIST_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", "tearlist show tra")
    monkeypatch.delenv("COMP_CWORD", raising=False)
    assert entry.run([]) == 1
    assert capsys.readouterr() == ("", "")
