"""An SQLite index of a large catalogue file, kept between runs beside the cache.

The index holds each valid record as it was read (JSON, rebuilt into a Title by the
loader's own builder) with the keys commands look things up by: every title's names,
reduced for exact, prefix and substring matching, and every distinct person with the
titles they are credited in. A command reads only the rows it needs. The index lives in
the cache folder under the cache's rules (keyed by the file's path, size, inode and times;
kept only for a file that loaded without a problem and did not change while it was read;
anything else found there is ignored and rebuilt), and is written to a temporary file that
is renamed into place, so that it is complete or absent.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from tearlist import cache, loading
from tearlist.building import Builder
from tearlist.catalogue import _RANK, Query, Role, SortKey
from tearlist.matching import match_korean_title, match_person
from tearlist.records import Person, Title
from tearlist.textmatch import name_key, sort_key, typed

# Changed whenever what the index holds changes, so that an older one is rebuilt.
FORMAT = 4
SUFFIX = ".sqlite"
# Files from this size up are indexed; smaller ones are kept in the JSON cache, which
# answers them sooner (measured: even at about 200 titles, 140 KB).
SMALLEST = 128 << 10

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE titles (
    position INTEGER PRIMARY KEY, rank INTEGER NOT NULL, kind TEXT NOT NULL,
    released TEXT, sort TEXT NOT NULL, korean TEXT, record TEXT NOT NULL);
CREATE TABLE names (position INTEGER NOT NULL, fold TEXT NOT NULL, key TEXT NOT NULL);
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
        wanted = sorted(set(positions))
        found: list[Title] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._rows(
                f"SELECT record FROM titles WHERE position IN ({marks}) ORDER BY position", chunk
            )
            found += [_title(record) for (record,) in rows]
        return found

    def everything(self) -> list[Title]:
        """Every title, in the file's order."""
        return list(self.listing(None, reverse=False))

    def listing(self, key: SortKey | None, *, reverse: bool) -> Iterator[Title]:
        """Every title in an order, read as it is written out.

        The order is catalogue.ordered's: ties keep rank order, unknown dates come last.
        """
        way = "DESC" if reverse else "ASC"
        order = {
            None: "position",
            SortKey.RANK: f"rank {way}",
            SortKey.TITLE: f"sort {way}, rank {way}",
            SortKey.RELEASED: f"released IS NULL, released {way}, rank {way}",
        }[key]
        for (record,) in self._rows(f"SELECT record FROM titles ORDER BY {order}"):
            yield _title(record)

    def for_find(self, ref: str) -> list[Title]:
        """The titles a reference may mean: by rank, by a name, or by the start of one."""
        positions = self._column("SELECT position FROM titles WHERE rank = ?", _rank(ref))
        wanted = name_key(ref)
        if wanted:  # a name, the start of one, or a Korean title's reading
            positions += self.for_key(wanted, ref)
        return self.titles(positions)

    def for_search(self, query: Query) -> list[Title]:
        """Every title that one of a search's terms may match."""
        positions: list[int] = []
        for text, fields in query.terms():
            wanted = typed(text)
            if not wanted:  # the search itself says what is wrong with it
                continue
            if None in fields:
                positions += self.for_key(wanted.chars, text)
            roles = [_ROLES[role] for role in fields if role is not None]
            if roles:
                ids = [number for number, person in self._people() if match_person(wanted, person)]
                positions += self._credited(ids, roles)
        return self.titles(positions)

    def for_people(self, query: str | None) -> list[Title]:
        """The titles of every person a query may match (of everyone, without a query)."""
        if query is None:
            return self.everything()
        wanted = typed(query)
        if not wanted:
            return []
        keys = {
            name_key(person.name) for _, person in self._people() if match_person(wanted, person)
        }
        ids: list[int] = []
        for key in keys:
            ids += self._column("SELECT id FROM people WHERE key = ?", key)
        return self.titles(self._credited(ids, list(_ROLES.values())))

    def for_start(self, text: str) -> list[Title]:
        """The titles with a name that begins with what was typed, ignoring case."""
        pattern = "".join(f"[{char}]" if char in "*?[" else char for char in text.casefold())
        return self.titles(
            self._column("SELECT position FROM names WHERE fold GLOB ?", pattern + "*")
        )

    def for_key(self, chars: str, text: str, *, typing: bool = False) -> list[int]:
        """Where the titles are that a text may name: a name of theirs holding its letters,
        or a Korean title that reads as it (each distinct Korean title read once)."""
        positions = self._column("SELECT position FROM spelled WHERE instr(keys, ?)", chars)
        wanted = typed(text)
        read = [
            korean
            for (korean,) in self._rows("SELECT DISTINCT korean FROM titles WHERE korean NOT NULL")
            if match_korean_title(wanted, korean, typing=typing) is not None
        ]
        for korean in read:
            positions += self._column("SELECT position FROM titles WHERE korean = ?", korean)
        return positions

    def for_reading(self, text: str) -> list[Title]:
        """The titles whose Korean title may read as what was typed (for completion)."""
        return self.titles(self.for_key(typed(text).chars, text, typing=True))

    def people(self, *, cast: bool, directors: bool) -> list[Person]:
        """Every distinct person credited in the cast, among directors, or either."""
        query = "SELECT name, hangul, aliases FROM people WHERE (cast AND ?) OR (director AND ?)"
        return [
            Person(name, hangul, tuple(json.loads(aliases)))
            for name, hangul, aliases in self._rows(query, (cast, directors))
        ]

    def _people(self) -> Iterator[tuple[int, Person]]:
        query = "SELECT id, name, hangul, aliases FROM people"
        for number, name, hangul, aliases in self._rows(query):
            yield number, Person(name, hangul, tuple(json.loads(aliases)))

    def _credited(self, ids: Sequence[int], roles: Sequence[int]) -> list[int]:
        positions: list[int] = []
        role_marks = ",".join("?" * len(roles))
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            query = (
                f"SELECT position FROM credits WHERE person IN ({','.join('?' * len(chunk))}) "
                f"AND role IN ({role_marks})"
            )
            positions += [position for (position,) in self._rows(query, [*chunk, *roles])]
        return positions

    def _column(self, query: str, *values: Any) -> list[int]:
        if any(value is None for value in values):
            return []
        return [value for (value,) in self._rows(query, values)]


def _title(record: str) -> Title:
    return loading.title_from_record(json.loads(record))


def _rank(ref: str) -> int | None:
    return int(ref) if _RANK.fullmatch(ref) else None


def open_index(path: Path, progress: Progress | None = None) -> Index | None:
    """The index of a large catalogue file, built if need be; None if there is none to use.

    None when the index is off (TEARLIST_CACHE empty), the file is small or cannot be
    indexed, or has a problem: the caller then loads the file whole, which reports it.
    """
    parser = "json" if loading.is_json(path) else "yaml"
    slot = cache.slot(path, parser, suffix=SUFFIX, limited=False)
    if slot is None or slot.identity["size"] < SMALLEST:
        return None
    kept = _open_kept(slot)
    if kept is not None:
        return kept
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
            rows.get("format") == str(FORMAT)
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
    """Read the file and write its index to a temporary file, renamed into place if kept."""
    raw = loading.read_bytes(slot.source)
    loading.check_utf8(raw, slot.source)
    try:
        slot.entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _sweep(slot.entry.parent)
        descriptor, name = tempfile.mkstemp(
            dir=slot.entry.parent, prefix=".tearlist-", suffix=".tmp"
        )
        os.close(descriptor)
    except OSError:
        return None
    temporary = Path(name)
    try:
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
            writer.add(index, item, title)
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
        self.people: dict[Person, list[int]] = {}  # id, director, cast

    def add(self, position: int, record: Any, title: Title) -> None:
        released = title.released.isoformat() if title.released else None
        text = json.dumps(record, ensure_ascii=False)
        self.titles.append(
            (
                *(position, title.rank, title.kind.value, released, sort_key(title.title)),
                *(title.korean_title, text),
            )
        )
        for name in title.names():
            self.names.append((position, name.casefold(), name_key(name)))
        keys = [name_key(name) for name in title.names()]
        # Every key of the title's names in one row, for a quick scan for part of a name;
        # the separator is in no key, so no match spans two.
        self.spelled.append((position, "\x00".join(keys)))
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
        self.db.executemany("INSERT INTO titles VALUES (?, ?, ?, ?, ?, ?, ?)", self.titles)
        self.db.executemany("INSERT INTO names VALUES (?, ?, ?)", self.names)
        self.db.executemany("INSERT INTO spelled VALUES (?, ?)", self.spelled)
        self.db.executemany("INSERT INTO credits VALUES (?, ?, ?)", self.credits)
        self.titles, self.names, self.spelled, self.credits = [], [], [], []

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
        self.db.executescript(_INDEXES)
        self.db.executemany(
            "INSERT INTO meta VALUES (?, ?)", (("format", str(FORMAT)), ("identity", identity))
        )
        self.db.commit()
