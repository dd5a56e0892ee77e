"""tearlist help: the main help, a topic of it (exit-codes, environment), or a command's."""

from typing import Annotated

import typer

from tearlist.cli.application import app
from tearlist.cli.base import (
    write,
)
from tearlist.cli.commands import listing
from tearlist.cli.helptext import TOPICS
from tearlist.errors import UsageError
from tearlist.text import describe


@app.command("help", **listing("help"))
def help_topic(
    ctx: typer.Context,
    topic: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[TOPIC]",
            help="exit-codes, environment, or a command (diary export).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Show the help, a topic of it, or a command's help.

    \b
    Examples:
      tearlist help exit-codes
      tearlist help environment
      tearlist help diary export
    """
    root = ctx.find_root()
    if not topic:
        write(root.get_help() + "\n")
        return
    if len(topic) == 1 and topic[0].casefold() in TOPICS:
        write(TOPICS[topic[0].casefold()])
        return
    command, parent = root.command, root
    for at, word in enumerate(topic):
        found = getattr(command, "get_command", lambda _ctx, _name: None)(parent, word)
        if found is None:
            listed: list[str] = getattr(command, "list_commands", lambda _ctx: [])(parent)
            raise UsageError(_unknown(topic, at, [*TOPICS, *listed] if at == 0 else listed))
        parent = typer.Context(found, info_name=word, parent=parent)
        command = found
    write(command.get_help(parent) + "\n")


def _unknown(topic: list[str], at: int, known: list[str]) -> str:
    """The message for a topic or command not found, its word at position at among the
    names known there; the nearest name is suggested with the words before it."""
    import difflib

    wanted = " ".join(topic)
    missed = wanted if at == 0 else topic[at]  # a topic may be typed as two words
    close = difflib.get_close_matches(missed.casefold(), known, n=1)
    meant = " ".join([*topic[:at], close[0]]) if close else ""
    hint = f"; did you mean {meant!r}?" if close else f"; topics: {', '.join(TOPICS)}"
    return f"help: no topic or command {describe(wanted)}{hint}"
