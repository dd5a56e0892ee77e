"""Shell completion of hostile titles and names, in real interactive shells at a terminal."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from terminal import Terminal

from tearlist.__main__ import run
from tearlist.cli import completion_shells

TEARLIST = shutil.which("tearlist")

# Titles and names written to do harm in a shell that evaluates them, or to trip up its
# quoting; and some no shell can be offered (they hold control or format characters).
HOSTILE_TITLES = [
    "Zz\\",
    "Zz) ; touch PWNED1 ; ws=( \\",
    "Qa$(touch PWNED2)",
    "Qb`touch PWNED3`",
    'Qc"; touch PWNED4; "x',
    "Salut d'Amour",
    "Bk\\n and \\\\ end",
    "Glob * ? [x]",
    "Bang !! !$ hist",
    "~root's ~ tilde",
    "Colon: a = b, c & d | e < f > g # h; ${HOME}",
    "Esc\x1b]0;HACKED\x07 title",
    "Tab\tin title",
    "Bidi \u202egnp.exe",
    "Line\u2028break",
    "Jq 'x' \"y\" \\'z",
    "Gy$(touch PWNED7)*",
]
# A file named as a title with a pattern character: bash expands file names in what
# completion prints, and must not find this one in place of the escaped title.
PLANTED_FILE = "Gy$(touch PWNED7)*"
HOSTILE_CAST = ["Zz\\", "Zz) ; touch PWNED5 ; ws=( \\", "O'Brien $(touch PWNED6)"]
NEVER_OFFERED = [title for title in HOSTILE_TITLES if not completion_shells.offerable(title)]


def hostile_catalogue(folder: Path) -> Path:
    """A valid catalogue of the hostile titles, the first with the hostile cast."""
    records = [
        {"rank": rank, "title": title, "kind": "film", "directors": [], "cast": []}
        for rank, title in enumerate(HOSTILE_TITLES, 1)
    ]
    records[0]["cast"] = HOSTILE_CAST
    path = folder / "evil.yaml"
    path.write_text(yaml.safe_dump(records, allow_unicode=True), encoding="utf-8")
    return path


def test_the_hostile_catalogue_is_valid(tmp_path: Path) -> None:
    """The catalogue the shells are tested with loads, so completion does read it."""
    path = hostile_catalogue(tmp_path)
    assert run(["--data", str(path), "validate"]) == 0
    assert HOSTILE_TITLES[11:15] == NEVER_OFFERED


# --- in-process: what each shell is handed -------------------------------------------


def complete(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], **env: str
) -> str:
    """Run one completion call with these variables and return what it printed."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert run([]) == 0
    return capsys.readouterr().out


@pytest.fixture
def evil(tmp_path: Path) -> Path:
    return hostile_catalogue(tmp_path)


@pytest.mark.parametrize("shell", ["fish", "powershell", "pwsh", "zsh", "bash"])
def test_no_shell_is_offered_a_control_character(
    shell: str,
    evil: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Titles holding control, format or line-separator characters are never offered."""
    line = f"tearlist --data {evil} show "
    out = complete(
        monkeypatch,
        capsys,
        _TEARLIST_COMPLETE=f"complete_{shell}",
        _TYPER_COMPLETE_ARGS=line,
        _TYPER_COMPLETE_FISH_ACTION="get-args",
        _TYPER_COMPLETE_WORD_TO_COMPLETE="",
        COMP_WORDS="\n".join([*line.split(), ""]),
        COMP_CWORD="4",
    )
    assert "Salut" in out
    for title in NEVER_OFFERED:
        assert title[:4] not in out
    assert all(char.isprintable() for char in out.replace("\n", ""))


def test_fish_gets_one_plain_value_a_line(
    evil: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Fish inserts values escaped itself, so it gets them as they are, one a line."""
    out = complete(
        monkeypatch,
        capsys,
        _TEARLIST_COMPLETE="complete_fish",
        _TYPER_COMPLETE_ARGS=f"tearlist --data {evil} show Q",
        _TYPER_COMPLETE_FISH_ACTION="get-args",
    )
    assert out.splitlines() == HOSTILE_TITLES[2:5]


def test_powershell_gets_values_in_single_quotes(
    evil: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """PowerShell inserts a value as it is: anything but a plain word is single-quoted,
    with its single quotes (the curly ones too) doubled, so nothing in it is expanded."""
    out = complete(
        monkeypatch,
        capsys,
        _TEARLIST_COMPLETE="complete_powershell",
        _TYPER_COMPLETE_ARGS=f"tearlist --data {evil} show J",
        _TYPER_COMPLETE_WORD_TO_COMPLETE="J",
    )
    assert out == "'Jq ''x'' \"y\" \\''z':::" + " \n"
    assert completion_shells.SafePowerShell.format_completion(
        None,  # type: ignore[arg-type]
        completion_shells.CompletionItem("it\u2019s"),
    ).startswith("'it\u2019\u2019s'")


@pytest.mark.parametrize(
    ("value", "quote", "expected"),
    [
        ("Salut d'Amour", None, "Salut\\ d\\'Amour"),
        ("Salut d'Amour", "'", None),
        ("Salut d'Amour", '"', "Salut d'Amour"),
        ("Qa$(x)", '"', None),
        ("Qa$(x)", "'", "Qa$(x)"),
        ("Qa$(x)", None, "Qa\\$\\(x\\)"),
        ("Bang!", '"', None),
        ("Zz\\", None, "Zz\\\\"),
        ("~a*b?[", None, "\\~a$'\\x2a'b$'\\x3f'$'\\x5b'"),
        ("Who?", '"', None),
        ("Who?", "'", None),
    ],
)
def test_bash_values_fit_the_quote_the_user_opened(
    value: str, quote: str | None, expected: str | None
) -> None:
    """Bash inserts a value as it is: escaped outside quotes, bare inside one if it can
    be, and not at all if it holds what that quote would still expand or end."""
    assert completion_shells.for_bash(value, quote) == expected


@pytest.mark.parametrize(
    ("word", "quote"),
    [("'Sal", "'"), ('"Sal', '"'), ("Sal", None), ("'a'b", None), ('a\\"b', None), ('"a\\"', '"')],
)
def test_the_open_quote_of_a_bash_word(word: str, quote: str | None) -> None:
    """The quote left open at the end of the word being completed is found."""
    assert completion_shells._open_quote(word) == quote


@pytest.mark.parametrize("instruction", ["bogus", "complete_tcsh", "show_bash", "complete-bash"])
def test_a_bad_completion_instruction_is_a_one_line_usage_error(
    instruction: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown _TEARLIST_COMPLETE value says so on one tearlist: line and exits 2."""
    monkeypatch.setenv("_TEARLIST_COMPLETE", instruction)
    assert run([]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("tearlist: _TEARLIST_COMPLETE: unknown completion instruction")
    assert err.count("\n") == 1


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_words_mean_exactly_the_value() -> None:
    """Each word tearlist hands zsh, evaluated as the completion script does, is the value."""
    script = "eval print -rn -- $(cat)"
    for value in [*HOSTILE_TITLES[:11], *HOSTILE_CAST, "한국 영화", "a  b\u3000c"]:
        word = completion_shells._zsh_word(value)
        done = subprocess.run(
            ["zsh", "-f", "-c", script], input=word, capture_output=True, text=True, timeout=30
        )
        assert (done.stdout, done.stderr) == (value, "")


# --- real shells at a pseudo-terminal --------------------------------------------------


SETUP = {
    "zsh": (
        ["zsh", "-f", "-i"],
        "autoload -Uz compinit && compinit -u -D && "
        "source <(_TEARLIST_COMPLETE=source_zsh tearlist) && "
        "tearlist() { printf '%s\\0' \"$@\" > args; } && touch rea''dy\n",
    ),
    "bash": (
        ["bash", "--norc", "--noprofile", "-i"],
        "source <(_TEARLIST_COMPLETE=source_bash tearlist) && "
        "tearlist() { printf '%s\\0' \"$@\" > args; } && touch rea''dy\n",
    ),
}


@pytest.fixture(scope="module", params=["zsh", "bash"])
def shell(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Terminal, Path]]:
    """An interactive shell with tearlist's completion script loaded, in a scratch folder."""
    name = request.param
    tmp_path = tmp_path_factory.mktemp(name)
    if TEARLIST is None:
        pytest.skip("the tearlist command is not installed")
    if shutil.which(name) is None:
        pytest.skip(f"{name} is not installed, so it cannot be tested (.ci/run installs it)")
    hostile_catalogue(tmp_path)
    (tmp_path / PLANTED_FILE).touch()
    env = {
        "PATH": f"{Path(TEARLIST).parent}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "TERM": "xterm",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PS1": "$ ",
        "TEARLIST_CACHE": str(tmp_path / "cache"),
    }
    argv, setup = SETUP[name]
    terminal = Terminal(argv, tmp_path, env)
    terminal.read(0.5)
    terminal.type(setup)
    terminal.wait_for(tmp_path / "ready")
    assert (tmp_path / "ready").exists(), terminal.screen.decode(errors="replace")
    yield name, terminal, tmp_path
    terminal.close()


def run_line(terminal: Terminal, folder: Path, keys: str) -> None:
    """Type keys that end by running a command, and wait until it has run."""
    ran = folder / "args"
    ran.unlink(missing_ok=True)
    # The shell reads keys in order: a completion is done before the next key is read.
    terminal.type(keys)
    terminal.wait_for(ran)
    assert ran.exists(), terminal.screen.decode(errors="replace")[-2000:]


def line_after_tab(terminal: Terminal, folder: Path, typed: str) -> list[str]:
    """Type a command line, press TAB, then Enter; the arguments the command got."""
    run_line(terminal, folder, f"{typed}\t\n")
    return (folder / "args").read_bytes().decode("utf-8").split("\0")[:-1]


# What is typed after "show", and the one title it must complete to.
UNIQUE = [
    ("Zz\\\\", "Zz\\"),
    ("Zz\\)", "Zz) ; touch PWNED1 ; ws=( \\"),
    ("Qa", "Qa$(touch PWNED2)"),
    ("Qb", "Qb`touch PWNED3`"),
    ("Qc", 'Qc"; touch PWNED4; "x'),
    ("sal", "sal" + "ut d'Amour"),
    ("'Salut d", None),  # bash cannot put an apostrophe inside the single quote
    ('"Salut d', "Salut d'Amour"),
    ("Bk", "Bk\\n and \\\\ end"),
    ("Gl", "Glob * ? [x]"),
    ("Ba", "Bang !! !$ hist"),
    ("\\~r", "~root's ~ tilde"),
    ("Colon", "Colon: a = b, c & d | e < f > g # h; ${HOME}"),
    ("Jq", "Jq 'x' \"y\" \\'z"),
    ("Gy", "Gy$(touch PWNED7)*"),
]


@pytest.mark.parametrize(("typed", "title"), UNIQUE)
def test_tab_inserts_the_title_and_runs_nothing(
    shell: tuple[str, Terminal, Path], typed: str, title: str | None
) -> None:
    """TAB in a real shell completes a hostile title to exactly its text and runs none of it."""
    name, terminal, folder = shell
    if title is None and name == "bash":
        # Nothing is offered: the user's own quote is closed, and the line runs as typed.
        run_line(terminal, folder, f"tearlist --data evil.yaml show {typed}\t'\n")
        got = (folder / "args").read_bytes().decode("utf-8").split("\0")[:-1]
        title = typed[1:]
    else:
        got = line_after_tab(terminal, folder, f"tearlist --data evil.yaml show {typed}")
        title = title or "Salut d'Amour"  # zsh quotes the value inside the user's quote
    assert got == ["--data", "evil.yaml", "show", title]
    assert sorted(path.name for path in folder.iterdir() if path.name.startswith("PWNED")) == []


def test_options_and_values_complete_in_one_line(shell: tuple[str, Terminal, Path]) -> None:
    """Option names (which carry help) complete as well as values do."""
    _, terminal, folder = shell
    got = line_after_tab(terminal, folder, "tearlist --dat\t evil.yaml show Qa")
    assert got == ["--data", "evil.yaml", "show", "Qa$(touch PWNED2)"]


@pytest.mark.parametrize(
    "typed",
    [
        "show Zz",
        "show Q",
        "search --cast Zz",
        "search --cast O",
        "show Esc",
        "show ",
    ],
)
def test_listing_hostile_values_runs_nothing_and_shows_no_escape(
    shell: tuple[str, Terminal, Path], typed: str
) -> None:
    """TAB twice over ambiguous hostile values lists them; nothing runs, nothing raw shows."""
    _, terminal, folder = shell
    terminal.screen = b""
    terminal.type(f"tearlist --data evil.yaml {typed}\t\t")
    terminal.read(1.0)
    # Ctrl-C drops the line, whatever completion left in it; then a command to wait for.
    terminal.type("\x03")
    terminal.read(0.5)
    run_line(terminal, folder, "tearlist done\n")
    assert not any(path.name.startswith("PWNED") for path in folder.iterdir())
    assert b"]0;HACKED" not in terminal.screen
    assert b"\x1b]0" not in terminal.screen
    assert "\u202e".encode() not in terminal.screen
    assert "\u2028".encode() not in terminal.screen
