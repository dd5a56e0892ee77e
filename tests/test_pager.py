"""Output taller than the terminal goes through a pager, at a terminal only."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from terminal import Terminal

TEARLIST = shutil.which("tearlist")
pytestmark = pytest.mark.skipif(TEARLIST is None, reason="the tearlist command is not installed")


@pytest.fixture
def pager(tmp_path: Path) -> Path:
    """A pager that keeps what it is given in a file, paged.txt, beside it."""
    script = tmp_path / "pager.sh"
    script.write_text(f"#!/bin/sh\ncat > '{tmp_path / 'paged.txt'}'\n", encoding="utf-8")
    script.chmod(0o755)
    return script


def at_terminal(*args: str, lines: int, **env: str) -> tuple[int, str]:
    """Run the installed command at a pseudo-terminal of 80 columns; exit code and screen."""
    assert TEARLIST is not None
    environment = {**os.environ, "TERM": "xterm", "COLUMNS": "80", "LINES": str(lines)}
    for name in ("PAGER", "TEARLIST_PAGER"):
        environment.pop(name, None)
    environment.update(env)
    terminal = Terminal([TEARLIST, *args], Path.cwd(), environment)
    code = terminal.finish()
    return code, terminal.text()


def test_a_tall_listing_is_paged(pager: Path) -> None:
    code, screen = at_terminal("list", lines=20, TEARLIST_PAGER=str(pager))
    paged = (pager.parent / "paged.txt").read_text(encoding="utf-8")
    assert code == 0
    assert "Train to Busan" in paged
    assert len(paged.splitlines()) > 20
    assert "Train to Busan" not in screen


def test_pager_is_the_fallback_for_tearlist_pager(pager: Path) -> None:
    code, _ = at_terminal("people", lines=20, PAGER=str(pager))
    assert code == 0
    assert "Son Ye-jin" in (pager.parent / "paged.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "lines", "env"),
    [
        (("list", "--no-pager"), 20, {}),
        (("--no-pager", "list"), 20, {}),
        (("list",), 20, {"TEARLIST_PAGER": ""}),
        (("show", "5"), 60, {}),  # shorter than the terminal
    ],
)
def test_not_paged(pager: Path, args: tuple[str, ...], lines: int, env: dict[str, str]) -> None:
    chosen = {"PAGER": str(pager), **env}
    code, screen = at_terminal(*args, lines=lines, **chosen)
    assert code == 0
    assert not (pager.parent / "paged.txt").exists()
    assert "Train to Busan" in screen


def test_a_pager_that_cannot_start_leaves_the_output_on_screen() -> None:
    code, screen = at_terminal("list", lines=20, TEARLIST_PAGER="/nonexistent/pager")
    assert code == 0
    assert "Train to Busan" in screen


def test_a_pipe_is_never_paged(pager: Path, tmp_path: Path) -> None:
    """In a pipe, even a table is written as it is, and the pager code is not imported."""
    assert TEARLIST is not None
    environment = {**os.environ, "PAGER": str(pager), "LINES": "5"}
    done = subprocess.run(
        [TEARLIST, "list", "--format", "table"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert "Train to Busan" in done.stdout
    assert not (tmp_path / "paged.txt").exists()
    probe = (
        "import sys\n"
        "from tearlist.__main__ import run\n"
        "run(['list', '--format', 'table'])\n"
        "run(['show', '5', '--format', 'table'])\n"
        "sys.stdout.flush()\n"
        "print('paging' if 'tearlist.paging' in sys.modules else 'not paging', file=sys.stderr)\n"
    )
    imported = subprocess.run(
        [sys.executable, "-c", probe], env=environment, capture_output=True, text=True, check=False
    )
    assert imported.stderr.strip().splitlines()[-1] == "not paging"
