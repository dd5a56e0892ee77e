"""The diary's safety net: forget asks first at a terminal, import --dry-run writes nothing,
and edit changes a viewing in place with the rewatch rule kept."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import Run
from terminal import Terminal

TEARLIST = shutil.which("tearlist")


def at_terminal(*args: str, typed: str = "") -> tuple[int, str]:
    """Run the installed command at a pseudo-terminal, type a line; its exit code and screen."""
    if TEARLIST is None:
        pytest.skip("the tearlist command is not installed")
    env = {**os.environ, "TERM": "xterm", "LANG": "C.UTF-8", "COLUMNS": "80", "LINES": "40"}
    terminal = Terminal([TEARLIST, *args], Path.cwd(), env)
    if typed:
        terminal.read(1.0)
        terminal.type(typed)
    code = terminal.finish()
    return code, terminal.text()


def viewings(cli: Run) -> list[dict[str, object]]:
    result = cli("diary", "--format", "json")
    assert result.code == 0, result.err
    found: list[dict[str, object]] = json.loads(result.out)
    return sorted(found, key=lambda viewing: int(str(viewing["id"])))


@pytest.mark.parametrize(("answer", "forgotten"), [("y\n", True), ("\n", False), ("no\n", False)])
def test_forget_asks_at_a_terminal(cli: Run, answer: str, forgotten: bool) -> None:
    assert cli("log", "Train", "to", "Busan", "--on", "2025-11-20").code == 0
    code, screen = at_terminal("diary", "forget", "1", typed=answer)
    assert code == 0, screen
    assert "forget viewing 1, Train to Busan (2016) on 2025-11-20? [y/N]" in screen
    assert ("forgot viewing 1" in screen) is forgotten
    assert ("kept viewing 1" in screen) is not forgotten
    assert len(viewings(cli) if not forgotten else []) == (0 if forgotten else 1)
    if forgotten:
        assert cli("diary").code == 1


def test_forget_yes_does_not_ask(cli: Run) -> None:
    assert cli("log", "5", "--on", "2025-11-20").code == 0
    code, screen = at_terminal("diary", "forget", "1", "-y")
    assert code == 0
    assert "[y/N]" not in screen
    assert "forgot viewing 1: Train to Busan (2016) on 2025-11-20" in screen


def test_forget_in_a_pipe_does_not_ask(cli: Run) -> None:
    """In-process, standard input is not a terminal: forget proceeds, as in a script."""
    assert cli("log", "5", "--on", "2025-11-20").code == 0
    result = cli("diary", "forget", "1")
    assert (result.code, result.err) == (0, "")
    assert result.out == "forgot viewing 1: Train to Busan (2016) on 2025-11-20\n"


def test_import_dry_run_writes_nothing(cli: Run, tmp_path: Path) -> None:
    assert cli("log", "5", "--on", "2025-11-20").code == 0
    assert cli("log", "1", "--on", "2025-11-21").code == 0
    exported = tmp_path / "v.json"
    assert cli("diary", "export", str(exported)).code == 0
    assert cli("diary", "forget", "2").code == 0
    diary = Path(os.environ["TEARLIST_DIARY"])
    before = diary.read_bytes()
    result = cli("diary", "import", str(exported), "--dry-run")
    assert (result.code, result.out) == (
        0,
        "would add 1, would keep unmatched 0, already there 1\n",
    )
    assert diary.read_bytes() == before
    assert len(viewings(cli)) == 1


def test_import_dry_run_makes_no_diary(cli: Run, tmp_path: Path) -> None:
    source = tmp_path / "v.csv"
    source.write_text("Date,Name,Year\n2025-11-20,Train to Busan,2016\n", encoding="utf-8")
    result = cli("diary", "import", str(source), "--dry-run")
    assert (result.code, result.out) == (
        0,
        "would add 1, would keep unmatched 0, already there 0\n",
    )
    assert not Path(os.environ["TEARLIST_DIARY"]).exists()


def test_edit_changes_a_viewing_in_place(cli: Run) -> None:
    assert cli("log", "5", "--on", "2025-11-20", "--rating", "3").code == 0
    result = cli("diary", "edit", "1", "--rating", "4.5", "--note", "with Mum")
    assert (result.code, result.err) == (0, "")
    assert result.out == "changed viewing 1: Train to Busan (2016) on 2025-11-20, ★★★★½\n"
    [viewing] = viewings(cli)
    assert (viewing["rating"], viewing["note"], viewing["date"]) == (4.5, "with Mum", "2025-11-20")
    assert cli("diary", "edit", "1", "--note", "").code == 0
    assert viewings(cli)[0]["note"] is None


def test_edit_keeps_the_rewatch_rule(cli: Run) -> None:
    """Moving the second viewing before the first makes it the first, and the other a rewatch."""
    assert cli("log", "5", "--on", "2025-11-20").code == 0
    assert cli("log", "5", "--on", "2025-11-25").code == 0
    assert [v["rewatch"] for v in viewings(cli)] == [False, True]
    assert cli("diary", "edit", "2", "--on", "2025-11-01").code == 0
    assert [v["rewatch"] for v in viewings(cli)] == [True, False]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("1",), 2, "tearlist: diary edit: give --on, --rating or --note\n"),
        (("9", "--rating", "3"), 1, "tearlist: the diary has no viewing 9\n"),
    ],
)
def test_edit_says_what_is_wrong(cli: Run, args: tuple[str, ...], code: int, message: str) -> None:
    assert cli("log", "5").code == 0
    result = cli("diary", "edit", *args)
    assert (result.code, result.err) == (code, message)
