"""The benchmark's report: the machine it ran on, and its results as lines, a table and JSON."""

from __future__ import annotations

import json
import platform
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from large import ScaleResult
    from timing import CaseResult


def cpu_model() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return platform.processor() or "unknown"
    for line in lines:
        key, _, value = line.partition(":")
        if key.strip() in ("model name", "Hardware", "cpu model"):
            return value.strip()
    return platform.processor() or "unknown"


def script_interpreter(tearlist: str) -> str | None:
    """The interpreter named on the first line of a console script, if it has one."""
    try:
        with Path(tearlist).open("rb") as script:
            first = script.readline(1024)
    except OSError:
        return None
    if not first.startswith(b"#!"):
        return None
    words = first[2:].decode("utf-8", "replace").split()
    return words[0] if words else None


# Reporting


def _verdict(passed: bool | None) -> str:
    return "-" if passed is None else "PASS" if passed else "FAIL"


def _budget(budget: float | None) -> str:
    return "-" if budget is None else f"<= {budget:g}x"


def _budget_note(budget: float | None, passed: bool | None) -> str:
    return "" if budget is None else f" (budget {_budget(budget)}: {_verdict(passed)})"


def case_line(result: CaseResult) -> str:
    budget = _budget_note(result.case.budget, result.passed)
    return (
        f"{result.case.name}: {result.ratio:.2f}x {result.case.baseline_name}{budget}; "
        f"{_ms(result.case_ms)} ms vs {_ms(result.baseline_ms)} ms; "
        f"peak RSS {result.case_mib:.1f} MiB vs {result.baseline_mib:.1f} MiB"
    )


def scale_line(scale: ScaleResult) -> str:
    budget = _budget_note(scale.budget, scale.passed)
    return f"{scale.name} titles: search time {scale.ratio:.2f}x{budget}"


HEADER = ("case", "pairs", "case ms", "base ms", "ratio", "budget", "check", "MiB", "base MiB")
LEGEND = """\
ratio: median over pairs of case time / base time; base: python -c pass for the start-up
cases, yaml.safe_load of the same file for the searches; scale: ratio of search times.
ms: median wall time; MiB: median peak RSS."""


def case_row(result: CaseResult) -> list[str]:
    return [
        result.case.name,
        str(result.case.pairs),
        _ms(result.case_ms),
        _ms(result.baseline_ms),
        f"{result.ratio:.2f}x",
        _budget(result.case.budget),
        _verdict(result.passed),
        f"{result.case_mib:.1f}",
        f"{result.baseline_mib:.1f}",
    ]


def scale_row(scale: ScaleResult) -> list[str]:
    ratio, budget, verdict = f"{scale.ratio:.2f}x", _budget(scale.budget), _verdict(scale.passed)
    return [scale.name, "", "", "", ratio, budget, verdict, "", ""]


def _ms(milliseconds: float) -> str:
    return f"{milliseconds:,.0f}" if milliseconds >= 1000 else f"{milliseconds:.1f}"


def table_rows(results: Sequence[CaseResult], scales: Sequence[ScaleResult]) -> list[list[str]]:
    return [case_row(result) for result in results] + [scale_row(scale) for scale in scales]


def format_table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(row[column]) for row in (HEADER, *rows)) for column in range(len(HEADER))]

    def line(cells: Sequence[str]) -> str:
        padded = [
            cell.ljust(width) if column == 0 else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(HEADER), rule, *(line(row) for row in rows)])


def machine_lines(machine: Mapping[str, Any]) -> Iterator[str]:
    yield f"machine:  {machine['platform']}"
    yield f"cpu:      {machine['cpu']} ({machine['cpus']} CPUs, {machine['cpus_usable']} usable)"
    if machine["load_average"] is not None:
        yield "load:     " + " ".join(f"{load:.2f}" for load in machine["load_average"])
    yield f"python:   {machine['python']} ({machine['python_path']})"
    yield f"tearlist: {machine['tearlist']} ({machine['tearlist_path']})"


def write_json(
    path: Path,
    machine: Mapping[str, Any],
    settings: Mapping[str, Any],
    results: Sequence[CaseResult],
    scales: Sequence[ScaleResult],
) -> None:
    document = {
        "machine": machine,
        "settings": settings,
        "cases": [result.as_json() for result in results],
        "scales": [scale.as_json() for scale in scales],
        "all_passed": all(verdict is not False for verdict in verdicts(results, scales)),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def verdicts(results: Sequence[CaseResult], scales: Sequence[ScaleResult]) -> list[bool | None]:
    return [result.passed for result in results] + [scale.passed for scale in scales]
