"""The commands that write and check files: export and validate."""

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tearlist import loading
from tearlist.catalogue import SortKey
from tearlist.cli.base import (
    Command,
    ReverseOption,
    SortOption,
    app,
    catalogue,
    listed,
    load_catalogue,
    printed,
    reported,
    settings,
    stdout_is_utf8,
    write_all,
)
from tearlist.cli.filters import filtered
from tearlist.errors import UsageError
from tearlist.formats import EXTENSIONS, STREAMED, ExportFormat, Format, export_pieces
from tearlist.records import FIELDS, Title
from tearlist.text import visible

if TYPE_CHECKING:
    from tearlist.filtering import Filters


@app.command("export", cls=Command)
@filtered
def export(
    ctx: typer.Context,
    filters: "Filters",
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
        check_target(path, force=force)
    chosen = _export_format(path, fmt)
    ascii_only = path == "-" and not stdout_is_utf8()
    pieces, counted = _export(ctx, filters, sort, reverse, chosen, ascii_only=ascii_only)
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
    sort: SortKey,
    reverse: bool,
    chosen: ExportFormat,
    *,
    ascii_only: bool,
) -> tuple[Iterable[str], Callable[[], int]]:
    """The pieces of an export, and how many titles they held once written: from an index's
    stored records in the streamed formats, where the catalogue has one."""
    from tearlist.sources import indexed

    source = catalogue(ctx)
    index = indexed(source)
    if index is not None and chosen.value in _STREAMED:
        selection = reported(index.select(filters, sort, reverse=reverse), filters)
        pieces = printed(selection, FIELDS, Format(chosen.value), ascii_only=ascii_only)
        return pieces, selection.count
    titles = _Counted(listed(source, filters, sort, reverse))
    return export_pieces(titles, chosen, ascii_only=ascii_only), lambda: titles.count


_STREAMED = {fmt.value for fmt in STREAMED}


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


@app.command(cls=Command)
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
