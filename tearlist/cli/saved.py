"""The defaults the settings file gives the options of the listing commands, as they run.

The file is read (see tearlist.config) only by a command that has an option it can give a
default to, when the command runs: other commands work whatever the file holds. The
commands that show and change the file are in tearlist.cli.config.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import typer
from typer._click import Context
from typer._click.core import ParameterSource
from typer._click.globals import get_current_context

from tearlist.config import KEYS, config_path, read_saved
from tearlist.text import visible

if TYPE_CHECKING:
    from tearlist.config import Saved
    from tearlist.filtering import Filters


# The commands the settings file gives defaults to.
READERS = frozenset({"list", "sort", "search", "pick", "stats", "export", "show"})
# Where the settings a command read are kept for its messages.
SAVED_KEY = "tearlist.saved"


def defaults_for(command: Any, args: list[str], parent: Context | None) -> dict[str, Any] | None:
    """The defaults the settings file gives this command's options, or None.

    Only the commands that list or show titles read it (not add, whose --kind and
    --genre describe a new title); not for --help, nor with --no-config (before or after
    the command).
    """
    if command.name not in READERS:
        return None
    names = {param.name for param in command.params if param.name in KEYS}
    if not names:
        return None
    given = args[: args.index("--")] if "--" in args else args
    if {"--help", "-h", "--no-config"}.intersection(given):
        return None
    root = parent.find_root() if parent is not None else None
    if root is not None and root.params.get("no_config"):
        return None
    saved = read_saved(config_path()[0])
    if saved is None:
        return None
    if root is not None:
        root.meta[SAVED_KEY] = saved
    return {key: value for key, value in saved.values.items() if key in names}


def saved_filters(ctx: typer.Context, chosen: dict[str, Any]) -> dict[str, Any]:
    """Which of the filter values came from the settings file."""
    return {
        name: value
        for name, value in chosen.items()
        if value is not None and ctx.get_parameter_source(name) is ParameterSource.DEFAULT_MAP
    }


def hidden_by_saved(count: Callable[["Filters"], int], kept: int) -> str | None:
    """At a terminal, what the saved filters hid: "2 titles hidden by saved settings ...".

    count tells how many titles some filters keep (of a catalogue loaded whole, or by an
    index's columns); kept, how many all the filters keep, the saved ones among them.
    """
    from tearlist.errors import TearlistError

    without = without_saved()
    ctx = get_current_context(silent=True)
    if without is None or ctx is None or SAVED_KEY not in ctx.find_root().meta:
        return None
    used = ctx.meta.get(_USED_KEY)
    if not used:
        return None
    try:
        hidden = count(without) - kept
    except TearlistError:
        return None
    if hidden <= 0:
        return None
    saved: Saved = ctx.find_root().meta[SAVED_KEY]
    settings = ", ".join(f"{name} = {shown(value)}" for name, value in used.items())
    titles = f"{hidden} title{'' if hidden == 1 else 's'}"
    where = visible(str(saved.path))
    return f"tearlist: {titles} hidden by saved settings ({settings}) in {where}; --no-config shows them"


_USED_KEY = "tearlist.saved_filters"


def remember(ctx: typer.Context, used: dict[str, Any], without: "Filters") -> None:
    """Keep, for hidden_by_saved, the saved filters a command uses and the filters without."""
    ctx.meta[_USED_KEY] = used
    ctx.meta[_WITHOUT_KEY] = without


_WITHOUT_KEY = "tearlist.without_saved"


def without_saved() -> "Filters | None":
    ctx = get_current_context(silent=True)
    if ctx is None:
        return None
    found: Filters | None = ctx.meta.get(_WITHOUT_KEY)
    return found


def shown(value: Any) -> str:
    """A setting's value as a message shows it: suicide, violence; film; true."""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if hasattr(value, "value"):
        return str(value.value)
    return str(value).lower() if isinstance(value, bool) else str(value)
