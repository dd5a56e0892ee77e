"""The project's errors, and the exit code each one ends the program with."""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple


class ExitCode(IntEnum):
    """Exit statuses, documented in docs/exit-codes.md and in `tearlist --help`."""

    OK = 0
    NOT_FOUND = 1
    USAGE = 2
    INVALID_DATA = 3
    FILE_ERROR = 4
    DIARY_UNUSABLE = 5
    HANGUP = 129  # 128 + SIGHUP, as shells report a program a signal ended
    INTERRUPTED = 130  # 128 + SIGINT
    TERMINATED = 143  # 128 + SIGTERM


class TearlistError(Exception):
    """Base of every error tearlist reports to the user as a message and an exit code."""

    exit_code: ExitCode = ExitCode.USAGE


class Stopped(BaseException):
    """SIGTERM or SIGHUP arrived while a file was written; like KeyboardInterrupt, it is
    no Exception, so that nothing on the way out mistakes it for an error to handle."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number

    @property
    def exit_code(self) -> int:
        """128 plus the signal's number, as a shell reports a program the signal ended."""
        return 128 + self.number


class NotFoundError(TearlistError):
    """A query or reference matched nothing, or more than one title."""

    exit_code = ExitCode.NOT_FOUND


class UsageError(TearlistError):
    """The command line asked for something that cannot be done."""

    exit_code = ExitCode.USAGE


class FileError(TearlistError):
    """A file could not be opened, read or written."""

    exit_code = ExitCode.FILE_ERROR


class NetworkError(TearlistError):
    """Wikidata could not be reached, or gave an answer that cannot be used."""

    exit_code = ExitCode.FILE_ERROR


class DiaryError(TearlistError):
    """The file at the diary's place is not a tearlist diary, is damaged, or is newer."""

    exit_code = ExitCode.DIARY_UNUSABLE


class BadImportError(TearlistError):
    """A file given to diary import cannot be read as any format it takes."""

    exit_code = ExitCode.INVALID_DATA


class Problem(NamedTuple):
    """One thing wrong with a catalogue file, and where it is."""

    message: str
    record: str | None = None
    field: str | None = None
    line: int | None = None
    column: int | None = None

    def describe(self, source: str) -> str:
        """Say the problem on one line, led by file, line and column where known."""
        where = source
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        parts = []
        if self.record:
            parts.append(self.record)
        if self.field:
            parts.append(f"field '{self.field}'")
        lead = ", ".join(parts)
        return f"{where}: {lead}: {self.message}" if lead else f"{where}: {self.message}"


class DataError(TearlistError):
    """A catalogue file's content is not a valid catalogue."""

    exit_code = ExitCode.INVALID_DATA

    def __init__(self, source: str, problems: list[Problem], *, report_all: bool = False) -> None:
        self.source = source
        self.problems = problems
        self.report_all = report_all
        super().__init__(self.summary())

    def lines(self) -> list[str]:
        """What the user is told, a line each: every problem if asked for, else the first."""
        if not self.report_all:
            return [self.summary()]
        return [problem.describe(self.source) for problem in self.problems]

    def summary(self) -> str:
        """The first problem, and how many more there are."""
        first = self.problems[0].describe(self.source)
        more = len(self.problems) - 1
        if more:
            first += f" (and {more} more; 'tearlist validate' lists them all)"
        return first
