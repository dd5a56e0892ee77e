"""An SQLite index of a large catalogue file, kept between runs beside the cache.

The index holds each valid title ready to print: its output record as compact JSON (a
JSON Lines line, and what a Title is rebuilt from) and as the indented JSON of an item of a
JSON list, with the columns filters and sorts read (kind, year, running time, age, and
genres and content notes in tables of their own) and the keys commands look things up by:
every title's names, reduced for exact, prefix and substring matching, and every distinct
person with the titles they are credited in. A command reads only the rows it needs. The index lives in
the cache folder under the cache's rules (keyed by the file's path, size, inode and times;
kept only for a file that loaded without a problem and did not change while it was read;
anything else found there is ignored and rebuilt), and is written to a temporary file that
is renamed into place, so that it is complete or absent.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import sqlite3
import stat
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache as once
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tearlist import cache, loading
from tearlist.building import Builder
from tearlist.catalogue import _RANK, Query, Role, SortKey
from tearlist.matching import match_korean_title, match_person
from tearlist.notes import Category
from tearlist.records import (
    FIELDS,
    NOTE_FIELDS,
    PERSON_FIELDS,
    AgeRating,
    ContentNote,
    Kind,
    Person,
    Title,
)
from tearlist.stored import title_from_output
from tearlist.textmatch import name_key, sort_key, typed

if TYPE_CHECKING:
    from tearlist.filtering import Filters, Vocabulary
    from tearlist.selecting import Rows, Selection

# Changed whenever what the index holds changes, so that an older one is rebuilt; the shape
# of the records (shape(), below) is part of it, so a change to a record class rebuilds too.
FORMAT = 5
# The classes whose fields make the stored output records.
RECORD_CLASSES: tuple[type, ...] = (Title, Person, ContentNote)
SUFFIX = ".sqlite"
# Files from this size up are indexed; smaller ones are kept in the JSON cache, which
# answers them sooner (measured: even at about 200 titles, 140 KB).
SMALLEST = 128 << 10

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE titles (
    position INTEGER PRIMARY KEY, rank INTEGER NOT NULL, kind TEXT NOT NULL,
    released TEXT, year INTEGER, runtime INTEGER, age INTEGER, sort TEXT NOT NULL,
    korean TEXT, compact TEXT NOT NULL, indented TEXT NOT NULL);
CREATE TABLE names (position INTEGER NOT NULL, name TEXT NOT NULL, fold TEXT NOT NULL,
    key TEXT NOT NULL);
CREATE TABLE genres (position INTEGER NOT NULL, genre TEXT NOT NULL, key TEXT NOT NULL);
CREATE TABLE notes (position INTEGER NOT NULL, note TEXT NOT NULL, category TEXT);
CREATE TABLE kinds_of_genre (genre TEXT NOT NULL);
CREATE TABLE kinds_of_note (note TEXT NOT NULL, category TEXT);
CREATE TABLE spelled (position INTEGER PRIMARY KEY, keys TEXT NOT NULL);
CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, hangul TEXT,
    aliases TEXT NOT NULL, key TEXT NOT NULL, director INTEGER NOT NULL, cast INTEGER NOT NULL);
CREATE TABLE credits (person INTEGER NOT NULL, position INTEGER NOT NULL, role INTEGER NOT NULL);
"""
_INDEXES = """
CREATE INDEX titles_rank ON titles (rank);
CREATE INDEX titles_korean ON titles (korean);
CREATE INDEX names_key ON names (key);
CREATE INDEX names_fold ON names (fold);
CREATE INDEX genres_key ON genres (key);
CREATE INDEX notes_note ON notes (note);
CREATE INDEX people_key ON people (key);
CREATE INDEX credits_person ON credits (person);
"""
_STATEMENTS = {
    " ".join(statement.split())
    for statement in (_SCHEMA + _INDEXES).split(";")
    if statement.strip()
}
_ROLES = {Role.DIRECTOR: 1, Role.CAST: 2}
Progress = Callable[[int, int], None]  # characters read, titles loaded


class Index:
    """A catalogue's index, open for reading."""

    partial = True

    def __init__(self, db: sqlite3.Connection, entry: Path) -> None:
        self.db = db
        self.entry = entry
        # Where each title built from the index is, by rank, to fetch its printed forms.
        self.positions: dict[int, int] = {}
        self._named: list[list[int]] = []  # see for_search and named

    def _rows(self, query: str, values: Sequence[Any] = ()) -> Iterator[Any]:
        """The rows of a query; a damaged index is removed, and said to be."""
        try:
            yield from self.db.execute(query, values)
        except sqlite3.DatabaseError as error:
            from tearlist.errors import FileError

            with contextlib.suppress(OSError):
                self.entry.unlink()
            raise FileError(
                f"{self.entry}: the index of the catalogue is damaged ({error}); "
                "it has been removed, and the next command rebuilds it"
            ) from None

    def titles(self, positions: Iterable[int]) -> list[Title]:
        """The titles at some positions, in the file's order."""
        return self._built(_at(self._rows, sorted(set(positions)), "compact"))

    def _built(self, rows: Iterable[tuple[int, str]]) -> list[Title]:
        """Titles from rows of position and compact record; where each is, is noted."""
        found: list[Title] = []
        for position, compact in rows:
            title = title_from_output(json.loads(compact))
            self.positions[title.rank] = position
            found.append(title)
        return found

    def printed(self, titles: Iterable[Title], column: str) -> Iterator[str]:
        """The stored compact or indented JSON of titles built from this index, in order."""
        positions = [self.positions[title.rank] for title in titles]
        return (text for _, text in _at(self._rows, positions, column))

    def everything(self) -> list[Title]:
        """Every title, in the file's order."""
        return self._built(self._rows("SELECT position, compact FROM titles ORDER BY position"))

    def select(self, filters: Filters, key: SortKey, *, reverse: bool) -> Selection:
        """The titles the filters keep, in an order, chosen by the index's columns."""
        from tearlist.selecting import select

        return select(self._rows, filters, key, reverse=reverse)

    def vocabulary(self) -> Vocabulary:
        """Every distinct genre and content note, to check a term to avoid or a genre against."""
        from tearlist.selecting import vocabulary

        return vocabulary(self._rows)

    def for_find(self, ref: str) -> list[Title]:
        """The titles a reference may mean: by rank, by a name, or by the start of one."""
        positions = _column(self._rows, "SELECT position FROM titles WHERE rank = ?", _rank(ref))
        wanted = name_key(ref)
        if wanted:  # a name, the start of one, or a Korean title's reading
            positions += self.for_key(wanted, ref)
        return self.titles(positions)

    def for_search(self, query: Query) -> list[Title]:
        """Every title that one of a search's terms may match; named() then tells which
        of them each term may match by name."""
        positions: list[int] = []
        self._named = []
        for text, fields in query.terms():
            wanted = typed(text)
            self._named.append([])
            if not wanted:  # the search itself says what is wrong with it
                continue
            if None in fields:
                self._named[-1] = self.for_key(wanted.chars, text)
                positions += self._named[-1]
            roles = [_ROLES[role] for role in fields if role is not None]
            if roles:
                ids = [
                    number for number, person in _people(self._rows) if match_person(wanted, person)
                ]
                positions += _credited(self._rows, ids, roles)
        return self.titles(positions)

    def named(self) -> list[set[int]]:
        """For each term of the last search, the ranks of the titles whose names it may match."""
        rank = {position: rank for rank, position in self.positions.items()}
        return [{rank[position] for position in found if position in rank} for found in self._named]

    def for_people(self, query: str | None) -> list[Title]:
        """The titles of every person a query may match (of everyone, without a query)."""
        if query is None:
            return self.everything()
        wanted = typed(query)
        if not wanted:
            return []
        keys = {
            name_key(person.name)
            for _, person in _people(self._rows)
            if match_person(wanted, person)
        }
        ids: list[int] = []
        for key in keys:
            ids += _column(self._rows, "SELECT id FROM people WHERE key = ?", key)
        return self.titles(_credited(self._rows, ids, list(_ROLES.values())))

    def names_starting(self, text: str) -> list[tuple[str, ...]]:
        """The names of each title with a name that begins with what was typed, in the file's
        order, read from the names alone (for completion)."""
        query = (
            f"SELECT position, name FROM names WHERE position IN ({_STARTING}) "
            "ORDER BY position, rowid"
        )
        grouped: dict[int, list[str]] = {}
        for position, name in self._rows(query, (_glob(text),)):
            grouped.setdefault(position, []).append(name)
        return [tuple(names) for names in grouped.values()]

    def for_key(self, chars: str, text: str, *, typing: bool = False) -> list[int]:
        """Where the titles are that a text may name: a name of theirs holding its letters,
        or a Korean title that reads as it (each distinct Korean title read once)."""
        positions = _column(self._rows, "SELECT position FROM spelled WHERE instr(keys, ?)", chars)
        wanted = typed(text)
        read = [
            korean
            for (korean,) in self._rows("SELECT DISTINCT korean FROM titles WHERE korean NOT NULL")
            if match_korean_title(wanted, korean, typing=typing) is not None
        ]
        for korean in read:
            positions += _column(self._rows, "SELECT position FROM titles WHERE korean = ?", korean)
        return positions

    def korean_reading(self, text: str) -> list[str]:
        """The Korean titles that may read as what was typed, in the file's order (for
        completion), read from the index's columns alone."""
        positions = sorted(set(self.for_key(typed(text).chars, text, typing=True)))
        return [korean for _, korean in _at(self._rows, positions, "korean") if korean]

    def people(self, *, cast: bool, directors: bool) -> list[Person]:
        """Every distinct person credited in the cast, among directors, or either."""
        query = "SELECT name, hangul, aliases FROM people WHERE (cast AND ?) OR (director AND ?)"
        return [
            Person(name, hangul, tuple(json.loads(aliases)))
            for name, hangul, aliases in self._rows(query, (cast, directors))
        ]


# The lookups Index's methods share, each over the rows its _rows gives (a damaged index
# is then removed, and said to be).
def _at(rows: Rows, positions: Sequence[int], column: str) -> Iterator[tuple[int, str]]:
    """The positions and a column of the titles at positions, in the order given."""
    for start in range(0, len(positions), 500):
        chunk = positions[start : start + 500]
        marks = ",".join("?" * len(chunk))
        query = f"SELECT position, {column} FROM titles WHERE position IN ({marks})"
        found = dict(rows(query, chunk))
        yield from ((position, found[position]) for position in chunk if position in found)


def _people(rows: Rows) -> Iterator[tuple[int, Person]]:
    query = "SELECT id, name, hangul, aliases FROM people"
    for number, name, hangul, aliases in rows(query):
        yield number, Person(name, hangul, tuple(json.loads(aliases)))


def _credited(rows: Rows, ids: Sequence[int], roles: Sequence[int]) -> list[int]:
    positions: list[int] = []
    role_marks = ",".join("?" * len(roles))
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        query = (
            f"SELECT position FROM credits WHERE person IN ({','.join('?' * len(chunk))}) "
            f"AND role IN ({role_marks})"
        )
        positions += [position for (position,) in rows(query, [*chunk, *roles])]
    return positions


def _column(rows: Rows, query: str, *values: Any) -> list[int]:
    if any(value is None for value in values):
        return []
    return [value for (value,) in rows(query, values)]


_STARTING = "SELECT position FROM names WHERE fold GLOB ?"


def _glob(text: str) -> str:
    """A GLOB pattern for the names that begin with a text, ignoring case."""
    return "".join(f"[{char}]" if char in "*?[" else char for char in text.casefold()) + "*"


@once
def shape() -> str:
    """What the index's FORMAT is in full: its number and a checksum of the records' shape
    (the output fields, the record classes' fields, the values of their enumerations)."""
    parts: list[Any] = [FIELDS, PERSON_FIELDS, NOTE_FIELDS]
    parts += [
        [(field.name, str(field.type)) for field in dataclasses.fields(kind)]
        for kind in RECORD_CLASSES
    ]
    parts += [[member.value for member in kind] for kind in (Kind, AgeRating, Category)]
    return f"{FORMAT}.{zlib.crc32(repr(parts).encode()):08x}"


def _rank(ref: str) -> int | None:
    return int(ref) if _RANK.fullmatch(ref) else None


def open_index(
    path: Path, progress: Progress | None = None, warn: Callable[[str], None] | None = None
) -> Index | None:
    """The index of a large catalogue file, built if need be; None if there is none to use.

    None when the index is off (TEARLIST_CACHE empty), the file is small or cannot be
    indexed, or has a problem: the caller then loads the file whole, which reports it.
    None as well, said to warn, when the cache folder is one others could write to: an
    index would be built there only to be refused at once, at every command.
    """
    parser = "json" if loading.is_json(path) else "yaml"
    slot = cache.slot(path, parser, suffix=SUFFIX, limited=False)
    if slot is None or slot.identity["size"] < SMALLEST:
        return None
    kept = _open_kept(slot)
    if kept is not None:
        return kept
    refusal = cache.distrusted(slot.entry.parent)
    if refusal is not None:
        if warn is not None:
            warn(f"{refusal}; the catalogue's index is not kept, and the whole file is read")
        return None
    return _build(slot, progress)


def _open_kept(slot: cache.Slot) -> Index | None:
    """The kept index of the file, if it is there, sound, and of the file as it is now."""
    try:
        status = os.lstat(slot.entry)
        # Only a plain file of the user's, in a folder no one else can write to.
        if not stat.S_ISREG(status.st_mode) or not cache.trusted(status):
            return None
        if not cache.trusted_folder(slot.entry.parent):
            return None
        db = sqlite3.connect(f"{slot.entry.as_uri()}?mode=ro", uri=True)
    except (OSError, sqlite3.Error, ValueError):
        return None
    try:
        rows = dict(db.execute("SELECT key, value FROM meta"))
        schema = {
            " ".join(sql.split()) for (sql,) in db.execute("SELECT sql FROM sqlite_master") if sql
        }
        if (
            rows.get("format") == shape()
            and rows.get("identity") == _identity(slot)
            and schema == _STATEMENTS
        ):
            return Index(db, slot.entry)
    except sqlite3.Error:
        pass
    db.close()
    return None


def _identity(slot: cache.Slot) -> str:
    return json.dumps(slot.identity, sort_keys=True)


def _build(slot: cache.Slot, progress: Progress | None) -> Index | None:
    """Read the file and write its index to a temporary file, renamed into place if kept.

    SIGTERM and SIGHUP stop the build as Ctrl-C does, and the temporary file goes with it.
    """
    from tearlist.export import stop_signals_raise

    raw = loading.read_bytes(slot.source)
    loading.check_utf8(raw, slot.source)
    with stop_signals_raise():
        return _build_from(slot, raw, progress)


def _build_from(slot: cache.Slot, raw: bytes, progress: Progress | None) -> Index | None:
    from tearlist.export import new_temporary, release

    try:
        slot.entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _sweep(slot.entry.parent)
        descriptor, temporary, held = new_temporary(slot.entry.parent, ".tearlist-")
    except OSError:
        return None
    try:
        release(held)
        os.close(descriptor)
        db = sqlite3.connect(temporary)
        if not _fill(db, slot, raw, progress):
            db.close()
            return None
        db.close()
        with temporary.open("rb") as written:
            os.fsync(written.fileno())
        if slot.unchanged():
            temporary.replace(slot.entry)
            return _open_kept(slot)
        # Not kept (the file changed lately): this run reads it, and the file goes.
        used = Index(sqlite3.connect(temporary), temporary)
        return used
    except (OSError, sqlite3.Error):
        return None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()


# A temporary file older than this was left by a builder that was killed.
_ABANDONED_S = 3600


def _sweep(folder: Path) -> None:
    """Remove the temporary files of builders that were stopped before they could."""
    now = time.time()
    for left in folder.glob(".tearlist-*.tmp"):
        with contextlib.suppress(OSError):
            status = left.lstat()
            if stat.S_ISREG(status.st_mode) and now - status.st_mtime > _ABANDONED_S:
                left.unlink()


def _fill(db: sqlite3.Connection, slot: cache.Slot, raw: bytes, progress: Progress | None) -> bool:
    """Write every record of the text to the index; False if the file has a problem."""
    from tearlist.errors import DataError
    from tearlist.yamlevents import Unsupported

    db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + _SCHEMA)
    try:
        return _write(db, slot, loading.records(raw, slot.source), progress, len(raw))
    except Unsupported:  # aliases, say: read the file whole, as the loader does
        db.executescript(
            "DELETE FROM titles; DELETE FROM names; DELETE FROM spelled; DELETE FROM credits;"
            "DELETE FROM genres; DELETE FROM notes;"
            "DELETE FROM kinds_of_genre; DELETE FROM kinds_of_note;"
        )
    try:
        items = loading.whole_records(raw, slot.source)
    except DataError:
        return False
    return items is not None and _write(db, slot, items, progress, len(raw))


def _write(
    db: sqlite3.Connection,
    slot: cache.Slot,
    items: Iterable[Any],
    progress: Progress | None,
    size: int,
) -> bool:
    writer = _Writer(db)
    builder = Builder()
    with loading.collector_paused():
        for index, item in enumerate(items):
            title = builder.add(item, index)
            if title is None:
                return False
            writer.add(index, title)
            if progress is not None and index % 256 == 0:
                progress(getattr(items, "position", size), index + 1)
    writer.finish(_identity(slot))
    return True


class _Writer:
    """Rows for the index, gathered and written in batches."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.titles: list[tuple[Any, ...]] = []
        self.names: list[tuple[Any, ...]] = []
        self.spelled: list[tuple[int, str]] = []
        self.credits: list[tuple[int, int, int]] = []
        self.genres: list[tuple[int, str, str]] = []
        self.notes: list[tuple[int, str, str | None]] = []
        # Each distinct genre and note, for the filters to read without reading them all.
        self.kinds_of_genre: dict[str, None] = {}
        self.kinds_of_note: dict[tuple[str, str | None], None] = {}
        self.people: dict[Person, list[int]] = {}  # id, director, cast

    def add(self, position: int, title: Title) -> None:
        from tearlist.formats import stored_forms, title_record

        released = title.released.isoformat() if title.released else None
        age = title.age_rating.age if title.age_rating else None
        compact, indented = stored_forms(title_record(title))
        self.titles.append(
            (
                *(position, title.rank, title.kind.value, released),
                *(title.released.year if title.released else None, title.runtime, age),
                *(sort_key(title.title), title.korean_title, compact, indented),
            )
        )
        for name in title.names():
            self.names.append((position, name, name.casefold(), name_key(name)))
        keys = [name_key(name) for name in title.names()]
        # Every key of the title's names in one row, for a quick scan for part of a name;
        # the separator is in no key, so no match spans two.
        self.spelled.append((position, "\x00".join(keys)))
        self.genres += [(position, genre, name_key(genre)) for genre in title.genres]
        self.notes += [
            (position, note.note, note.category.value if note.category else None)
            for note in title.content_notes
        ]
        for role, group in ((Role.DIRECTOR, title.directors), (Role.CAST, title.cast)):
            for person in group:
                known = self.people.get(person)
                if known is None:
                    known = self.people[person] = [len(self.people) + 1, 0, 0]
                known[_ROLES[role]] = 1
                self.credits.append((known[0], position, _ROLES[role]))
        if len(self.titles) >= 2000:
            self._flush()

    def _flush(self) -> None:
        self.db.executemany(f"INSERT INTO titles VALUES ({','.join('?' * 11)})", self.titles)
        self.db.executemany("INSERT INTO names VALUES (?, ?, ?, ?)", self.names)
        self.db.executemany("INSERT INTO spelled VALUES (?, ?)", self.spelled)
        self.db.executemany("INSERT INTO credits VALUES (?, ?, ?)", self.credits)
        self.db.executemany("INSERT INTO genres VALUES (?, ?, ?)", self.genres)
        self.db.executemany("INSERT INTO notes VALUES (?, ?, ?)", self.notes)
        self.kinds_of_genre.update((genre, None) for _, genre, _ in self.genres)
        self.kinds_of_note.update(((note, category), None) for _, note, category in self.notes)
        self.titles, self.names, self.spelled, self.credits = [], [], [], []
        self.genres, self.notes = [], []

    def finish(self, identity: str) -> None:
        self._flush()
        self.db.executemany(
            "INSERT INTO people VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    number,
                    person.name,
                    person.hangul,
                    json.dumps(person.aliases, ensure_ascii=False),
                    name_key(person.name),
                    director,
                    cast,
                )
                for person, (number, director, cast) in self.people.items()
            ),
        )
        self.db.executemany(
            "INSERT INTO kinds_of_genre VALUES (?)", ((genre,) for genre in self.kinds_of_genre)
        )
        self.db.executemany("INSERT INTO kinds_of_note VALUES (?, ?)", self.kinds_of_note)
        self.db.executescript(_INDEXES)
        self.db.executemany(
            "INSERT INTO meta VALUES (?, ?)", (("format", shape()), ("identity", identity))
        )
        self.db.commit()
