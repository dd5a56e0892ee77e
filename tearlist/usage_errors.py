"""Click's usage errors in tearlist's own words: one line, in lower case, naming the command
and the option, what was wrong, and the fix or the nearest value.

    tearlist: list --kind: 'flim' is not a kind; did you mean 'film'? (film, series)

Only a usage error imports this module (from tearlist.__main__).
"""

from __future__ import annotations

import difflib
import re
from enum import Enum
from typing import Any

from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoSuchOption,
    UsageError,
)

from tearlist.text import describe


def message(error: UsageError, root: Any, argv: list[str]) -> str:
    """The error as the line after "tearlist: "; root is the application's command, and
    argv the arguments, which name the command where Click's error does not."""
    ctx: Any = error.ctx
    if ctx is not None:
        where = " ".join(ctx.command_path.split()[1:])
    else:
        where, command = _command_of(root, argv)
        ctx = _Bare(command)
    if isinstance(error, NoSuchOption):
        text = _no_option(error, ctx)
    elif isinstance(error, BadOptionUsage) and "requires an argument" in error.message:
        text = _needs_value(error.option_name, ctx)
    elif isinstance(error, MissingParameter):
        text = f"missing {_name(error.param)}" if error.param else _plain(error.message)
        text += f"; see 'tearlist {where} --help'" if where else ""
    elif isinstance(error, BadParameter):
        text = f"{_name(error.param)}: {_reason(error)}" if error.param else _plain(error.message)
    else:
        text = _other(error, ctx)
    if where and not text.startswith(("--", "-")):
        return f"{where}: {text}"
    return f"{where} {text}" if where else text


class _Bare:
    """What the messages read of a context, for an error Click raised without one."""

    def __init__(self, command: Any) -> None:
        self.command = command


def _params(ctx: Any) -> list[Any]:
    """The options a command takes, those every command takes after its name included."""
    if ctx is None:
        return []
    if not isinstance(ctx, _Bare):
        return list(ctx.command.get_params(ctx))
    from tearlist.cli.anywhere import options

    return [*ctx.command.params, *options()]


def _command_of(root: Any, argv: list[str]) -> tuple[str, Any]:
    """The command the arguments name (tearlist diary export ...), and its words."""
    command, words = root, []
    for arg in argv:
        found = command.get_command(None, arg) if hasattr(command, "get_command") else None
        if found is None:
            if arg.startswith("-"):
                continue
            break
        command = found
        words.append(arg)
    return " ".join(words), command


def _name(param: Any) -> str:
    if param is None:
        return "a value"
    if getattr(param, "param_type_name", "") == "argument":
        return str(param.metavar or param.name).upper().strip("[]").rstrip(".")
    return str(max(param.opts, key=len))


def _choices(param: Any) -> list[str]:
    found = getattr(param.type, "choices", None) or ()
    return [str(c.value) if isinstance(c, Enum) else str(c) for c in found]


def _reason(error: BadParameter) -> str:
    param, text = error.param, error.message
    value = _quoted(text)
    choices = _choices(param)
    if choices and value is not None:
        folded = value.casefold().replace("_", "-")
        close = difflib.get_close_matches(folded, [c.replace("_", "-") for c in choices], n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"{describe(value)} is not one of {', '.join(choices)}{hint}"
    if value is not None and re.search(r"is not a valid (int|integer|int range)", text):
        return f"expected a whole number, not {describe(value)}"
    ranged = re.search(r"^(-?\d+) is not in the range x>=(-?\d+)", text)
    if ranged:
        return f"expected {ranged[2]} or more, not {ranged[1]}"
    return _plain(text)


def _quoted(text: str) -> str | None:
    found = re.match(r"^'(.*)' is not", text, re.S)
    return found[1] if found else None


def _no_option(error: NoSuchOption, ctx: Any) -> str:
    known = _options(ctx)
    close = difflib.get_close_matches(error.option_name, known, n=1)
    hint = f"did you mean {close[0]}?" if close else "see --help for the options"
    return f"no option {describe(error.option_name)}; {hint}"


def _needs_value(option: str, ctx: Any) -> str:
    param = next((p for p in _params(ctx) if option in p.opts), None)
    choices = _choices(param) if param is not None else []
    if choices:
        return f"{option} needs a value: {', '.join(choices)}"
    metavar = getattr(param, "metavar", None) if param is not None else None
    return f"{option} needs a value ({metavar})" if metavar else f"{option} needs a value"


def _options(ctx: Any) -> list[str]:
    names = [opt for param in _params(ctx) for opt in param.opts if opt.startswith("--")]
    return [*names, "--help"]


def _other(error: UsageError, ctx: Any) -> str:
    text = error.message
    command = re.match(r"No such command '(.*?)'\.", text, re.S)
    if command:
        group = getattr(ctx, "command", None)
        known = (
            group.list_commands(ctx)
            if group is not None and hasattr(group, "list_commands")
            else []
        )
        close = difflib.get_close_matches(command[1].casefold(), known, n=1)
        hint = f"did you mean {close[0]!r}?" if close else "see 'tearlist --help' for the commands"
        return f"no command {describe(command[1])}; {hint}"
    extra = re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)$", text, re.S)
    if extra:
        return f"unexpected extra {describe(extra[1])}; see --help for what it takes"
    return _plain(text)


def _plain(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:]
