"""What a start builds and imports: only the command that runs, and --help none at all.

The application finds a command in tearlist.cli.commands.COMMANDS and imports its module
when it is asked for; these tests hold the table to the modules, and the starts to it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import import_module

import pytest
from commandtree import every_command
from conftest import Run
from typer.main import get_command_name

from tearlist.cli.application import app
from tearlist.cli.commands import COMMANDS, PANELS

# The modules that hold commands, and the modules only some commands need.
COMMAND_MODULES = sorted({f"tearlist.cli.{module}" for module, _, _ in COMMANDS.values()})
WATCHED = (
    *COMMAND_MODULES,
    "tearlist.cli.base",
    "tearlist.catalogue",
    "tearlist.viewings",
    "tearlist.diary",
    "tearlist.cli.completion_shells",
)

STARTED = """
import sys
from tearlist.__main__ import run
code = run(sys.argv[1:])
print(code, *sorted(m for m in {watched} if m in sys.modules), file=sys.stderr)
"""


def _started(*args: str, completing: str = "") -> tuple[int, set[str], str]:
    """Run tearlist in a fresh interpreter, or its bash completion of a command line: its
    exit code, which watched modules it imported, and what it printed."""
    env = dict(os.environ)
    if completing:
        cword = str(len(completing.split()) - 1)
        env |= {
            "_TEARLIST_COMPLETE": "complete_bash",
            "COMP_WORDS": completing,
            "COMP_CWORD": cword,
        }
    script = STARTED.replace("{watched}", repr(WATCHED))
    done = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, env=env, check=False
    )
    code, *loaded = done.stderr.splitlines()[-1].split()
    return int(code), set(loaded), done.stdout


def _loaded(*args: str) -> tuple[int, set[str]]:
    """Run tearlist in a fresh interpreter: its exit code, and which watched modules it imported."""
    code, loaded, _ = _started(*args)
    return code, loaded


def test_every_registered_command_is_in_the_table_and_the_other_way_round() -> None:
    """Each module registers exactly the commands the table says it holds."""
    for module in COMMAND_MODULES:
        import_module(module)
    registered = {
        info.name or get_command_name(getattr(info.callback, "__name__", ""))
        for info in app.registered_commands
    }
    registered |= {
        str(group.typer_instance.info.name)
        for group in app.registered_groups
        if group.typer_instance is not None
    }
    assert registered == set(COMMANDS)


BUILT_ALONE = """
import sys
from typer.main import get_command
from tearlist.cli import app
command = get_command(app).get_command(None, sys.argv[1])
others = [m for m in sys.argv[2:] if m in sys.modules]
print(command is not None and command.name == sys.argv[1], *others)
"""


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_command_is_built_from_the_module_the_table_names_alone(name: str) -> None:
    """In a fresh interpreter, asking for a command imports the module the table names,
    which registers it, and no other module of commands."""
    others = [module for module in COMMAND_MODULES if module != f"tearlist.cli.{COMMANDS[name][0]}"]
    done = subprocess.run(
        [sys.executable, "-c", BUILT_ALONE, name, *others],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["True"]


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_command_carries_the_tables_line_and_panel(name: str) -> None:
    """The command carries the line and panel the main help shows for it."""
    _, panel, line = COMMANDS[name]
    command = every_command()[name]
    assert command is not None
    assert command.get_short_help_str(limit=200) == line
    assert command.hidden is (not panel)
    assert not panel or command.rich_help_panel == panel
    assert not panel or panel in PANELS


def test_the_help_lists_each_command_under_its_panel_in_the_tables_order(cli: Run) -> None:
    shown = cli("--help").out
    at = [shown.index(f"\n  {name} ") for name, (_, panel, _) in COMMANDS.items() if panel]
    for panel in PANELS:
        assert f"\n{panel}:\n" in shown
    names = [name for name, (_, panel, _) in COMMANDS.items() if panel]
    by_panel = sorted(names, key=lambda name: PANELS.index(COMMANDS[name][1]))
    assert [name for _, name in sorted(zip(at, names, strict=True))] == by_panel


def test_list_imports_only_its_own_command_module() -> None:
    """list builds one command: no other command's module, no diary, no completion code."""
    code, loaded = _loaded("list", "--format", "json")
    assert code == 0
    assert loaded == {"tearlist.cli.browse", "tearlist.cli.base", "tearlist.catalogue"}


def test_the_main_help_imports_no_command_and_no_catalogue_code() -> None:
    code, loaded = _loaded("--help")
    assert (code, loaded) == (0, set())


@pytest.mark.parametrize(
    ("args", "module"),
    [
        (["pick", "--seed", "1"], "tearlist.cli.choose"),
        (["config"], "tearlist.cli.config"),
        (["help", "exit-codes"], "tearlist.cli.topics"),
        (["validate"], "tearlist.cli.files"),
    ],
)
def test_each_command_imports_its_module_and_no_other_commands(
    args: list[str], module: str
) -> None:
    code, loaded = _loaded(*args)
    assert code == 0
    assert set(COMMAND_MODULES) & loaded == {module}


def test_a_completion_imports_the_command_it_completes_and_the_shell_code() -> None:
    code, loaded, _ = _started(completing="tearlist show Tra")
    assert code == 0
    assert set(COMMAND_MODULES) & loaded == {"tearlist.cli.browse"}
    assert "tearlist.cli.completion_shells" in loaded


def test_a_mistyped_command_is_still_answered_with_the_nearest_one(cli: Run) -> None:
    """Names come from the table, so a near miss is found without building every command."""
    result = cli("sohw", "5")
    assert (result.code, result.err) == (2, "tearlist: no command 'sohw'; did you mean 'show'?\n")


def test_completing_a_command_name_builds_no_command() -> None:
    """tearlist s<TAB> offers the commands from the table, and imports none of them."""
    code, loaded, offered = _started(completing="tearlist s")
    assert offered.split() == ["sort", "show", "search", "stats"]
    assert (code, set(COMMAND_MODULES) & loaded) == (0, set())


@pytest.mark.parametrize(
    ("words", "suggested"),
    [(["help", "lsit"], "'list'"), (["help", "diary", "exprot"], "'diary export'")],
)
def test_help_of_a_mistyped_command_suggests_one_no_start_has_built(
    words: list[str], suggested: str
) -> None:
    """In a fresh interpreter, where only the help command is built, tearlist help still
    finds the nearest command among all of them."""
    done = subprocess.run(
        [sys.executable, "-m", "tearlist", *words], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert done.stderr.endswith(f"did you mean {suggested}?\n")
