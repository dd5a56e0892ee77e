"""Diary files in and out: Letterboxd's CSV and account export (.zip), and tearlist's own.

Reading is bounded: a file or zip member larger than MAX_BYTES is refused, a zip is read in
memory (nothing is extracted to disk), and only the members with the known names at its
top level are read.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from tearlist.errors import BadImportError, FileError
from tearlist.records import Title
from tearlist.viewings import TitleIndex, Viewing, parse_rating, rating_number

MAX_BYTES = 64 << 20
MAX_ZIP_BYTES = 512 << 20
# The columns of the CSV that Letterboxd's importer reads.
IMPORT_COLUMNS = ("Title", "Year", "WatchedDate", "Rating", "Rewatch", "Review")
# The files of a Letterboxd account export that hold viewings, ratings and reviews.
ACCOUNT_FILES = ("diary.csv", "reviews.csv", "watched.csv", "ratings.csv")
_YES = frozenset({"yes", "true", "1", "y"})
_NO = frozenset({"", "no", "false", "0", "n"})


@dataclass(frozen=True, slots=True)
class Row:
    """One viewing read from a file; seen_only where the file says it was seen, not when."""

    where: str
    name: str
    year: int | None
    day: date
    rating: int | None = None
    rewatch: bool | None = None
    note: str | None = None
    seen_only: bool = False


@dataclass(frozen=True, slots=True)
class Plan:
    """What an import does: the rows to add with their titles, how many are there, what fits nothing."""

    add: list[tuple[Row, Title]]
    present: int
    unmatched: list[Row]


def letterboxd_csv(rows: Iterable[tuple[Viewing, str, int | None]]) -> str:
    """The CSV Letterboxd's importer reads, from viewings with the title and year to write."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(IMPORT_COLUMNS)
    for viewing, title, year in rows:
        rating = rating_number(viewing.rating)
        writer.writerow(
            [
                title,
                "" if year is None else year,
                viewing.watched.isoformat(),
                "" if rating is None else rating,
                "true" if viewing.rewatch else "false",
                viewing.note or "",
            ]
        )
    return buffer.getvalue()


def read_rows(path: Path) -> list[Row]:
    """The viewings in a file diary import takes: JSON, CSV of either kind, or a .zip."""
    raw = _read_bounded(path)
    if raw.startswith(b"PK\x03\x04") or path.suffix.lower() == ".zip":
        return _from_zip(raw, path)
    text = _decode(raw, str(path))
    if path.suffix.lower() == ".json" or text.lstrip().startswith("["):
        return _from_json(text, str(path))
    return _from_csv(text, path.name if path.name in ACCOUNT_FILES else str(path))


def plan_import(rows: Sequence[Row], titles: Sequence[Title], existing: Sequence[Viewing]) -> Plan:
    """Match rows to titles and leave out what the diary has already.

    A dated row is there already if the diary has as many viewings of its title on that
    day as the file has rows for them; a row with no day (a film marked seen, or rated) is
    there if the title has any viewing at all, the ones this import adds included.
    """
    index = TitleIndex(titles)
    have: Counter[tuple[int, date]] = Counter()
    seen: set[int] = set()
    for viewing in existing:
        title = index.title_of(viewing.identity)
        if title is not None:
            have[title.rank, viewing.watched] += 1
            seen.add(title.rank)
    add: list[tuple[Row, Title]] = []
    present = 0
    unmatched: list[Row] = []
    for row in sorted(rows, key=lambda row: (row.seen_only, row.day)):  # dated, oldest first
        title = index.lookup(row.name, row.year)
        if title is None:
            unmatched.append(row)
        elif (row.seen_only and title.rank in seen) or have[title.rank, row.day] > 0:
            present += 1
            if not row.seen_only:
                have[title.rank, row.day] -= 1
        else:
            add.append((row, title))
            seen.add(title.rank)
    return Plan(add, present, unmatched)


def _read_bounded(path: Path) -> bytes:
    """The bytes of a regular file, refused before reading if it is larger than allowed."""
    import os
    import stat

    try:
        with path.open("rb") as stream:
            status = os.fstat(stream.fileno())
            if not stat.S_ISREG(status.st_mode):
                raise FileError(f"{path}: not a regular file, so it cannot be imported")
            if status.st_size > MAX_ZIP_BYTES:
                raise FileError(
                    f"{path}: larger than {MAX_ZIP_BYTES >> 20} MiB, too large to import"
                )
            raw = stream.read(MAX_ZIP_BYTES + 1)
    except OSError as error:
        raise FileError(f"{path}: cannot read: {error.strerror or error}") from None
    if len(raw) > MAX_ZIP_BYTES:  # a file that grew while it was read
        raise FileError(f"{path}: larger than {MAX_ZIP_BYTES >> 20} MiB, too large to import")
    return raw


def _decode(raw: bytes, where: str) -> str:
    if len(raw) > MAX_BYTES:
        raise FileError(f"{where}: larger than {MAX_BYTES >> 20} MiB, too large to import")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadImportError(f"{where}: not UTF-8 text (byte {error.start + 1})") from None


def _from_zip(raw: bytes, path: Path) -> list[Row]:
    import zipfile

    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = {info.filename: info for info in archive.infolist() if not info.is_dir()}
        texts: dict[str, str] = {}
        for name in ACCOUNT_FILES:
            info = members.get(name)
            if info is None:
                continue
            where = f"{path}:{name}"
            if info.file_size > MAX_BYTES:
                raise FileError(f"{where}: larger than {MAX_BYTES >> 20} MiB, too large to import")
            with archive.open(info) as member:
                texts[name] = _decode(member.read(MAX_BYTES + 1), where)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as error:
        raise BadImportError(f"{path}: not a readable zip file ({error})") from None
    if not texts:
        raise BadImportError(f"{path}: a zip without {', '.join(ACCOUNT_FILES)} at its top level")
    return _account(texts, path)


def _account(texts: Mapping[str, str], path: Path) -> list[Row]:
    """The rows of a Letterboxd account export: diary entries with their reviews, then
    the films marked seen or rated that have no diary entry, with their rating."""
    read = {name: _from_csv(text, f"{path}:{name}") for name, text in texts.items()}
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


def _from_json(text: str, where: str) -> list[Row]:
    try:
        records = json.loads(text)
    except json.JSONDecodeError as error:
        raise BadImportError(f"{where}:{error.lineno}:{error.colno}: {error.msg}") from None
    if not isinstance(records, list) or not all(isinstance(item, dict) for item in records):
        raise BadImportError(f"{where}: expected a list of viewings, as diary export writes")
    return [_row(record, f"{where}: viewing {number}") for number, record in enumerate(records, 1)]


def _from_csv(text: str, where: str) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [_column(name) for name in next(reader, [])]
        lines = list(reader)
    except csv.Error as error:
        raise BadImportError(f"{where}: not a readable CSV file ({error})") from None
    if not {"name", "title"} & set(header):
        raise BadImportError(f"{where}: expected a CSV header with Name or Title (and Year)")
    # Letterboxd's watched.csv and ratings.csv say a film was seen, not on which day.
    seen_only = "letterboxduri" in header and "watcheddate" not in header
    rows = []
    for number, cells in enumerate(lines, 2):
        if not any(cell.strip() for cell in cells):
            continue
        record = dict(zip(header, cells, strict=False))
        row = _row(record, f"{where}:{number}")
        rows.append(replace(row, seen_only=True) if seen_only else row)
    return rows


def _column(name: str) -> str:
    return "".join(char for char in name.lower() if char.isalnum())


def _row(record: Mapping[str, Any], where: str) -> Row:
    """One viewing from a record of any of the formats, keyed by its normalized column names."""
    fields = {_column(str(key)): value for key, value in record.items()}
    name = _text(fields.get("name") or fields.get("title"))
    if not name:
        raise BadImportError(f"{where}: no title (a Name or Title column)")
    day_text = _text(fields.get("watcheddate")) or _text(fields.get("date"))
    return Row(
        where=where,
        name=name,
        year=_year(fields.get("year"), where),
        day=_day(day_text, where),
        rating=_rating(fields.get("rating"), where),
        rewatch=_rewatch(fields.get("rewatch"), where),
        note=_text(fields.get("review") or fields.get("note")) or None,
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    # tearlist's CSV guards a cell that starts like a formula with a quote; undo it.
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return text[1:]
    return text


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
        return date.fromisoformat(text)
    except ValueError:
        shown = repr(text) if text else "nothing"
        raise BadImportError(
            f"{where}: Date: expected a date such as 2026-11-20, found {shown}"
        ) from None


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
