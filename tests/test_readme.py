"""The README's terminal sessions print what they show, when run in a shell at a terminal."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from wikiserver import WikiServer

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


def run_in_terminal(script: str, cwd: Path) -> str:
    """Run a bash script with a pseudo-terminal as its output, as a user's shell runs it."""
    main, secondary = pty.openpty()
    tearlist = shutil.which("tearlist") or ""
    env = {
        "PATH": f"{Path(tearlist).parent}:/usr/bin:/bin",
        "COLUMNS": "100",
        "LANG": "C.UTF-8",
        "NO_COLOR": "1",
        "TEARLIST_CACHE": os.environ.get("TEARLIST_CACHE", ""),
        "TEARLIST_DIARY": os.environ["TEARLIST_DIARY"],
        "TEARLIST_WIKIDATA_URL": os.environ["TEARLIST_WIKIDATA_URL"],
        "HOME": str(cwd),
    }
    with subprocess.Popen(
        ["bash", "-c", script],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=secondary,
        stderr=secondary,
    ) as process:
        os.close(secondary)
        chunks = []
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the terminal closes when the script ends
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=120)
    os.close(main)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.mark.skipif(
    shutil.which("tearlist") is None, reason="the tearlist command is not installed"
)
@pytest.mark.parametrize("session", sessions(), ids=lambda s: s[0][0][:40])
def test_readme_session(
    session: list[tuple[str, str]], tmp_path: Path, wikidata: WikiServer
) -> None:
    """Every command of a README session prints exactly what the README shows, at a terminal;
    Wikidata is the test suite's stand-in (tests/wikiserver.py)."""
    if any("jq " in command for command, _ in session) and shutil.which("jq") is None:
        pytest.skip("jq is not installed")
    shutil.copy(DATA / "mine.yaml", tmp_path / "mine.yaml")
    # The marker follows each command, and the command's status is kept for an "echo $?".
    script = "".join(
        f"{{ {command}; }}; status=$?; echo '{MARKER}'; (exit $status)\n" for command, _ in session
    )
    outputs = run_in_terminal(script, tmp_path).split(MARKER + "\n")[:-1]
    assert len(outputs) == len(session)
    for (command, expected), output in zip(session, outputs, strict=True):
        shown = "\n".join(line.rstrip() for line in output.splitlines())
        assert shown == expected.rstrip("\n"), command


def test_readme_json_is_json() -> None:
    """What the README shows a command writing as JSON parses as JSON (and is checked above)."""
    shown = [
        (command, output)
        for session in sessions()
        for command, output in session
        if command.endswith("--format json")
    ]
    assert shown
    for command, output in shown:
        assert isinstance(json.loads(output), dict | list), command
