"""Tables for people at a terminal, drawn with Rich. Only the table format imports this."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tearlist.catalogue import Credit, Hit
from tearlist.records import Person, Title
from tearlist.text import visible


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


def titles_table(titles: Sequence[Title], hits: Sequence[Hit] = ()) -> Table:
    """The list table: rank, title, release date, directors, cast (and what matched)."""
    table = Table(show_lines=True, header_style="bold")
    table.add_column("#", justify="right", style="cyan", no_wrap=True)
    table.add_column("Title")
    table.add_column("Released", no_wrap=True)
    table.add_column("Directed by")
    table.add_column("Cast")
    if hits:
        table.add_column("Matched", style="green")
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
        table.add_row(*row)
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


def title_detail(title: Title) -> RenderableType:
    """One title in full: a heading, the synopsis, then every field."""
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
    ]
    for label, value in rows:
        if value.plain:
            grid.add_row(label, value)
    parts: list[RenderableType] = [heading]
    if title.synopsis:
        parts += [Text(), _text(" ".join(title.synopsis.split()))]
    parts += [Text(), grid]
    return Group(*parts)
