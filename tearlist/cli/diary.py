"""The commands of the diary of viewings: log, and the diary group (list, forget, export,
import, review)."""

import sys
from collections.abc import Callable, Sequence
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from tearlist.catalogue import Years, find
from tearlist.cli.application import app
from tearlist.cli.base import (
    Command,
    FieldsOption,
    FormatOption,
    RefWords,
    emit_fields_table,
    empty_listing,
    is_terminal,
    joined,
    load_catalogue,
    output_for,
    print_rich,
    read_viewings,
    stdout_is_utf8,
    write,
    years_option,
)
from tearlist.cli.commands import listing
from tearlist.cli.completion import complete_titles
from tearlist.errors import NotFoundError, UsageError
from tearlist.formats import Format, render
from tearlist.records import Kind, Title
from tearlist.text import visible
from tearlist.viewings import (
    DIARY_FIELDS,
    TitleIndex,
    Viewing,
    check_note,
    identity_of,
    parse_day,
    parse_rating,
    same_title,
    stars,
    viewing_record,
)

if TYPE_CHECKING:
    from tearlist.diary import Diary, NewViewing
    from tearlist.letterboxd import Plan, Row


class DiaryGroup(TyperGroup):
    """A group whose default command is list: `tearlist diary 5` lists the viewings of 5."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # Shell completion parses the words before the cursor: with none, offer the commands.
        completing = ctx.resilient_parsing and not args
        known = (*self.commands, *ALIASES, "-h", "--help")
        if not completing and (not args or args[0] not in known):
            if args and not ctx.resilient_parsing:
                _check_not_mistyped(ctx, args[0], sorted(self.commands))
            args = ["list", *args]
        return super().parse_args(ctx, args)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        return super().get_command(ctx, ALIASES.get(cmd_name, cmd_name))

    def format_options(self, ctx: Any, formatter: Any) -> None:
        """The group's options, then those of list, which bare `tearlist diary` runs."""
        super().format_options(ctx, formatter)
        listing = self.commands["list"]
        rows = [
            record
            for param in listing.get_params(ctx)
            if param.name in ("words", "year", "fmt", "fields")
            and (record := param.get_help_record(ctx)) is not None
        ]
        with formatter.section("Without a command, as diary list"):
            formatter.write_dl(rows)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        super().format_commands(ctx, formatter)
        formatter.write_paragraph()
        formatter.write_text("rm is another name for forget.")

    def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
        """The commands, and the titles list takes as its REF (tearlist diary Tr...)."""
        from typer._click.shell_completion import CompletionItem

        offered = super().shell_complete(ctx, incomplete)
        if not incomplete.startswith("-"):
            offered += [CompletionItem(name) for name in complete_titles(ctx, incomplete)]
        return offered


# Other names of the diary's commands.
ALIASES = {"rm": "forget"}
# Words people type for a command of another name.
_SYNONYMS = {"delete": "forget", "del": "forget", "remove": "forget", "ls": "list"}


def _check_not_mistyped(ctx: Any, word: str, commands: Sequence[str]) -> None:
    """A first word that is close to a command's name, and names no title, is a usage error
    (diary forgt 1), not a title to list the viewings of."""
    import difflib

    from tearlist.cli.base import load_catalogue

    folded = word.casefold()
    close = _SYNONYMS.get(folded) or next(
        iter(difflib.get_close_matches(folded, [*commands, *ALIASES], n=1, cutoff=0.6)), None
    )
    if close is None or word.isdigit():
        return
    try:
        find(load_catalogue(ctx), word)
    except NotFoundError:
        raise UsageError(
            f"no diary command {visible(word)!r}; did you mean {ALIASES.get(close, close)!r}?"
        ) from None


diary_app = typer.Typer(
    name="diary",
    cls=DiaryGroup,
    help="""Your viewings: list them (the default), forget one, export or import them, or
    look back on a year of them.

    \b
    Examples:
      tearlist diary
      tearlist diary forget 3
      tearlist diary rm 3 --yes
      tearlist diary export letterboxd.csv --format letterboxd
      tearlist diary import diary.csv
      tearlist diary review --year 2025
    """,
    rich_markup_mode=None,
    no_args_is_help=False,
)
app.add_typer(diary_app, **listing("diary"))


def _day(text: str) -> date:
    try:
        return parse_day(text, date.today())
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


def _rating(text: str) -> int:
    try:
        return parse_rating(text)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


def open_to_write() -> "Diary":
    """The diary, created if there is none yet."""
    from tearlist.diary import open_for_writing
    from tearlist.own_catalogue import diary_path

    return open_for_writing(diary_path())


@app.command(
    "log",
    cls=Command,
    **listing("log"),
)
def log(
    ctx: typer.Context,
    words: RefWords,
    on: Annotated[
        date | None,
        typer.Option(
            "--on",
            parser=_day,
            metavar="DATE",
            help="The day you watched it: 2026-11-20, today, yesterday, '20 Nov 2026', 'Nov 20'.",
            show_default="today",
        ),
    ] = None,
    rating: Annotated[
        int | None,
        typer.Option(
            "--rating", parser=_rating, metavar="STARS", help="Stars, 0.5 to 5 in halves (4.5)."
        ),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="A note of your own.")
    ] = None,
) -> None:
    """Record that you watched a title; a title already in the diary is marked a rewatch.

    \b
    Examples:
      tearlist log Train to Busan --rating 4.5 --note "cried at the station"
      tearlist log 2 --on yesterday
      tearlist log 부산행 --on "20 Nov 2026"
    """
    from tearlist.diary import NewViewing

    if note is not None:
        _check_note(note)
    title = find(load_catalogue(ctx), joined(words))
    new = NewViewing(
        on or date.today(), title.title, identity_of(title), title.kind, rating, note or None
    )
    with open_to_write() as diary:
        viewing = diary.add(new, same_title(load_catalogue(ctx)))
    write(f"logged viewing {viewing.id}: {_summary(viewing)}\n")


def _summary(viewing: Viewing) -> str:
    year = f" ({viewing.year})" if viewing.year else ""
    parts = [f"{visible(viewing.title)}{year} on {viewing.watched.isoformat()}"]
    if viewing.rating:
        parts.append(stars(viewing.rating))
    if viewing.rewatch:
        parts.append("rewatch")
    return ", ".join(parts)


@diary_app.command(
    "list",
    cls=Command,
    short_help="List your viewings, newest first",
)
def list_viewings(
    ctx: typer.Context,
    words: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[REF]",
            help="Only the viewings of this title (its words need no quotes).",
            autocompletion=complete_titles,
            show_default=False,
        ),
    ] = None,
    year: Annotated[
        Years | None, years_option("Only viewings in a year or range of years.")
    ] = None,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """List your viewings, newest first (the default of tearlist diary).

    \b
    Examples:
      tearlist diary
      tearlist diary Train to Busan
      tearlist diary --year 2026 --format json
    """
    ref = joined(words) if words else None
    output = output_for(fmt, fields, "viewings")
    titles = load_catalogue(ctx)
    viewings = read_viewings() or []
    index = TitleIndex(titles)
    if ref is not None:
        wanted = find(titles, ref)
        viewings = [v for v in viewings if index.title_of(v.identity) is wanted]
    if year is not None:
        viewings = [v for v in viewings if v.watched.year in year]
    if not viewings:
        with empty_listing(output):
            raise NotFoundError("no viewings match" if ref or year else "the diary is empty")
    pairs = [(viewing, index.title_of(viewing.identity)) for viewing in viewings]
    if output.format is Format.TABLE and not output.fields:
        from tearlist.tables import diary_view

        print_rich(ctx, diary_view(pairs))
        return
    readable = output.format in (Format.PLAIN, Format.MARKDOWN, Format.TABLE)
    records = [viewing_record(v, title, readable=readable) for v, title in pairs]
    if output.format is Format.TABLE:  # with --fields
        emit_fields_table(ctx, records, output.fields, spoilers=False)
        return
    write(render(records, output.fields, output.format, ascii_only=not stdout_is_utf8()))


IdArgument = Annotated[
    int,
    typer.Argument(
        metavar="ID", help="The viewing's id (tearlist diary shows it).", show_default=False
    ),
]
YesOption = Annotated[
    bool, typer.Option("--yes", "-y", help="Do not ask first (a pipe is never asked).")
]


@diary_app.command(
    "forget",
    cls=Command,
    short_help="Delete a viewing, by its id",
)
def forget(ctx: typer.Context, number: IdArgument, yes: YesOption = False) -> None:
    """Delete one viewing, by its id.

    At a terminal it asks first; --yes does not, nor does a pipe.

    \b
    Examples:
      tearlist diary forget 3
      tearlist diary rm 3 --yes
    """
    from tearlist.diary import open_for_reading
    from tearlist.own_catalogue import diary_path

    diary = open_for_reading(diary_path())
    if diary is None:
        raise NotFoundError("the diary is empty")
    with diary:
        found = diary.get(number)
    if not yes and sys.stdin.isatty():
        question = f"forget viewing {found.id}, {_summary(found)}?"
        if not _confirmed(question):
            typer.echo(f"kept viewing {found.id}", err=True)
            return
    with open_to_write() as diary:
        viewing = diary.forget(number, same_title(load_catalogue(ctx)))
    write(f"forgot viewing {viewing.id}: {_summary(viewing)}\n")


def _confirmed(question: str) -> bool:
    """Ask a yes-or-no question on the terminal; only y or yes is yes."""
    typer.echo(f"{question} [y/N] ", err=True, nl=False)
    answer = sys.stdin.readline()
    if not answer.endswith("\n"):  # end of input: the line is ended for the shell's prompt
        typer.echo("", err=True)
    return answer.strip().casefold() in ("y", "yes")


@diary_app.command(
    "edit",
    cls=Command,
    short_help="Change a viewing's day, rating or note",
)
def edit(
    ctx: typer.Context,
    number: IdArgument,
    on: Annotated[
        date | None,
        typer.Option("--on", parser=_day, metavar="DATE", help="The day you watched it."),
    ] = None,
    rating: Annotated[
        int | None,
        typer.Option("--rating", parser=_rating, metavar="STARS", help="Stars, 0.5 to 5."),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option("--note", metavar="TEXT", help='A note of your own ("" removes it).'),
    ] = None,
) -> None:
    """Change a viewing's day, rating or note.

    A viewing moved before another of its title becomes the first, and the other a rewatch.

    \b
    Examples:
      tearlist diary edit 3 --rating 4.5
      tearlist diary edit 3 --on 2025-11-19 --note "with Mum"
    """
    changes: dict[str, object] = {}
    if on is not None:
        changes["watched"] = on
    if rating is not None:
        changes["rating"] = rating
    if note is not None:
        _check_note(note)
        changes["note"] = note or None
    if not changes:
        raise UsageError("diary edit: give --on, --rating or --note")
    with open_to_write() as diary:
        viewing = diary.edit(number, changes, same_title(load_catalogue(ctx)))
    write(f"changed viewing {viewing.id}: {_summary(viewing)}\n")


def _check_note(note: str) -> None:
    try:
        check_note(note)
    except ValueError as error:
        raise UsageError(f"--note: {error}") from None


class DiaryFormat(Enum):
    """The files the diary is exported to."""

    JSON = "json"
    CSV = "csv"
    LETTERBOXD = "letterboxd"


@diary_app.command(
    "export",
    cls=Command,
    short_help="Write the diary to a JSON or CSV file",
)
def export(
    ctx: typer.Context,
    path: Annotated[
        str,
        typer.Argument(
            metavar="FILE", help="The file to write, or - for standard output.", show_default=False
        ),
    ],
    fmt: Annotated[
        DiaryFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="json, csv, or letterboxd (the CSV Letterboxd imports); default: the extension's.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
) -> None:
    """Write the diary to a JSON or CSV file, or a CSV for Letterboxd's importer.

    Letterboxd has films only, so series are left out of --format letterboxd.

    \b
    Examples:
      tearlist diary export viewings.json
      tearlist diary export letterboxd.csv --format letterboxd
    """
    from tearlist.export import check_target, write_atomic

    chosen = fmt or _format_from(path)
    if path != "-":
        check_target(path, force=force)
    titles = load_catalogue(ctx)
    viewings = read_viewings() or []
    if not viewings:
        raise NotFoundError("the diary is empty: nothing to export")
    to_stdout = path == "-"
    text, written, left_out = _export_text(
        titles, viewings, chosen, ascii_only=to_stdout and not stdout_is_utf8()
    )
    if to_stdout:
        write(text)
    else:
        write_atomic(Path(path), text, force=force)
    where = "standard output" if path == "-" else visible(path)
    message = f"wrote {written} viewing{'' if written == 1 else 's'} to {where}"
    if left_out:
        plural = "" if left_out == 1 else "s"
        message += (
            f"; left out {left_out} viewing{plural} of series, which Letterboxd does not list"
        )
    typer.echo(message, err=True)


def _format_from(path: str) -> DiaryFormat:
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        return DiaryFormat.JSON
    if suffix == ".csv":
        return DiaryFormat.CSV
    raise UsageError(f"cannot tell the format of {path!r} from its extension; use --format")


def _export_text(
    titles: Sequence[Title], viewings: Sequence[Viewing], fmt: DiaryFormat, *, ascii_only: bool
) -> tuple[str, int, int]:
    """The file's text, how many viewings it holds, and how many series were left out."""
    from tearlist.formats import to_json

    index = TitleIndex(titles)
    pairs = [(viewing, index.title_of(viewing.identity)) for viewing in viewings]
    if fmt is DiaryFormat.LETTERBOXD:
        from tearlist.letterboxd import letterboxd_csv

        films = [(v, t) for v, t in pairs if (t.kind if t else v.kind) is Kind.FILM]
        rows = [(v, t.title if t else v.title, v.year) for v, t in films]
        return letterboxd_csv(rows), len(films), len(pairs) - len(films)
    records = [viewing_record(v, t, readable=False) for v, t in pairs]
    if fmt is DiaryFormat.JSON:
        return to_json(records, ascii_only=ascii_only), len(records), 0
    return render(records, DIARY_FIELDS, Format.CSV), len(records), 0


class ReviewFormat(Enum):
    """How a year in review is written."""

    TABLE = "table"
    PLAIN = "plain"
    JSON = "json"


@diary_app.command(
    "review",
    cls=Command,
    short_help="Look back on a year of viewings",
)
def review(
    ctx: typer.Context,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            metavar="YEAR",
            help="The year to look back on (default: this year, or the latest with viewings).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        ReviewFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format (default: table at a terminal, plain in a pipe).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Look back on a year of viewings: totals, hours, ratings, months, people and genres.

    \b
    Examples:
      tearlist diary review
      tearlist diary review --year 2025 --format json
    """
    from tearlist.review import default_year, review_lines, review_record
    from tearlist.review import review as review_of

    viewings = read_viewings() or []
    chosen = year if year is not None else default_year(viewings, date.today())
    if chosen is None:
        raise NotFoundError("the diary is empty: nothing to review")
    if not any(viewing.watched.year == chosen for viewing in viewings):
        raise NotFoundError(f"no viewings in {chosen}")
    found = review_of(load_catalogue(ctx), viewings, chosen)
    if fmt is None:
        fmt = ReviewFormat.TABLE if is_terminal() else ReviewFormat.PLAIN
    if fmt is ReviewFormat.TABLE:
        from tearlist.review_view import review_view

        print_rich(ctx, review_view(found))
    elif fmt is ReviewFormat.JSON:
        from tearlist.formats import to_json

        write(to_json(review_record(found), ascii_only=not stdout_is_utf8()))
    else:
        write("".join(f"{key}\t{value}\n" for key, value in review_lines(found)))


ImportFileArgument = Annotated[
    Path,
    typer.Argument(
        metavar="FILE",
        help="diary export's JSON or CSV, a Letterboxd CSV, or its account export .zip.",
        show_default=False,
    ),
]
AddMissingOption = Annotated[
    bool,
    typer.Option(
        "--add-missing",
        help="Add each film no title matches from Wikidata, where one film fits.",
    ),
]
ImportDryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Say what would be added, and add nothing.")
]


@diary_app.command(
    "import",
    cls=Command,
    short_help="Add the viewings of a file",
)
def import_viewings(
    ctx: typer.Context,
    path: ImportFileArgument,
    add_missing: AddMissingOption = False,
    dry_run: ImportDryRunOption = False,
) -> None:
    """Add the viewings of a JSON or CSV file, or Letterboxd's.

    Reads diary export's own files, and Letterboxd's diary.csv or account export .zip.
    Rows are matched to titles by any spelling of the title and the year. Rows that match
    no title are kept too, as viewings outside the catalogue, and listed; a catalogue that
    later holds the title shows them. What the diary has already is not added again.
    --dry-run reports the same counts and writes nothing (no diary is made).

    \b
    With --add-missing, each film that no title matches is looked up on Wikidata by its
    title and year, and added to your catalogue where exactly one film fits.

    \b
    Examples:
      tearlist diary import diary.csv --dry-run
      tearlist diary import letterboxd-export.zip
      tearlist diary import diary.csv --add-missing
    """
    from tearlist.cli.own import adding_missing
    from tearlist.letterboxd import plan_import, read_rows

    titles = load_catalogue(ctx)
    rows = read_rows(path, date.today())
    if dry_run:
        if add_missing:
            raise UsageError("diary import: --dry-run adds nothing, so it takes no --add-missing")
        told, counts = _planned(rows, titles)
        report_added: Callable[[], None] = _nothing
    else:
        # What is there already is read in the same transaction as the rows are added.
        with (
            adding_missing(ctx, rows, titles, enabled=add_missing) as report_added,
            open_to_write() as diary,
            diary.transaction(),
        ):
            plan = plan_import(rows, titles, diary.each())
            del rows  # the plan holds the rows it adds
            for row, title in plan.add:
                diary.insert(_new_viewing(row, title))
            told, counts = _unmatched_lines(plan.unmatched), _counts(plan)
            del plan  # a large import's rows are not kept while the flags are set
            diary.settle_rewatches(same_title(titles))
    for line in told:
        typer.echo(line, err=True)
    write(counts)
    report_added()


def _nothing() -> None:
    """Nothing to report."""


def _planned(rows: Sequence["Row"], titles: Sequence[Title]) -> tuple[list[str], str]:
    """What an import would tell, from the diary as it is, which is only read."""
    from tearlist.diary import open_for_reading
    from tearlist.letterboxd import plan_import
    from tearlist.own_catalogue import diary_path

    diary = open_for_reading(diary_path())
    if diary is None:
        plan = plan_import(rows, titles, iter(()))
    else:
        with diary:
            plan = plan_import(rows, titles, diary.each())
    return _unmatched_lines(plan.unmatched), _counts(plan, dry_run=True)


def _counts(plan: "Plan", *, dry_run: bool = False) -> str:
    unmatched = len(plan.unmatched)
    added, kept = ("would add", "would keep") if dry_run else ("added", "kept")
    counts = f"{added} {len(plan.add) - unmatched}, {kept} unmatched {unmatched}"
    return counts + f", already there {plan.present}\n"


def _new_viewing(row: "Row", title: Title | None) -> "NewViewing":
    """The viewing a row records: of its catalogue title, or of the title as the row writes it."""
    from tearlist.diary import NewViewing
    from tearlist.viewings import Identity

    if title is None:
        identity = Identity.of([row.name], row.year)
        return NewViewing(row.day, row.name, identity, row.kind, row.rating, row.note, row.rewatch)
    return NewViewing(
        row.day, title.title, identity_of(title), title.kind, row.rating, row.note, row.rewatch
    )


MAX_UNMATCHED_LINES = 20


def _unmatched_lines(rows: Sequence["Row"]) -> list[str]:
    """Each title no row matched, once, with its count: at most a screenful of them."""
    counts: dict[tuple[str, int | None], int] = {}
    first: dict[tuple[str, int | None], Row] = {}
    others: set[tuple[str, int | None]] = set()
    for row in rows:
        key = (row.name, row.year)
        if key in counts:
            counts[key] += 1
        elif len(counts) < MAX_UNMATCHED_LINES:
            counts[key], first[key] = 1, row
        else:
            others.add(key)
    lines = []
    for (name, year), count in counts.items():
        shown = f" ({year})" if year else ""
        times = f" ({count} rows)" if count > 1 else ""
        where = visible(first[name, year].where)
        lines.append(
            f"{where}: no title matches {visible(name)!r}{shown}{times}; kept outside the catalogue"
        )
    if others:
        lines.append(f"and {len(others)} more titles that match nothing, kept all the same")
    return lines
