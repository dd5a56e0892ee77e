"""Shell completion of titles and names; it runs at every key press, so it stays quiet."""

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import typer

from tearlist.matching import Match, match_korean_title, match_person
from tearlist.records import Person
from tearlist.textmatch import typed

if TYPE_CHECKING:
    from tearlist.sources import Source


def _completion_source(ctx: typer.Context) -> "Source":
    """The catalogue the command line names, or an empty one if it cannot be read."""
    from tearlist.cli.anywhere import DATA_KEY
    from tearlist.own_catalogue import chosen
    from tearlist.sources import Loaded, open_catalogue

    data = ctx.meta.get(DATA_KEY, ctx.find_root().params.get("data"))
    try:
        # A pipe or a device named as the catalogue is not read: a completion never waits.
        return open_catalogue(chosen(data)[0], wait=False, quiet=True)
    except Exception:  # noqa: BLE001 - a completion must never print an error
        return Loaded(())


def _starts(
    incomplete: str,
    spellings: Sequence[str],
    prepare: Callable[[str], str | None] | None = None,
    before: str = "",
) -> str | None:
    """The first spelling that begins with what was typed, ignoring case, and that the
    shell can be offered.

    The shell keeps only values that begin with the typed text as typed, so the rest of
    the spelling is added to the user's own letters: "train" completes to "train to Busan".
    The words typed before it, unquoted, begin the spelling too (show Train to B: Busan).
    """
    if prepare is None:
        from tearlist.cli import completion_shells

        prepare = completion_shells.prepare
    size = len(before) + len(incomplete)
    for text in spellings:
        if text[:size].casefold() == (before + incomplete).casefold():
            offered = prepare(incomplete + text[size:])
            if offered is not None:
                return offered
    return None


def _for_the_shell(incomplete: str, value: str) -> str | None:
    """A value as the running shell must receive it, or None if it cannot be offered safely
    (see completion_shells: Typer's own escaping lets zsh run catalogue text)."""
    from tearlist.cli.completion_shells import prepare

    return prepare(value)


def complete_titles(ctx: typer.Context, incomplete: str) -> list[str]:
    """Titles, in any spelling, that begin with what was typed; else Korean titles read aloud.

    Korean titles are read only when no title begins with what was typed as written, which
    also spares the common case the work of spelling them out. A title typed as several
    words (show Train to B) is completed from all of them.
    """
    words = ctx.params.get("words") or ()
    before = "".join(f"{word} " for word in words if isinstance(word, str))
    source = _completion_source(ctx)
    whole = before + incomplete
    from tearlist.cli.completion_shells import preparer

    shell = preparer()
    found = (_starts(incomplete, names, shell, before) for names in source.names_starting(whole))
    written = [name for name in found if name]
    wanted = typed(whole)
    if written or not wanted:
        return written
    read: dict[str, None] = {}
    for korean in source.korean_reading(whole):
        if korean:
            how = match_korean_title(wanted, korean, typing=True)
            if how is not None and how.from_start:
                value = _for_the_shell(incomplete, incomplete + how.rest)
                if value is not None:
                    read[value] = None
    return list(read)


def _complete_people(ctx: typer.Context, incomplete: str, cast: bool, directors: bool) -> list[str]:
    """The names a query may be completed to: whole names first, as written before derived.

    What was typed is kept as typed, and the rest of the name is added in the person's own
    spelling: "Pak Sin" completes to "Pak Sin-hye", "son y" to "son Ye-jin".
    """
    wanted = typed(incomplete)
    offered: dict[str, tuple[int, int]] = {}
    source = _completion_source(ctx)
    people: dict[Person, None] = dict.fromkeys(source.people(cast=cast, directors=directors))
    for person in people:
        how: Match | None = match_person(wanted, person, typing=True) if wanted else None
        if wanted and how is None:
            continue
        # A spelling written in the catalogue that begins with what was typed is offered
        # as written, punctuation and all (O'Brien); else the rest of the derived reading.
        value = _starts(incomplete, person.spellings()) or _for_the_shell(
            incomplete, incomplete + how.rest if how else person.name
        )
        if value is None:  # not a value the shell can be offered safely
            continue
        order = how.sort_key() if how else (0, 0)
        offered[value] = min(order, offered.get(value, order))
    return sorted(offered, key=lambda value: (offered[value], value.casefold()))


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
    """The categories of content notes, in English or Korean, that start with what was typed."""
    from tearlist.notes import CATEGORIES

    wanted = incomplete.casefold()
    names = [
        name
        for category in CATEGORIES.values()
        for name in (category.value, category.korean)
        if name.casefold().startswith(wanted)
    ]
    found = (_for_the_shell(incomplete, name) for name in names)
    return [name for name in found if name]
