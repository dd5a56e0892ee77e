"""The options given before the command that every command takes after it as well.

`tearlist list --data mine.yaml` means what `tearlist --data mine.yaml list` means, as gh
takes --repo anywhere. Each is parsed by the command and written into the settings the
application's callback made; the value given last wins, so one after the command wins
over one before it, and either over the environment variable.
"""

from typing import Any

from typer._click import Context, Parameter
from typer.core import TyperOption

# Where --data after the command is kept for shell completion, which runs no callback of
# the application and so has no settings.
DATA_KEY = "tearlist.data"


def _data(ctx: Context, _param: Parameter, value: str | None) -> None:
    if value is None:
        return
    from tearlist.own_catalogue import chosen

    ctx.meta[DATA_KEY] = value
    path, named_by, named = chosen(value)
    _update(ctx, data=path, data_from=named_by, named=named)


def _color(ctx: Context, _param: Parameter, value: bool | None) -> None:
    if value is not None:
        _update(ctx, color=value)


def _pager(ctx: Context, _param: Parameter, value: bool | None) -> None:
    if value:
        _update(ctx, pager=False)


def _update(ctx: Context, **changes: Any) -> None:
    """Change the settings the application's callback made (tearlist.cli.application.Settings)."""
    from tearlist.cli.application import Settings

    root = ctx.find_root()
    if isinstance(root.obj, Settings):
        root.obj = root.obj._replace(**changes)


def options() -> list[TyperOption]:
    """The options every command takes after its name (not given to the command's function)."""
    return [
        TyperOption(
            param_decls=["--data"],
            metavar="FILE",
            callback=_data,
            expose_value=False,
            help="Read this catalogue file (as --data before the command).",
        ),
        TyperOption(
            param_decls=["--color/--no-color"],
            is_flag=True,
            default=None,
            callback=_color,
            expose_value=False,
            help="Force colour on or off (as before the command).",
        ),
        TyperOption(
            param_decls=["--no-pager"],
            is_flag=True,
            default=False,
            callback=_pager,
            expose_value=False,
            help="Never page long output (as before the command).",
        ),
        TyperOption(
            param_decls=["--no-config"],
            is_flag=True,
            default=False,
            expose_value=False,
            help="Ignore the settings file (read before the options are).",
        ),
    ]
