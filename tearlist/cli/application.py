"""The application and the options given before a command (--data, --color, --no-pager,
--no-config, --version): what every start builds, kept apart from the commands' shared
code (tearlist.cli.base) so that tearlist --help imports none of the catalogue's modules.
"""

# No "from __future__ import annotations" in the cli package: Typer reads the callback's
# annotations at each start.
from pathlib import Path
from typing import Annotated, NamedTuple

import typer

from tearlist.cli.commands import Grouped
from tearlist.cli.helptext import HELP


def _token(word: str) -> str:
    """A choice, option name or command name as it is matched: case, and - against _,
    do not matter (--kind Film, --format JSON, --by age-rating)."""
    return word.casefold().replace("_", "-")


app = typer.Typer(
    name="tearlist",
    cls=Grouped,
    help=HELP,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=False,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "token_normalize_func": _token},
)


class Settings(NamedTuple):
    """The options given before the command."""

    data: Path | None
    color: bool | None
    # What named the catalogue, so a message about it says where to look ("" for the
    # user's own catalogue, which its path names).
    data_from: str = "--data"
    # Whether --data or TEARLIST_DATA named it, if only to name the bundled catalogue.
    named: bool = False
    # Whether output taller than the terminal goes through a pager (--no-pager: not).
    pager: bool = True


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"tearlist {version('tearlist')}")
        raise typer.Exit()


@app.callback()
def _options(
    ctx: typer.Context,
    # Text, not a Path: Typer's Path type refuses an unreadable file itself, as a usage
    # error; tearlist's own check says what is wrong and exits as a file error.
    data: Annotated[
        str | None,
        typer.Option(
            "--data",
            envvar="TEARLIST_DATA",
            metavar="FILE",
            help="Read this catalogue file (YAML or JSON) instead of the bundled one.",
            show_default=False,
        ),
    ] = None,
    color: Annotated[
        bool | None,
        typer.Option(
            "--color/--no-color",
            help="Force colour on or off (default: on at a terminal, unless NO_COLOR is set).",
            show_default=False,
        ),
    ] = None,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager", help="Never page long output at a terminal (TEARLIST_PAGER= too)."
        ),
    ] = False,
    no_config: Annotated[
        bool,
        typer.Option("--no-config", help="Ignore the settings file (see tearlist config)."),
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    from tearlist.own_catalogue import chosen

    if ctx.invoked_subcommand is None:  # tearlist alone: the help, as gh shows it
        typer.echo(ctx.get_help())
        raise typer.Exit()
    source = ctx.get_parameter_source("data")
    named_by = "TEARLIST_DATA" if source and source.name == "ENVIRONMENT" else "--data"
    # An empty value means the bundled catalogue, from the option as from the variable;
    # none at all, the user's own catalogue where there is one.
    path, named_by, named = chosen(data, named_by)
    ctx.obj = Settings(path, color, named_by, named=named, pager=not no_pager)


def settings(ctx: typer.Context) -> Settings:
    """The options given before the command."""
    found = ctx.find_root().obj
    return found if isinstance(found, Settings) else Settings(None, None)
