"""The command line: options are parsed here and handed to the catalogue and output modules."""

# No "from __future__ import annotations" here: Typer reads every command's annotations at
# each start, and evaluating them from strings would add a tenth to the start-up time.
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tearlist import loading
from tearlist.catalogue import (
    Hit,
    Query,
    SortKey,
    Years,
    find,
    ordered,
    parse_years,
    people,
    search,
    select,
)
from tearlist.errors import NotFoundError, UsageError
from tearlist.formats import (
    EXTENSIONS,
    MATCHED,
    PEOPLE_FIELDS,
    PEOPLE_SUMMARY,
    SUMMARY_FIELDS,
    ExportFormat,
    Format,
    ShowFormat,
    credit_record,
    export_text,
    hit_record,
    pick_fields,
    render,
    render_title,
    title_record,
)
from tearlist.records import FIELDS, Kind, Title
from tearlist.text import visible

if TYPE_CHECKING:
    from rich.console import RenderableType

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


def _settings(ctx: typer.Context) -> Settings:
    settings = ctx.find_root().obj
    return settings if isinstance(settings, Settings) else Settings(None, None)


def _catalogue(ctx: typer.Context) -> tuple[Title, ...]:
    return loading.load(_settings(ctx).data)


# Completion runs at every key press: it reads the catalogue the command line names,
# and stays silent if that cannot be read.
def _completion_titles(ctx: typer.Context) -> tuple[Title, ...]:
    data = ctx.find_root().params.get("data")
    try:
        return loading.load(Path(data) if data else None)
    except Exception:  # noqa: BLE001 - a completion must never print an error
        return ()


def _starts(incomplete: str, spellings: Sequence[str]) -> str | None:
    """The first spelling that begins with what was typed, ignoring case.

    The shell keeps only values that begin with the typed text as typed, so the rest of
    the spelling is added to the user's own letters: "train" completes to "train to Busan".
    """
    size = len(incomplete)
    for text in spellings:
        if text[:size].casefold() == incomplete.casefold():
            return _for_the_shell(incomplete, incomplete + text[size:])
    return None


_SHELL_SPECIAL = re.compile(r"[^\w@%+=:,./-]")


def _for_the_shell(incomplete: str, value: str) -> str:
    """A value as bash must insert it: bash puts a completion in as it is, so a space or a
    quote in it is escaped (Hello\\ Ghost), unless what was typed has such characters itself."""
    if os.environ.get("_TEARLIST_COMPLETE") != "complete_bash" or _SHELL_SPECIAL.search(incomplete):
        return value
    return _SHELL_SPECIAL.sub(lambda match: "\\" + match[0], value)


def _complete_titles(ctx: typer.Context, incomplete: str) -> list[str]:
    found = (_starts(incomplete, title.names()) for title in _completion_titles(ctx))
    return [name for name in found if name]


def _complete_people(ctx: typer.Context, incomplete: str, cast: bool, directors: bool) -> list[str]:
    names: dict[str, None] = {}
    for title in _completion_titles(ctx):
        group = (title.cast if cast else ()) + (title.directors if directors else ())
        for person in group:
            name = _starts(incomplete, person.spellings())
            if name:
                names[name] = None
    return sorted(names)


def _complete_cast(ctx: typer.Context, incomplete: str) -> list[str]:
    return _complete_people(ctx, incomplete, cast=True, directors=False)


def _complete_directors(ctx: typer.Context, incomplete: str) -> list[str]:
    return _complete_people(ctx, incomplete, cast=False, directors=True)


def _complete_anyone(ctx: typer.Context, incomplete: str) -> list[str]:
    return _complete_people(ctx, incomplete, cast=True, directors=True)


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


def _terminal() -> bool:
    return sys.stdout.isatty()


@dataclass(frozen=True, slots=True)
class Output:
    """How a listing is written: its format, and the fields of every format but table."""

    format: Format
    fields: list[str]


def _output(fmt: Format | None, fields: str | None, kind: str) -> Output:
    """Settle format and fields before any work, so a usage error comes first.

    Without --format, a terminal gets a table and a pipe plain lines; --fields alone asks
    for plain lines, since a table has fixed columns.
    """
    if fmt is None:
        fmt = Format.TABLE if _terminal() and fields is None else Format.PLAIN
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


def _color(settings: Settings) -> bool:
    if settings.color is not None:
        return settings.color
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return _terminal()


def _print(ctx: typer.Context, renderable: "RenderableType") -> None:
    from rich.console import Console

    settings = _settings(ctx)
    color = _color(settings)
    console = Console(
        color_system="auto" if color else None,
        no_color=not color,
        force_terminal=True if settings.color else None,
        highlight=False,
        emoji=False,
        markup=False,
    )
    if console.width < _NARROWEST:  # COLUMNS=0 or nonsense: draw at the usual width
        console.width = 80
    console.print(renderable)


_NARROWEST = 20


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _emit_titles(
    ctx: typer.Context, titles: Sequence[Title], output: Output, hits: Sequence[Hit] = ()
) -> None:
    if output.format is Format.TABLE:
        from tearlist.tables import titles_table

        _print(ctx, titles_table(titles, hits))
        return
    if hits:
        by_rank = {hit.title.rank: hit for hit in hits}
        records = [hit_record(by_rank[title.rank]) for title in titles]
    else:
        records = [title_record(title) for title in titles]
    _write(render(records, output.fields, output.format))


def _selected(
    titles: Sequence[Title], kind: Kind | None, year: Years | None, sort: SortKey, reverse: bool
) -> list[Title]:
    """The titles the filters keep, in order; NotFoundError if there are none."""
    kept = ordered(select(titles, kind=kind, years=year), sort, reverse=reverse)
    if not kept:
        filtered = kind is not None or year is not None
        raise NotFoundError(
            "no title matches the filters" if filtered else "the catalogue is empty"
        )
    return kept


@app.command("list")
def list_titles(
    ctx: typer.Context,
    sort: SortOption = SortKey.RANK,
    reverse: ReverseOption = False,
    kind: KindOption = None,
    year: YearOption = None,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """List the titles, in the article's order unless sorted.

    \b
    Examples:
      tearlist list
      tearlist list --sort released --year 2010..2015 --kind film
      tearlist list --format csv --fields rank,title,released
    """
    output = _output(fmt, fields, "titles")
    _emit_titles(ctx, _selected(_catalogue(ctx), kind, year, sort, reverse), output)


@app.command("sort")
def sort_titles(
    ctx: typer.Context,
    reverse: Annotated[bool, typer.Option("--reverse", help="Newest first.")] = False,
    kind: KindOption = None,
    year: YearOption = None,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """List the titles by release date, oldest first; unknown dates come last.

    \b
    Examples:
      tearlist sort
      tearlist sort --reverse --kind film --format json
    """
    output = _output(fmt, fields, "titles")
    _emit_titles(ctx, _selected(_catalogue(ctx), kind, year, SortKey.RELEASED, reverse), output)


@app.command()
def show(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(
            metavar="REF",
            help="A rank, a title in English, Korean or another spelling, or its start.",
            autocompletion=_complete_titles,
            show_default=False,
        ),
    ],
    fmt: Annotated[
        ShowFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format (default: table at a terminal, plain in a pipe).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Show one title in full.

    \b
    Examples:
      tearlist show 5
      tearlist show "train to busan"
      tearlist show 부산행 --format json
    """
    if fmt is None:
        fmt = ShowFormat.TABLE if _terminal() else ShowFormat.PLAIN
    title = find(_catalogue(ctx), ref)
    if fmt is ShowFormat.TABLE:
        from tearlist.tables import title_detail

        _print(ctx, title_detail(title))
    else:
        _write(render_title(title, fmt))


@app.command("search")
def search_titles(
    ctx: typer.Context,
    query: Annotated[
        str | None,
        typer.Argument(
            metavar="[QUERY]",
            help="A name or title to look for in cast, directors and titles.",
            autocompletion=_complete_anyone,
            show_default=False,
        ),
    ] = None,
    cast: Annotated[
        str | None,
        typer.Option(
            "--cast", help="A name to look for in the cast.", autocompletion=_complete_cast
        ),
    ] = None,
    director: Annotated[
        str | None,
        typer.Option(
            "--director",
            help="A name to look for among directors.",
            autocompletion=_complete_directors,
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option("--title", help="A title to look for.", autocompletion=_complete_titles),
    ] = None,
    sort: SortOption = SortKey.RANK,
    reverse: ReverseOption = False,
    kind: KindOption = None,
    year: YearOption = None,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """Find titles by cast, director or title, however the name is spelled.

    Case, accents, spaces, hyphens and dots are ignored, Hangul works, and the start
    of any part of a name matches. --cast, --director and --title narrow the search;
    given together, a title must match each of them.

    \b
    Examples:
      tearlist search "Son Ye-jin"
      tearlist search 손예진
      tearlist search --director Lee --kind film
    """
    wanted = Query(query, cast, director, title)
    if not wanted.terms():
        raise UsageError("search needs a QUERY, or --cast, --director or --title")
    output = _output(fmt, fields, "hits")
    hits = search(_catalogue(ctx), wanted)
    titles = _selected([hit.title for hit in hits], kind, year, sort, reverse)
    _emit_titles(ctx, titles, output, hits)


@app.command("people")
def list_people(
    ctx: typer.Context,
    query: Annotated[
        str | None,
        typer.Argument(
            metavar="[QUERY]",
            help="Only people whose name matches, as search matches names.",
            autocompletion=_complete_anyone,
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """List every director and cast member once, with their titles.

    \b
    Examples:
      tearlist people
      tearlist people son --format json
    """
    output = _output(fmt, fields, "people")
    credits = people(_catalogue(ctx), query)
    if not credits:
        raise NotFoundError("the catalogue names no people")
    if output.format is Format.TABLE:
        from tearlist.tables import people_table

        _print(ctx, people_table(credits))
        return
    _write(render([credit_record(credit) for credit in credits], output.fields, output.format))


@app.command("export")
def export(
    ctx: typer.Context,
    path: Annotated[
        str,
        typer.Argument(
            metavar="[PATH]",
            help="The file to write, or - for standard output.",
            show_default=False,
        ),
    ] = "-",
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="File format (default: from the file's extension; markdown for -).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
    sort: SortOption = SortKey.RANK,
    reverse: ReverseOption = False,
    kind: KindOption = None,
    year: YearOption = None,
) -> None:
    """Write the catalogue to a Markdown, JSON, JSONL, CSV or YAML file.

    The file is written in full to a temporary file and then renamed into place, so it
    is never left half-written; an existing file is replaced only with --force.

    \b
    Examples:
      tearlist export tears.md
      tearlist export tears.yaml --force
      tearlist export - --format csv --kind film
    """
    from tearlist.export import check_target, write_atomic

    if path != "-":
        check_target(Path(path), force=force)
    chosen = _export_format(path, fmt)
    titles = _selected(_catalogue(ctx), kind, year, sort, reverse)
    text = export_text(titles, chosen)
    if path == "-":
        _write(text)
        return
    write_atomic(Path(path), text, force=force)
    count = f"{len(titles)} title{'' if len(titles) == 1 else 's'}"
    typer.echo(f"wrote {count} to {visible(path)}", err=True)


def _export_format(path: str, fmt: ExportFormat | None) -> ExportFormat:
    if fmt is not None:
        return fmt
    if path == "-":
        return ExportFormat.MARKDOWN
    suffix = Path(path).suffix.lower()
    if suffix not in EXTENSIONS:
        known = ", ".join(sorted(EXTENSIONS))
        raise UsageError(
            f"cannot tell the format of {path!r} from its extension ({known}); use --format"
        )
    return EXTENSIONS[suffix]


@app.command()
def validate(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(
            metavar="[PATH]",
            help="The file to check (default: the catalogue in use).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check a catalogue file and report every problem in it, with line and column.

    \b
    Examples:
      tearlist validate my-list.yaml
      TEARLIST_DATA=my-list.yaml tearlist validate
    """
    target = path or _settings(ctx).data
    titles = loading.load(target, report_all=True, cached=False)
    name = target or "the bundled catalogue"
    typer.echo(f"{name}: a valid catalogue of {len(titles)} title{'' if len(titles) == 1 else 's'}")
