"""A year in review at a terminal: panels of figures and bar charts, drawn with Rich.

Two panels side by side where the terminal is wide enough for both (80 columns), one under
another where it is not; bars shorten to what a panel leaves room for.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tearlist.review import Review
from tearlist.text import visible
from tearlist.viewings import stars

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# The width from which two panels stand side by side.
SIDE_BY_SIDE = 80
_LONGEST_BAR = 30
_SHORTEST_BAR = 3


def plural(count: int, word: str, many: str = "") -> str:
    """A count and a word, in the plural (many, or the word and s) unless the count is one."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def duration(minutes: int) -> str:
    """Minutes as hours and minutes: 1290 is 21 h 30 min."""
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def review_view(found: Review) -> RenderableType:
    """The whole review: a summary, then the charts, two abreast where they fit."""
    charts = [
        _panel("Viewings by month", _Bars(list(zip(MONTHS, found.months, strict=True)))),
        _panel("Ratings", _ratings(found)),
        _panel("People seen most", _Bars(found.people, unit="titles")),
        _panel("Genres watched most", _Bars(found.genres)),
        _panel("Highest rated", _top_rated(found)),
    ]
    return Group(_panel(f"{found.year} in review", _summary(found)), _Pairs(charts))


def summary_lines(found: Review) -> list[str]:
    """The review's figures in a few sentences."""
    lines = [
        f"{plural(found.viewings, 'viewing')} of {plural(found.titles, 'title')}: "
        f"{plural(found.first_watches, 'first watch', 'first watches')}, "
        f"{plural(found.rewatches, 'rewatch', 'rewatches')}",
        f"{duration(found.minutes)} watched"
        + (
            f"; no running time for {plural(found.unknown_runtime, 'viewing')}"
            if found.unknown_runtime
            else ""
        ),
    ]
    average = found.average_rating
    if average is not None:
        rated = sum(count for _, count in found.ratings)
        lines.append(f"Average rating {average:g} of 5, from {plural(rated, 'rating')}")
    if found.longest_gap:
        gap = found.longest_gap
        lines.append(f"Longest gap: {plural(gap.days, 'day')}, {gap.after} to {gap.before}")
    if found.busiest_week:
        week = found.busiest_week
        lines.append(f"Busiest week: {plural(week.viewings, 'viewing')}, the week of {week.monday}")
    return lines


def _summary(found: Review) -> Text:
    return Text("\n".join(summary_lines(found)))


def _panel(title: str, body: RenderableType) -> Panel:
    return Panel(body, title=title, title_align="left", padding=(0, 1))


def _ratings(found: Review) -> RenderableType:
    """Every half-star rating from ½ to ★★★★★, with how many viewings were given it."""
    given = dict(found.ratings)
    if not given:
        return Text("no ratings this year", style="dim")
    return _Bars([(stars(halves), given.get(halves, 0)) for halves in range(10, 0, -1)])


def _top_rated(found: Review) -> RenderableType:
    if not found.top_rated:
        return Text("no ratings this year", style="dim")
    table = Table(box=None, show_header=False, padding=(0, 1), expand=False)
    table.add_column(justify="right", style="cyan", no_wrap=True)
    table.add_column(overflow="fold")
    table.add_column(style="green", no_wrap=True)
    for number, rated in enumerate(found.top_rated, 1):
        table.add_row(str(number), Text(visible(rated.title)), stars(rated.rating))
    return table


class _Bars:
    """Labels with counts and bars as long as the width leaves room for."""

    def __init__(self, rows: Sequence[tuple[str, int]], unit: str = "") -> None:
        self.rows = rows
        self.unit = unit

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not self.rows:
            yield Text("none this year", style="dim")
            return
        labels = [visible(label) for label, _ in self.rows]
        counts = [str(count) for _, count in self.rows]
        label_width = min(max(map(cell_len, labels)), max(8, options.max_width // 2))
        room = options.max_width - label_width - max(map(len, counts)) - 4
        bar = min(_LONGEST_BAR, room)
        table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False)
        table.add_column(max_width=label_width, overflow="fold")
        table.add_column(justify="right", no_wrap=True)
        if bar >= _SHORTEST_BAR:
            table.add_column(no_wrap=True)
        most = max((count for _, count in self.rows), default=0) or 1
        for label, (_, count) in zip(labels, self.rows, strict=True):
            cells = [Text(label), Text(str(count))]
            if bar >= _SHORTEST_BAR:
                length = round(count * bar / most)
                cells.append(Text("█" * (max(1, length) if count else 0), "green"))
            table.add_row(*cells)
        yield table


class _Pairs:
    """Panels two abreast on a wide terminal, one under another on a narrow one."""

    def __init__(self, panels: Sequence[RenderableType]) -> None:
        self.panels = panels

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if options.max_width < SIDE_BY_SIDE:
            yield from self.panels
            return
        for start in range(0, len(self.panels), 2):
            row = list(self.panels[start : start + 2])
            grid = Table.grid(expand=True)
            for _ in range(2):
                grid.add_column(ratio=1)
            grid.add_row(*row, *([""] * (2 - len(row))))
            yield grid
