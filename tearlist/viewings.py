"""Viewings of titles: the record, the day watched, the stars given, and which title it was."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from tearlist.records import Kind, Title
from tearlist.textmatch import name_key

HALF_STAR = "½"
STAR = "★"
_DECIMAL = re.compile(r"\s*([0-9]{1,2})(?:\.([0-9]{1,6}))?\s*")
_ISO_DAY = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*")
_WORDS = {"today": 0, "yesterday": 1}
_ON_EXAMPLES = "2026-11-20, today, yesterday, 20 Nov 2026 or Nov 20"
MAX_NOTE = 10_000  # characters in a note, whether logged or imported
# The earliest day a viewing can be on: the year of the first surviving motion picture.
EARLIEST = date(1888, 1, 1)
# The largest id SQLite keeps: a larger number can name no viewing.
MAX_ID = (1 << 63) - 1


class Identity(NamedTuple):
    """What a viewing is tied to: every spelling of its title, and its year.

    The diary keeps the spellings as written; their keys are made when read, so a change to
    how names are compared never leaves a viewing behind.
    """

    spellings: tuple[str, ...]
    year: int | None
    keys: frozenset[str]

    @classmethod
    def of(cls, spellings: Iterable[str], year: int | None) -> Identity:
        """The identity of these spellings and year, with their keys for matching."""
        written = tuple(dict.fromkeys(spellings))
        return cls(written, year, frozenset(key for key in map(name_key, written) if key))


def identity_of(title: Title) -> Identity:
    """The identity of a catalogue title: its spellings, and its release year."""
    return Identity.of(title.names(), title.released.year if title.released else None)


class Viewing(NamedTuple):
    """One viewing of a title, as the diary keeps it."""

    id: int
    watched: date
    title: str
    kind: Kind
    identity: Identity
    rating: int | None  # in half stars, 1 to 10
    rewatch: bool
    note: str | None

    @property
    def year(self) -> int | None:
        """The release year of the title viewed."""
        return self.identity.year

    @property
    def keys(self) -> frozenset[str]:
        """The spellings of the title viewed, reduced for matching."""
        return self.identity.keys


class TitleIndex:
    """Finds the catalogue title a viewing is of, by any spelling and the release year.

    Of the titles that share a spelling and the year with a viewing, the one whose own
    (primary) title is the viewing's primary title wins; then the one sharing the most
    spellings with it; then the first by rank. A title's own title thus outranks another
    title's alternative title, and a viewing logged of a title is always found as that title.
    """

    def __init__(self, titles: Iterable[Title]) -> None:
        self._by_key: dict[tuple[str, int | None], list[Title]] = {}
        self._by_name: dict[str, list[Title]] = {}
        self._keys: dict[int, frozenset[str]] = {}
        for title in sorted(titles, key=lambda title: title.rank):
            found = identity_of(title)
            self._keys[title.rank] = found.keys
            for key in found.keys:
                self._by_key.setdefault((key, found.year), []).append(title)
                self._by_name.setdefault(key, []).append(title)

    def title_of(self, identity: Identity) -> Title | None:
        """The title with one of these spellings and this year, or None."""
        candidates = {
            title.rank: title
            for key in identity.keys
            for title in self._by_key.get((key, identity.year), ())
        }
        if not candidates:
            return None
        primary = name_key(identity.spellings[0]) if identity.spellings else ""
        return min(
            candidates.values(),
            key=lambda title: (
                name_key(title.title) != primary,
                -len(self._keys[title.rank] & identity.keys),
                title.rank,
            ),
        )

    def lookup(self, name: str, year: int | None) -> Title | None:
        """The title spelled like this name and released in this year (any year if None);
        a title whose own title it is before one whose alternative title it is."""
        key = name_key(name)
        if year is not None:
            candidates = self._by_key.get((key, year), [])
        else:
            candidates = self._by_name.get(key, [])
        if not candidates:
            return None
        return min(candidates, key=lambda title: (name_key(title.title) != key, title.rank))


def same_title(titles: Iterable[Title]) -> Callable[[Viewing], str]:
    """Which title a viewing is of, as a text equal for the viewings of one title: the rank
    of its title in the catalogue in use, else its own title as written and its year."""
    index = TitleIndex(titles)

    def of(viewing: Viewing) -> str:
        title = index.title_of(viewing.identity)
        if title is not None:
            return f"#{title.rank}"
        return f"{name_key(viewing.title) or viewing.title}\x00{viewing.year}"

    return of


def viewings_by_rank(
    titles: Sequence[Title], viewings: Iterable[Viewing]
) -> dict[int, list[Viewing]]:
    """The viewings of each catalogue title, by rank, in the order given.

    The one rule every command follows: a viewing is of at most one title, the one
    TitleIndex.title_of finds in the whole catalogue in use (pass all of it, not a part).
    """
    index = TitleIndex(titles)
    found: dict[int, list[Viewing]] = {}
    for viewing in viewings:
        title = index.title_of(viewing.identity)
        if title is not None:
            found.setdefault(title.rank, []).append(viewing)
    return found


def check_note(note: str) -> str:
    """The note, if it can be kept: UTF-8 text of at most MAX_NOTE characters; ValueError if not."""
    check_storable(note)
    if len(note) > MAX_NOTE:
        raise ValueError(f"at most {MAX_NOTE} characters, not {len(note)}")
    return note


def check_storable(text: str) -> str:
    """The text, if it can be stored as UTF-8; ValueError for a lone surrogate.

    A lone surrogate is what Python makes of bytes on the command line that are not UTF-8.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError(
            f"not UTF-8 text (character {error.start + 1} came from bytes that are not UTF-8)"
        ) from None
    return text


def check_day(day: date, today: date, *, latest: date | None = None) -> date:
    """The day, if a viewing can be on it: from EARLIEST to latest (today); ValueError if not."""
    if day > (latest or today):
        last = "today" if latest is None else latest.isoformat()
        raise ValueError(f"{day.isoformat()} is in the future; a viewing is on or before {last}")
    if day < EARLIEST:
        raise ValueError(f"{day.isoformat()} is before {EARLIEST.year}, the year of the first film")
    return day


def _ascii_digits(text: str) -> str:
    """Text with digits of any script (fullwidth, Arabic-Indic...) as ASCII digits, as ranks are read."""
    normal = unicodedata.normalize("NFKC", text)
    return "".join(
        str(unicodedata.decimal(char)) if char.isdecimal() and not char.isascii() else char
        for char in normal
    )


def parse_rating(text: str) -> int:
    """Read STARS (0.5 to 5 in halves, or written as ★★★½) into half stars; ValueError if not."""
    stripped = text.strip()
    if stripped and set(stripped) <= {STAR, HALF_STAR}:
        halves = 2 * stripped.count(STAR) + stripped.count(HALF_STAR)
        if stripped.count(HALF_STAR) <= 1 and not stripped.startswith(HALF_STAR + STAR):
            return _checked(halves, text)
    match = _DECIMAL.fullmatch(_ascii_digits(text))
    if not match:
        raise ValueError(f"expected stars from 0.5 to 5 in halves (such as 4.5), not {text!r}")
    whole, fraction = int(match[1]), (match[2] or "0").rstrip("0")
    if fraction not in ("", "5"):
        raise ValueError(f"stars go in halves (3 or 3.5, not {text.strip()})")
    return _checked(2 * whole + (1 if fraction == "5" else 0), text)


def _checked(halves: int, text: str) -> int:
    if not 1 <= halves <= 10:  # half a star to five stars
        raise ValueError(f"stars go from 0.5 to 5, not {text.strip()}")
    return halves


def stars(halves: int | None) -> str:
    """Half stars shown as stars: 9 is ★★★★½; no rating is empty."""
    if halves is None:
        return ""
    return STAR * (halves // 2) + (HALF_STAR if halves % 2 else "")


def rating_number(halves: int | None) -> float | int | None:
    """Half stars as the number Letterboxd writes: 9 is 4.5, 8 is 4."""
    if halves is None:
        return None
    return halves // 2 if halves % 2 == 0 else halves / 2


def parse_day(text: str, today: date) -> date:
    """Read the day of a viewing: ISO, today, yesterday, 20 Nov 2026 or Nov 20; never the future.

    A written date without a year is the latest such day that is not in the future.
    """
    word = text.strip().lower()
    if word in _WORDS:
        return today - timedelta(days=_WORDS[word])
    iso = _ISO_DAY.fullmatch(text)
    if iso:
        try:
            day = date(*map(int, iso.groups()))
        except ValueError as error:
            raise ValueError(f"{text.strip()} is not a real date ({error})") from None
    else:
        day = _written_day(text, today)
    return check_day(day, today)


def _written_day(text: str, today: date) -> date:
    if not re.search(r"[^\W\d_]{3}", text):
        raise ValueError(f"expected a date such as {_ON_EXAMPLES}, not {text!r}")
    from dateutil import parser

    try:
        first = parser.parse(text, default=datetime(2000, 1, 1))
        second = parser.parse(text, default=datetime(2004, 2, 2))  # both leap years
    except OverflowError:
        raise ValueError(f"expected a date such as {_ON_EXAMPLES}, not {text!r}") from None
    except ValueError as error:
        reason = str(error).split(":")[0]
        if "out of range" in reason or "must be in" in reason:
            raise ValueError(f"{text.strip()!r} is not a real date ({reason})") from None
        raise ValueError(f"expected a date such as {_ON_EXAMPLES}, not {text!r}") from None
    if (first.month, first.day) != (second.month, second.day):
        raise ValueError(f"{text.strip()!r} is a partial date: give at least the day and month")
    if first.time() != datetime.min.time() or first.tzinfo is not None:
        raise ValueError(f"{text.strip()!r}: give a day without a time of day")
    from tearlist.dates import check_written

    found = first.date() if first.year == second.year else None
    if found is None:
        found = _latest(first.month, first.day, today, text)
    try:
        check_written(text, found, parser.parserinfo(), year_written=first.year == second.year)
    except ValueError as error:
        raise ValueError(f"{text.strip()!r}: {error}") from None
    return found


def _latest(month: int, day: int, today: date, text: str) -> date:
    """The latest month and day, with no year given, that is not after today."""
    for year in range(today.year, today.year - 8, -1):
        try:
            found = date(year, month, day)
        except ValueError:  # 29 February, in a year that has none
            continue
        if found <= today:
            return found
    raise ValueError(f"{text.strip()!r} is not a real date")


# The fields of a viewing in every output format, and those the formats read by people show.
DIARY_FIELDS = ("id", "date", "rank", "title", "year", "kind", "rating", "stars", "rewatch", "note")
DIARY_SUMMARY = ("id", "date", "rank", "title", "stars", "rewatch", "note")


def viewing_record(viewing: Viewing, title: Title | None, *, readable: bool) -> dict[str, Any]:
    """A viewing as a record; rank is null for a title not in the catalogue in use.

    For people (readable), a rewatch is the word "rewatch" and a first viewing is empty.
    """
    rewatch: bool | str = viewing.rewatch
    if readable:
        rewatch = "rewatch" if viewing.rewatch else ""
    return {
        "id": viewing.id,
        "date": viewing.watched.isoformat(),
        "rank": title.rank if title else None,
        "title": title.title if title else viewing.title,
        "year": viewing.year,
        "kind": viewing.kind.value,
        "rating": rating_number(viewing.rating),
        "stars": stars(viewing.rating) if viewing.rating is not None else None,
        "rewatch": rewatch,
        "note": viewing.note,
    }


def latest_rating(viewings: Iterable[Viewing]) -> int | None:
    """The rating of the newest viewing that has one."""
    rated = [viewing for viewing in viewings if viewing.rating is not None]
    if not rated:
        return None
    return max(rated, key=lambda viewing: (viewing.watched, viewing.id)).rating


def viewing_line(viewing: Viewing) -> str:
    """A viewing in a few words: date, stars, rewatch and note."""
    parts = [viewing.watched.isoformat(), stars(viewing.rating)]
    parts += ["rewatch" if viewing.rewatch else "", viewing.note or ""]
    return ", ".join(part for part in parts if part)
