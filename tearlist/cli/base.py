"""The application, its global options, and what every command shares: options, output."""

# No "from __future__ import annotations" in the cli package: Typer reads every command's
# annotations at each start, and evaluating them from strings would add a tenth to the
# start-up time.
import itertools
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tearlist.catalogue import Hit, SortKey, Years, parse_years
from tearlist.errors import NotFoundError, UsageError
from tearlist.formats import (
    MATCHED,
    PEOPLE_FIELDS,
    PEOPLE_SUMMARY,
    STREAMED,
    SUMMARY_FIELDS,
    Format,
    hit_record,
    pick_fields,
    render,
    render_stream,
    title_record,
)
from tearlist.records import FIELDS, Kind, Title

if TYPE_CHECKING:
    from rich.console import RenderableType

    from tearlist.sources import Source

HELP = """\
A catalogue of ten Korean films and dramas known for making people cry.

\b
Examples:
  tearlist list
  tearlist show "Train to Busan"
  tearlist search "Son Ye-jin"
  tearlist sort --reverse --format json
  tearlist export tears.md

\b
Output is a table on a terminal and tab-separated lines in a pipe;
--format picks another. NO_COLOR or TERM=dumb turns colour off.
TEARLIST_DATA names a catalogue file, as --data does; TEARLIST_CACHE
moves the cache of parsed catalogues, or turns it off when empty.

\b
Exit codes:
  0    success
  1    nothing found
  2    usage error
  3    invalid catalogue data
  4    file or I/O error
  130  interrupted
"""

app = typer.Typer(
    name="tearlist",
    help=HELP,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass(frozen=True, slots=True)
class Settings:
    """The options given before the command."""

    data: Path | None
    color: bool | None


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"tearlist {version('tearlist')}")
        raise typer.Exit()


@app.callback()
def _options(
    ctx: typer.Context,
    data: Annotated[
        Path | None,
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
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    ctx.obj = Settings(data, color)


def settings(ctx: typer.Context) -> Settings:
    """The options given before the command."""
    found = ctx.find_root().obj
    return found if isinstance(found, Settings) else Settings(None, None)


def catalogue(ctx: typer.Context) -> "Source":
    """The catalogue the command reads: loaded whole, or the index of a large one."""
    from tearlist.sources import open_catalogue, wants_progress

    return open_catalogue(settings(ctx).data, progress=wants_progress())


# Completion runs at every key press: it reads the catalogue the command line names,


def _years(text: str) -> Years:
    try:
        return parse_years(text)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


SortOption = Annotated[
    SortKey, typer.Option("--sort", help="Order by rank (the article's), release date or title.")
]
ReverseOption = Annotated[bool, typer.Option("--reverse", help="Reverse the order.")]
KindOption = Annotated[Kind | None, typer.Option("--kind", help="Only films or only series.")]
YearOption = Annotated[
    Years | None,
    typer.Option(
        "--year",
        parser=_years,
        metavar="YEAR|FROM..TO",
        help="Only titles released in a year (2013) or a range of years (2010..2015).",
    ),
]
FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format (default: table at a terminal, plain in a pipe).",
        show_default=False,
    ),
]
FieldsOption = Annotated[
    str | None,
    typer.Option(
        "--fields",
        metavar="NAME,...",
        help="Fields to write, in order, for plain, json, jsonl, csv and markdown.",
    ),
]


def is_terminal() -> bool:
    return sys.stdout.isatty()


@dataclass(frozen=True, slots=True)
class Output:
    """How a listing is written: its format, and the fields of every format but table."""

    format: Format
    fields: list[str]


def output_for(fmt: Format | None, fields: str | None, kind: str) -> Output:
    """Settle format and fields before any work, so a usage error comes first.

    Without --format, a terminal gets a table and a pipe plain lines; --fields alone asks
    for plain lines, since a table has fixed columns.
    """
    if fmt is None:
        fmt = Format.TABLE if is_terminal() and fields is None else Format.PLAIN
    if fmt is Format.TABLE:
        if fields is not None:
            raise UsageError("--fields does not apply to the table format")
        return Output(fmt, [])
    available, summary = _FIELDS[kind]
    default = summary if fmt in (Format.PLAIN, Format.MARKDOWN) else available
    return Output(fmt, pick_fields(fields, available, default))


_FIELDS = {
    "titles": (FIELDS, SUMMARY_FIELDS),
    "hits": ((*FIELDS, MATCHED), (*SUMMARY_FIELDS, MATCHED)),
    "people": (PEOPLE_FIELDS, PEOPLE_SUMMARY),
}


def use_color(chosen: Settings) -> bool:
    """Whether output is coloured: the flags first, then NO_COLOR and TERM, then a terminal."""
    if chosen.color is not None:
        return chosen.color
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return is_terminal()


def print_rich(ctx: typer.Context, renderable: "RenderableType") -> None:
    from rich.console import Console

    chosen = settings(ctx)
    color = use_color(chosen)
    console = Console(
        color_system="auto" if color else None,
        no_color=not color,
        force_terminal=True if chosen.color else None,
        highlight=False,
        emoji=False,
        markup=False,
    )
    if console.width < _NARROWEST:  # COLUMNS=0 or nonsense: draw at the usual width
        console.width = 80
    console.print(renderable)


_NARROWEST = 20


def write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def write_all(pieces: Iterable[str]) -> None:
    """Write text as it comes, in blocks, so that a long listing starts at once."""
    block: list[str] = []
    size = 0
    for piece in pieces:
        block.append(piece)
        size += len(piece)
        if size >= _BLOCK:
            write("".join(block))
            block, size = [], 0
    write("".join(block))


_BLOCK = 1 << 16


def emit_titles(
    ctx: typer.Context, titles: Iterable[Title], output: Output, hits: Sequence[Hit] = ()
) -> None:
    if output.format is Format.TABLE:
        from tearlist.tables import titles_table

        print_rich(ctx, titles_table(list(titles), hits))
        return
    if hits:
        by_rank = {hit.title.rank: hit for hit in hits}
        records = (hit_record(by_rank[title.rank]) for title in titles)
    else:
        records = (title_record(title) for title in titles)
    if output.format in STREAMED:
        write_all(render_stream(records, output.fields, output.format))
    else:
        write(render(records, output.fields, output.format))


def listed(
    source: "Source",
    kind: Kind | None,
    year: Years | None,
    sort: SortKey | None,
    reverse: bool,
) -> Iterator[Title]:
    """The titles the filters keep, in order, as they are read; NotFoundError if none."""
    titles = source.listing(kind, year, sort, reverse=reverse)
    first = next(titles, None)
    if first is None:
        filtered = kind is not None or year is not None
        raise NotFoundError(
            "no title matches the filters" if filtered else "the catalogue is empty"
        )
    return itertools.chain((first,), titles)


def selected(
    titles: Sequence[Title], kind: Kind | None, year: Years | None, sort: SortKey, reverse: bool
) -> list[Title]:
    """The titles the filters keep, in order; NotFoundError if there are none."""
    from tearlist.sources import Loaded

    return list(listed(Loaded(titles), kind, year, sort, reverse))
