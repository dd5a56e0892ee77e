"""The commands that browse the catalogue: list, sort, show, search and people."""

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from tearlist.catalogue import Query, SortKey, find, people, search
from tearlist.cli.application import app
from tearlist.cli.base import (
    Command,
    FieldsOption,
    FormatOption,
    RefWords,
    ReverseOption,
    SortOption,
    SpoilersOption,
    catalogue,
    emit_fields_table,
    emit_listing,
    emit_titles,
    empty_listing,
    is_terminal,
    joined,
    load_catalogue,
    output_for,
    print_rich,
    read_viewings,
    selected,
    stdout_is_utf8,
    write,
)
from tearlist.cli.commands import listing
from tearlist.cli.completion import (
    complete_anyone,
    complete_cast,
    complete_directors,
    complete_titles,
)
from tearlist.cli.filters import filtered
from tearlist.errors import NotFoundError, UsageError
from tearlist.formats import Format, ShowFormat, credit_record, render, render_title
from tearlist.sources import answer, indexed

if TYPE_CHECKING:
    from tearlist.filtering import Filters


@app.command(
    "list",
    cls=Command,
    **listing("list"),
)
@filtered
def list_titles(
    ctx: typer.Context,
    filters: "Filters",
    sort: SortOption = SortKey.RANK,
    reverse: ReverseOption = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    spoilers: SpoilersOption = False,
) -> None:
    """List the titles, in the article's order unless sorted.

    \b
    Examples:
      tearlist list
      tearlist list --sort released --year 2010..2015 --kind film
      tearlist list --max-runtime 120 --for-age 12 --avoid suicide
      tearlist list --unseen
      tearlist list --format csv --fields rank,title,released
    """
    output = output_for(fmt, fields, "titles")
    with empty_listing(output):
        emit_listing(ctx, filters, sort, reverse, output, spoilers=spoilers)


@app.command(
    "sort",
    cls=Command,
    **listing("sort"),
)
@filtered
def sort_titles(
    ctx: typer.Context,
    filters: "Filters",
    reverse: Annotated[bool, typer.Option("--reverse", help="Newest first.")] = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    spoilers: SpoilersOption = False,
) -> None:
    """List the titles by release date, oldest first; unknown dates come last.

    \b
    Examples:
      tearlist sort
      tearlist sort --reverse --kind film --format json
      tearlist sort --unseen
    """
    output = output_for(fmt, fields, "titles")
    with empty_listing(output):
        emit_listing(ctx, filters, SortKey.RELEASED, reverse, output, spoilers=spoilers)


@app.command(
    cls=Command,
    **listing("show"),
)
def show(
    ctx: typer.Context,
    words: RefWords,
    fmt: Annotated[
        ShowFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format (default: table at a terminal, plain in a pipe).",
            show_default=False,
        ),
    ] = None,
    spoilers: Annotated[
        bool,
        typer.Option(
            "--spoilers/--no-spoilers", help="Also show the content notes that give the story away."
        ),
    ] = False,
) -> None:
    """Show one title in full, and your viewings; notes that spoil the story only with --spoilers.

    \b
    Examples:
      tearlist show 5
      tearlist show train to busan --spoilers
      tearlist show 부산행 --format json
    """
    ref = joined(words)
    if fmt is None:
        fmt = ShowFormat.TABLE if is_terminal() else ShowFormat.PLAIN
    source = catalogue(ctx)
    title = answer(source, source.for_find(ref), lambda titles: find(titles, ref))
    # A viewing is of one title of the whole catalogue, as every command counts it.
    viewings = read_viewings(needed=False) or []
    if viewings:
        from tearlist.viewings import viewings_by_rank

        viewings = viewings_by_rank(load_catalogue(ctx), viewings).get(title.rank, [])
    if fmt is ShowFormat.TABLE:
        from tearlist.tables import title_detail

        print_rich(ctx, title_detail(title, viewings, spoilers=spoilers), crop=False)
        return
    write(render_title(title, fmt, viewings, spoilers=spoilers, ascii_only=not stdout_is_utf8()))
    hidden = sum(note.spoiler for note in title.content_notes)
    if hidden and not spoilers and fmt is not ShowFormat.JSON and sys.stderr.isatty():
        notes = "1 note that spoils" if hidden == 1 else f"{hidden} notes that spoil"
        typer.echo(f"{notes} the story hidden; --spoilers shows them", err=True)


SearchQueryArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="[QUERY]",
        help="A name or title to look for in cast, directors and titles.",
        autocompletion=complete_anyone,
        show_default=False,
    ),
]
SearchCastOption = Annotated[
    str | None,
    typer.Option(
        "--cast",
        metavar="NAME",
        help="A name to look for in the cast.",
        autocompletion=complete_cast,
    ),
]
SearchDirectorOption = Annotated[
    str | None,
    typer.Option(
        "--director",
        metavar="NAME",
        help="A name to look for among directors.",
        autocompletion=complete_directors,
    ),
]
SearchTitleOption = Annotated[
    str | None,
    typer.Option(
        "--title", metavar="TITLE", help="A title to look for.", autocompletion=complete_titles
    ),
]


@app.command(
    "search",
    cls=Command,
    **listing("search"),
)
@filtered
def search_titles(
    ctx: typer.Context,
    filters: "Filters",
    query: SearchQueryArgument = None,
    cast: SearchCastOption = None,
    director: SearchDirectorOption = None,
    title: SearchTitleOption = None,
    sort: SortOption = SortKey.RANK,
    reverse: ReverseOption = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    spoilers: SpoilersOption = False,
) -> None:
    """Find titles by cast, director or title, however the name is spelled.

    A Korean name is found in any romanization of its Hangul (RR, McCune-Reischauer,
    popular spellings), family name first or last, whole or by either part; case,
    accents and the punctuation between syllables are ignored. --cast, --director and
    --title narrow the search; given together, a title must match each of them.

    \b
    Examples:
      tearlist search "Son Ye-jin"
      tearlist search 손예진
      tearlist search --director Lee --kind film
    """
    wanted = Query(query, cast, director, title)
    if not wanted.terms():
        raise UsageError("search needs a QUERY, or --cast, --director or --title")
    output = output_for(fmt, fields, "hits")
    source = catalogue(ctx)
    candidates = source.for_search(wanted)
    named = index.named() if (index := indexed(source)) else None
    with empty_listing(output):
        hits = answer(
            source,
            candidates,
            lambda titles: search(titles, wanted, named if titles is candidates else None),
        )
        known = source.vocabulary() if filters.genres or filters.avoid else None
        titles = selected([hit.title for hit in hits], filters, sort, reverse, known)
        emit_titles(ctx, titles, output, hits, spoilers=spoilers)


@app.command(
    "people",
    cls=Command,
    **listing("people"),
)
def list_people(
    ctx: typer.Context,
    query: Annotated[
        str | None,
        typer.Argument(
            metavar="[QUERY]",
            help="Only people whose name matches, as search matches names.",
            autocompletion=complete_anyone,
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
    output = output_for(fmt, fields, "people")
    source = catalogue(ctx)
    with empty_listing(output):
        credits = answer(source, source.for_people(query), lambda titles: people(titles, query))
        if not credits:
            raise NotFoundError("the catalogue names no people")
    if output.format is Format.TABLE and not output.fields:
        from tearlist.tables import people_view

        print_rich(ctx, people_view(credits))
        return
    records = [credit_record(credit) for credit in credits]
    if output.format is Format.TABLE:  # with --fields
        emit_fields_table(ctx, records, output.fields, spoilers=False)
        return
    write(render(records, output.fields, output.format, ascii_only=not stdout_is_utf8()))
