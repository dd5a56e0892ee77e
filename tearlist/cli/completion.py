"""Shell completion of titles and names; it runs at every key press, so it stays quiet."""

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from tearlist.sources import Source


# and stays silent if that cannot be read.
def _completion_source(ctx: typer.Context) -> "Source":
    """The catalogue the command line names, or an empty one if it cannot be read."""
    from tearlist.sources import Loaded, open_catalogue

    data = ctx.find_root().params.get("data")
    try:
        return open_catalogue(Path(data) if data else None)
    except Exception:  # noqa: BLE001 - a completion must never print an error
        return Loaded(())


def _starts(incomplete: str, spellings: Sequence[str]) -> str | None:
    """The first spelling that begins with what was typed, ignoring case.

    The shell keeps only values that begin with the typed text as typed, so the rest of
    the spelling is added to the user's own letters: "train" completes to "train to Busan".
    """
    size = len(incomplete)
    for text in spellings:
        if text[:size].casefold() == incomplete.casefold():
            return _for_the_shell(incomplete, incomplete + text[size:])
    return None


_SHELL_SPECIAL = re.compile(r"[^\w@%+=:,./-]")


def _for_the_shell(incomplete: str, value: str) -> str:
    """A value as bash must insert it: bash puts a completion in as it is, so a space or a
    quote in it is escaped (Hello\\ Ghost), unless what was typed has such characters itself."""
    if os.environ.get("_TEARLIST_COMPLETE") != "complete_bash" or _SHELL_SPECIAL.search(incomplete):
        return value
    return _SHELL_SPECIAL.sub(lambda match: "\\" + match[0], value)


def complete_titles(ctx: typer.Context, incomplete: str) -> list[str]:
    """Titles, in any spelling, that begin with what was typed."""
    titles = _completion_source(ctx).for_start(incomplete)
    found = (_starts(incomplete, title.names()) for title in titles)
    return [name for name in found if name]


def _complete_people(ctx: typer.Context, incomplete: str, cast: bool, directors: bool) -> list[str]:
    names: dict[str, None] = {}
    for person in _completion_source(ctx).people(cast=cast, directors=directors):
        name = _starts(incomplete, person.spellings())
        if name:
            names[name] = None
    return sorted(names)


def complete_cast(ctx: typer.Context, incomplete: str) -> list[str]:
    """Cast members whose names begin with what was typed."""
    return _complete_people(ctx, incomplete, cast=True, directors=False)


def complete_directors(ctx: typer.Context, incomplete: str) -> list[str]:
    """Directors whose names begin with what was typed."""
    return _complete_people(ctx, incomplete, cast=False, directors=True)


def complete_anyone(ctx: typer.Context, incomplete: str) -> list[str]:
    """Cast and directors whose names begin with what was typed."""
    return _complete_people(ctx, incomplete, cast=True, directors=True)


def complete_categories(incomplete: str) -> list[str]:
    """The categories of content notes that start with what was typed."""
    from tearlist.notes import CATEGORIES

    wanted = incomplete.lower()
    return [_for_the_shell(incomplete, name) for name in CATEGORIES if name.startswith(wanted)]
