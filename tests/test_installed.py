"""The installed command, run as a user runs it: from outside the checkout, in pipes, with signals."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tearlist import loading

TEARLIST = shutil.which("tearlist")
pytestmark = pytest.mark.skipif(TEARLIST is None, reason="the tearlist command is not installed")


def environment(**extra: str) -> dict[str, str]:
    """The caller's environment without tearlist settings, plus some variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEARLIST_DATA", "_TEARLIST"))}
    env.pop("NO_COLOR", None)
    env.update(extra)
    return env


def tearlist(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the installed command and capture what it prints."""
    assert TEARLIST is not None
    return subprocess.run(
        [TEARLIST, *args],
        cwd=cwd,
        env=environment(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture(scope="module")
def big_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid catalogue of 5,000 titles made from the bundled ten."""
    path = tmp_path_factory.mktemp("big") / "big.yaml"
    records = yaml.safe_load(loading.bundled_path().read_text(encoding="utf-8"))
    titles = []
    for number in range(5000):
        record = dict(records[number % 10])
        record["rank"] = number + 1
        record["title"] = f"{record['title']} #{number + 1}"
        titles.append(record)
    path.write_text(yaml.safe_dump(titles, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_list_and_show_work_from_any_folder(tmp_path: Path) -> None:
    """The installed command finds its bundled catalogue from an unrelated folder."""
    listed = tearlist("list", cwd=tmp_path)
    assert (listed.returncode, listed.stderr) == (0, "")
    assert len(listed.stdout.splitlines()) == 10
    shown = tearlist("show", "1", "--format", "plain", cwd=tmp_path)
    assert shown.returncode == 0
    assert "title\tMiracle in Cell No. 7\n" in shown.stdout


def test_python_dash_m_works(tmp_path: Path) -> None:
    """python -m tearlist runs the same program."""
    result = subprocess.run(
        [sys.executable, "-m", "tearlist", "search", "손예진", "--fields", "rank"],
        cwd=tmp_path,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stdout) == (0, "2\n8\n")


def test_environment_variable_names_the_catalogue(tmp_path: Path, big_catalogue: Path) -> None:
    """TEARLIST_DATA points every command at another file; --data wins over it."""
    result = tearlist("list", "--fields", "rank", cwd=tmp_path, TEARLIST_DATA=str(big_catalogue))
    assert len(result.stdout.splitlines()) == 5000
    result = tearlist(
        "--data",
        str(loading.bundled_path()),
        "list",
        cwd=tmp_path,
        TEARLIST_DATA=str(big_catalogue),
    )
    assert len(result.stdout.splitlines()) == 10


def test_a_closed_pipe_ends_quietly(tmp_path: Path, big_catalogue: Path) -> None:
    """tearlist list | head -1: no traceback and no 'Broken pipe' message."""
    assert TEARLIST is not None
    with subprocess.Popen(
        [TEARLIST, "--data", str(big_catalogue), "list", "--format", "jsonl"],
        cwd=tmp_path,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()
        error = process.stderr.read()
        code = process.wait(timeout=60)
    assert first.startswith(b'{"rank":1,')
    assert error == b""
    assert code in (0, -signal.SIGPIPE)


def test_shell_pipeline_into_head(tmp_path: Path, big_catalogue: Path) -> None:
    """In a real shell pipeline the first line arrives and stderr stays empty."""
    result = subprocess.run(
        f"'{TEARLIST}' --data '{big_catalogue}' list | head -1",
        shell=True,
        cwd=tmp_path,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.startswith("1\tMiracle in Cell No. 7 #1\t")
    assert result.stderr == ""


def test_ctrl_c_exits_130_with_one_line(tmp_path: Path) -> None:
    """An interrupt while reading the catalogue exits 130 with a short line and no traceback."""
    assert TEARLIST is not None
    with subprocess.Popen(
        [TEARLIST, "--data", "/dev/stdin", "list"],
        cwd=tmp_path,
        env=environment(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        time.sleep(1.5)  # the catalogue read is waiting on stdin, which never ends
        process.send_signal(signal.SIGINT)
        out, error = process.communicate(timeout=30)
    assert process.returncode == 130
    assert error == b"tearlist: interrupted\n"
    assert out == b""


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("tearlist show Tra", ["Train\\ to\\ Busan"]),
        ("tearlist show 부산", ["부산행"]),
        ("tearlist show hell", ["hello\\ Ghost"]),
        ("tearlist show Sal", ["Salut\\ d\\'Amour"]),
        (
            "tearlist show a",
            ["a\\ Moment\\ to\\ Remember", "a\\ Werewolf\\ Boy", "a\\ Gift\\ from\\ Room\\ 7"],
        ),
        ("tearlist search --cast Son", ["Son\\ Ye-jin", "Song\\ Joong-ki"]),
        ("tearlist search --cast 'son ye jin'", ["son ye jin"]),
        ("tearlist search --director Kim", ["Kim\\ Jin-woo", "Kim\\ Young-tak"]),
        ("tearlist search --director Gong", []),
    ],
)
def test_bash_completion_offers_titles_and_names(
    tmp_path: Path, words: str, expected: list[str]
) -> None:
    """Completion, called as bash calls it, offers matching titles and names."""
    cword = str(len(shlex.split(words)) - 1)
    result = tearlist(
        cwd=tmp_path, _TEARLIST_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=cword
    )
    assert result.returncode == 0
    assert result.stderr == ""
    assert sorted(line for line in result.stdout.split("\n") if line) == sorted(expected)


def test_zsh_completion_offers_titles(tmp_path: Path) -> None:
    """Completion as zsh calls it offers the title."""
    result = tearlist(
        cwd=tmp_path, _TEARLIST_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS="tearlist show Good"
    )
    assert result.returncode == 0
    assert "compadd -- $'Good\\x20Doctor'" in result.stdout


def test_completion_uses_the_catalogue_named_by_data(tmp_path: Path, big_catalogue: Path) -> None:
    """Completion reads the catalogue given with --data, and says nothing if it is broken."""
    result = tearlist(
        cwd=tmp_path,
        _TEARLIST_COMPLETE="complete_bash",
        COMP_WORDS=f"tearlist --data {big_catalogue} show 'Hope #1'",
        COMP_CWORD="4",
    )
    assert "Hope #17" in result.stdout.split("\n")  # typed with a space: left as it is
    broken = tmp_path / "broken.yaml"
    broken.write_text("- [", encoding="utf-8")
    result = tearlist(
        cwd=tmp_path,
        _TEARLIST_COMPLETE="complete_bash",
        COMP_WORDS=f"tearlist --data {broken} show H",
        COMP_CWORD="4",
    )
    assert (result.returncode, result.stdout.strip(), result.stderr) == (0, "", "")


def test_show_completion_prints_a_script(tmp_path: Path) -> None:
    """--show-completion prints the script a shell sources."""
    result = tearlist("--show-completion", "bash", cwd=tmp_path)
    assert result.returncode == 0
    assert "_TEARLIST_COMPLETE=complete_bash" in result.stdout


def test_completion_in_a_real_bash(tmp_path: Path) -> None:
    """Bash, with the script tearlist prints, completes a title so the command line runs."""
    script = tearlist("--show-completion", "bash", cwd=tmp_path).stdout
    session = (
        f"{script}\n"
        "COMP_WORDS=(tearlist show Hel); COMP_CWORD=2; _tearlist_completion tearlist\n"
        'line="tearlist show ${COMPREPLY[0]} --format plain"; echo "$line"\n'
        'eval "$line" | head -2\n'
    )
    assert TEARLIST is not None
    result = subprocess.run(
        ["bash", "-c", session],
        cwd=tmp_path,
        env=environment(PATH=f"{Path(TEARLIST).parent}:{os.environ['PATH']}"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout == (
        "tearlist show Hello\\ Ghost --format plain\nrank\t6\ntitle\tHello Ghost\n"
    ), result.stderr
