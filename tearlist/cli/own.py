"""The commands that change a catalogue: add, edit and remove.

They change the catalogue of the user's own (made by the first of them from the bundled
titles), or the file --data or TEARLIST_DATA names; the bundled catalogue is never written.
"""

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tearlist.cli.application import app, settings
from tearlist.cli.base import (
    Command,
    whole,
    write,
)
from tearlist.cli.commands import listing
from tearlist.cli.completion import complete_titles
from tearlist.errors import UsageError
from tearlist.records import Kind, Title
from tearlist.text import visible

if TYPE_CHECKING:
    from tearlist.catalogue_file import Current
    from tearlist.letterboxd import Row


class Target:
    """The catalogue file a command changes, and the text it starts from if it is not there."""

    def __init__(self, ctx: typer.Context, command: str) -> None:
        from tearlist.own_catalogue import own_path

        chosen = settings(ctx)
        if chosen.data is None and chosen.named:
            raise UsageError(
                f"{chosen.data_from} '' names the bundled catalogue, which is never changed; "
                f"leave it out to {command} in your own catalogue"
            )
        self.path = chosen.data if chosen.data is not None else own_path()
        self.own = chosen.data is None or not chosen.data_from
        self.command = command
        if _is_bundled(self.path):
            named = f"{chosen.data_from}: " if chosen.data_from else ""
            raise UsageError(
                f"{named}{visible(str(self.path))} is the bundled catalogue, "
                f"which is never changed; leave it out to {command} in your own catalogue"
            )

    def start(self) -> str | None:
        """What the user's own catalogue holds before it is made: the bundled titles (None
        for a file that is there, or that was named)."""
        if not self.made():
            return None
        from tearlist.loading import bundled_path, read_text
        from tearlist.own_catalogue import first_text

        return first_text(read_text(bundled_path()), self.command, date.today())

    def name(self) -> str:
        """The file's name in messages: under the home folder, with ~ for it."""
        from tearlist.own_catalogue import shown

        return shown(self.path)

    def shown(self) -> str:
        return visible(self.name())

    def made(self) -> bool:
        """Whether the user's own catalogue is made by this command."""
        import os

        return self.own and not os.path.lexists(self.path)


def _is_bundled(path: Path) -> bool:
    """Whether a path leads to the catalogue installed with tearlist."""
    import os

    from tearlist.loading import bundled_path

    return os.path.realpath(path) == os.path.realpath(bundled_path())


@contextmanager
def spinner(delay: float = 0.5) -> Iterator[Callable[[str], None]]:
    """A spinner on standard error while the network is waited for, where it is a terminal
    that can show one, once the wait has lasted a moment (a quick answer draws nothing);
    what it is told to say is shown beside it."""
    from tearlist.sources import wants_progress

    if not wants_progress():
        yield lambda _: None
        return
    import threading

    from rich.console import Console
    from rich.status import Status

    console = Console(stderr=True, highlight=False, markup=False, emoji=False)
    status = Status("Asking Wikidata", console=console)
    done = threading.Event()
    lock = threading.Lock()

    def start() -> None:
        with lock:
            if not done.is_set():
                status.start()

    timer = threading.Timer(delay, start)
    timer.daemon = True
    timer.start()
    try:
        yield lambda text: status.update(visible(text))
    finally:
        timer.cancel()
        with lock:
            done.set()
            status.stop()


def _cast_count(cast: list[str] | None) -> int:
    """With a REF, --cast is how many of the cast to keep (8 unless given)."""
    if not cast:
        return 8
    if len(cast) > 1 or not cast[0].strip().isdigit():
        raise UsageError("--cast: with a REF, give how many of the cast to keep (a number)")
    return int(cast[0])


def _released(text: str) -> date:
    from tearlist.dates import parse_date

    try:
        return parse_date(text)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


def _year_of(title: Title) -> str:
    """The year after a title, unless the title ends with it already."""
    year = f" ({title.released.year})" if title.released else ""
    return "" if title.title.endswith(year) else year


RefsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[REF]...",
        help="A Wikidata id (Q...) or address, an IMDb id (tt...) or address, or a title.",
        show_default=False,
    ),
]
HandTitleOption = Annotated[
    str | None, typer.Option("--title", metavar="TITLE", help="By hand: the English title.")
]
ReleasedOption = Annotated[
    date | None,
    typer.Option(
        "--released",
        parser=_released,
        metavar="DATE",
        help="By hand: the South Korean release date (2016-06-01 or 'June 1, 2016').",
    ),
]
KoreanTitleOption = Annotated[
    str | None,
    typer.Option("--korean-title", metavar="TITLE", help="By hand: the Korean title."),
]
AddKindOption = Annotated[
    Kind | None, typer.Option("--kind", help="Film or series (by hand: film by default).")
]
HandDirectorOption = Annotated[
    list[str] | None,
    typer.Option("--director", metavar="NAME", help="By hand: 'Park Chan-wook (박찬욱)'."),
]
AddCastOption = Annotated[
    list[str] | None,
    typer.Option(
        "--cast",
        metavar="NAME|N",
        help="By hand: 'Kim Min-hee (김민희)', repeated; with a REF: how many of the cast.",
    ),
]
RuntimeOption = Annotated[
    int | None,
    typer.Option("--runtime", parser=whole(1, 24 * 60), metavar="MINUTES", help="By hand."),
]
HandGenreOption = Annotated[
    list[str] | None, typer.Option("--genre", metavar="NAME", help="By hand, repeated.")
]
RefYearOption = Annotated[
    int | None,
    typer.Option("--year", parser=whole(1), metavar="YEAR", help="With a title as REF: its year."),
]
RankOption = Annotated[
    int | None,
    typer.Option(
        "--rank", parser=whole(1), metavar="N", help="A free rank (default: the next one)."
    ),
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Print the record as YAML; write nothing.")
]


@app.command(
    cls=Command,
    **listing("add"),
)
def add(
    ctx: typer.Context,
    refs: RefsArgument = None,
    title: HandTitleOption = None,
    released: ReleasedOption = None,
    korean_title: KoreanTitleOption = None,
    kind: AddKindOption = None,
    director: HandDirectorOption = None,
    cast: AddCastOption = None,
    runtime: RuntimeOption = None,
    genre: HandGenreOption = None,
    year: RefYearOption = None,
    rank: RankOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Add a title: from Wikidata by id, IMDb id or title, or by hand.

    \b
    Examples:
      tearlist add "The Handmaiden" --year 2016
      tearlist add tt0021750
      tearlist add --title "The Handmaiden" --released 2016-06-01 \\
          --director "Park Chan-wook (박찬욱)" --cast "Kim Min-hee (김민희)"
    """
    target = Target(ctx, "add")  # a catalogue that may not be changed is refused first
    if refs:
        by_hand = {
            "--title": title,
            "--released": released,
            "--korean-title": korean_title,
            "--director": director,
            "--runtime": runtime,
            "--genre": genre,
        }
        _check_by_ref(by_hand, refs, rank)
        made = _from_wikidata(refs, year=year, kind=kind, cast=cast)
    else:
        made = _by_hand(title, released, korean_title, kind, director, cast, runtime, genre, year)
    _add_records(target, made, rank, dry_run)


def _check_by_ref(by_hand: Mapping[str, object], refs: list[str], rank: int | None) -> None:
    """With a REF, Wikidata gives what the options of a title added by hand would, and
    --rank is for one title."""
    given = [name for name, value in by_hand.items() if value]
    if given:
        raise UsageError(f"{given[0]} is for a title added by hand; with a REF, Wikidata gives it")
    if rank is not None and len(refs) > 1:
        raise UsageError("--rank gives one title its rank; add the titles one at a time")


def _by_hand(
    title: str | None,
    released: date | None,
    korean_title: str | None,
    kind: Kind | None,
    director: list[str] | None,
    cast: list[str] | None,
    runtime: int | None,
    genre: list[str] | None,
    year: int | None,
) -> list[tuple[dict[str, Any], list[str]]]:
    """The record of a title added by hand, with no notes to tell."""
    from tearlist import additions

    if title is None or released is None:
        raise UsageError("give a REF, or --title and --released to add a title by hand")
    if year is not None:
        raise UsageError("--year narrows a search by REF; by hand, --released gives the date")
    hand = additions.ByHand(
        title,
        released,
        korean_title,
        (kind or Kind.FILM).value,
        tuple(director or ()),
        tuple(cast or ()),
        runtime,
        tuple(genre or ()),
    )
    return [(additions.record(hand), [])]


def _add_records(
    target: Target,
    made: list[tuple[dict[str, Any], list[str]]],
    rank: int | None,
    dry_run: bool,
) -> None:
    """Add records (each with notes to tell) under the file's lock, and say what was done."""
    from tearlist import additions, catalogue_file

    if target.own and not dry_run:
        target.path.parent.mkdir(parents=True, exist_ok=True)
    with nullcontext() if dry_run else catalogue_file.locked(target.path):
        current = catalogue_file.read(target.path, target.start())
        making = target.made()
        done = additions.plan(current.titles, made, rank)
        if dry_run:
            write("".join(catalogue_file.block_text(record) for record in done.records))
        elif done.records:
            text = catalogue_file.appended(current, done.records)
            catalogue_file.replace(current, text, (*current.titles, *done.added))
    for title in done.there:
        write(
            f"already in the catalogue as {title.rank}: {visible(title.title)}{_year_of(title)}\n"
        )
    for note in done.notes:
        typer.echo(f"tearlist: {visible(note)}", err=True)
    if dry_run or not done.records:
        return
    if making:
        typer.echo(f"made your own catalogue, {target.shown()}, from the bundled titles", err=True)
    for title in done.added:
        write(f"added {title.rank}: {visible(title.title)}{_year_of(title)} to {target.shown()}\n")


@app.command(
    cls=Command,
    **listing("remove"),
)
def remove(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(
            metavar="REF",
            help="A rank, a title in English, Korean or another spelling, or its start.",
            autocompletion=complete_titles,
            show_default=False,
        ),
    ],
) -> None:
    """Remove one title from your catalogue; the rest of the file is left as it was.

    Your viewings of it stay in the diary, as viewings of a title not in the catalogue.

    \b
    Examples:
      tearlist remove "The Handmaiden"
      tearlist remove 11
    """
    from tearlist import catalogue_file
    from tearlist.catalogue import find

    target = Target(ctx, "remove")
    if target.own:
        target.path.parent.mkdir(parents=True, exist_ok=True)
    with catalogue_file.locked(target.path):
        current: Current = catalogue_file.read(target.path, target.start())
        made = target.made()
        title = find(current.titles, ref)
        text = catalogue_file.cut(current, title)
        kept = tuple(other for other in current.titles if other is not title)
        catalogue_file.replace(current, text, kept)
    if made:
        typer.echo(f"made your own catalogue, {target.shown()}, from the bundled titles", err=True)
    write(f"removed {title.rank}: {visible(title.title)}{_year_of(title)} from {target.shown()}\n")


@app.command(
    cls=Command,
    **listing("edit"),
)
def edit(ctx: typer.Context) -> None:
    """Open your catalogue in your editor ($VISUAL, else $EDITOR, else vi), and keep the
    change only if the file is a valid catalogue.

    You edit a copy. When the editor exits, the copy is checked; at a terminal, its problems
    are shown and you may edit it again or give up (exit 3), and in a script a copy with
    problems is refused (exit 3). The file is replaced only by a valid copy.

    \b
    Examples:
      tearlist edit
      EDITOR=nano tearlist edit
    """
    from tearlist.editing import edit as edit_file

    target = Target(ctx, "edit")
    if target.own:
        target.path.parent.mkdir(parents=True, exist_ok=True)
    outcome = edit_file(target.path, target.start(), name=target.name())
    if outcome:
        write(f"{outcome} {target.shown()}\n")


def _from_wikidata(
    refs: list[str], *, year: int | None, kind: Kind | None, cast: list[str] | None
) -> list[tuple[dict[str, Any], list[str]]]:
    """The records Wikidata gives for references, all looked up before anything is written.

    A reference that several titles fit lists them, one a line (id, year, kind, label,
    description), and nothing is added (exit 1).
    """
    from tearlist import wikidata

    count = _cast_count(cast)
    made: list[tuple[dict[str, Any], list[str]]] = []
    try:
        with spinner() as progress:
            for ref in refs:
                found = wikidata.lookup(
                    ref,
                    year=year,
                    kind=kind.value if kind else None,
                    cast=count,
                    progress=progress,
                )
                made.append((dict(found.record), list(found.notes)))
    except wikidata.Ambiguous as several:
        write("".join(_candidate_line(candidate) for candidate in several.candidates))
        raise
    return made


def _candidate_line(candidate: Any) -> str:
    fields = (
        candidate.id,
        str(candidate.year or ""),
        candidate.kind or "",
        candidate.label,
        candidate.description,
    )
    return "\t".join(visible(field) for field in fields) + "\n"


@contextmanager
def adding_missing(
    ctx: typer.Context, rows: Sequence["Row"], titles: Sequence[Title], *, enabled: bool
) -> Iterator[Callable[[], None]]:
    """Around a diary import: first look up on Wikidata each film the rows name that no
    title matches, by its title and year; then, once the import is done, add those that
    exactly one film fits. What it yields tells what was added, and what it could not
    decide, once the import has said what it did.

    Nothing is written if Wikidata cannot be reached, and the catalogue is held locked
    while the viewings are imported, so that the two change together.
    """
    if not enabled:
        yield lambda: None
        return
    from tearlist import additions, catalogue_file

    wanted = missing_films(rows, titles)
    del rows  # a large import's rows are not kept
    found, undecided = _look_up(wanted)
    target = Target(ctx, "add")
    if target.own:
        target.path.parent.mkdir(parents=True, exist_ok=True)
    with catalogue_file.locked(target.path):
        current = catalogue_file.read(target.path, target.start())
        making = target.made() and bool(found)
        done = additions.plan(current.titles, found, None)

        def report() -> None:
            for note in done.notes:
                typer.echo(f"tearlist: {visible(note)}", err=True)
            if making and done.records:
                made = f"made your own catalogue, {target.shown()}, from the bundled titles"
                typer.echo(made, err=True)
            for title in done.added:
                write(
                    f"added {title.rank}: {visible(title.title)}{_year_of(title)}"
                    f" to {target.shown()}\n"
                )
            for (name, year), why in undecided:
                when = f" ({year})" if year else ""
                typer.echo(
                    f"tearlist: not added: {visible(name)!r}{when}: {visible(why)}", err=True
                )

        yield report
        if done.records:
            text = catalogue_file.appended(current, done.records)
            catalogue_file.replace(current, text, (*current.titles, *done.added))


def missing_films(rows: Sequence["Row"], titles: Sequence[Title]) -> list[tuple[str, int | None]]:
    """The films (title and year) that rows name and no title of the catalogue is, once each."""
    from tearlist.viewings import TitleIndex

    index = TitleIndex(titles)
    wanted: dict[tuple[str, int | None], None] = {}
    for row in rows:
        if row.kind is Kind.FILM and index.lookup(row.name, row.year) is None:
            wanted.setdefault((row.name, row.year), None)
    return list(wanted)


def _look_up(
    wanted: list[tuple[str, int | None]],
) -> tuple[list[tuple[dict[str, Any], list[str]]], list[tuple[tuple[str, int | None], str]]]:
    """The records of the films exactly one Wikidata film fits, and why the others were not."""
    from tearlist import wikidata
    from tearlist.errors import NotFoundError

    found: list[tuple[dict[str, Any], list[str]]] = []
    undecided: list[tuple[tuple[str, int | None], str]] = []
    with spinner() as progress:
        for number, (name, year) in enumerate(wanted, 1):
            if year is None:
                undecided.append(((name, year), "no year to look it up by"))
                continue
            progress(f"Looking up {number} of {len(wanted)}: {name} ({year})")
            try:
                one = wikidata.lookup(name, year=year, kind="film")
            except wikidata.Ambiguous as several:
                ids = ", ".join(candidate.id for candidate in several.candidates[:5])
                undecided.append(((name, year), f"several films fit ({ids}); add one by its id"))
            except NotFoundError as error:
                undecided.append(((name, year), str(error)))
            else:
                found.append((dict(one.record), list(one.notes)))
    return found, undecided
