"""Tables for people at a terminal, drawn with Rich. Only the table format imports this."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.table import Column, Table
from rich.text import Text

from tearlist.catalogue import Credit, Hit
from tearlist.notes import CATEGORIES
from tearlist.records import AgeRating, ContentNote, Kind, Person, Title
from tearlist.text import imdb_url, visible, wikidata_url, wikipedia_url

if TYPE_CHECKING:  # the diary's and stats' modules are imported by what uses them
    from tearlist.choosing import Count
    from tearlist.viewings import Viewing

    Seen = Mapping[int, Sequence[Viewing]]  # the viewings of each title seen, by rank
    # Each viewing, with its title if it is in the catalogue.
    Viewed = Sequence[tuple[Viewing, Title | None]]


def _text(value: str | None, style: str = "") -> Text:
    # Text is never parsed as markup, so "[bold]" in a title is shown as written.
    return Text(visible(value or "", keep_newlines=True), style=style)


def _title_cell(title: Title) -> Text:
    cell = _text(title.title, "bold")
    if title.korean_title:
        cell.append("\n")
        cell.append_text(_text(title.korean_title, "dim"))
    return cell


def _names(people: Sequence[Person]) -> Text:
    # One name a line: a table never breaks a name in two.
    return _text("\n".join(person.name for person in people))


class Fitted:
    """The first of some tables that fits the width with every name whole, else blocks."""

    # A narrow terminal gets no column squeezed to nothing and no name broken in two.

    def __init__(
        self,
        tables: Callable[[], Iterable[Table | Roomy]],
        blocks: Callable[[], Iterable[Text]],
    ) -> None:
        self.tables = tables
        self.blocks = blocks

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for candidate in self.tables():
            if isinstance(candidate, Roomy):  # taken only where it fits as it is
                if _natural_width(candidate.table) <= options.max_width:
                    _fit(candidate.table, options.max_width)
                    yield candidate.table
                    return
                continue
            if _fit(candidate, options.max_width):
                yield candidate
                return
        yield from self.blocks()


class Roomy:
    """A table with more columns than needed, drawn only where it fits without squeezing."""

    def __init__(self, table: Table) -> None:
        self.table = table


def _natural_width(table: Table) -> int:
    return sum(natural for natural, _ in map(_measure, table.columns)) + 3 * len(table.columns) + 1


def titles_view(
    titles: Sequence[Title], hits: Sequence[Hit] = (), seen: Seen | None = None
) -> Fitted:
    """The list of titles as a table, or one title under another where that is too wide.

    With a diary (seen), the titles seen are marked, with the latest stars given.
    """
    # Running time, genres and age rating are added where the width has room for them; what
    # matched ("cast: Son Ye-jin") goes on two lines only if one does not fit; a search
    # shows the year alone, not the date, before it stacks the titles one under another.

    def candidates() -> Iterator[Table | Roomy]:
        for extras in _EXTRAS:
            yield Roomy(titles_table(titles, hits, seen, extras=extras))
        for split in (False, True):
            yield titles_table(titles, hits, seen, split_matched=split)
        if hits:
            yield titles_table(titles, hits, seen, split_matched=True, year_only=True)

    return Fitted(candidates, lambda: _stacked(titles, hits, seen))


# The columns a list adds where there is room, most first.
_EXTRAS = (("Runtime", "Genres", "Age"), ("Runtime", "Age"), ("Runtime",))


def fields_view(fields: Sequence[str], rows: Sequence[Sequence[str]]) -> Fitted:
    """The fields asked for as columns, or each record as field: value lines if too wide."""

    def table() -> Table:
        grid = Table(show_lines=True, header_style="bold")
        for field in fields:
            grid.add_column(field, overflow="fold")
        for row in rows:
            grid.add_row(*(Text(value) for value in row))
        return grid

    def blocks() -> Iterator[Text]:
        for number, row in enumerate(rows):
            block = Text("" if number == 0 else "\n")
            for field, value in zip(fields, row, strict=True):
                block.append(f"{field}: ", style="bold")
                block.append(f"{value}\n")
            yield block

    return Fitted(lambda: [table()], blocks)


def people_view(credits: Sequence[Credit]) -> Fitted:
    """The people as a table, or one person under another where that is too wide."""
    return Fitted(lambda: [people_table(credits)], lambda: _people_stacked(credits))


def titles_table(
    titles: Sequence[Title],
    hits: Sequence[Hit] = (),
    seen: Seen | None = None,
    *,
    split_matched: bool = False,
    extras: Sequence[str] = (),
    year_only: bool = False,
) -> Table:
    """The list table: rank, title, release date, directors, cast (what matched, and seen);
    extras adds "Runtime", "Genres" and "Age" (rating) after the date."""
    table = Table(show_lines=True, header_style="bold")
    table.add_column("#", justify="right", style="cyan", no_wrap=True)
    # Folding, not Rich's default ellipsis, which cuts a line of Hangul that fills the width.
    table.add_column("Title", overflow="fold")
    table.add_column("Year" if year_only else "Released", no_wrap=True)
    for extra in extras:
        table.add_column(extra, no_wrap=extra != "Genres", overflow="fold")
    table.add_column("Directed by", overflow="fold")
    table.add_column("Cast", overflow="fold")
    if hits:
        table.add_column("Matched", style="green", overflow="fold")
    if seen is not None:
        table.add_column("Seen", style="green", no_wrap=True)
    matched = _matched(hits)
    for title in titles:
        released = _released(title)
        row = [
            Text(str(title.rank)),
            _title_cell(title),
            Text(released[:4] if year_only and title.released else released),
            *(_extra(title, extra) for extra in extras),
            _names(title.directors),
            _names(title.cast),
        ]
        if hits:
            lines = matched.get(title.rank, ())
            if split_matched:
                lines = tuple(part for line in lines for part in line.split(" ", 1))
            row.append(_text("\n".join(lines)))
        if seen is not None:
            row.append(Text(_seen(seen.get(title.rank, ()))))
        table.add_row(*row)
    return table


def _extra(title: Title, column: str) -> Text:
    if column == "Runtime":
        return Text(f"{title.runtime} min" if title.runtime else "")
    if column == "Genres":
        return _text("\n".join(title.genres))
    return Text(title.age_rating.value if title.age_rating else "")


def _matched(hits: Sequence[Hit]) -> dict[int, tuple[str, ...]]:
    return {hit.title.rank: hit.matched for hit in hits}


def _released(title: Title) -> str:
    return title.released.isoformat() if title.released else "unknown"


def _fit(table: Table, width: int) -> bool:
    """Size the columns so no name is broken and no column is empty; False if none can be.

    A title or a header may wrap between words; a name (a line of a cell) may not.
    """
    sizes = [_measure(column) for column in table.columns]
    room = width - 3 * len(table.columns) - 1  # a space each side of a cell, and the rules
    if sum(natural for natural, _ in sizes) <= room:
        return True
    least = sum(fewest for _, fewest in sizes)
    if least > room:
        return False
    wanted = sum(natural - fewest for natural, fewest in sizes)
    for column, (natural, fewest) in zip(table.columns, sizes, strict=True):
        column.width = fewest + (natural - fewest) * (room - least) // wanted
    return True


_NAMES = ("Directed by", "Cast", "Matched", "Name", "Hangul", "Genres")


def _measure(column: Column) -> tuple[int, int]:
    """A column's natural width (its widest line) and the least that keeps names whole."""
    header = str(column.header)
    lines = [
        line for cell in column.cells if isinstance(cell, Text) for line in cell.plain.split("\n")
    ]
    natural = max(cell_len(line) for line in [header, *lines])
    if column.no_wrap:
        return natural, natural
    pieces = [*header.split(), *(lines if header in _NAMES else " ".join(lines).split())]
    return natural, max(cell_len(piece) for piece in pieces)


def _seen(viewings: Sequence[Viewing]) -> str:
    """A mark for a title seen, with the latest stars given; nothing for one not seen."""
    from tearlist.viewings import latest_rating, stars

    return f"✓ {stars(latest_rating(viewings))}".rstrip() if viewings else ""


def _stacked(titles: Sequence[Title], hits: Sequence[Hit], seen: Seen | None) -> Iterator[Text]:
    """Each title as a block of lines, one name a line, for terminals too narrow for a table."""
    matched = _matched(hits)
    for number, title in enumerate(titles):
        block = Text("" if number == 0 else "\n")
        block.append(f"{title.rank}. ", style="cyan")
        block.append_text(_title_cell(title))
        block.append(f"\nReleased {_released(title)}")
        if seen is not None and title.rank in seen:
            block.append(f"\nSeen {_seen(seen[title.rank])}", style="green")
        groups = [
            ("Directed by", [person.name for person in title.directors]),
            ("Cast", [person.name for person in title.cast]),
        ]
        if hits:
            groups.append(("Matched", list(matched.get(title.rank, ()))))
        for label, names in groups:
            if names:
                block.append(f"\n{label}", style="bold")
                for name in names:
                    block.append_text(_text(f"\n  {name}"))
        yield block


def people_table(credits: Sequence[Credit]) -> Table:
    """The people table: name, Hangul, roles, titles."""
    table = Table(show_lines=False, header_style="bold")
    table.add_column("Name", style="bold", overflow="fold")
    table.add_column("Hangul", overflow="fold")
    table.add_column("Role", overflow="fold")
    table.add_column("Titles", overflow="fold")
    for credit in credits:
        table.add_row(
            _text(credit.person.name),
            _text(credit.person.hangul),
            Text(", ".join(role.value for role in credit.roles)),
            _text("\n".join(f"{title.rank}. {title.title}" for title in credit.titles)),
        )
    return table


def _people_stacked(credits: Sequence[Credit]) -> Iterator[Text]:
    """Each person as a block of lines, for terminals too narrow for the table."""
    for number, credit in enumerate(credits):
        block = Text("" if number == 0 else "\n")
        block.append_text(_text(credit.person.name, "bold"))
        if credit.person.hangul:
            block.append_text(_text(f"\n{credit.person.hangul}"))
        block.append(f"\n{', '.join(role.value for role in credit.roles)}")
        for title in credit.titles:
            block.append_text(_text(f"\n  {title.rank}. {title.title}"))
        yield block


def _person_line(person: Person) -> Text:
    line = _text(person.name)
    if person.hangul:
        line.append_text(_text(f" ({person.hangul})", "dim"))
    if person.aliases:
        line.append_text(_text(f"  also written {', '.join(person.aliases)}", "italic dim"))
    return line


def title_detail(
    title: Title, viewings: Sequence[Viewing] = (), *, spoilers: bool = False
) -> RenderableType:
    """One title in full: a heading, the synopsis, every field, then your viewings.

    Notes that give the story away are left out, and counted, unless spoilers is true.
    """
    heading = _text(f"{title.rank}. {title.title}", "bold")
    if title.korean_title:
        heading.append_text(_text(f"  {title.korean_title}", "dim"))
    rows = _detail_rows(title)
    fields = [*rows[:_NOTES_AT], *_note_rows(title, spoilers), *rows[_NOTES_AT:]]
    seen = _viewing_rows(viewings)
    addresses = _address_rows(title)
    width = max(len(label) for label, value in [*fields, *seen, *addresses] if value)
    parts: list[RenderableType] = [heading]
    if title.synopsis:
        parts += [Text(), _text(" ".join(title.synopsis.split()))]
    parts += [Text(), _grid(fields, width), _Addresses(addresses, width + 2), _grid(seen, width)]
    return Group(*parts)


def _grid(rows: Sequence[tuple[str, Text]], width: int) -> Table:
    """Labels and values; a value is never cut: it wraps, by words, else by characters."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="cyan", no_wrap=True, min_width=width)
    grid.add_column(overflow="fold")
    for label, value in rows:
        if value.plain:
            grid.add_row(label, value)
    return grid


def _address_rows(title: Title) -> list[tuple[str, str]]:
    return [
        (label, url)
        for label, url in (
            ("Wikipedia", wikipedia_url(title.wikipedia) if title.wikipedia else ""),
            ("Wikidata", wikidata_url(title.wikidata) if title.wikidata else ""),
            ("IMDb", imdb_url(title.imdb) if title.imdb else ""),
        )
        if url
    ]


class _Addresses:
    """The title's web addresses, each whole: beside its label where the line has room, else
    on a line of its own below it, running past the edge if it must (never broken or cut,
    so a terminal can still open it)."""

    def __init__(self, rows: list[tuple[str, str]], width: int) -> None:
        self.rows = rows
        self.width = width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for label, url in self.rows:
            link = Style(link=url)
            if self.width + len(url) <= options.max_width:
                yield Segment(label.ljust(self.width), Style(color="cyan"))
                yield Segment(url, link)
            else:
                yield Segment(label, Style(color="cyan"))
                yield Segment.line()
                yield Segment(url, link)
            yield Segment.line()


def _detail_rows(title: Title) -> list[tuple[str, Text]]:
    kind = title.kind.value
    if title.episodes or title.network:
        details = [f"{title.episodes} episodes" if title.episodes else "", title.network or ""]
        kind += f" ({', '.join(part for part in details if part)})"
    runtime = f"{title.runtime} minutes" if title.runtime else ""
    if runtime and title.kind is Kind.SERIES:
        runtime += " an episode"
    return [
        ("Also known as", _text(", ".join(title.alt_titles))),
        ("Kind", _text(kind)),
        ("Released", Text(title.released.isoformat() if title.released else "unknown")),
        ("Running time", Text(runtime or "unknown")),
        ("Genres", _text(", ".join(title.genres))),
        ("Age rating", Text(_RATINGS[title.age_rating] if title.age_rating else "unknown")),
        ("Directed by", Text("\n").join(_person_line(p) for p in title.directors)),
        ("Cast", Text("\n").join(_person_line(p) for p in title.cast)),
        ("Based on", _text(title.based_on)),
        ("Remade as", _text("\n".join(title.remade_as))),
        ("Awards", _text("\n".join(title.awards))),
    ]


# Content notes follow the cast, before source, remakes, awards and the article.
_NOTES_AT = 8
_RATINGS = {
    AgeRating.ALL: "All (for everyone)",
    AgeRating.TWELVE: "12 (12 and over)",
    AgeRating.FIFTEEN: "15 (15 and over)",
    AgeRating.EIGHTEEN: "18 (adults only)",
}


def _note_rows(title: Title, spoilers: bool) -> list[tuple[str, Text]]:
    shown = [note for note in title.content_notes if spoilers or not note.spoiler]
    lines = Text("\n").join(_note_line(note) for note in shown)
    rows = [("Content notes", lines)]
    hidden = len(title.content_notes) - len(shown)
    if hidden:
        notes = f"{hidden} note{'' if hidden == 1 else 's'}"
        rows.append(("Spoilers", Text(f"{notes} hidden; --spoilers shows them", "dim")))
    return rows


def _note_line(note: ContentNote) -> Text:
    line = Text("spoiler: ", "italic") if note.spoiler else Text()
    line.append_text(_text(note.note, "yellow"))
    if note.category:
        line.append_text(Text(f" ({note.category.value})", "dim"))
    return line


def pick_card(title: Title, *, spoilers: bool = False) -> RenderableType:
    """A picked title as a short card: what it is, how long, for whom, and what to expect.

    Notes that spoil the story are counted, and shown only when spoilers is true.
    """
    from rich.panel import Panel

    facts = [
        str(title.released.year) if title.released else "",
        f"{title.runtime} min" if title.runtime else "",
        ", ".join(title.genres),
        f"rated {title.age_rating.value}" if title.age_rating else "",
    ]
    heading = _text(f"{title.rank}. {title.title}", "bold")
    if title.korean_title:
        heading.append_text(_text(f"  {title.korean_title}", "dim"))
    parts: list[RenderableType] = [heading, _text("  ·  ".join(fact for fact in facts if fact))]
    if title.synopsis:
        parts += [Text(), _text(" ".join(title.synopsis.split()))]
    from tearlist.formats import note_record, notes_text

    notes = notes_text([note_record(note) for note in title.content_notes], spoilers=spoilers)
    if notes:
        parts += [Text(), _text("Content notes: " + notes, "yellow")]
    return Panel(Group(*parts), width=_CARD_WIDTH, padding=(0, 1))


# A card is as wide as a short line of text; a narrower terminal narrows it.
_CARD_WIDTH = 80


# The longest bar, in cells; the others are drawn in proportion to it.
_BAR_WIDTH = 40


def stats_chart(counts: Sequence[Count], by: str) -> RenderableType:
    """Counts as a bar chart: a row for each value, with its bar and its count.

    Categories of content notes are named in Korean as well, as the vocabulary has them.
    """
    return _Chart(counts, by)


class _Chart:
    """A bar chart whose bars are as long as the terminal leaves room for, at most 40 cells.

    Labels and counts keep their width: on a narrow terminal the bars are shorter, and below
    that the Korean names of categories are left out.
    """

    def __init__(self, counts: Sequence[Count], by: str) -> None:
        self.counts = counts
        self.by = by

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        korean = self.by == "category"
        room = options.max_width - self._width(korean=korean)
        if korean and room < _SHORTEST_BAR:
            korean = False
            room = options.max_width - self._width(korean=False)
        yield self._table(korean, max(1, min(_BAR_WIDTH, room)))

    def _labels(self, korean: bool) -> list[list[str]]:
        rows = []
        for count in self.counts:
            row = [visible(count.label)]
            if korean:
                category = CATEGORIES.get(count.label)
                row.append(category.korean if category else "")
            rows.append([*row, str(count.count)])
        return rows

    def _width(self, *, korean: bool) -> int:
        headers = [self.by, *(["한국어"] if korean else []), "titles"]
        columns = zip(headers, *self._labels(korean), strict=False)
        # Each column has a cell of padding either side, the bar's column too.
        return sum(max(map(cell_len, column)) + 2 for column in columns) + 2

    def _table(self, korean: bool, bar: int) -> Table:
        table = Table(show_header=True, header_style="bold", box=None, padding=(0, 1))
        table.add_column(self.by, style="cyan")
        if korean:
            table.add_column("한국어", style="dim")
        table.add_column("titles", justify="right", no_wrap=True)
        table.add_column("", no_wrap=True)
        most = max((count.count for count in self.counts), default=1)
        for count, labels in zip(self.counts, self._labels(korean), strict=True):
            cells = max(1, round(count.count * bar / most))
            texts = [_text(labels[0]), *(Text(label) for label in labels[1:])]
            table.add_row(*texts, Text("█" * cells, "green"))
        return table


_SHORTEST_BAR = 10


def _viewing_rows(viewings: Sequence[Viewing]) -> list[tuple[str, Text]]:
    from tearlist.viewings import latest_rating, stars, viewing_line

    return [
        ("Viewed", _text("\n".join(viewing_line(viewing) for viewing in viewings))),
        ("Your rating", Text(stars(latest_rating(viewings)), style="green")),
    ]


def diary_view(pairs: Viewed) -> Fitted:
    """The diary as a table, or one viewing under another where that is too wide."""
    return Fitted(lambda: [diary_table(pairs)], lambda: _diary_stacked(pairs))


def diary_table(pairs: Viewed) -> Table:
    """The diary table: id, date, rank, title, stars, rewatch, note."""
    from tearlist.viewings import stars

    table = Table(show_lines=False, header_style="bold")
    table.add_column("Id", justify="right", style="cyan", no_wrap=True)
    table.add_column("Date", no_wrap=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Title")
    table.add_column("Stars", style="green", no_wrap=True)
    table.add_column("Rewatch", no_wrap=True)
    table.add_column("Note")
    for viewing, title in pairs:
        table.add_row(
            Text(str(viewing.id)),
            Text(viewing.watched.isoformat()),
            Text(str(title.rank) if title else ""),
            _viewed_title(viewing, title),
            Text(stars(viewing.rating)),
            Text("rewatch" if viewing.rewatch else ""),
            _text(viewing.note),
        )
    return table


def _viewed_title(viewing: Viewing, title: Title | None) -> Text:
    if title is not None:
        return _text(title.title, "bold")
    name = _text(viewing.title)
    name.append_text(_text(" (not in this catalogue)", "dim italic"))
    return name


def _diary_stacked(pairs: Viewed) -> Iterator[Text]:
    """Each viewing as a few lines, for terminals too narrow for the table."""
    from tearlist.viewings import viewing_line

    for number, (viewing, title) in enumerate(pairs):
        block = Text("" if number == 0 else "\n")
        block.append(f"{viewing.id}. ", style="cyan")
        block.append_text(_viewed_title(viewing, title))
        block.append_text(_text(f"\n{viewing_line(viewing)}"))
        yield block
