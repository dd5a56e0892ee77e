"""Tables for people at a terminal, drawn with Rich. Only the table format imports this."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tearlist.catalogue import Credit, Hit
from tearlist.records import Person, Title
from tearlist.text import visible
from tearlist.viewings import Viewing, latest_rating, stars, viewing_line


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


def titles_table(
    titles: Sequence[Title],
    hits: Sequence[Hit] = (),
    seen: Mapping[int, Sequence[Viewing]] | None = None,
) -> Table:
    """The list table: rank, title, release date, directors, cast (and what matched).

    With a diary (seen, by rank), a column marks the titles seen, with the latest stars.
    """
    table = Table(show_lines=True, header_style="bold")
    table.add_column("#", justify="right", style="cyan", no_wrap=True)
    table.add_column("Title")
    table.add_column("Released", no_wrap=True)
    table.add_column("Directed by")
    table.add_column("Cast")
    if hits:
        table.add_column("Matched", style="green")
    if seen is not None:
        table.add_column("Seen", style="green", no_wrap=True)
    matched = {hit.title.rank: hit.matched for hit in hits}
    for title in titles:
        row = [
            Text(str(title.rank)),
            _title_cell(title),
            Text(title.released.isoformat() if title.released else "unknown"),
            _names(title.directors),
            _names(title.cast),
        ]
        if hits:
            row.append(_text("\n".join(matched.get(title.rank, ()))))
        if seen is not None:
            row.append(_seen_cell(seen.get(title.rank, ())))
        table.add_row(*row)
    return table


def _seen_cell(viewings: Sequence[Viewing]) -> Text:
    if not viewings:
        return Text("")
    return Text(f"✓ {stars(latest_rating(viewings))}".rstrip())


def diary_table(pairs: Sequence[tuple[Viewing, Title | None]]) -> Table:
    """The diary table: id, date, rank, title, stars, rewatch, note."""
    table = Table(show_lines=False, header_style="bold")
    table.add_column("Id", justify="right", style="cyan", no_wrap=True)
    table.add_column("Date", no_wrap=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Title")
    table.add_column("Stars", style="green", no_wrap=True)
    table.add_column("Rewatch", no_wrap=True)
    table.add_column("Note")
    for viewing, title in pairs:
        name = _text(title.title, "bold") if title else _text(viewing.title)
        if title is None:
            name.append_text(_text(" (not in this catalogue)", "dim italic"))
        table.add_row(
            Text(str(viewing.id)),
            Text(viewing.watched.isoformat()),
            Text(str(title.rank) if title else ""),
            name,
            Text(stars(viewing.rating)),
            Text("rewatch" if viewing.rewatch else ""),
            _text(viewing.note),
        )
    return table


def people_table(credits: Sequence[Credit]) -> Table:
    """The people table: name, Hangul, roles, titles."""
    table = Table(show_lines=False, header_style="bold")
    table.add_column("Name", style="bold")
    table.add_column("Hangul")
    table.add_column("Role")
    table.add_column("Titles")
    for credit in credits:
        table.add_row(
            _text(credit.person.name),
            _text(credit.person.hangul),
            Text(", ".join(role.value for role in credit.roles)),
            _text("\n".join(f"{title.rank}. {title.title}" for title in credit.titles)),
        )
    return table


def _person_line(person: Person) -> Text:
    line = _text(person.name)
    if person.hangul:
        line.append_text(_text(f" ({person.hangul})", "dim"))
    if person.aliases:
        line.append_text(_text(f"  also written {', '.join(person.aliases)}", "italic dim"))
    return line


def title_detail(title: Title, viewings: Sequence[Viewing] = ()) -> RenderableType:
    """One title in full: a heading, the synopsis, every field, then your viewings."""
    heading = _text(f"{title.rank}. {title.title}", "bold")
    if title.korean_title:
        heading.append_text(_text(f"  {title.korean_title}", "dim"))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="cyan", no_wrap=True)
    grid.add_column()
    kind = title.kind.value
    if title.episodes or title.network:
        details = [f"{title.episodes} episodes" if title.episodes else "", title.network or ""]
        kind += f" ({', '.join(part for part in details if part)})"
    rows: list[tuple[str, Text]] = [
        ("Also known as", _text(", ".join(title.alt_titles))),
        ("Kind", _text(kind)),
        ("Released", Text(title.released.isoformat() if title.released else "unknown")),
        ("Directed by", Text("\n").join(_person_line(p) for p in title.directors)),
        ("Cast", Text("\n").join(_person_line(p) for p in title.cast)),
        ("Content notes", _text(", ".join(title.content_notes), "yellow")),
        ("Viewed", _text("\n".join(viewing_line(viewing) for viewing in viewings))),
        ("Your rating", Text(stars(latest_rating(viewings)), style="green")),
    ]
    for label, value in rows:
        if value.plain:
            grid.add_row(label, value)
    parts: list[RenderableType] = [heading]
    if title.synopsis:
        parts += [Text(), _text(" ".join(title.synopsis.split()))]
    parts += [Text(), grid]
    return Group(*parts)
