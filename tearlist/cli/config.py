"""tearlist config: show the settings file's defaults, and where each comes from; change
them. How the commands read them is in tearlist.cli.saved."""

from pathlib import Path
from typing import Annotated

import typer

from tearlist.cli.application import app
from tearlist.cli.base import (
    write,
)
from tearlist.cli.commands import listing
from tearlist.cli.saved import shown
from tearlist.config import KEYS, config_path, read_saved
from tearlist.text import visible

config_app = typer.Typer(
    name="config",
    help="""Show or change your saved settings.

    Defaults for the options of the listing commands, in a TOML file's [defaults]
    table: avoid, for_age, max_runtime, kind, genre and spoilers. An option on the
    command line wins; --no-config ignores the file.

    \\b
    Examples:
      tearlist config
      tearlist config set avoid suicide
      tearlist config set for_age 15
      tearlist config unset avoid
    """,
    rich_markup_mode=None,
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(config_app, **listing("config"))


@config_app.callback()
def show_settings(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is not None:
        return
    path, named_by = config_path()
    if path is None:
        write("file: none (TEARLIST_CONFIG is empty)\n")
        saved = None
    else:
        saved = read_saved(path)
        state = "" if saved is not None else ", not there yet"
        write(f"file: {visible(str(path))} (from {named_by}{state})\n")
    for key, (option, _) in KEYS.items():
        if saved is not None and key in saved.values:
            line = saved.lines.get(key)
            where = f"the file, line {line}" if line else "the file"
            write(f"{key} = {shown(saved.values[key])}\t{where}\n")
        else:
            write(f"{key}\tnot set ({option} on the command line only)\n")


KeyArgument = Annotated[
    str,
    typer.Argument(metavar="NAME", help=f"The setting: {', '.join(KEYS)}.", show_default=False),
]


@config_app.command(
    "set",
    short_help="Save a default for an option",
)
def set_setting(
    key: KeyArgument,
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="VALUE...", help="Its value; avoid and genre take several.", show_default=False
        ),
    ],
) -> None:
    """Save a default: config set avoid suicide."""
    from tearlist.config import save, value_from_words

    value = value_from_words(key, words)
    path = _path()
    save(path, key, value)
    write(f"saved {key} = {shown(value)} in {visible(str(path))}\n")


@config_app.command(
    "unset",
    short_help="Remove a saved default",
)
def unset_setting(key: KeyArgument) -> None:
    """Remove a saved default: config unset avoid."""
    from tearlist.config import save
    from tearlist.errors import NotFoundError, UsageError

    if key not in KEYS:
        raise UsageError(
            f"config unset: unknown setting {key!r}; expected one of {', '.join(KEYS)}"
        )
    path = _path()
    saved = read_saved(path)
    if saved is None or key not in saved.values:
        raise NotFoundError(f"config unset: {key} is not set")
    save(path, key, None)
    write(f"removed {key} from {visible(str(path))}\n")


def _path() -> Path:
    from tearlist.errors import UsageError

    path, _ = config_path()
    if path is None:
        raise UsageError("TEARLIST_CONFIG is empty: there is no settings file to change")
    return path
