"""The diary of viewings: an SQLite file with a versioned schema, one transaction a command.

A file is written to only once it is known to be a tearlist diary of a schema this version
understands: its header says SQLite, its application id is tearlist's, and its schema
version is not newer. Anything else is refused with its path and left exactly as it was.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import NamedTuple

from tearlist.errors import DiaryError, FileError, NotFoundError
from tearlist.records import Kind
from tearlist.viewings import MAX_ID, Identity, Viewing

APPLICATION_ID = 0x54524C44  # "TRLD", in the header of every tearlist diary
SQLITE_HEADER = b"SQLite format 3\x00"
_HEADER_SIZE = 100  # the database header: user_version at offset 60, application_id at 68
BUSY_SECONDS = 30.0

# Numbered migrations: MIGRATIONS[n] takes a diary from schema version n to n + 1. The
# version is kept in the file's user_version, written in the same transaction.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE viewing (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        watched TEXT NOT NULL CHECK (watched GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        title TEXT NOT NULL,
        year INTEGER,
        kind TEXT NOT NULL CHECK (kind IN ('film', 'series')),
        spellings TEXT NOT NULL CHECK (json_valid(spellings)),
        rating INTEGER CHECK (rating BETWEEN 1 AND 10),
        rewatch INTEGER NOT NULL CHECK (rewatch IN (0, 1)),
        note TEXT,
        logged TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    );
    CREATE INDEX viewing_by_year ON viewing (year);
    """,
    # Whether the viewing was said to be a rewatch (by the file it was imported from): the
    # rewatch flag is that, or an earlier viewing of the title. Kept from the flags as they were.
    """
    ALTER TABLE viewing ADD COLUMN said_rewatch INTEGER NOT NULL DEFAULT 0
        CHECK (said_rewatch IN (0, 1));
    UPDATE viewing SET said_rewatch = rewatch;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
_COLUMNS = "id, watched, title, year, kind, spellings, rating, rewatch, note"


class NewViewing(NamedTuple):
    """A viewing to record: what was watched, when, and what was thought of it."""

    watched: date
    title: str
    identity: Identity
    kind: Kind
    rating: int | None = None
    note: str | None = None
    rewatch: bool | None = None  # True: said to be a rewatch, whatever the diary holds


class Diary:
    """An open diary; every method that writes is one transaction."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    def close(self) -> None:
        """Close the file."""
        self._db.close()

    def __enter__(self) -> Diary:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def viewings(self) -> list[Viewing]:
        """Every viewing, newest first."""
        rows = self._query(f"SELECT {_COLUMNS} FROM viewing ORDER BY watched DESC, id DESC")
        return [self._viewing(row) for row in rows]

    def each(self) -> Iterator[Viewing]:
        """Every viewing without its note, read one at a time (for a large diary, in little memory)."""
        columns = _COLUMNS.replace("note", "NULL")
        with _translated(self.path, writing=False):
            for row in self._db.execute(f"SELECT {columns} FROM viewing"):
                yield self._viewing(row)

    def add(self, new: NewViewing, same: Callable[[Viewing], str]) -> Viewing:
        """Record one viewing, in a transaction of its own, and settle the rewatch flags."""
        with self.transaction():
            number = self.insert(new).id
            self.settle_rewatches(same)
            return self.get(number)

    def get(self, number: int) -> Viewing:
        """One viewing; NotFoundError if there is no such viewing."""
        rows = []
        if 0 < number <= MAX_ID:  # SQLite's ids are 64-bit: a larger number names none
            rows = self._query(f"SELECT {_COLUMNS} FROM viewing WHERE id = ?", (number,))
        if not rows:
            raise NotFoundError(f"the diary has no viewing {number}")
        return self._viewing(rows[0])

    def forget(self, number: int, same: Callable[[Viewing], str]) -> Viewing:
        """Delete one viewing and return it, and settle the rewatch flags of the rest."""
        with self.transaction():
            viewing = self.get(number)
            self._db.execute("DELETE FROM viewing WHERE id = ?", (number,))
            self.settle_rewatches(same)
        return viewing

    def edit(
        self, number: int, changes: Mapping[str, object], same: Callable[[Viewing], str]
    ) -> Viewing:
        """Change a viewing's day, rating or note in place, settle the rewatch flags (a new
        day may make it, or another, the first viewing of its title), and return it.

        changes maps "watched" to a date, "rating" to half stars or None, "note" to text
        or None; what it does not name is kept.
        """
        values = []
        for column in ("watched", "rating", "note"):
            if column in changes:
                value = changes[column]
                values.append((column, value.isoformat() if isinstance(value, date) else value))
        with self.transaction():
            self.get(number)
            if values:
                assignments = ", ".join(f"{column} = ?" for column, _ in values)
                self._db.execute(
                    f"UPDATE viewing SET {assignments} WHERE id = ?",
                    (*(value for _, value in values), number),
                )
            self.settle_rewatches(same)
            return self.get(number)

    def insert(self, new: NewViewing) -> Viewing:
        """Record one viewing, within a transaction the caller holds.

        Its rewatch flag is what it was said to be until settle_rewatches sets the flags.
        """
        number = self._db.execute(_INSERT, _row(new)).lastrowid
        assert number is not None  # an INSERT always has a row id
        said = bool(new.rewatch)
        return Viewing(
            number, new.watched, new.title, new.kind, new.identity, new.rating, said, new.note
        )

    def settle_rewatches(self, same: Callable[[Viewing], str]) -> int:
        """Set every rewatch flag by the rule, within a transaction the caller holds.

        A viewing is a rewatch when the diary holds an earlier viewing of the same title (by
        date, then id), or when it was said to be one. same(viewing) says which title a
        viewing is of, as the commands match them. Returns how many flags changed.
        """
        said = {
            int(str(number))
            for (number,) in self._query("SELECT id FROM viewing WHERE said_rewatch = 1")
        }
        viewings = ((same(seen), seen.watched, seen.id, seen.rewatch) for seen in self.each())
        changed = _rewatch_changes(viewings, said)
        with _translated(self.path, writing=True):
            self._db.executemany("UPDATE viewing SET rewatch = ? WHERE id = ?", changed)
        return len(changed)

    def check(self) -> None:
        """DiaryError unless every row is one tearlist could have written; writes check first."""
        with _translated(self.path, writing=False):
            for row in self._db.execute(f"SELECT {_COLUMNS} FROM viewing"):  # one at a time
                self._viewing(row)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction, taken at once so that writers queue instead of failing."""
        with _translated(self.path, writing=True):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                if self._db.in_transaction:  # SQLite may have rolled back already (disk full)
                    self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _query(self, sql: str, parameters: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        with _translated(self.path, writing=False):
            return list(self._db.execute(sql, parameters))

    def _viewing(self, row: tuple[object, ...]) -> Viewing:
        """A row as a viewing; DiaryError for a row no tearlist wrote (edited by hand)."""
        try:
            return _viewing(row)
        except (ValueError, TypeError) as error:
            raise DiaryError(
                f"{self.path}: the diary is damaged (viewing {row[0]}: {_one_line(error)});"
                " left as it is"
            ) from None


_INSERT = (
    "INSERT INTO viewing"
    " (watched, title, year, kind, spellings, rating, rewatch, said_rewatch, note)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _row(new: NewViewing) -> tuple[object, ...]:
    """The values _INSERT records a new viewing with: its rewatch flag as it was said to be."""
    spellings = json.dumps(list(new.identity.spellings), ensure_ascii=False)
    said = bool(new.rewatch)
    return (
        new.watched.isoformat(),
        new.title,
        new.identity.year,
        new.kind.value,
        spellings,
        new.rating,
        int(said),
        int(said),
        new.note,
    )


def _rewatch_changes(
    viewings: Iterable[tuple[str, date, int, bool]], said: set[int]
) -> list[tuple[int, int]]:
    """The rewatch flags to change, as (flag, id), from each viewing's title, day, id and
    flag: a rewatch is a later viewing of a title (by day, then id), or one said to be."""
    changed = []
    previous = None
    # One small tuple a viewing, sorted: the viewings of a title come together, oldest first.
    for title, _, number, flag in sorted(viewings):
        rewatch = title == previous or number in said
        previous = title
        if rewatch != flag:
            changed.append((int(rewatch), number))
    return changed


def _viewing(row: tuple[object, ...]) -> Viewing:
    number, watched, title, year, kind, spellings, rating, rewatch, note = row
    try:
        day = date.fromisoformat(str(watched))
    except ValueError:
        raise ValueError(f"watched: not a real date: {str(watched)!r:.40}") from None
    if rating is not None and not (type(rating) is int and 1 <= rating <= 10):
        raise ValueError(
            f"rating: expected half stars as a whole number 1 to 10, found {rating!r:.40}"
        )
    if year is not None and type(year) is not int:
        raise ValueError(f"year: expected a whole number, found {year!r:.40}")
    if not isinstance(title, str) or not (note is None or isinstance(note, str)):
        raise ValueError("title or note: expected text")
    try:
        kind = Kind(kind)
    except ValueError:
        raise ValueError(f"kind: expected film or series, found {kind!r:.40}") from None
    return Viewing(
        id=int(str(number)),
        watched=day,
        title=title,
        kind=kind,
        identity=Identity.of(_spellings(spellings), year),
        rating=rating,
        rewatch=bool(rewatch),
        note=note,
    )


def _spellings(text: object) -> list[str]:
    """The spellings column: a JSON list of texts, not empty; ValueError for anything else."""
    try:
        found = json.loads(str(text))
    except (ValueError, RecursionError):
        found = None
    if not isinstance(found, list) or not found or not all(isinstance(item, str) for item in found):
        raise ValueError(f"spellings: expected a list of texts, found {text!r:.40}")
    return found


def open_for_reading(path: Path) -> Diary | None:
    """The diary at path for reading, or None if there is none; never creates a file."""
    if not _check_link(path):
        return None
    _check_header(path)
    with _translated(path, writing=False):
        connection = _connect(path, "rw" if os.access(path, os.W_OK) else "ro")
        try:
            connection.execute("PRAGMA query_only = ON")
            empty = _check_schema(connection, path, creating=False)
        except BaseException:
            connection.close()
            raise
    if empty:  # an empty file holds no viewings
        connection.close()
        return None
    return Diary(connection, path)


def open_for_writing(path: Path) -> Diary:
    """The diary at path, created (with its folder) if there is none, upgraded if older.

    Every row is checked before the caller writes: a diary reading calls damaged is left
    as it is.
    """
    _check_link(path)
    _check_header(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FileError(
            f"{path.parent}: cannot make the diary's folder: {error.strerror or error}"
        ) from None
    with _translated(path, writing=True):
        if not path.exists():
            _create(path)
        connection = _connect(path, "rw")
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                _check_schema(connection, path, creating=True)
                _check_integrity(connection, path)
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        except BaseException:
            connection.close()
            raise
    diary = Diary(connection, path)
    try:
        diary.check()
    except BaseException:
        diary.close()
        raise
    return diary


def _check_link(path: Path) -> bool:
    """Whether something is at path; FileError for a symbolic link that leads nowhere.

    A link to a missing file is refused rather than followed to create the diary: where
    it points may be a mount not made yet, and the diary would then appear in its place.
    """
    import errno

    try:
        path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise FileError(
                f"{path}: a symbolic link to {path.readlink()}, which does not exist;"
                " make that file or remove the link"
            ) from None
        return False
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise FileError(f"{path}: a loop of symbolic links, so no diary can be there") from None
        if error.errno == errno.ENOTDIR:  # no diary can be there; a writer says why
            return False
        raise FileError(f"{path}: cannot read the diary: {error.strerror or error}") from None
    return True


def _create(path: Path) -> None:
    """Make a new diary whole in a temporary file, then link it into place.

    Writers that start together on no diary thus never meet a half-made one: the first
    link wins, and the others find a complete diary already there.
    """
    from tearlist.export import stop_signals_raise

    with stop_signals_raise():
        _create_whole(path)


def _create_whole(path: Path) -> None:
    from tearlist.export import new_temporary, release

    try:
        descriptor, temporary, held = new_temporary(path.parent, ".diary-")
    except OSError as error:
        raise FileError(f"{path}: cannot write the diary here ({error.strerror})") from None
    try:
        release(held)
        os.close(descriptor)
        connection = _connect(temporary, "rw")
        try:
            connection.execute("BEGIN IMMEDIATE")
            _migrate(connection, 0)
            connection.execute("COMMIT")
        finally:
            connection.close()
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another tearlist made it first: use that one
        except OSError:  # a file system without hard links
            if not path.exists():
                temporary.replace(path)
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()


def _connect(path: Path, mode: str) -> sqlite3.Connection:
    uri = f"{path.absolute().as_uri()}?mode={mode}"
    connection = sqlite3.connect(uri, uri=True, timeout=BUSY_SECONDS, isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


def _check_header(path: Path) -> None:
    """DiaryError unless the file is missing, empty, or a tearlist diary by its header.

    The header is read before SQLite opens the file, so that another program's database is
    never opened at all (opening one may write beside it, or fold its journal into it).
    Never call this while a connection to the file is open: closing any descriptor of a
    file drops every POSIX lock the process holds on it, SQLite's included.
    """
    try:
        if not path.exists():
            return
        if path.is_dir():
            raise FileError(f"{path}: is a folder; the diary is a file, name its file")
        if not path.is_file():
            raise DiaryError(f"{path}: is not a regular file, so it cannot be the diary")
        with path.open("rb") as stream:
            head = stream.read(_HEADER_SIZE)
    except OSError as error:
        raise FileError(f"{path}: cannot read the diary: {error.strerror or error}") from None
    if not head:
        return
    if not head.startswith(SQLITE_HEADER):
        raise DiaryError(f"{path}: not a tearlist diary (not an SQLite database); left as it is")
    if len(head) < _HEADER_SIZE:
        raise DiaryError(f"{path}: the diary is damaged (cut short); left as it is")
    if int.from_bytes(head[68:72], "big") != APPLICATION_ID:
        raise DiaryError(
            f"{path}: not a tearlist diary (an SQLite database of another program); left as it is"
        )
    _check_version(int.from_bytes(head[60:64], "big"), path)


def _check_version(version: int, path: Path) -> None:
    if version > SCHEMA_VERSION:
        raise DiaryError(
            f"{path}: the diary is from a newer tearlist (schema {version}, this one knows"
            f" {SCHEMA_VERSION}); upgrade tearlist to use it"
        )


def _check_schema(connection: sqlite3.Connection, path: Path, *, creating: bool) -> bool:
    """Refuse another program's database or a newer schema; create or upgrade our own.

    Returns whether the database was empty (and, if creating, is now made).
    """
    (application,) = connection.execute("PRAGMA application_id").fetchone()
    (version,) = connection.execute("PRAGMA user_version").fetchone()
    (tables,) = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    if application == 0 and version == 0 and tables == 0:
        if creating:
            _migrate(connection, 0)
        return True
    if application != APPLICATION_ID:
        raise DiaryError(
            f"{path}: not a tearlist diary (an SQLite database of another program); left as it is"
        )
    _check_version(version, path)
    if version < SCHEMA_VERSION and creating:
        _migrate(connection, version)
    return False


def _migrate(connection: sqlite3.Connection, version: int) -> None:
    """Run the migrations after version, inside the caller's transaction."""
    if version == 0:
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    for number in range(version, SCHEMA_VERSION):
        for statement in MIGRATIONS[number].split(";"):
            if statement.strip():
                connection.execute(statement)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _check_integrity(connection: sqlite3.Connection, path: Path) -> None:
    (verdict,) = connection.execute("PRAGMA quick_check(1)").fetchone()
    if verdict != "ok":
        raise DiaryError(f"{path}: the diary is damaged ({_one_line(verdict)}); left as it is")


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


@contextlib.contextmanager
def _translated(path: Path, *, writing: bool) -> Iterator[None]:
    """SQLite's errors as tearlist's: a damaged file, a busy diary, a folder not writable."""
    try:
        yield
    except sqlite3.DatabaseError as error:
        raise _error(path, error, writing=writing) from None


# SQLite's errors that come from the file system (a full disk, an I/O error, no permission),
# not from the file's content: tearlist's file errors, exit 4.
_FILE_ERRORS = (
    "SQLITE_READONLY",
    "SQLITE_CANTOPEN",
    "SQLITE_PERM",
    "SQLITE_IOERR",
    "SQLITE_FULL",
    "SQLITE_NOLFS",
    "SQLITE_AUTH",
    "SQLITE_NOMEM",
)


def _error(path: Path, error: sqlite3.DatabaseError, *, writing: bool) -> Exception:
    code = getattr(error, "sqlite_errorname", "")
    if code in ("SQLITE_NOTADB", "SQLITE_CORRUPT"):
        return DiaryError(f"{path}: the diary is damaged ({_one_line(error)}); left as it is")
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return FileError(f"{path}: the diary is busy (another tearlist is writing); try again")
    if code.startswith(_FILE_ERRORS):
        doing = "write" if writing else "read"
        return FileError(f"{path}: cannot {doing} the diary here ({_one_line(error)})")
    return DiaryError(f"{path}: the diary cannot be used ({_one_line(error)}); left as it is")
