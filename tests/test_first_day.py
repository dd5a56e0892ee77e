"""What a new user does on the first day: titles unquoted, options anywhere, forgiving
choices, readable errors."""

from __future__ import annotations

import shlex

import pytest
from conftest import Run

from tearlist import __main__ as entry


def completions(
    words: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> list[str]:
    """What bash is offered for the last word of a command line."""
    monkeypatch.setenv("_TEARLIST_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", words)
    monkeypatch.setenv("COMP_CWORD", str(len(shlex.split(words)) - 1))
    assert entry.run([]) == 0
    return [line for line in capsys.readouterr().out.split("\n") if line]


@pytest.mark.parametrize(
    "args",
    [
        ("show", "Train", "to", "Busan", "--format", "plain"),
        ("show", "train", "to", "busan", "--format", "plain"),
        ("show", "5", "--format", "plain"),
        ("show", "--format", "plain", "Train", "to", "Busan"),
    ],
)
def test_show_takes_a_title_unquoted(cli: Run, args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.code == 0, result.err
    assert "title\tTrain to Busan\n" in result.out


def test_log_and_diary_take_a_title_unquoted(cli: Run) -> None:
    logged = cli("log", "Train", "to", "Busan", "--on", "2025-11-20")
    assert logged.code == 0, logged.err
    assert "Train to Busan (2016) on 2025-11-20" in logged.out
    listed = cli("diary", "train", "to", "busan", "--format", "plain", "--fields", "title")
    assert (listed.code, listed.out) == (0, "Train to Busan\n")


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("tearlist show Train to B", ["Busan"]),
        ("tearlist show Train t", ["to\\ Busan"]),
        ("tearlist show Tra", ["Train\\ to\\ Busan"]),
        ("tearlist log Miracle in", ["in\\ Cell\\ No.\\ 7"]),
        ("tearlist diary train to", ["to\\ Busan"]),
    ],
)
def test_completion_reads_the_words_before(
    words: str,
    expected: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The words of a title typed before the cursor narrow what is offered."""
    assert completions(words, monkeypatch, capsys) == expected
