"""What every command shares: its class, options, the catalogue it reads, and output."""

# No "from __future__ import annotations" in the cli package: Typer reads every command's
# annotations at each start, and evaluating them from strings would add a tenth to the
# start-up time.
import codecs
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer
from typer._click import Context
from typer.core import TyperCommand

from tearlist import loading
from tearlist.catalogue import Hit, SortKey, Years, ordered, parse_years
from tearlist.cli.application import Settings, settings
from tearlist.cli.completion import complete_titles
from tearlist.errors import DiaryError, FileError, NotFoundError, UsageError
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
    stored_hit,
    stored_list,
    title_record,
)
from tearlist.records import FIELDS, Kind, Title
from tearlist.text import describe, visible

if TYPE_CHECKING:
    from rich.console import RenderableType

    from tearlist.filtering import Filters, Kept, Vocabulary
    from tearlist.index import Index
    from tearlist.selecting import Selection
    from tearlist.sources import Source
    from tearlist.viewings import Viewing


class Command(TyperCommand):
    """A command whose usage line writes a required argument as REF, not Typer's {REF}, and
    that takes the options given before a command after it too (see tearlist.cli.anywhere)."""

    def get_params(self, ctx: Context) -> list[Any]:
        # Made for the one command that runs (or shows its help), not for every command at
        # each start.
        if self._anywhere is None:
            from tearlist.cli import anywhere

            self._anywhere = anywhere.options()
        params: list[Any] = super().get_params(ctx)
        return [*params[:-1], *self._anywhere, params[-1]]  # --help stays last

    _anywhere: list[Any] | None = None

    def invoke(self, ctx: Context) -> Any:
        """Run the command; a usage error about one of its options names the command too
        (tearlist: list --fields: ...), as Click's errors do in tearlist's words."""
        try:
            return super().invoke(ctx)
        except UsageError as error:
            text = str(error)
            words = " ".join(ctx.command_path.split()[1:])
            if words and text.startswith("-"):
                raise UsageError(f"{words} {text}") from None
            raise

    def make_context(
        self, info_name: str | None, args: list[str], parent: Context | None = None, **extra: Any
    ) -> Context:
        """A command with options the settings file gives defaults to reads it first."""
        if not extra.get("resilient_parsing") and "default_map" not in extra:
            from tearlist.cli.saved import defaults_for

            defaults = defaults_for(self, args, parent)
            if defaults:
                extra["default_map"] = defaults
        return super().make_context(info_name, args, parent, **extra)

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        required = {f"{{{param.metavar}}}" for param in self.get_params(ctx) if param.required}
        pieces = super().collect_usage_pieces(ctx)
        return [piece[1:-1] if piece in required else piece for piece in pieces]


def load_catalogue(ctx: typer.Context, **options: bool) -> tuple[Title, ...]:
    """The catalogue in use; a file that cannot be read is named with what named it.

    It is loaded once a command: the filters, the table and show may all ask for it.
    """
    from tearlist.sources import Loaded

    if not options:
        source = catalogue(ctx)
        if isinstance(source, Loaded):
            return tuple(source.titles)
    kept = ctx.find_root().meta
    key = f"tearlist.catalogue{sorted(options.items())}"
    if key not in kept:
        with _named(ctx):
            kept[key] = loading.load(settings(ctx).data, **options)
    titles: tuple[Title, ...] = kept[key]
    return titles


def catalogue(ctx: typer.Context) -> "Source":
    """The catalogue the command reads: loaded whole, or the index of a large one."""
    from tearlist.sources import open_catalogue, wants_progress

    kept = ctx.find_root().meta
    if _SOURCE not in kept:
        with _named(ctx):
            kept[_SOURCE] = open_catalogue(settings(ctx).data, progress=wants_progress())
    source: Source = kept[_SOURCE]
    return source


_SOURCE = "tearlist.source"


@contextmanager
def _named(ctx: typer.Context) -> Iterator[None]:
    """A catalogue file that cannot be read is named with what named it: --data or a variable."""
    chosen = settings(ctx)
    try:
        yield
    except FileError as error:
        if chosen.data is None or not chosen.data_from:
            raise
        raise FileError(f"{chosen.data_from}: {error}") from None


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


RefWords = Annotated[
    list[str],
    typer.Argument(
        metavar="REF",
        help="A rank, or a title in English, Korean or another spelling, or its start; "
        "its words need no quotes.",
        autocompletion=complete_titles,
        show_default=False,
    ),
]


def whole(least: int, most: int | None = None) -> Any:
    """A parser of a whole number from least (to most), whose error reads as tearlist's:
    an option given min= would show Click's "[x>=1]" in its help."""

    def parse(text: str | int) -> int:
        if isinstance(text, int):  # the default, or a saved setting, already a number
            text = str(text)
        stripped = text.strip()
        if not (stripped.isascii() and stripped.lstrip("-").isdigit()):
            raise typer.BadParameter(f"expected a whole number, not {describe(text)}")
        number = int(stripped)
        if number < least or (most is not None and number > most):
            wanted = f"{least} or more" if most is None else f"{least} to {most}"
            raise typer.BadParameter(f"expected {wanted}, not {number}")
        return number

    return parse


def joined(words: Sequence[str]) -> str:
    """A REF typed as several words (show Train to Busan): the words joined by spaces."""
    return " ".join(words)


def years_option(help: str) -> Any:
    """A --year option that takes a year (2013) or a range of years (2010..2015)."""
    return typer.Option("--year", parser=_years, metavar="YEAR|FROM..TO", help=help)


YearOption = Annotated[
    Years | None,
    years_option("Only titles released in a year (2013) or a range of years (2010..2015)."),
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


SpoilersOption = Annotated[
    bool,
    typer.Option(
        "--spoilers/--no-spoilers",
        help="Also show the words of the content notes that give the story away.",
    ),
]


def is_terminal() -> bool:
    return sys.stdout.isatty()


class Output(NamedTuple):
    """How a listing is written: its format, and the fields of every format but table."""

    format: Format
    fields: list[str]


def output_for(fmt: Format | None, fields: str | None, kind: str) -> Output:
    """Settle format and fields before any work, so a usage error comes first.

    Without --format, a terminal gets a table and a pipe plain lines; --fields alone asks
    for plain lines. A table with --fields has those columns (no fields: its own).
    """
    if fmt is None:
        fmt = Format.TABLE if is_terminal() and fields is None else Format.PLAIN
    available, summary = _fields_of(kind)
    if fmt is Format.TABLE:
        return Output(fmt, [] if fields is None else pick_fields(fields, available, summary))
    default = summary if fmt in (Format.PLAIN, Format.MARKDOWN) else available
    return Output(fmt, pick_fields(fields, available, default))


@contextmanager
def empty_listing(output: Output) -> Iterator[None]:
    """A listing that finds nothing still writes what a program can read, and exits 1: an
    empty JSON list, the header of a CSV table (JSON Lines and plain lines: nothing)."""
    try:
        yield
    except NotFoundError:
        if output.format in (Format.JSON, Format.CSV):
            write(render([], output.fields, output.format))
        raise


_FIELDS = {
    "titles": (FIELDS, SUMMARY_FIELDS),
    "hits": ((*FIELDS, MATCHED), (*SUMMARY_FIELDS, MATCHED)),
    "people": (PEOPLE_FIELDS, PEOPLE_SUMMARY),
}


def _fields_of(kind: str) -> tuple[Sequence[str], Sequence[str]]:
    """The fields a kind of record has, and those of its summary (of plain and markdown)."""
    if kind == "viewings":  # the diary's module, only for a command of the diary
        from tearlist.viewings import DIARY_FIELDS, DIARY_SUMMARY

        return DIARY_FIELDS, DIARY_SUMMARY
    return _FIELDS[kind]


def use_color(chosen: Settings) -> bool:
    """Whether output is coloured: the flags first, then NO_COLOR and TERM, then a terminal."""
    if chosen.color is not None:
        return chosen.color
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return is_terminal()


def print_rich(ctx: typer.Context, renderable: "RenderableType", *, crop: bool = True) -> None:
    """Draw for a terminal; crop=False lets a line that must stay whole (an address) run
    past the edge instead of being cut there."""
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
    if chosen.color and console.color_system is None:
        # Rich finds no colours in TERM=dumb or a terminal it does not know; --color is the
        # user's word that this one has them, so the basic sixteen are used.
        console = Console(
            color_system="standard",
            no_color=False,
            force_terminal=True,
            highlight=False,
            emoji=False,
            markup=False,
        )
    if console.width < _NARROWEST:  # COLUMNS=0 or nonsense: draw at the usual width
        console.width = 80
    if not (chosen.pager and is_terminal()):
        console.print(renderable, crop=crop)
        return
    with console.capture() as captured:
        console.print(renderable, crop=crop)
    text = captured.get()
    if text.count("\n") > terminal_height() > 0:
        from tearlist.paging import page

        sys.stdout.flush()
        if page(text):
            return
    write(text)


_NARROWEST = 20


def terminal_height() -> int:
    """The lines of the terminal standard output is: LINES, else the terminal's own; 0 if
    neither says (a pseudo-terminal given no size), and then nothing is paged."""
    lines = os.environ.get("LINES", "")
    if lines.isascii() and lines.isdigit() and int(lines) > 0:
        return int(lines)
    try:
        return os.get_terminal_size(sys.stdout.fileno()).lines
    except (OSError, ValueError, AttributeError):
        return 0


def stdout_is_utf8() -> bool:
    """Whether standard output's text encoding is UTF-8 (not ASCII, Latin-1...)."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def write(text: str) -> None:
    """Write data to standard output as UTF-8, whatever the locale's encoding.

    Data is never written with escapes of Python's own (\\xe9), which no reader of CSV or
    plain lines understands; JSON is made ASCII beforehand where stdout is not UTF-8.
    """
    stream = sys.stdout
    raw = getattr(stream, "buffer", None)
    if raw is None or stdout_is_utf8():
        stream.write(text)
        stream.flush()
        return
    stream.flush()
    raw.write(text.encode("utf-8", "replace"))
    raw.flush()


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
    ctx: typer.Context,
    titles: Iterable[Title],
    output: Output,
    hits: Sequence[Hit] = (),
    *,
    spoilers: bool = False,
) -> None:
    """Titles in the format asked for; notes that spoil the story only with spoilers."""
    if output.format is Format.TABLE and not output.fields:
        from tearlist.tables import titles_view

        titles = list(titles)
        # The table marks the titles seen, once any is logged; without a diary, it lists them.
        viewings = read_viewings(needed=False)
        # Each viewing belongs to one title of the whole catalogue, not of those shown.
        if viewings:
            from tearlist.viewings import viewings_by_rank

            seen = viewings_by_rank(load_catalogue(ctx), viewings)
        else:
            seen = None
        print_rich(ctx, titles_view(titles, hits, seen))
        return
    ascii_only = not stdout_is_utf8()
    if hits and _emit_stored_hits(ctx, titles, output, hits, ascii_only=ascii_only):
        return
    if hits:
        by_rank = {hit.title.rank: hit for hit in hits}
        records = (hit_record(by_rank[title.rank]) for title in titles)
    else:
        records = (title_record(title) for title in titles)
    if output.format is Format.TABLE:
        emit_fields_table(ctx, records, output.fields, spoilers=spoilers)
        return
    if output.format in STREAMED:
        pieces = render_stream(
            records, output.fields, output.format, ascii_only=ascii_only, spoilers=spoilers
        )
        write_all(pieces)
    else:
        text = render(
            records, output.fields, output.format, ascii_only=ascii_only, spoilers=spoilers
        )
        write(text)


def emit_fields_table(
    ctx: typer.Context, records: Iterable[dict[str, Any]], fields: list[str], *, spoilers: bool
) -> None:
    """A table of the fields asked for (--format table --fields ...), each cell as plain
    lines write it: lists joined, control characters shown, spoilers hidden."""
    from tearlist.tables import fields_view

    lines = render(records, fields, Format.PLAIN, spoilers=spoilers).splitlines()
    print_rich(ctx, fields_view(fields, [line.split("\t") for line in lines]))


def _emit_stored_hits(
    ctx: typer.Context,
    titles: Iterable[Title],
    output: Output,
    hits: Sequence[Hit],
    *,
    ascii_only: bool,
) -> bool:
    """Write search hits in JSON or JSON Lines from an index's stored records, if they can
    be: every field, in UTF-8. Whether they were written."""
    from tearlist.sources import indexed

    index = indexed(catalogue(ctx))
    every = output.fields == [*FIELDS, MATCHED]
    if index is None or ascii_only or not every or output.format not in _STORED:
        return False
    titles = list(titles)
    indented = output.format is Format.JSON
    matched = {hit.title.rank: hit.matched for hit in hits}
    texts = index.printed(titles, "indented" if indented else "compact")
    pieces = (
        stored_hit(text, matched[title.rank], indented=indented)
        for title, text in zip(titles, texts, strict=True)
    )
    write_all(stored_list(pieces) if indented else (piece + "\n" for piece in pieces))
    return True


_STORED = (Format.JSON, Format.JSONL)


def printed(
    selection: "Selection",
    fields: Sequence[str],
    fmt: Format,
    *,
    ascii_only: bool,
    spoilers: bool = False,
) -> Iterable[str]:
    """A selection of an index's titles in a streamed format: the text render_stream writes,
    copied from the stored records where it can be (every field, in UTF-8; JSON carries every
    note, so spoilers matters only to plain text and CSV)."""
    if not ascii_only and tuple(fields) == FIELDS and fmt in _STORED:
        if fmt is Format.JSON:
            return stored_list(selection.printed("indented"))
        return (text + "\n" for text in selection.printed("compact"))
    records = selection.records()
    return render_stream(records, fields, fmt, ascii_only=ascii_only, spoilers=spoilers)


def emit_listing(
    ctx: typer.Context,
    filters: "Filters",
    sort: SortKey,
    reverse: bool,
    output: Output,
    *,
    spoilers: bool = False,
) -> None:
    """The titles the filters keep, in order, in a format: from an index's stored records
    when the catalogue has one and the format is streamed."""
    from tearlist.sources import indexed

    source = catalogue(ctx)
    index = indexed(source)
    if index is None or output.format not in STREAMED:
        emit_titles(ctx, listed(source, filters, sort, reverse), output, spoilers=spoilers)
        return
    selection = reported(index.select(filters, sort, reverse=reverse), filters, index)
    ascii_only = not stdout_is_utf8()
    fmt = output.format
    write_all(printed(selection, output.fields, fmt, ascii_only=ascii_only, spoilers=spoilers))


def listed(source: "Source", filters: "Filters", sort: SortKey, reverse: bool) -> Iterable[Title]:
    """The titles the filters keep, in order: chosen by an index's columns, read as they are
    written, or from a catalogue loaded whole."""
    from tearlist.sources import indexed

    index = indexed(source)
    if index is None:
        return selected(source.everything(), filters, sort, reverse)
    return reported(index.select(filters, sort, reverse=reverse), filters, index).titles()


def reported(selection: "Selection", filters: "Filters", index: "Index") -> "Selection":
    """A selection of an index's titles, once its warnings are said, as selected says them;
    NotFoundError if it holds no title."""
    _tell(selection.kept)
    if sys.stderr.isatty() and _saved_in_use():  # counted only when saved filters are in use
        count = selection.count()
        _tell_saved(lambda chosen: index.select(chosen, SortKey.RANK, reverse=False).count(), count)
    if selection.empty():
        _nothing(filters, empty=selection.everything_empty())
    return selection


def read_viewings(*, needed: bool = True) -> "list[Viewing] | None":
    """Every viewing in the diary, newest first; None if there is no diary (none is made).

    A command that reads the diary only to add viewings to the catalogue (needed=False) is
    not stopped by a diary it cannot use: one warning line says why no viewings are shown,
    and it goes on without them.
    """
    from tearlist.own_catalogue import diary_path

    try:
        path = diary_path()
        if not _anything_at(path):  # no diary: nothing to read, and no need of sqlite3
            return None
        from tearlist.diary import open_for_reading

        diary = open_for_reading(path)
        if diary is None:
            return None
        with diary:
            return diary.viewings()
    except (DiaryError, FileError) as error:
        if needed:
            raise
        typer.echo(f"tearlist: {visible(str(error))}; viewings not shown", err=True)
        return None


def _anything_at(path: Path) -> bool:
    """Whether anything, a broken link too, is at a path; opening it says what is wrong."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError:
        return True
    return True


def _tell_saved(count: Callable[["Filters"], int], kept: int) -> None:
    """Say which saved settings hid titles (and how to see them), for a terminal; count
    tells how many titles some filters keep, kept how many all of them keep."""
    from tearlist.cli.saved import hidden_by_saved

    told = hidden_by_saved(count, kept)
    if told:
        typer.echo(told, err=True)


def _saved_in_use() -> bool:
    from tearlist.cli.saved import without_saved

    return without_saved() is not None


def selected(
    titles: Sequence[Title],
    filters: "Filters",
    sort: SortKey = SortKey.RANK,
    reverse: bool = False,
    known: "Vocabulary | None" = None,
) -> list[Title]:
    """The titles the filters keep, in order; NotFoundError if there are none.

    UsageError for a term to avoid that hides nothing known (the genres and notes of the
    catalogue; by default, of the titles). At a terminal, standard error says how many titles
    --avoid hid, and for what; a genre that nothing known has is always pointed out there, as
    a likely typo.
    """
    from tearlist.filtering import apply

    kept = apply(titles, filters, known)
    _tell(kept)
    if sys.stderr.isatty() and _saved_in_use():
        _tell_saved(lambda chosen: len(apply(titles, chosen, known).titles), len(kept.titles))
    if not kept.titles:
        _nothing(filters, empty=not titles)
    return ordered(kept.titles, sort, reverse=reverse)


def _tell(kept: "Kept") -> None:
    """Each likely typo on standard error, and at a terminal, what --avoid hid."""
    for warning in kept.warnings:
        typer.echo(f"tearlist: {warning}", err=True)
    hidden = kept.hidden_message()
    if hidden and sys.stderr.isatty():
        typer.echo(hidden, err=True)


def _nothing(filters: "Filters", *, empty: bool) -> None:
    """NotFoundError for a listing with no title: the catalogue's, or the filters' doing."""
    if empty:
        raise NotFoundError("the catalogue is empty")
    given = ", ".join(filters.described())
    if given and _saved_in_use():
        given += "; some from saved settings, --no-config ignores them"
    raise NotFoundError(f"no title matches the filters ({given})" if given else "no title")
