"""Output for programs and files: plain lines, JSON, JSON Lines, CSV, Markdown and YAML.

Nothing here imports Rich: the formats for scripts stay quick to start.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from enum import Enum
from json.encoder import encode_basestring as _quoted
from typing import TYPE_CHECKING, Any

from tearlist.catalogue import Credit, Hit
from tearlist.errors import UsageError
from tearlist.records import FIELDS, REQUIRED_FIELDS, ContentNote, Person, Title
from tearlist.text import visible, wikipedia_url

if TYPE_CHECKING:
    from tearlist.choosing import Count
    from tearlist.viewings import Viewing


class Format(Enum):
    """How a list of records is written."""

    TABLE = "table"
    PLAIN = "plain"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    MARKDOWN = "markdown"


class ShowFormat(Enum):
    """How one title is written in full."""

    TABLE = "table"
    PLAIN = "plain"
    JSON = "json"
    MARKDOWN = "markdown"


class StatsFormat(Enum):
    """How counts of titles are written."""

    TABLE = "table"
    PLAIN = "plain"
    JSON = "json"
    CSV = "csv"


class ExportFormat(Enum):
    """The kinds of file a catalogue can be exported to."""

    MARKDOWN = "markdown"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    YAML = "yaml"
    HTML = "html"


EXTENSIONS = {
    ".md": ExportFormat.MARKDOWN,
    ".markdown": ExportFormat.MARKDOWN,
    ".json": ExportFormat.JSON,
    ".jsonl": ExportFormat.JSONL,
    ".ndjson": ExportFormat.JSONL,
    ".csv": ExportFormat.CSV,
    ".yaml": ExportFormat.YAML,
    ".yml": ExportFormat.YAML,
    ".html": ExportFormat.HTML,
    ".htm": ExportFormat.HTML,
}

# Fields shown by the formats read by people (plain lines and Markdown tables) when
# --fields is not given; the structured formats carry every field.
SUMMARY_FIELDS = ("rank", "title", "korean_title", "released", "directors", "cast")
MATCHED = "matched"
PEOPLE_FIELDS = ("name", "hangul", "aliases", "roles", "titles")
PEOPLE_SUMMARY = ("name", "hangul", "roles", "titles")


def person_record(person: Person) -> dict[str, Any]:
    """A person as JSON: name, Hangul (or null) and aliases."""
    return {"name": person.name, "hangul": person.hangul, "aliases": list(person.aliases)}


def note_record(note: ContentNote) -> dict[str, Any]:
    """A content note as JSON: its words, its category (or null) and its spoiler flag."""
    category = note.category.value if note.category else None
    return {"note": note.note, "category": category, "spoiler": note.spoiler}


def title_record(title: Title) -> dict[str, Any]:
    """A title as JSON, with every field of the catalogue in its documented order."""
    return {
        "rank": title.rank,
        "title": title.title,
        "korean_title": title.korean_title,
        "alt_titles": list(title.alt_titles),
        "kind": title.kind.value,
        "released": title.released.isoformat() if title.released else None,
        "directors": [person_record(person) for person in title.directors],
        "cast": [person_record(person) for person in title.cast],
        "synopsis": title.synopsis,
        "content_notes": [note_record(note) for note in title.content_notes],
        "episodes": title.episodes,
        "network": title.network,
        "runtime": title.runtime,
        "genres": list(title.genres),
        "age_rating": title.age_rating.value if title.age_rating else None,
        "based_on": title.based_on,
        "remade_as": list(title.remade_as),
        "awards": list(title.awards),
        "wikipedia": title.wikipedia,
        "wikidata": title.wikidata,
        "imdb": title.imdb,
    }


def hit_record(hit: Hit) -> dict[str, Any]:
    """A search result as JSON: the title's fields, then what matched."""
    return {**title_record(hit.title), MATCHED: list(hit.matched)}


def credit_record(credit: Credit) -> dict[str, Any]:
    """A person of the people command as JSON."""
    return {
        **person_record(credit.person),
        "roles": [role.value for role in credit.roles],
        "titles": [title.title for title in credit.titles],
    }


def pick_fields(text: str | None, available: Sequence[str], default: Sequence[str]) -> list[str]:
    """The fields named by a --fields value, in its order; UsageError for an unknown one."""
    if text is None:
        return list(default)
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in available]
    if unknown or not names:
        what = f"unknown field {unknown[0]!r}" if unknown else "no field named"
        if unknown:
            import difflib

            close = difflib.get_close_matches(unknown[0].casefold(), available, n=1)
            if close:
                raise UsageError(f"--fields: {what}; did you mean {close[0]!r}?")
        raise UsageError(f"--fields: {what}; available fields: {', '.join(available)}")
    return list(dict.fromkeys(names))


def render(
    records: Iterable[dict[str, Any]],
    fields: Sequence[str],
    fmt: Format,
    *,
    ascii_only: bool = False,
    spoilers: bool = False,
) -> str:
    """Records written in one of the formats for programs (everything but table).

    With ascii_only, JSON and JSON Lines escape every character beyond ASCII. Plain lines, CSV
    and Markdown leave out the words of notes that spoil the story unless spoilers is true.
    """
    rows = [_row(record, fields, fmt, spoilers) for record in records]
    if fmt is Format.JSON:
        return to_json(rows, ascii_only=ascii_only)
    if fmt is Format.JSONL:
        return "".join(to_json(row, indent=None, ascii_only=ascii_only) for row in rows)
    if fmt is Format.CSV:
        return to_csv(rows, fields)
    if fmt is Format.MARKDOWN:
        return markdown_table(rows, fields)
    return "".join("\t".join(visible(cell(row[field])) for field in fields) + "\n" for row in rows)


# The formats read by people, which tell no spoiler unless asked; JSON and JSON Lines carry
# every note with its flag, for programs and round trips.
FOR_PEOPLE = frozenset({Format.PLAIN, Format.CSV, Format.MARKDOWN})


def _row(
    record: dict[str, Any], fields: Sequence[str], fmt: Format, spoilers: bool
) -> dict[str, Any]:
    """The fields of a record to write; for people, the content notes as notes_text has them."""
    row = {field: record[field] for field in fields}
    if "content_notes" in row and fmt in FOR_PEOPLE:
        row["content_notes"] = notes_text(row["content_notes"], spoilers=spoilers)
    return row


def notes_text(notes: Sequence[dict[str, Any]], *, spoilers: bool = False) -> str:
    """A title's content notes (as note_record has them) as the text of one cell, for people.

    Every note's words, joined with "; "; a note that spoils the story is marked "(spoiler)"
    before its words when spoilers is true, and otherwise left out and counted at the end:
    "(2 notes that spoil the story hidden: --spoilers shows them)". The one rendering of notes
    for plain lines, CSV and Markdown, whether a catalogue is loaded or read from its index.
    """
    shown = [note_text(note) for note in notes if spoilers or not note["spoiler"]]
    hidden = len(notes) - len(shown)
    if hidden:
        what = "1 note that spoils" if hidden == 1 else f"{hidden} notes that spoil"
        shown.append(f"({what} the story hidden: --spoilers shows them)")
    return "; ".join(shown)


def note_text(note: dict[str, Any]) -> str:
    """One content note's words, marked "(spoiler)" first when it gives the story away."""
    return ("(spoiler) " if note.get("spoiler") else "") + str(note["note"])


# The formats written a record at a time, as the records are read.
STREAMED = frozenset({Format.PLAIN, Format.JSON, Format.JSONL, Format.CSV})


def render_stream(
    records: Iterable[dict[str, Any]],
    fields: Sequence[str],
    fmt: Format,
    *,
    ascii_only: bool = False,
    spoilers: bool = False,
) -> Iterator[str]:
    """Records written one at a time in a streamed format: the same text as render's."""
    if fmt is Format.JSON:
        rows = ({field: record[field] for field in fields} for record in records)
        yield from json_pieces(rows, ascii_only=ascii_only)
        return
    if fmt is Format.CSV:
        yield to_csv([], fields)
    for record in records:
        row = _row(record, fields, fmt, spoilers)
        if fmt is Format.JSONL:
            yield to_json(row, indent=None, ascii_only=ascii_only)
        elif fmt is Format.CSV:
            yield csv_row(row, fields)
        else:
            yield "\t".join(visible(cell(row[field])) for field in fields) + "\n"


# JSON escapes C0 controls itself; DEL, the C1 controls, the bidirectional overrides and the
# line and paragraph separators are escaped here as well (the value is the same), so that no
# JSON written by tearlist can drive or disguise the terminal it is printed on, and a JSON
# Lines record is one line for every reader.
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def to_json(value: Any, *, indent: int | None = 2, ascii_only: bool = False) -> str:
    """JSON text of a value, ending with a newline: readable UTF-8, or ASCII with escapes."""
    if indent == _INDENT and not ascii_only:
        return _json_safe(_indented(value, "")) + "\n"
    separators = (",", ": ") if indent else (",", ":")
    text = json.dumps(value, ensure_ascii=ascii_only, indent=indent, separators=separators)
    return _json_safe(text) + "\n"


def json_pieces(rows: Iterable[Any], *, ascii_only: bool = False) -> Iterator[str]:
    """A JSON list of rows, a row at a time: the same text as to_json(list(rows))."""
    opened = False
    for row in rows:
        text = _indented(row, "  ", ascii_only=ascii_only)
        yield _json_safe(("[\n  " if not opened else ",\n  ") + text)
        opened = True
    yield "\n]\n" if opened else "[]\n"


def stored_forms(record: dict[str, Any]) -> tuple[str, str]:
    """A record as an index keeps it ready to print: a JSON Lines line (without its line
    break), and an item of an indented JSON list (without what goes between items)."""
    compact = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    return _json_safe(compact), _json_safe(_indented(record, "  "))


def stored_list(items: Iterable[str]) -> Iterator[str]:
    """A JSON list of items in stored_forms' indented form: the same text as json_pieces'."""
    lead = "[\n  "
    for item in items:
        yield lead + item
        lead = ",\n  "
    yield "[]\n" if lead == "[\n  " else "\n]\n"


def stored_hit(stored: str, matched: Sequence[str], *, indented: bool) -> str:
    """A title's stored form with what a search matched added, as hit_record's would be."""
    if indented:
        inner = _json_safe(_indented(list(matched), "    "))
        return f'{stored[:-4]},\n    "{MATCHED}": {inner}\n  }}'
    compact = json.dumps(list(matched), ensure_ascii=False, separators=(",", ":"))
    return f'{stored[:-1]},"{MATCHED}":{_json_safe(compact)}}}'


def _json_safe(text: str) -> str:
    return _JSON_RAW.sub(lambda match: f"\\u{ord(match[0]):04x}", text)


_INDENT = 2


def _indented(value: Any, margin: str, *, ascii_only: bool = False) -> str:
    """JSON text of a value indented as json.dumps(indent=2) writes it, in a fraction of its time.

    The standard library encodes indented JSON in Python, one generator per level; this
    writes each string with its C encoder. Values other than text, whole numbers, true,
    false, null, lists and objects with text keys are left to json.dumps.
    """
    pieces: list[str] = []
    try:
        if ascii_only:
            raise _Unusual
        _encode(value, margin, pieces)
    except _Unusual:
        text = json.dumps(value, ensure_ascii=ascii_only, indent=_INDENT, separators=(",", ": "))
        return text.replace("\n", "\n" + margin)
    return "".join(pieces)


class _Unusual(Exception):
    """A value the quick encoder leaves to json.dumps."""


def _encode(value: Any, margin: str, pieces: list[str]) -> None:
    if type(value) is str:
        pieces.append(_quoted(value))
    elif value is None:
        pieces.append("null")
    elif value is True or value is False:
        pieces.append("true" if value else "false")
    elif type(value) is int:
        pieces.append(int.__repr__(value))
    elif type(value) is dict and value:
        inner = margin + "  "
        lead = "{\n" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _Unusual
            pieces.append(lead + _quoted(key) + ": ")
            _encode(item, inner, pieces)
            lead = ",\n" + inner
        pieces.append("\n" + margin + "}")
    elif type(value) is list and value:
        inner = margin + "  "
        lead = "[\n" + inner
        for item in value:
            pieces.append(lead)
            _encode(item, inner, pieces)
            lead = ",\n" + inner
        pieces.append("\n" + margin + "]")
    elif type(value) is dict or type(value) is list:
        pieces.append("{}" if type(value) is dict else "[]")
    else:
        raise _Unusual


def cell(value: Any) -> str:
    """A value as the text of one cell: lists joined with "; ", people by name, null empty.

    A content note is its words, marked "(spoiler)" before them when it gives the story away.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(cell(item) for item in value)
    if isinstance(value, dict):
        if "note" in value:
            return note_text(value)
        return str(value.get("name", ""))
    return str(value)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """A CSV cell, with a leading ' so no spreadsheet runs it as a formula (OWASP).

    Text that would start like a formula once its leading quotes are taken off is guarded
    too, so that csv_unguarded gives back exactly the text that was written.
    Control characters other than line breaks are made visible, as in every text format.
    """
    text = visible(cell(value), keep_newlines=True)
    if text.lstrip("'").startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def csv_unguarded(text: str) -> str:
    """A cell of tearlist's own CSV as it was before csv_cell guarded it."""
    if text.startswith("'") and text.lstrip("'").startswith(_FORMULA_STARTS):
        return text[1:]
    return text


def to_csv(rows: Sequence[dict[str, Any]], fields: Sequence[str]) -> str:
    """CSV with a header row; cells are neutralized against formula injection."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([csv_cell(row[field]) for field in fields])
    return buffer.getvalue()


def csv_row(row: dict[str, Any], fields: Sequence[str]) -> str:
    """One line of CSV, as to_csv writes it."""
    import csv

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([csv_cell(row[field]) for field in fields])
    return buffer.getvalue()


_MARKDOWN_SPECIAL = {ord(char): "\\" + char for char in "\\`*_[]<>|&~#"}
# What the escapes above leave able to open a block at the start of a line: a list item
# (-, +, 1. or 1)), a thematic break (---) or a setext underline (===). Text never starts
# with spaces (no indented code): whitespace is collapsed.
_BLOCK_START = re.compile(r"[-+=]|[0-9]{1,9}[.)]")


def markdown_text(value: Any) -> str:
    """Text shown as text anywhere in CommonMark: its punctuation and block markers escaped."""
    text = " ".join(visible(cell(value), keep_newlines=True).split()).translate(_MARKDOWN_SPECIAL)
    start = _BLOCK_START.match(text)
    if start:
        marker = start.end() - 1
        text = f"{text[:marker]}\\{text[marker:]}"
    return text


def markdown_table(rows: Sequence[dict[str, Any]], fields: Sequence[str]) -> str:
    """A CommonMark (GitHub-flavoured) table."""
    lines = ["| " + " | ".join(fields) + " |", "|" + "|".join("---" for _ in fields) + "|"]
    lines += [
        "| " + " | ".join(markdown_text(row[field]) for field in fields) + " |" for row in rows
    ]
    return "\n".join(lines) + "\n"


def markdown_title(record: dict[str, Any], level: int = 2, *, spoilers: bool = True) -> str:
    """One title in full as a Markdown section: notes that spoil the story folded away in a
    closed <details> element, or, unless spoilers is true, left out and counted."""
    heading = f"{'#' * level} {record['rank']}. {markdown_text(record['title'])}"
    lines = [heading, ""]
    if record.get("synopsis"):
        lines += [markdown_text(record["synopsis"]), ""]
    for field in FIELDS:
        if field in ("rank", "title", "synopsis"):
            continue
        value = record[field]
        if value is None or value == []:
            continue
        lines.append(f"- **{field}**: {_markdown_value(field, value, spoilers)}")
    return "\n".join(lines) + "\n"


def _markdown_value(field: str, value: Any, spoilers: bool = True) -> str:
    """A field's value in a Markdown section: people with Hangul, notes with spoilers folded."""
    if field in ("directors", "cast"):
        return "; ".join(_person_text(person) for person in value)
    if field == "wikipedia":
        return f"[{markdown_text(value)}](<{wikipedia_url(value)}>)"
    if field == "content_notes" and not spoilers:
        return markdown_text(notes_text(value))
    if field == "content_notes":
        told = [note for note in value if not note["spoiler"]]
        folded = [note for note in value if note["spoiler"]]
        text = "; ".join(markdown_text(note["note"]) for note in told) or "none without spoilers"
        if folded:
            hidden = "; ".join(markdown_text(note["note"]) for note in folded)
            count = f"{len(folded)} spoiler{'' if len(folded) == 1 else 's'}"
            text += f" <details><summary>{count}</summary>{hidden}</details>"
        return text
    return markdown_text(value)


def _person_text(person: dict[str, Any]) -> str:
    text = markdown_text(person["name"])
    if person.get("hangul"):
        text += f" ({markdown_text(person['hangul'])})"
    return text


def markdown_document(records: Sequence[dict[str, Any]], *, spoilers: bool = True) -> str:
    """A complete Markdown document: a heading, a summary table, then every title in full,
    with its spoiler notes folded away, or left out and counted unless spoilers is true."""
    parts = [
        "# tearlist catalogue\n",
        f"{len(records)} title{'' if len(records) == 1 else 's'}.\n",
        markdown_table(records, ("rank", "title", "korean_title", "kind", "released")),
    ]
    parts += [markdown_title(record, spoilers=spoilers) for record in records]
    return "\n".join(parts)


def plain_title(record: dict[str, Any], *, spoilers: bool = False) -> str:
    """One title in full as lines of field, tab, value; spoiler notes as notes_text has them."""
    record = {**record, "content_notes": notes_text(record["content_notes"], spoilers=spoilers)}
    return "".join(f"{field}\t{visible(cell(record[field]))}\n" for field in FIELDS)


def render_title(
    title: Title,
    fmt: ShowFormat,
    viewings: Sequence[Viewing] = (),
    *,
    spoilers: bool = True,
    ascii_only: bool = False,
) -> str:
    """One title in full, then its viewings, in a format for programs (not table).

    JSON carries every note with its flag, "viewings" (newest first) and "rating" (the
    latest given, or null); the other formats leave out the notes that give the story away
    unless spoilers is true.
    """
    from tearlist.viewings import latest_rating, rating_number, stars, viewing_line

    record = title_record(title)
    latest = latest_rating(viewings)
    if fmt is ShowFormat.JSON:
        record["viewings"] = [_viewing_json(viewing) for viewing in viewings]
        record["rating"] = rating_number(latest)
        return to_json(record, ascii_only=ascii_only)
    if title.wikipedia and fmt is ShowFormat.PLAIN:
        record["wikipedia"] = wikipedia_url(title.wikipedia)
    lines = [viewing_line(viewing) for viewing in viewings]
    if fmt is ShowFormat.MARKDOWN:
        text = markdown_title(record, level=1, spoilers=spoilers)
        text += "".join(f"- **viewed**: {markdown_text(line)}\n" for line in lines)
        return text + (f"- **your rating**: {stars(latest)}\n" if latest else "")
    text = plain_title(record, spoilers=spoilers)
    text += "".join(f"viewed\t{visible(line)}\n" for line in lines)
    return text + (f"rating\t{stars(latest)}\n" if latest else "")


def _viewing_json(viewing: Viewing) -> dict[str, Any]:
    from tearlist.viewings import rating_number

    return {
        "id": viewing.id,
        "date": viewing.watched.isoformat(),
        "rating": rating_number(viewing.rating),
        "rewatch": viewing.rewatch,
        "note": viewing.note,
    }


def export_text(
    titles: Iterable[Title], fmt: ExportFormat, *, ascii_only: bool = False, spoilers: bool = False
) -> str:
    """The text of an export file of these titles."""
    return "".join(export_pieces(titles, fmt, ascii_only=ascii_only, spoilers=spoilers))


def export_pieces(
    titles: Iterable[Title],
    fmt: ExportFormat,
    *,
    ascii_only: bool = False,
    spoilers: bool = False,
) -> Iterator[str]:
    """The text of an export file of these titles, in pieces written as the titles come.

    JSON, JSON Lines and YAML carry every note; CSV and Markdown leave out the words of those
    that spoil the story unless spoilers is true (Markdown then folds them in <details>).
    """
    if fmt is ExportFormat.YAML:
        yield to_yaml(list(titles))
        return
    if fmt is ExportFormat.HTML:
        from tearlist.webpage import html_pieces

        yield from html_text(html_pieces(list(titles)), ascii_only=ascii_only)
        return
    records = (title_record(title) for title in titles)
    if fmt is ExportFormat.MARKDOWN:
        yield markdown_document(list(records), spoilers=spoilers)
    elif fmt is ExportFormat.JSON:
        yield from json_pieces(records, ascii_only=ascii_only)
    else:
        fields, chosen = FIELDS, Format(fmt.value)
        yield from render_stream(records, fields, chosen, ascii_only=ascii_only, spoilers=spoilers)


def html_text(pieces: Iterable[str], *, ascii_only: bool = False) -> Iterator[str]:
    """A web page's text; with ascii_only, every other character as a character reference."""
    for piece in pieces:
        yield piece.encode("ascii", "xmlcharrefreplace").decode("ascii") if ascii_only else piece


def to_yaml(titles: Sequence[Title]) -> str:
    """A catalogue file that loads back into exactly these titles."""
    import yaml

    documents = []
    for title in titles:
        record = title_record(title)
        record["directors"] = [_person_yaml(person) for person in title.directors]
        record["cast"] = [_person_yaml(person) for person in title.cast]
        record["content_notes"] = [_note_yaml(note) for note in title.content_notes]
        documents.append(
            {
                key: value
                for key, value in record.items()
                if key in REQUIRED_FIELDS or value not in (None, [])
            }
        )
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text: str = yaml.dump(documents, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)
    return text


def _note_yaml(note: ContentNote) -> str | dict[str, Any]:
    """A note as a catalogue writes it: plain text when it has no category and no spoiler."""
    if note.category is None and not note.spoiler:
        return note.note
    return {key: value for key, value in note_record(note).items() if value is not None}


def _person_yaml(person: Person) -> dict[str, Any]:
    return {key: value for key, value in person_record(person).items() if value not in (None, [])}


def render_counts(counts: Sequence[Count], fmt: StatsFormat, *, ascii_only: bool = False) -> str:
    """Counts of titles for scripts: value, tab, count lines; JSON; or CSV with a header."""
    if fmt is StatsFormat.JSON:
        records = [{"value": count.value, "count": count.count} for count in counts]
        return to_json(records, ascii_only=ascii_only)
    if fmt is StatsFormat.CSV:
        rows = [{"value": count.label, "count": count.count} for count in counts]
        return to_csv(rows, ("value", "count"))
    return "".join(f"{visible(count.label)}\t{count.count}\n" for count in counts)
