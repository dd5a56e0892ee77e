"""Diary files in and out: Letterboxd's CSV and account export (.zip), and tearlist's own.

Reading is bounded: a file, or the members of a zip taken together, larger than MAX_BYTES
is refused, and so is a file of more than MAX_ROWS rows; a zip is read in memory (nothing is
extracted to disk), its members streamed one row at a time, and only the members with the
known names at its top level are read.

A Letterboxd CSV written by export keeps notes and titles as they are, but for control and
bidirectional formatting characters, which are made visible: Letterboxd has no use for them,
and they would reach whoever opens the file.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from operator import attrgetter
from pathlib import Path
from typing import IO, Any, BinaryIO

from tearlist.errors import BadImportError, FileError
from tearlist.formats import csv_unguarded
from tearlist.records import Kind, Title
from tearlist.text import visible
from tearlist.textmatch import name_key
from tearlist.viewings import (
    DIARY_FIELDS,
    TitleIndex,
    Viewing,
    check_day,
    check_note,
    check_storable,
    parse_rating,
    rating_number,
)

MAX_BYTES = 64 << 20
MAX_ZIP_BYTES = 512 << 20
# Rows in one import, all members of a zip together: a Letterboxd account of a lifetime of
# films holds tens of thousands; ten times that is refused before it takes minutes.
MAX_ROWS = 250_000
# The columns of the CSV that Letterboxd's importer reads.
IMPORT_COLUMNS = ("Title", "Year", "WatchedDate", "Rating", "Rewatch", "Review")
# The files of a Letterboxd account export that hold viewings, ratings and reviews.
ACCOUNT_FILES = ("diary.csv", "reviews.csv", "watched.csv", "ratings.csv")
_YES = frozenset({"yes", "true", "1", "y"})
_NO = frozenset({"", "no", "false", "0", "n"})


@dataclass(frozen=True, slots=True)
class Row:
    """One viewing read from a file; seen_only where the file says it was seen, not when."""

    source: str  # the file, and what counts its rows: "diary.csv:" or "x.json: viewing "
    line: int
    name: str
    year: int | None
    day: date
    rating: int | None = None
    rewatch: bool | None = None
    note: str | None = None
    seen_only: bool = False
    kind: Kind = Kind.FILM  # Letterboxd lists films; tearlist's own files say which

    @property
    def where(self) -> str:
        """Where the row is, for messages: its file and line, or its file and number."""
        return f"{self.source}{self.line}"


@dataclass(frozen=True, slots=True)
class Plan:
    """What an import does: the rows to add, with their titles where a title of the
    catalogue in use matches, and how many the diary has already."""

    add: list[tuple[Row, Title | None]]
    present: int

    @property
    def unmatched(self) -> list[Row]:
        """The rows to add that match no title: kept as viewings outside the catalogue."""
        return [row for row, title in self.add if title is None]


def letterboxd_csv(rows: Iterable[tuple[Viewing, str, int | None]]) -> str:
    """The CSV Letterboxd's importer reads, from viewings with the title and year to write."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(IMPORT_COLUMNS)
    for viewing, title, year in rows:
        rating = rating_number(viewing.rating)
        writer.writerow(
            [
                visible(title),
                "" if year is None else year,
                viewing.watched.isoformat(),
                "" if rating is None else rating,
                "true" if viewing.rewatch else "false",
                visible(viewing.note or "", keep_newlines=True),
            ]
        )
    return buffer.getvalue()


def read_rows(path: Path, today: date) -> list[Row]:
    """The viewings in a file diary import takes: JSON, CSV of either kind, or a .zip."""
    with _opened(path) as stream:
        head = stream.read(_HEAD)
        stream.seek(0)
        if head.startswith(b"PK\x03\x04") or path.suffix.lower() == ".zip":
            rows = _from_zip(stream, path)
        else:
            _check_size(stream, MAX_BYTES, str(path))
            text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
            try:
                if path.suffix.lower() == ".json" or _starts_a_list(head):
                    rows = _from_json(text, str(path))
                else:
                    where = path.name if path.name in ACCOUNT_FILES else str(path)
                    rows = _from_csv(text, where, [0])
            except UnicodeDecodeError as error:
                raise BadImportError(f"{path}: not UTF-8 text ({error.reason})") from None
            finally:
                text.detach()
    # A file written where it is already tomorrow (Seoul, read in Los Angeles) holds today's
    # viewings under tomorrow's date: a day after today is not the future for an import.
    latest = today + timedelta(days=1)
    for row in rows:
        _check_row(row, latest)
    return rows


def _check_row(row: Row, latest: date) -> None:
    """The rules log has for a viewing, for a row: a day not in the future, a note it keeps."""
    try:
        check_storable(row.name)
    except ValueError as error:
        raise BadImportError(f"{row.where}: Title: {error}") from None
    try:
        check_day(row.day, latest, latest=latest)
        if row.note is not None:
            check_note(row.note)
    except ValueError as error:
        field = "Note" if row.note is not None and "character" in str(error) else "Date"
        raise BadImportError(f"{row.where}: {field}: {error}") from None


def _of(rank: int | None, key: str, year: int | None) -> str:
    """What a viewing is of, as one short text (a large import keeps one a viewing): a
    catalogue title by its rank, or a title outside the catalogue by a spelling and its year."""
    return f"#{rank}" if rank is not None else f"{key}\x00{year}"


def plan_import(rows: Sequence[Row], titles: Sequence[Title], existing: Iterable[Viewing]) -> Plan:
    """Match rows to titles and leave out what the diary has already; nothing else is left out.

    A row that matches no title of the catalogue in use is added all the same, as a viewing
    outside the catalogue, with its title as written and its year: a catalogue that later
    holds that title finds it. A dated row is there already if the diary has as many
    viewings of its title on that day as the file has rows for them; a row with no day (a
    film marked seen, or rated) is there if the title has any viewing at all, the ones this
    import adds included.
    """
    index = TitleIndex(titles)
    undated = any(row.seen_only for row in rows)  # only they ask whether a title was seen
    have: Counter[str] = Counter()
    seen: set[str] = set()
    for viewing in existing:
        title = index.title_of(viewing.identity)
        day = viewing.watched.isoformat()
        if title is not None:
            kinds = [_of(title.rank, "", None)]
        else:
            kinds = [_of(None, key, viewing.year) for key in viewing.keys]
        for one in kinds:
            have[f"{one}\x00{day}"] += 1
            if undated:
                seen.add(one)
    add: list[tuple[Row, Title | None]] = []
    present = 0
    dated = sorted((row for row in rows if not row.seen_only), key=attrgetter("day"))
    for row in itertools.chain(dated, (row for row in rows if row.seen_only)):  # oldest first
        title = index.lookup(row.name, row.year)
        of = _of(title.rank if title else None, name_key(row.name), row.year)
        on = f"{of}\x00{row.day.isoformat()}"
        if (row.seen_only and of in seen) or (not row.seen_only and have[on] > 0):
            present += 1
            if not row.seen_only:
                have[on] -= 1
        else:
            add.append((row, title))
            seen.add(of)
    return Plan(add, present)


_HEAD = 4096  # bytes read to tell the format


def _starts_a_list(head: bytes) -> bool:
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"[")


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[BinaryIO]:
    """A regular file open for reading, refused before reading if larger than any import.

    Opened without blocking, so that a FIFO or a device is refused at once, not waited on.
    """
    import os
    import stat

    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise FileError(f"{path}: cannot read: {error.strerror or error}") from None
    with os.fdopen(descriptor, "rb") as stream:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise FileError(f"{path}: not a regular file, so it cannot be imported")
        _check_size(stream, MAX_ZIP_BYTES, str(path))
        try:
            yield stream
        except OSError as error:
            raise FileError(f"{path}: cannot read: {error.strerror or error}") from None


def _check_size(stream: BinaryIO, limit: int, where: str) -> None:
    """FileError if the file is larger than limit, told by its size alone."""
    import os

    if os.fstat(stream.fileno()).st_size > limit:
        raise FileError(f"{where}: larger than {limit >> 20} MiB, too large to import")


def _from_zip(stream: BinaryIO, path: Path) -> list[Row]:
    import zipfile

    from tearlist.zipbounds import check_directory

    try:
        check_directory(stream, str(path))
        archive = zipfile.ZipFile(stream)
        members = {info.filename: info for info in archive.infolist() if not info.is_dir()}
        chosen = [members[name] for name in ACCOUNT_FILES if name in members]
        if not chosen:
            raise BadImportError(
                f"{path}: a zip without {', '.join(ACCOUNT_FILES)} at its top level"
            )
        # A member never unpacks to more than its declared size: the sum bounds the reading.
        if sum(info.file_size for info in chosen) > MAX_BYTES:
            raise FileError(
                f"{path}: its members unpack to more than {MAX_BYTES >> 20} MiB, too large to import"
            )
        read: dict[str, list[Row]] = {}
        count = [0]
        for info in chosen:
            where = f"{path}:{info.filename}"
            with archive.open(info) as member:
                lines = io.TextIOWrapper(member, encoding="utf-8-sig", newline="")
                try:
                    read[info.filename] = _from_csv(lines, where, count)
                except UnicodeDecodeError:
                    raise BadImportError(f"{where}: not UTF-8 text") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as error:
        # A member that ends before its declared size, or a name that is no text.
        raise BadImportError(f"{path}: not a readable zip file ({error})") from None
    return _account(read)


def _account(read: Mapping[str, list[Row]]) -> list[Row]:
    """The rows of a Letterboxd account export: diary entries with their reviews, then
    the films marked seen or rated that have no diary entry, with their rating."""
    reviews = {(row.name, row.year, row.day): row for row in read.get("reviews.csv", [])}
    rows = []
    for row in read.get("diary.csv", []):
        review = reviews.pop((row.name, row.year, row.day), None)
        rows.append(replace(row, note=review.note) if review and not row.note else row)
    rows += reviews.values()  # reviews of viewings that have no diary entry
    dated = {(row.name, row.year) for row in rows}
    seen: dict[tuple[str, int | None], Row] = {}
    for row in [*read.get("watched.csv", []), *read.get("ratings.csv", [])]:
        earlier = seen.get((row.name, row.year))
        if earlier is None or (row.rating is not None and earlier.rating is None):
            seen[row.name, row.year] = replace(earlier or row, rating=row.rating)
    return rows + [row for key, row in seen.items() if key not in dated]


def _from_json(text: IO[str], where: str) -> list[Row]:
    """The rows of a JSON list, read one viewing at a time."""
    from tearlist.jsonitems import ItemError, items

    rows = []
    try:
        for number, record in enumerate(items(text), 1):
            if not isinstance(record, dict):
                raise BadImportError(
                    f"{where}: expected a list of viewings, as diary export writes"
                )
            if number > MAX_ROWS:
                raise BadImportError(
                    f"{where}: more than {MAX_ROWS:,} viewings, too many to import"
                )
            rows.append(_row(record, f"{where}: viewing ", number))
    except ItemError as error:
        if error.message == "expected a list":
            raise BadImportError(
                f"{where}: expected a list of viewings, as diary export writes"
            ) from None
        raise BadImportError(f"{where}:{error.line}:{error.column}: {error.message}") from None
    except RecursionError:
        raise BadImportError(f"{where}: nested too deeply to be a diary export") from None
    return rows


def _from_csv(stream: Iterable[str], where: str, count: list[int]) -> list[Row]:
    """The rows of a CSV stream; count holds the rows read so far by this import."""
    reader = csv.reader(stream)
    try:
        header = [_column(name) for name in next(reader, [])]
    except csv.Error as error:
        raise BadImportError(f"{where}: not a readable CSV file ({error})") from None
    if not {"name", "title"} & set(header):
        raise BadImportError(f"{where}: expected a CSV header with Name or Title (and Year)")
    # Letterboxd's watched.csv and ratings.csv say a film was seen, not on which day.
    seen_only = "letterboxduri" in header and "watcheddate" not in header
    # Only tearlist's own CSV guards cells against spreadsheets: only there is the guard undone.
    own = tuple(header) == DIARY_FIELDS
    rows = []
    try:
        for number, cells in enumerate(reader, 2):
            if not any(cell.strip() for cell in cells):
                continue
            count[0] += 1
            if count[0] > MAX_ROWS:
                raise BadImportError(f"{where}: more than {MAX_ROWS:,} rows, too many to import")
            if own:
                cells = [csv_unguarded(cell) for cell in cells]
            record = dict(zip(header, cells, strict=False))
            row = _row(record, f"{where}:", number)
            rows.append(replace(row, seen_only=True) if seen_only else row)
    except csv.Error as error:
        raise BadImportError(f"{where}: not a readable CSV file ({error})") from None
    return rows


def _column(name: str) -> str:
    return "".join(char for char in name.lower() if char.isalnum())


def _row(record: Mapping[str, Any], source: str, line: int) -> Row:
    """One viewing from a record of any of the formats, keyed by its normalized column names.

    A note is kept as written, its spaces and line breaks included.
    """
    where = f"{source}{line}"
    fields = {_column(str(key)): value for key, value in record.items()}
    name = _text(fields.get("name") or fields.get("title"))
    if not name:
        raise BadImportError(f"{where}: no title (a Name or Title column)")
    day_text = _text(fields.get("watcheddate")) or _text(fields.get("date"))
    note = _cell(fields.get("review")) or _cell(fields.get("note"))
    return Row(
        source=source,
        line=line,
        name=name,
        year=_year(fields.get("year"), where),
        day=_day(day_text, where),
        rating=_rating(fields.get("rating"), where),
        rewatch=_rewatch(fields.get("rewatch"), where),
        note=note or None,
        kind=_kind(fields.get("kind"), where),
    )


def _cell(value: Any) -> str:
    """A field's value as text, exactly as the file holds it."""
    if value is None:
        return ""
    if isinstance(value, list | dict):  # JSON: a field holds text, a number or nothing
        return "[…]" if isinstance(value, list) else "{…}"
    return str(value)


def _text(value: Any) -> str:
    return _cell(value).strip()


def _kind(value: Any, where: str) -> Kind:
    text = _text(value).lower()
    if not text:
        return Kind.FILM
    try:
        return Kind(text)
    except ValueError:
        raise BadImportError(f"{where}: Kind: expected film or series, found {text!r}") from None


def _year(value: Any, where: str) -> int | None:
    text = _text(value)
    if not text:
        return None
    if not (text.isdigit() and len(text) == 4):
        raise BadImportError(f"{where}: Year: expected a year such as 2016, found {text!r}")
    return int(text)


def _day(text: str, where: str) -> date:
    """An ISO date, as every format writes it."""
    try:
        return _iso_day(text)
    except ValueError:
        shown = repr(text) if text else "nothing"
        raise BadImportError(
            f"{where}: Date: expected a date such as 2026-11-20, found {shown}"
        ) from None


@functools.lru_cache(maxsize=4096)
def _iso_day(text: str) -> date:
    """The day an ISO date names: one object for the many rows of one day."""
    return date.fromisoformat(text)


def _rating(value: Any, where: str) -> int | None:
    text = _text(value)
    if not text:
        return None
    try:
        return parse_rating(text)
    except ValueError as error:
        raise BadImportError(f"{where}: Rating: {error}") from None


def _rewatch(value: Any, where: str) -> bool | None:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in _YES:
        return True
    if text in _NO:
        return None if text == "" else False
    raise BadImportError(f"{where}: Rewatch: expected yes or no, found {text!r}")
