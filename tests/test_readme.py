"""The README and the pages of docs/: their terminal sessions print what they show, when run in a
shell at a terminal; the README stays short, and every link between the pages leads somewhere."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from conftest import Run
from wikiserver import WikiServer

from tearlist.errors import ExitCode

ROOT = Path(__file__).parents[1]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = [README, *sorted(DOCS.glob("*.md"))]
DATA = Path(__file__).parent / "data"
MARKER = "@@@ next command @@@"
MOST_LINES = 350

Session = tuple[str, list[tuple[str, str]]]


def page_name(page: Path) -> str:
    return page.relative_to(ROOT).as_posix()


def sessions(page: Path) -> list[Session]:
    """Each console block of a page as (command, expected output) pairs, named by its page."""
    blocks = re.findall(r"```console\n(.*?)```", page.read_text(encoding="utf-8"), re.DOTALL)
    found = []
    for block in blocks:
        pairs: list[tuple[str, str]] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                pairs.append((line[2:], ""))
            elif pairs:
                command, output = pairs[-1]
                pairs[-1] = (command, output + line + "\n")
        found.append((page_name(page), pairs))
    return found


ALL_SESSIONS = [session for page in PAGES for session in sessions(page)]


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
@pytest.mark.parametrize(
    "session", ALL_SESSIONS, ids=lambda s: f"{s[0]}: {s[1][0][0][:40]}" if s[1] else s[0]
)
def test_session(session: Session, tmp_path: Path, wikidata: WikiServer) -> None:
    """Every command of a session in the README or docs/ prints exactly what the page shows,
    at a terminal, each session in a folder and with a diary of its own; Wikidata is the test
    suite's stand-in (tests/wikiserver.py)."""
    _, pairs = session
    if any("jq " in command for command, _ in pairs) and shutil.which("jq") is None:
        pytest.skip("jq is not installed")
    shutil.copy(DATA / "mine.yaml", tmp_path / "mine.yaml")
    # The marker follows each command, and the command's status is kept for an "echo $?".
    script = "".join(
        f"{{ {command}; }}; status=$?; echo '{MARKER}'; (exit $status)\n" for command, _ in pairs
    )
    outputs = run_in_terminal(script, tmp_path).split(MARKER + "\n")[:-1]
    assert len(outputs) == len(pairs)
    for (command, expected), output in zip(pairs, outputs, strict=True):
        shown = "\n".join(line.rstrip() for line in output.splitlines())
        assert shown == expected.rstrip("\n"), command


def test_the_readme_and_the_docs_have_sessions() -> None:
    """The session test above cannot pass by finding nothing to run."""
    pages = {name for name, pairs in ALL_SESSIONS if pairs}
    assert "README.md" in pages
    assert {"docs/diary.md", "docs/names.md", "docs/choosing.md"} <= pages


def test_json_shown_is_json() -> None:
    """What a page shows a command writing as JSON parses as JSON (and is checked above)."""
    shown = [
        (command, output)
        for _, pairs in ALL_SESSIONS
        for command, output in pairs
        if command.endswith("--format json")
    ]
    assert shown
    for command, output in shown:
        assert isinstance(json.loads(output), dict | list), command


def test_the_readme_is_short() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= MOST_LINES, f"README.md has {len(lines)} lines; at most {MOST_LINES}"


def anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    found: set[str] = set()
    for heading in re.findall(r"^#{1,6} (.+)$", text, re.MULTILINE):
        name = anchor(heading)
        number = 0
        while (name if number == 0 else f"{name}-{number}") in found:
            number += 1
        found.add(name if number == 0 else f"{name}-{number}")
    return found


def links(page: Path) -> list[str]:
    """The targets of a page's Markdown links, outside code."""
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    text = re.sub(r"`[^`\n]*`", "", text)
    return re.findall(r"\]\(([^)\s]+)\)", text)


@pytest.mark.parametrize("page", PAGES, ids=page_name)
def test_every_relative_link_leads_to_a_file_and_heading(page: Path) -> None:
    """A link to another page names a file that exists, and a #part a heading there."""
    for target in links(page):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, part = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        assert file.is_file(), f"{page_name(page)}: {target}"
        if part:
            assert part in anchors(file), f"{page_name(page)}: {target}"


def test_the_readme_links_to_every_docs_page() -> None:
    linked = {
        (ROOT / target.partition("#")[0]).resolve()
        for target in links(README)
        if target.startswith("docs/")
    }
    assert linked == {page.resolve() for page in DOCS.glob("*.md")}


@pytest.mark.parametrize("page", PAGES[1:], ids=page_name)
def test_a_docs_page_says_what_it_holds_and_links_back(page: Path) -> None:
    """A page opens with its title, then one line that says what it holds and leads back."""
    title, blank, statement, after = page.read_text(encoding="utf-8").splitlines()[:4]
    assert title.startswith("# ")
    assert (blank, after) == ("", "")
    assert "[README](../README.md)" in statement


def test_the_package_does_not_need_the_docs() -> None:
    """docs/ is documentation: no module reads it, no package holds it, and the README is the
    distribution's description."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["readme"] == "README.md"
    setup = project["tool"]["setuptools"]
    assert not any(name.startswith("docs") for name in setup["packages"])
    assert not any(folder.startswith("docs") for folder in setup["package-dir"].values())
    for module in (ROOT / "tearlist").rglob("*.py"):
        assert not re.search(r"[\"']docs\b", module.read_text(encoding="utf-8")), module


def test_the_exit_code_table_holds_every_exit_code(cli: Run) -> None:
    """docs/exit-codes.md, which the README links, has a row for each exit code, and for no
    other; `tearlist help exit-codes` lists the same codes."""
    rows = re.findall(r"^\| (\d+) \| ", (DOCS / "exit-codes.md").read_text("utf-8"), re.M)
    assert [int(code) for code in rows] == sorted(code.value for code in ExitCode)
    listed = re.findall(r"^  (\d+) ", cli("help", "exit-codes").out, re.M)
    assert listed == rows


def test_the_environment_page_names_every_variable(cli: Run) -> None:
    """Every variable `tearlist help environment` names is in docs/environment.md's table."""
    page = (DOCS / "environment.md").read_text("utf-8")
    named = re.findall(r"^  ([A-Z_]+(?:, [A-Z_]+)*)  ", cli("help", "environment").out, re.M)
    assert named
    for variables in named:
        for variable in variables.split(", "):
            assert re.search(rf"^\| [^|\n]*`{variable}[`=]", page, re.M), variable
