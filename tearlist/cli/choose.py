"""The commands that help choose what to watch: pick and stats."""

from typing import TYPE_CHECKING, Annotated

import typer

from tearlist.choosing import StatsKey, pick, stats
from tearlist.cli.application import app
from tearlist.cli.base import (
    Command,
    FieldsOption,
    FormatOption,
    SpoilersOption,
    catalogue,
    emit_titles,
    empty_listing,
    is_terminal,
    load_catalogue,
    output_for,
    print_rich,
    read_viewings,
    selected,
    stdout_is_utf8,
    whole,
    write,
)
from tearlist.cli.commands import listing
from tearlist.cli.filters import filtered
from tearlist.formats import Format, StatsFormat, render_counts

if TYPE_CHECKING:
    from tearlist.filtering import Filters


@app.command(
    "pick",
    cls=Command,
    **listing("pick"),
)
@filtered
def pick_titles(
    ctx: typer.Context,
    filters: "Filters",
    count: Annotated[
        int,
        typer.Option(
            "--count", "-n", parser=whole(1), metavar="N", help="Pick up to N distinct titles."
        ),
    ] = 1,
    seed: Annotated[
        int | None,
        typer.Option("--seed", metavar="N", help="Pick the same titles each time for the same N."),
    ] = None,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    spoilers: SpoilersOption = False,
) -> None:
    """Pick a title at random among those the filters keep.

    \b
    Examples:
      tearlist pick
      tearlist pick --max-runtime 120 --avoid suicide --for-age 12
      tearlist pick --count 3 --seed 7 --format json
    """
    output = output_for(fmt, fields, "titles")
    with empty_listing(output):
        chosen = pick(selected(catalogue(ctx).everything(), filters), count, seed)
    if output.format is not Format.TABLE:
        emit_titles(ctx, chosen, output, spoilers=spoilers)
        return
    from tearlist.tables import pick_card

    for title in chosen:
        print_rich(ctx, pick_card(title, spoilers=spoilers))


@app.command(
    "stats",
    cls=Command,
    **listing("stats"),
)
@filtered
def stats_command(
    ctx: typer.Context,
    filters: "Filters",
    by: Annotated[StatsKey, typer.Option("--by", help="What to count the titles by.")] = (
        StatsKey.YEAR
    ),
    fmt: Annotated[
        StatsFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format (default: a bar chart at a terminal, value<TAB>count in a pipe).",
            show_default=False,
        ),
    ] = None,
    spoilers: Annotated[
        bool,
        typer.Option(
            "--spoilers/--no-spoilers",
            help="Count by category the content notes that give the story away too.",
        ),
    ] = False,
) -> None:
    """Count the titles by year, decade, genre, note category, age rating, kind, runtime or seen.

    A title counts once for each of its genres or note categories. Categories count only the
    notes that give nothing away, unless --spoilers is given.

    \b
    Examples:
      tearlist stats --by decade
      tearlist stats --by genre --kind film
      tearlist stats --by runtime --format json
      tearlist stats --by seen
    """
    if fmt is None:
        fmt = StatsFormat.TABLE if is_terminal() else StatsFormat.PLAIN
    titles = selected(catalogue(ctx).everything(), filters)
    counts = stats(titles, by, _seen_ranks(ctx) if by is StatsKey.SEEN else (), spoilers=spoilers)
    if fmt is not StatsFormat.TABLE:
        write(render_counts(counts, fmt, ascii_only=not stdout_is_utf8()))
        return
    from tearlist.tables import stats_chart

    # Seen and not seen are the values; the column says what they are of.
    print_rich(ctx, stats_chart(counts, "diary" if by is StatsKey.SEEN else by.value))


def _seen_ranks(ctx: typer.Context) -> set[int]:
    """The ranks of the titles in the diary: progress through the list."""
    from tearlist.viewings import viewings_by_rank

    return set(viewings_by_rank(load_catalogue(ctx), read_viewings() or []))
