"""The commands that write and check files: export and validate."""

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tearlist import loading
from tearlist.catalogue import SortKey
from tearlist.cli.application import app, settings
from tearlist.cli.base import (
    Command,
    ReverseOption,
    SortOption,
    catalogue,
    listed,
    load_catalogue,
    printed,
    read_viewings,
    reported,
    stdout_is_utf8,
    write_all,
)
from tearlist.cli.commands import listing
from tearlist.cli.filters import filtered
from tearlist.errors import UsageError
from tearlist.formats import EXTENSIONS, STREAMED, ExportFormat, Format, export_pieces, html_text
from tearlist.records import FIELDS, Title
from tearlist.text import visible
from tearlist.viewings import viewings_by_rank

if TYPE_CHECKING:
    from tearlist.filtering import Filters


ExportPathArgument = Annotated[
    str,
    typer.Argument(
        metavar="[PATH]",
        help="The file to write, or - for standard output.",
        show_default=False,
    ),
]
ExportFormatOption = Annotated[
    ExportFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="File format (default: from the file's extension; markdown for -).",
        show_default=False,
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")]
ExportSpoilersOption = Annotated[
    bool,
    typer.Option(
        "--spoilers/--no-spoilers",
        help="Also write the words of the notes that give the story away (html: folded).",
    ),
]
WithDiaryOption = Annotated[
    bool,
    typer.Option(
        "--with-diary",
        help="html: add when you last watched each title and your stars (else left out).",
    ),
]


@app.command(
    "export",
    cls=Command,
    **listing("export"),
)
@filtered
def export(
    ctx: typer.Context,
    filters: "Filters",
    path: ExportPathArgument = "-",
    fmt: ExportFormatOption = None,
    force: ForceOption = False,
    sort: SortOption = SortKey.RANK,
    reverse: ReverseOption = False,
    spoilers: ExportSpoilersOption = False,
    with_diary: WithDiaryOption = False,
) -> None:
    """Write the catalogue to a Markdown, JSON, JSONL, CSV, YAML or HTML file.

    The file is written in full to a temporary file and then renamed into place, so it
    is never left half-written; an existing file is replaced only with --force. JSON, JSONL
    and YAML carry every content note; CSV, and Markdown written to standard output, leave
    out the words of notes that spoil the story unless --spoilers is given; a Markdown file
    keeps them folded in a closed <details> element.

    \b
    Examples:
      tearlist export tears.md
      tearlist export tears.yaml --force
      tearlist export - --format csv --kind film
      tearlist export tears.html --with-diary
    """
    from tearlist.export import check_target, write_atomic

    if path != "-":
        check_target(path, force=force)
    chosen = _export_format(path, fmt)
    if with_diary and chosen is not ExportFormat.HTML:
        raise UsageError("--with-diary applies only to the html format")
    ascii_only = path == "-" and not stdout_is_utf8()
    # A Markdown file folds its spoilers away, for a reader who unfolds one when ready.
    shown = spoilers or (path != "-" and chosen is ExportFormat.MARKDOWN)
    pieces, counted = _export(
        ctx,
        filters,
        (sort, reverse),
        chosen,
        ascii_only=ascii_only,
        spoilers=shown,
        with_diary=with_diary,
    )
    if path == "-":
        write_all(pieces)
        return
    write_atomic(Path(path), pieces, force=force)
    number = counted()
    count = f"{number} title{'' if number == 1 else 's'}"
    typer.echo(f"wrote {count} to {visible(path)}", err=True)


def _export(
    ctx: typer.Context,
    filters: "Filters",
    order: tuple[SortKey, bool],
    chosen: ExportFormat,
    *,
    ascii_only: bool,
    spoilers: bool,
    with_diary: bool,
) -> tuple[Iterable[str], Callable[[], int]]:
    """The pieces of an export, and how many titles they held once written: from an index's
    stored records in the streamed formats, where the catalogue has one."""
    from tearlist.sources import indexed

    source = catalogue(ctx)
    index = indexed(source)
    sort, reverse = order
    if index is not None and chosen.value in _STREAMED:
        selection = reported(index.select(filters, sort, reverse=reverse), filters, index)
        fmt = Format(chosen.value)
        pieces = printed(selection, FIELDS, fmt, ascii_only=ascii_only, spoilers=spoilers)
        return pieces, selection.count
    titles = _Counted(listed(source, filters, sort, reverse))
    if chosen is ExportFormat.HTML:
        page = _web_page(ctx, titles, spoilers=spoilers, with_diary=with_diary)
        return html_text(page, ascii_only=ascii_only), lambda: titles.count
    text = export_pieces(titles, chosen, ascii_only=ascii_only, spoilers=spoilers)
    return text, lambda: titles.count


_STREAMED = {fmt.value for fmt in STREAMED}


def _web_page(
    ctx: typer.Context, titles: Iterable[Title], *, spoilers: bool, with_diary: bool
) -> Iterator[str]:
    """The page of these titles; with_diary, each with its viewings (from the whole catalogue)."""
    from tearlist.webpage import html_pieces

    diary = None
    if with_diary:
        viewings = read_viewings() or []
        diary = viewings_by_rank(load_catalogue(ctx), viewings)
    return html_pieces(list(titles), spoilers=spoilers, diary=diary)


class _Counted:
    """Titles passed on as they come, counted."""

    def __init__(self, titles: Iterable[Title]) -> None:
        self.titles = titles
        self.count = 0

    def __iter__(self) -> Iterator[Title]:
        for title in self.titles:
            self.count += 1
            yield title


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


@app.command(
    cls=Command,
    **listing("validate"),
)
def validate(
    ctx: typer.Context,
    path: Annotated[
        str | None,
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
    if path:
        titles = loading.load(Path(path), report_all=True, cached=False)
    else:
        titles = load_catalogue(ctx, report_all=True, cached=False)
    name = path or settings(ctx).data or "the bundled catalogue"
    count = f"{len(titles)} title{'' if len(titles) == 1 else 's'}"
    typer.echo(f"{visible(str(name))}: a valid catalogue of {count}")
