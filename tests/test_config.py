"""Saved settings: defaults for the listing commands' options, in a TOML file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Run
from terminal import Terminal

from tearlist.config import with_value


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the settings file is, under XDG_CONFIG_HOME (not made)."""
    monkeypatch.delenv("TEARLIST_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config" / "tearlist" / "config.toml"


def ranks(cli: Run, *args: str) -> list[int]:
    result = cli("list", *args, "--format", "plain", "--fields", "rank")
    assert result.code in (0, 1), result.err
    return [int(line) for line in result.out.split()]


def test_saved_defaults_apply_and_the_command_line_wins(cli: Run, config: Path) -> None:
    every = ranks(cli)
    assert cli("config", "set", "kind", "film").code == 0
    assert cli("config", "set", "avoid", "suicide").code == 0
    films = ranks(cli)
    assert films and len(films) < len(every)
    assert ranks(cli, "--kind", "series") != films  # the command line wins
    assert ranks(cli, "--no-config") == every
    assert cli("--no-config", "list", "--format", "plain").out.count("\n") == len(every)
    assert config.read_text(encoding="utf-8") == '[defaults]\nkind = "film"\navoid = ["suicide"]\n'


def test_config_shows_each_setting_and_where_it_comes_from(cli: Run, config: Path) -> None:
    before = cli("config")
    assert before.code == 0
    assert f"file: {config} (from XDG_CONFIG_HOME, not there yet)\n" in before.out
    assert "for_age\tnot set (--for-age on the command line only)\n" in before.out
    config.parent.mkdir(parents=True)
    config.write_text("# mine\n[defaults]\n\nfor_age = 12\n", encoding="utf-8")
    after = cli("config")
    assert "for_age = 12\tthe file, line 4\n" in after.out


def test_set_and_unset_keep_what_else_the_file_holds(cli: Run, config: Path) -> None:
    config.parent.mkdir(parents=True)
    config.write_text(
        '# mine\n[defaults]\navoid = [\n  "abuse",\n]\nfor_age = 12\n', encoding="utf-8"
    )
    assert cli("config", "set", "avoid", "suicide", "abuse").code == 0
    assert cli("config", "unset", "for_age").code == 0
    assert config.read_text(encoding="utf-8") == (
        '# mine\n[defaults]\navoid = ["suicide", "abuse"]\n'
    )
    again = cli("config", "unset", "for_age")
    assert (again.code, again.err) == (1, "tearlist: config unset: for_age is not set\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("set", "colour", "1"), "config set: unknown setting 'colour'; expected one of"),
        (("set", "for_age", "x"), "config set for_age: expected a whole number of at least 0"),
        (("set", "kind", "film", "series"), "config set kind: give one value, not 2"),
        (("set", "spoilers", "maybe"), "config set spoilers: expected true or false"),
    ],
)
def test_set_refuses_what_no_option_takes(
    cli: Run, config: Path, args: tuple[str, ...], message: str
) -> None:
    result = cli("config", *args)
    assert result.code == 2
    assert result.err.startswith(f"tearlist: {message}")
    assert not config.exists()


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("[defaults]\nfor_age = 'x'\n", ", line 2: for_age: expected a whole number"),
        ("[defaults]\navoid = [1]\n", ", line 2: avoid: expected a word or a list of words"),
        ("[defaults]\n\ncolour = 1\n", ", line 3: unknown setting 'colour'"),
        ("[defaults]\nkind = \n", ", line 2: invalid value"),
        ("[default]\n", ": unknown table or key 'default'; expected [defaults]"),
        ("\xff\n", ": not UTF-8 text"),
    ],
)
def test_a_broken_file_is_one_line_and_other_commands_work(
    cli: Run, config: Path, text: str, where: str
) -> None:
    config.parent.mkdir(parents=True)
    config.write_bytes(text.encode("latin-1"))
    result = cli("list")
    assert (result.code, result.out) == (3, "")
    assert result.err.startswith(f"tearlist: {config}{where}")
    assert result.err.count("\n") == 1
    assert cli("config", "set", "kind", "film").code == 3
    assert config.read_bytes() == text.encode("latin-1")  # never overwritten
    assert cli("list", "--no-config", "--format", "plain").code == 0
    assert cli("search", "Gong", "--no-config", "--format", "plain").code == 0
    assert cli("diary", "--format", "plain").code == 1  # the diary is empty; no settings read
    assert cli("validate").code == 0


def test_tearlist_config_names_the_file(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    named = tmp_path / "elsewhere.toml"
    monkeypatch.setenv("TEARLIST_CONFIG", str(named))
    assert cli("config", "set", "max_runtime", "120").code == 0
    assert named.read_text(encoding="utf-8") == "[defaults]\nmax_runtime = 120\n"
    assert "(from TEARLIST_CONFIG)" in cli("config").out
    monkeypatch.setenv("TEARLIST_CONFIG", "")
    assert cli("config").out.startswith("file: none")


def test_spoilers_saved_and_turned_off(cli: Run, config: Path) -> None:
    config.parent.mkdir(parents=True)
    config.write_text("[defaults]\nspoilers = true\n", encoding="utf-8")
    shown = cli("show", "1", "--format", "plain").out
    hidden = cli("show", "1", "--format", "plain", "--no-spoilers").out
    assert shown != hidden
    assert cli("show", "1", "--format", "plain", "--no-config").out == hidden
    assert cli("show", "1", "--format", "plain", "--no-config", "--spoilers").out == shown


def test_no_file_costs_no_toml_parser(config: Path) -> None:
    """Without a settings file, tomllib is not imported; with one, it is."""
    probe = (
        "import sys\n"
        "from tearlist.__main__ import run\n"
        "run(['list', '--format', 'json'])\n"
        "print('tomllib' in sys.modules, file=sys.stderr)\n"
    )
    env = {**os.environ}

    def imported() -> str:
        done = subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=False
        )
        return done.stderr.strip().splitlines()[-1]

    assert imported() == "False"
    config.parent.mkdir(parents=True)
    config.write_text("[defaults]\nkind = 'film'\n", encoding="utf-8")
    assert imported() == "True"


def test_a_terminal_is_told_what_saved_settings_hid(config: Path) -> None:
    config.parent.mkdir(parents=True)
    config.write_text("[defaults]\nkind = 'series'\n", encoding="utf-8")
    tearlist = Path(sys.executable).parent / "tearlist"
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "100", "LINES": "60"}
    terminal = Terminal([str(tearlist), "list"], Path.cwd(), env)
    assert terminal.finish() == 0
    assert (
        f"tearlist: 9 titles hidden by saved settings (kind = series) in {config}; "
        "--no-config shows them" in terminal.text().replace("\n", "")
    )


def test_with_value_adds_a_table_to_a_file_without_one() -> None:
    assert with_value("# mine", "kind", "film") == '# mine\n\n[defaults]\nkind = "film"\n'
    assert with_value("", "avoid", ["a b"]) == '[defaults]\navoid = ["a b"]\n'


def test_add_takes_no_saved_kind(config: Path) -> None:
    """A saved --kind filters listings; it does not describe the titles add makes."""
    from commandtree import every_command

    from tearlist.cli.saved import defaults_for

    config.parent.mkdir(parents=True)
    config.write_text("[defaults]\nkind = 'series'\ngenre = ['drama']\n", encoding="utf-8")
    commands = every_command()
    assert {param.name for param in commands["add"].params} >= {"kind", "genre"}
    assert defaults_for(commands["add"], [], None) is None
    assert defaults_for(commands["list"], [], None) == {"kind": "series", "genre": ["drama"]}
