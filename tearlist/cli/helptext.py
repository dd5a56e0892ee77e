"""The main help, its topics (tearlist help exit-codes, help environment), and the group
that lists the commands in panels: Browse, Choose, Your viewings, Catalogue files."""

from typing import Any

from typer.core import TyperGroup

HELP = """\
A catalogue of ten Korean films and dramas known for making people cry.

\b
Examples:
  tearlist show Train to Busan                      (browse)
  tearlist pick --max-runtime 120 --avoid suicide   (choose)
  tearlist stats --by genre                         (choose)
  tearlist log Train to Busan --rating 4.5          (your viewings)
  tearlist export tears.md                          (catalogue files)

\b
Output is a table at a terminal and tab-separated lines in a pipe;
--format picks another. More: tearlist COMMAND --help,
tearlist help exit-codes, tearlist help environment.
"""

# The panels of tearlist --help, in order.
PANELS = ("Browse", "Choose", "Your viewings", "Catalogue files")

TOPICS = {
    "exit-codes": """\
Exit codes:
  0    success
  1    nothing found
  2    usage error
  3    invalid data (a catalogue, a file to import, the settings file)
  4    file or I/O error
  5    the diary file cannot be used (not a diary, damaged, newer)
  129  stopped by SIGHUP while writing a file
  130  interrupted
  143  stopped by SIGTERM while writing a file
""",
    "environment": """\
Environment variables:
  TEARLIST_DATA      a catalogue file to read, as --data names one (which
                     wins); empty, either means the bundled catalogue
  TEARLIST_DIARY     the diary file (absolute); default
                     $XDG_DATA_HOME/tearlist/diary.sqlite3, that is
                     ~/.local/share/tearlist/ unless XDG_DATA_HOME is set.
                     The first add, edit or remove makes your own
                     catalogue beside it, catalogue.yaml, read from then on
  TEARLIST_CONFIG    the settings file (empty: none); default
                     $XDG_CONFIG_HOME/tearlist/config.toml, that is
                     ~/.config/tearlist/ (see tearlist config)
  TEARLIST_CACHE     where parsed catalogues are cached; empty: no cache
  TEARLIST_PAGER     the pager for output taller than the terminal, else
                     PAGER, else less -FRX; empty: no pager (--no-pager)
  NO_COLOR           turns colour off, as TERM=dumb does; --color wins
  VISUAL, EDITOR     the editor tearlist edit opens
""",
}


class Grouped(TyperGroup):
    """The application: its commands listed under panels, one short line each."""

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        panels: dict[str, list[tuple[str, str]]] = {panel: [] for panel in PANELS}
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            panel = getattr(command, "rich_help_panel", None) or "Commands"
            panels.setdefault(panel, []).append((name, command.get_short_help_str(limit=200)))
        width = max((len(name) for rows in panels.values() for name, _ in rows), default=0)
        for panel, rows in panels.items():
            if rows:  # the names padded alike, so that every panel's lines align
                with formatter.section(panel):
                    formatter.write_dl([(name.ljust(width), text) for name, text in rows])
