"""Dates as a catalogue writes them: ISO 8601, or written with the month's name."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_MONTH_NAME = re.compile(r"[^\W\d_]{3}")


def parse_date(text: str) -> date:
    """Read an ISO 8601 date (2013-01-24), or one written with its month's name (January 24, 2013).

    Raises ValueError, worded for a user, for an impossible, partial, ambiguous (1/2/3) or
    unreadable date.
    """
    iso = _ISO_DATE.fullmatch(text.strip())
    if iso:
        try:
            return date(*map(int, iso.groups()))
        except ValueError as error:
            raise ValueError(f"not a real date ({error})") from None
    if not _MONTH_NAME.search(text):
        raise ValueError("expected a date such as 2013-01-23 or January 23, 2013")
    from dateutil import parser

    try:
        # Parsing against two different defaults shows whether any part was left out.
        first = parser.parse(text, default=datetime(2000, 1, 1))
        second = parser.parse(text, default=datetime(2001, 2, 2))
    except (ValueError, OverflowError):
        raise ValueError("expected a date such as 2013-01-23 or January 23, 2013") from None
    if first != second:
        raise ValueError("a partial date: give the year, month and day")
    if first.time() != datetime.min.time() or first.tzinfo is not None:
        raise ValueError("expected a date without a time of day")
    _check_written(text, first.date(), parser.parserinfo())
    return first.date()


_NUMBER = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]+")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _check_written(text: str, found: date, names: Any) -> None:
    """Refuse what dateutil reads by guessing: a short year, a time, a wrong weekday."""
    # dateutil turns 13, '13, 2 and 0099 into years of this century or the last one, takes
    # extra numbers as a time of day, and passes over a weekday the date does not fall on.
    numbers = _NUMBER.findall(text)
    years = [index for index, number in enumerate(numbers) if len(number) == 4]
    if len(years) != 1 or int(numbers[years[0]]) != found.year:
        raise ValueError("the year must be written with four digits, from 1000 to 9999")
    if len(numbers) > 2:
        raise ValueError("expected a date without a time of day")
    days = [number for index, number in enumerate(numbers) if index != years[0]]
    if len(days) != 1 or int(days[0]) != found.day:
        raise ValueError("expected a date such as 2013-01-23 or January 23, 2013")
    for word in _WORD.findall(text):
        weekday = names.weekday(word)
        if weekday is not None and weekday != found.weekday():
            raise ValueError(f"{found.isoformat()} is a {_WEEKDAYS[found.weekday()]}, not {word!r}")
