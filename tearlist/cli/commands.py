"""The table of tearlist's commands, and the group that builds only the command that runs.

Typer makes a Click command from a function's signature, and the modules that hold the
functions import most of tearlist. Building every command at each start cost a tenth of
`tearlist list` and more of a completion, so the application's group finds a command in
this table, imports its module and builds that one command when it is asked for. The main
help lists the commands from the table, without importing any of them.
"""

from importlib import import_module
from typing import Any

from typer.core import TyperGroup

# Each command in the order of tearlist --help: the module of tearlist.cli that holds it,
# its panel in the help ("" for a hidden command), and its line there. The modules take
# their panel and line from here (see listing), so the two cannot differ.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "list": ("browse", "Browse", "List the titles, filtered and sorted"),
    "sort": ("browse", "Browse", "List the titles by release date"),
    "show": ("browse", "Browse", "Show one title in full, with your viewings"),
    "search": ("browse", "Browse", "Find titles by cast, director or title"),
    "people": ("browse", "Browse", "List the directors and cast, with titles"),
    "pick": ("choose", "Choose", "Pick a title at random"),
    "stats": ("choose", "Choose", "Count the titles by year, genre, rating..."),
    "log": ("diary", "Your viewings", "Record that you watched a title"),
    "export": ("files", "Catalogue files", "Write the catalogue to a file"),
    "validate": ("files", "Catalogue files", "Check a catalogue file, line by line"),
    "add": ("own", "Catalogue files", "Add a title, from Wikidata or by hand"),
    "remove": ("own", "Catalogue files", "Remove a title from your catalogue"),
    "edit": ("own", "Catalogue files", "Edit your catalogue in your editor"),
    "help": ("topics", "", "Show the help, a topic of it, or a command's help."),
    "config": ("config", "Choose", "Show or change your saved settings"),
    "diary": ("diary", "Your viewings", "List, edit, export or import your viewings"),
}

# The panels of tearlist --help, in order.
PANELS = ("Browse", "Choose", "Your viewings", "Catalogue files")


def listing(name: str) -> dict[str, Any]:
    """What a command's decorator gives Typer of the table: its line and its panel."""
    _, panel, line = COMMANDS[name]
    if not panel:
        return {"short_help": line, "hidden": True}
    return {"short_help": line, "rich_help_panel": panel}


class Grouped(TyperGroup):
    """The application: a command is imported and built when it is asked for, and the
    commands are listed under panels, one short line each, from the table."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)  # a test holds the table to what the modules register

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        found = self.commands.get(cmd_name)
        if found is None and cmd_name in COMMANDS:
            found = _build(cmd_name)
            if found is not None:
                self.commands[cmd_name] = found
        return found

    def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
        """The commands that begin with what was typed, from the table (none is built: this
        runs at every key press), then the options."""
        from typer._click.core import Command
        from typer._click.shell_completion import CompletionItem

        named = [
            CompletionItem(name, help=line)
            for name, (_, panel, line) in COMMANDS.items()
            if panel and name.startswith(incomplete)
        ]
        return [*named, *Command.shell_complete(self, ctx, incomplete)]

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        listed = [(name, panel, line) for name, (_, panel, line) in COMMANDS.items() if panel]
        width = max(len(name) for name, _, _ in listed)
        for heading in PANELS:  # the names padded alike, so that every panel's lines align
            rows = [(name.ljust(width), line) for name, panel, line in listed if panel == heading]
            with formatter.section(heading):
                formatter.write_dl(rows)


def _build(name: str) -> Any:
    """The Click command for a name in the table, its module imported to register it on
    the application, which each module of commands imports as app."""
    import typer.main

    app = import_module(f"tearlist.cli.{COMMANDS[name][0]}").app
    options = {
        "pretty_exceptions_short": app.pretty_exceptions_short,
        "rich_markup_mode": app.rich_markup_mode,
    }
    for info in app.registered_commands:
        given = info.name or typer.main.get_command_name(getattr(info.callback, "__name__", ""))
        if given == name:
            return typer.main.get_command_from_info(info, **options)
    for group in app.registered_groups:
        if group.typer_instance is not None and group.typer_instance.info.name == name:
            return typer.main.get_group_from_info(
                group, suggest_commands=app.suggest_commands, **options
            )
    return None
