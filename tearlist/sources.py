"""Where a command's titles come from: a catalogue loaded whole, or the index of a large one.

Both answer the same questions. A loaded catalogue answers each with all of its titles; an
index answers with the few titles that can matter (candidates), which the command then
searches exactly as it would search them all. Only when that finds nothing does the command
ask again with every title, so that its message (with its suggestions) is the same.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from tearlist import loading
from tearlist.catalogue import Query
from tearlist.errors import NotFoundError
from tearlist.records import Person, Title

if TYPE_CHECKING:
    from rich.progress import Progress

    from tearlist.filtering import Vocabulary
    from tearlist.index import Index

Answer = TypeVar("Answer")


class Source(Protocol):
    """What commands ask of a catalogue."""

    partial: bool  # whether the candidates it gives may be fewer than every title

    def everything(self) -> Sequence[Title]: ...

    def vocabulary(self) -> Vocabulary: ...

    def for_find(self, ref: str) -> Sequence[Title]: ...

    def for_search(self, query: Query) -> Sequence[Title]: ...

    def for_people(self, query: str | None) -> Sequence[Title]: ...

    def names_starting(self, text: str) -> list[tuple[str, ...]]: ...

    def korean_reading(self, text: str) -> list[str]: ...

    def people(self, *, cast: bool, directors: bool) -> list[Person]: ...


class Loaded:
    """A catalogue loaded whole: every question is answered from all of its titles."""

    partial = False

    def __init__(self, titles: Sequence[Title]) -> None:
        self.titles = titles

    def everything(self) -> Sequence[Title]:
        """Every title, in the file's order."""
        return self.titles

    def vocabulary(self) -> Vocabulary:
        """Every genre and content note."""
        from tearlist.filtering import vocabulary

        return vocabulary(self.titles)

    def for_find(self, ref: str) -> Sequence[Title]:
        """Every title."""
        return self.titles

    def for_search(self, query: Query) -> Sequence[Title]:
        """Every title."""
        return self.titles

    def for_people(self, query: str | None) -> Sequence[Title]:
        """Every title."""
        return self.titles

    def names_starting(self, text: str) -> list[tuple[str, ...]]:
        """The names of every title."""
        return [title.names() for title in self.titles]

    def korean_reading(self, text: str) -> list[str]:
        """Every Korean title."""
        return [title.korean_title for title in self.titles if title.korean_title]

    def people(self, *, cast: bool, directors: bool) -> list[Person]:
        """Every person credited in the cast, among directors, or either, as often as credited."""
        return [
            person
            for title in self.titles
            for person in (title.cast if cast else ()) + (title.directors if directors else ())
        ]


def open_catalogue(
    path: Path | None, *, progress: bool = False, wait: bool = True, quiet: bool = False
) -> Source:
    """The catalogue a command reads: its kept index if it is large, else the file loaded.

    With progress, building an index that takes more than a second shows a progress bar
    on standard error. Unless quiet, standard error says why a large file's index cannot
    be kept (a cache folder others can write to).
    """
    if path is not None:
        from tearlist.index import open_index

        bar = _Bar(path) if progress else None
        try:
            found = open_index(path, bar, None if quiet else _warn)
        finally:
            if bar is not None:
                bar.close()
        if found is not None:
            # A command on an index makes many objects and no cycles, and ends soon after:
            # the collector would scan them again and again for nothing.
            gc.disable()
            return found
    return Loaded(loading.load(path, wait=wait))


def indexed(source: Source) -> Index | None:
    """The index a source reads, if it is one (imported only when one is open)."""
    if not source.partial:
        return None
    from tearlist.index import Index

    return source if isinstance(source, Index) else None


def _warn(message: str) -> None:
    print(f"tearlist: {message}", file=sys.stderr)


def answer(
    source: Source, candidates: Sequence[Title], question: Callable[[Sequence[Title]], Answer]
) -> Answer:
    """A question answered from candidates, or from every title if they found nothing."""
    try:
        return question(candidates)
    except NotFoundError:
        if not source.partial:
            raise
    return question(source.everything())


def wants_progress() -> bool:
    """Whether a progress bar may be drawn: standard error is a terminal that can show it."""
    return sys.stderr.isatty() and os.environ.get("TERM") != "dumb"


class _Bar:
    """A progress bar of the bytes read and titles loaded, drawn once a second has passed."""

    DELAY = 1.0

    def __init__(self, path: Path) -> None:
        self.started = time.monotonic()
        try:
            self.total = path.stat().st_size
        except OSError:
            self.total = 0
        self.shown: Progress | None = None

    def __call__(self, position: int, count: int) -> None:
        if self.shown is None:
            if time.monotonic() - self.started < self.DELAY:
                return
            self._show()
        assert self.shown is not None
        self.shown.update(self.shown.task_ids[0], completed=position, titles=f"{count:,}")

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn

        self.shown = Progress(
            TextColumn("indexing the catalogue"),
            BarColumn(),
            DownloadColumn(),
            TextColumn("{task.fields[titles]} titles"),
            console=Console(stderr=True, highlight=False),
            transient=True,
        )
        self.shown.add_task("", total=self.total or None, titles="0")
        self.shown.start()

    def close(self) -> None:
        """Take the bar off the screen, if it was drawn."""
        if self.shown is not None:
            self.shown.stop()
