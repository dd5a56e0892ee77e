"""The README's terminal sessions print what they show, when run in a shell."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

README = Path(__file__).parents[1] / "README.md"
DATA = Path(__file__).parent / "data"
MARKER = "@@@ next command @@@"


def sessions() -> list[list[tuple[str, str]]]:
    """Each console block of the README as (command, expected output) pairs."""
    blocks = re.findall(r"```console\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    found = []
    for block in blocks:
        pairs: list[tuple[str, str]] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                pairs.append((line[2:], ""))
            elif pairs:
                command, output = pairs[-1]
                pairs[-1] = (command, output + line + "\n")
        found.append(pairs)
    return found


@pytest.mark.skipif(
    shutil.which("tearlist") is None, reason="the tearlist command is not installed"
)
@pytest.mark.parametrize("session", sessions(), ids=lambda s: s[0][0][:40])
def test_readme_session(session: list[tuple[str, str]], tmp_path: Path) -> None:
    """Every command of a README session prints exactly what the README shows."""
    if any("jq " in command for command, _ in session) and shutil.which("jq") is None:
        pytest.skip("jq is not installed")
    shutil.copy(DATA / "mine.yaml", tmp_path / "mine.yaml")
    # The marker follows each command, and the command's status is kept for an "echo $?".
    script = "".join(
        f"{{ {command}; }} 2>&1; status=$?; echo '{MARKER}'; (exit $status)\n"
        for command, _ in session
    )
    result = subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            "PATH": str(Path(shutil.which("tearlist") or "").parent) + ":/usr/bin:/bin",
            "COLUMNS": "100",
            "LANG": "C.UTF-8",
        },
    )
    outputs = result.stdout.split(MARKER + "\n")[:-1]
    assert len(outputs) == len(session)
    for (command, expected), output in zip(session, outputs, strict=True):
        shown = "\n".join(line.rstrip() for line in output.splitlines())
        assert shown == expected.rstrip("\n"), command
