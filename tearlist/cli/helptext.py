"""The main help and its topics (tearlist help exit-codes, help environment); the group
that lists the commands in panels is tearlist.cli.commands.Grouped."""

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
