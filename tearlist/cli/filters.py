"""The filter options every listing command takes, gathered into one Filters record.

A command decorated with @filtered takes a `filters: "Filters"` parameter; the options of
FILTER_OPTIONS take its place on the command line, and their values are read into that
record when the command runs (so Typer never reads its annotation, and tearlist.filtering
is imported only then). A new filter is one more option and entry here, and what
tearlist.filtering's docstring lists there.
"""

import functools
import inspect
from collections.abc import Callable
from typing import Annotated, Any

import typer

from tearlist.cli.base import KindOption, YearOption, load_catalogue, read_viewings, whole
from tearlist.cli.completion import complete_categories
from tearlist.cli.saved import remember, saved_filters

GenreOption = Annotated[
    list[str] | None,
    typer.Option(
        "--genre",
        metavar="NAME",
        help="Only titles of this genre (drama, romance...); repeat it for any of several.",
        show_default=False,
    ),
]
MaxRuntimeOption = Annotated[
    int | None,
    typer.Option(
        "--max-runtime",
        metavar="MINUTES",
        parser=whole(1),
        help="Only titles that run this many minutes or less (unknown running times left out).",
    ),
]
ForAgeOption = Annotated[
    int | None,
    typer.Option(
        "--for-age",
        metavar="AGE",
        parser=whole(0),
        help="Only titles rated All or up to AGE (12, 15, 18); unknown ratings left out.",
    ),
]
AvoidOption = Annotated[
    list[str] | None,
    typer.Option(
        "--avoid",
        metavar="TERM",
        help="Hide titles with a content note of this category or words (suicide, suicidal); repeatable. A term that hides nothing is refused.",
        autocompletion=complete_categories,
        show_default=False,
    ),
]

SeenOption = Annotated[
    bool | None,
    typer.Option(
        "--seen/--unseen",
        help="Only the titles in your diary, or only those not in it.",
        show_default=False,
    ),
]

# Each filter option: its parameter name (that of tearlist.filtering.filters) and its
# annotation; every one is None when not given.
FILTER_OPTIONS: tuple[tuple[str, Any], ...] = (
    ("kind", KindOption),
    ("year", YearOption),
    ("genre", GenreOption),
    ("max_runtime", MaxRuntimeOption),
    ("for_age", ForAgeOption),
    ("avoid", AvoidOption),
    ("seen", SeenOption),
)


def filtered(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command the filter options, read into its `filters` parameter."""
    signature = inspect.signature(command)
    kept = [param for name, param in signature.parameters.items() if name != "filters"]
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=hint, default=None)
        for name, hint in FILTER_OPTIONS
    ]

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        from tearlist.filtering import filters

        chosen = {name: kwargs.pop(name) for name, _ in FILTER_OPTIONS}
        ctx = kwargs.get("ctx") or args[0]
        if chosen["seen"] is not None:  # only then is the diary read
            chosen["viewed"] = viewed(ctx)
        used = saved_filters(ctx, chosen)
        if used:  # for the message that says what the saved ones hid
            remember(ctx, used, filters(**{**chosen, **dict.fromkeys(used)}))
        command(*args, filters=filters(**chosen), **kwargs)

    parameters = [*kept, *added]
    wrapper.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {param.name: param.annotation for param in parameters}
    return wrapper


def viewed(ctx: typer.Context) -> frozenset[int]:
    """The ranks of the titles the diary's viewings are of; empty with no diary."""
    from tearlist.viewings import viewings_by_rank

    viewings = read_viewings() or []
    return frozenset(viewings_by_rank(load_catalogue(ctx), viewings)) if viewings else frozenset()
