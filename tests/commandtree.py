"""The application's commands, every one built: the group builds a command only when it
is asked for, so tests that go through them all ask for each by name."""

from __future__ import annotations

from typing import Any

from typer.main import get_command

from tearlist.cli import app


def every_command() -> dict[str, Any]:
    """Each command by name, in the order of tearlist --help, hidden ones too."""
    group: Any = get_command(app)
    return {name: group.get_command(None, name) for name in group.list_commands(None)}
