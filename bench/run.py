#!/usr/bin/env python3
"""Benchmark the installed tearlist command against the start-up of Python itself.

Every figure is measured in alternating pairs: each pair runs a baseline and the case back
to back, and the order flips from one pair to the next, so a machine that speeds up or slows
down during the benchmark affects both sides alike. A case's figure is the median over the
pairs of (case time / baseline time of the same pair). The baseline is `python -c pass` for
the command-line cases, and `python -c "import yaml; yaml.safe_load(open(FILE))"` for the
generated catalogues of many titles (searched for "Son Ye-jin", who is in 2 titles of 10, and at
10,000 titles also for "Ryu Sŭngnyong", Ryu Seung-ryong as McCune-Reischauer writes him).
Those with 10,000 titles or more get --big-pairs pairs and --big-warmup warm-up runs, as
the pure-Python yaml.safe_load of 100,000 titles takes minutes.

A catalogue of --index-size titles (100,000 by default) is then timed with its index: warm
searches for "Son Ye-jin" against `python -c pass`; warm `show`, `search --title` and a
completion of one title against the same call on the bundled catalogue; and the first, cold
search (the index removed before each run, so the file is read and indexed) against a bare
`yaml.load(f, Loader=yaml.CSafeLoader)`, with budgets on peak memory as well. Output of many
of its titles is timed warm against jq over the same titles exported as JSON (`list --format
jsonl` against `jq -c '.[]'`, `list --format json` against `jq '.'`, the search against jq's
select of the same cast member; skipped, with a note, where jq is not installed); the search
with `--avoid suicide` against the same search without it; a completion with 10,000
candidates (`show Tra<TAB>`) against the bundled catalogue's; and a search with the index
turned off (`TEARLIST_CACHE=`) for its peak memory.

Usage, after `pip install .`, from the root of the repository:

    python bench/run.py                                  # tearlist from PATH, this Python
    python bench/run.py --sizes 1000,10000,100000 --pairs 31
    python bench/run.py --sizes '' --index-size 100000   # start-up and the indexed catalogue
    python bench/run.py --sizes 50,200 --pairs 3 --index-size 2000   # a smoke run, as in CI
    python bench/run.py --sizes ''                       # the start-up cases only
    python bench/run.py --tearlist .venv/bin/tearlist --python .venv/bin/python
    python bench/run.py --check --json /tmp/bench.json   # exit 1 if a budget fails

Run it with the interpreter tearlist is installed in (or pass it as --python), so that the
baseline starts the same Python that tearlist does.

Children run with this environment less PYTHONDONTWRITEBYTECODE (bytecode is cached, as on
users' machines), TEARLIST_DATA, NO_COLOR and any shell-completion variables, and with
COLUMNS=100. Every run must exit with status 0, and the completion and search cases must
print what they should (checked once, untimed), or the benchmark stops.

Children are started by a small helper process (bench/timing.py), which times each one with
time.perf_counter from just before its fork to the return of os.wait4, and reads its peak
resident set size from the rusage that os.wait4 returns. Started from the benchmark process
itself, every child would report at least the benchmark's own peak memory. Children get a
cache folder of their own in the benchmark's temporary folder.

The generated catalogues and their cases, with their budgets, are in bench/large.py.

Exit status: 0 when the benchmark ran, whether or not the budgets were met; 1 with --check
when a budget failed; 2 when tearlist could not be found or a run failed.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from large import (
    BIG_SIZE,
    MR_SEARCH_NAME,
    ScaleResult,
    generate_catalogues,
    index_cases,
    output_cases,
    scale_results,
    search_case,
    settle,
    write_catalogue,
)
from report import (
    LEGEND,
    case_line,
    cpu_model,
    format_table,
    machine_lines,
    scale_line,
    script_interpreter,
    table_rows,
    verdicts,
    write_json,
)
from timing import BenchError, Case, CaseResult, Command, Runner, Verify, contains, measure, runner

DEFAULT_PAIRS = 21
DEFAULT_BIG_PAIRS = 5
DEFAULT_WARMUP = 3
DEFAULT_BIG_WARMUP = 1
DEFAULT_SIZES = (1000, 10000)
RECOMMENDED_PAIRS = 15
COLUMNS = "100"
COMPLETION_WORDS = "tearlist show Tra"
# Bash gets the value with its spaces escaped, as it inserts it.
COMPLETION_EXPECTED = "Train\\ to\\ Busan"
# pick and stats are held to the budgets of list: piped like list --format json, drawn like
# list --format table.
PICK = ("pick", "--seed", "7", "--max-runtime", "130")
STATS = ("stats", "--by", "decade")
REMOVED_VARIABLES = (
    "PYTHONDONTWRITEBYTECODE",
    "TEARLIST_DATA",
    "NO_COLOR",
    "_TEARLIST_COMPLETE",
    "COMP_WORDS",
    "COMP_CWORD",
)

# Budgets: the most a figure may be: ratios against `python -c pass`. Those of the large
# catalogues are in large.py.
BUDGET_LIST_JSON = 8.0
BUDGET_LIST_TABLE = 12.0
BUDGET_HELP = 9.0
BUDGET_COMPLETION = 8.0
DEFAULT_INDEX_SIZE = 100000


# Environment and cases


def child_environment() -> dict[str, str]:
    env = dict(os.environ)
    for name in REMOVED_VARIABLES:
        env.pop(name, None)
    env["COLUMNS"] = COLUMNS
    return env


def startup_cases(tearlist: str, python: str, env: Mapping[str, str], pairs: int) -> list[Case]:
    """The cases timed against `python -c pass`."""
    baseline = Command((python, "-c", "pass"), env)
    completion_env = {
        **env,
        "_TEARLIST_COMPLETE": "complete_bash",
        "COMP_WORDS": COMPLETION_WORDS,
        "COMP_CWORD": str(len(COMPLETION_WORDS.split()) - 1),
    }

    def case(name: str, command: Command, budget: float, verify: Verify | None = None) -> Case:
        return Case(name, command, "python -c pass", baseline, pairs, budget, verify)

    return [
        case(
            "list --format json",
            Command((tearlist, "list", "--format", "json"), env, piped=True),
            BUDGET_LIST_JSON,
        ),
        case(
            "list --format table",
            Command((tearlist, "list", "--format", "table"), env),
            BUDGET_LIST_TABLE,
        ),
        case(
            "pick --avoid suicide, piped",
            Command((tearlist, *PICK, "--avoid", "suicide"), env, piped=True),
            BUDGET_LIST_JSON,
            contains("\t"),
        ),
        case("pick card", Command((tearlist, *PICK, "--format", "table"), env), BUDGET_LIST_TABLE),
        case(
            "stats --by genre, piped",
            Command((tearlist, "stats", "--by", "genre"), env, piped=True),
            BUDGET_LIST_JSON,
            contains("drama\t"),
        ),
        case(
            "stats chart", Command((tearlist, *STATS, "--format", "table"), env), BUDGET_LIST_TABLE
        ),
        case("--help", Command((tearlist, "--help"), env), BUDGET_HELP),
        case(
            f"complete '{COMPLETION_WORDS.split()[-1]}<TAB>'",
            Command((tearlist,), completion_env, piped=True),
            BUDGET_COMPLETION,
            contains(COMPLETION_EXPECTED),
        ),
    ]


def diary_cases(tearlist: str, python: str, env: Mapping[str, str], pairs: int) -> list[Case]:
    """list with a diary that holds a viewing of every title: json (which does not open
    it) and table (which marks the titles seen)."""
    folder = Path(env["TEARLIST_DIARY"]).parent
    diary_env = {**env, "TEARLIST_DIARY": str(folder / "viewed.sqlite3")}
    for rank in range(1, 11):
        made = subprocess.run(
            [tearlist, "log", str(rank), "--rating", "4.5"], env=diary_env, capture_output=True
        )
        if made.returncode:
            raise BenchError(f"tearlist log failed: {made.stderr.decode(errors='replace')}")
    baseline = Command((python, "-c", "pass"), env)
    json_list = Command((tearlist, "list", "--format", "json"), diary_env, piped=True)
    table = Command((tearlist, "list", "--format", "table"), diary_env)
    return [
        Case(
            "list --format json, diary",
            json_list,
            "python -c pass",
            baseline,
            pairs,
            BUDGET_LIST_JSON,
        ),
        Case(
            "list --format table, diary",
            table,
            "python -c pass",
            baseline,
            pairs,
            BUDGET_LIST_TABLE,
            contains("✓ ★★★★½"),
        ),
    ]


# Machine description


def describe_machine(
    run: Runner, tearlist: str, python: str, env: Mapping[str, str]
) -> dict[str, Any]:
    version = "import sys; print(sys.version.replace(chr(10), ' '))"
    affinity = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    return {
        "platform": platform.platform(),
        "cpu": cpu_model(),
        "cpus": os.cpu_count(),
        "cpus_usable": len(affinity) if affinity is not None else None,
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "python": run.output(Command((python, "-c", version), env)).strip(),
        "python_path": python,
        "tearlist": run.output(Command((tearlist, "--version"), env)).strip(),
        "tearlist_path": tearlist,
        "bench_python": sys.version.replace("\n", " "),
    }


# Command line


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected sizes such as 1000,10000, not {text!r}"
        ) from None
    if any(size < 1 for size in sizes):
        raise argparse.ArgumentTypeError("each size must be at least 1")
    return tuple(sorted(set(sizes)))


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _count(text: str) -> int:
    return 0 if text.strip() == "0" else _positive(text)


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time the installed tearlist command against Python's own start-up.",
        epilog="Results are printed and written as JSON; see the module docstring for more.",
    )
    parser.add_argument("--tearlist", metavar="PATH", help="the tearlist to time (default: PATH's)")
    parser.add_argument(
        "--python",
        metavar="PATH",
        default=sys.executable,
        help="the Python of the baselines (default: the one running this script)",
    )
    _repetition_arguments(parser)
    _size_arguments(parser)
    parser.add_argument(
        "--json",
        metavar="PATH",
        type=Path,
        default=Path(__file__).resolve().parent / "results.json",
        help="where to write the results (default: results.json beside this script)",
    )
    parser.add_argument(
        "--check", action="store_true", help="exit with status 1 when a budget is not met"
    )
    parser.add_argument(
        "--generate", nargs=3, metavar=("SOURCE", "TARGET", "SIZE"), help=argparse.SUPPRESS
    )
    return parser.parse_args(argv)


def _repetition_arguments(parser: argparse.ArgumentParser) -> None:
    """How many timed pairs and untimed warm-up runs each case gets."""
    parser.add_argument(
        "--pairs",
        type=_positive,
        default=DEFAULT_PAIRS,
        help=f"timed pairs per case (default: {DEFAULT_PAIRS}; use {RECOMMENDED_PAIRS} or more)",
    )
    parser.add_argument(
        "--big-pairs",
        type=_positive,
        default=DEFAULT_BIG_PAIRS,
        help=f"timed pairs for catalogues of {BIG_SIZE:,} titles or more "
        f"(default: {DEFAULT_BIG_PAIRS})",
    )
    parser.add_argument(
        "--warmup",
        type=_count,
        default=DEFAULT_WARMUP,
        help=f"untimed runs of each side before timing (default: {DEFAULT_WARMUP})",
    )
    parser.add_argument(
        "--big-warmup",
        type=_count,
        default=DEFAULT_BIG_WARMUP,
        help=f"untimed runs of each side for catalogues of {BIG_SIZE:,} titles or more "
        f"(default: {DEFAULT_BIG_WARMUP})",
    )


def _size_arguments(parser: argparse.ArgumentParser) -> None:
    """The sizes of the generated catalogues that are searched and indexed."""
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default=DEFAULT_SIZES,
        help="comma-separated catalogue sizes to search, '' for none "
        f"(default: {','.join(map(str, DEFAULT_SIZES))})",
    )
    parser.add_argument(
        "--index-size",
        type=_count,
        default=DEFAULT_INDEX_SIZE,
        help="titles in the catalogue whose index is timed, warm and cold, 0 for none "
        f"(default: {DEFAULT_INDEX_SIZE})",
    )


def find_tearlist(given: str | None) -> str:
    found = shutil.which(given or "tearlist")
    if found is None:
        where = given or "tearlist on PATH"
        raise BenchError(f"cannot find {where}: install tearlist (pip install .) or use --tearlist")
    return str(Path(found).absolute())


def warn_interpreters(tearlist: str, python: str) -> None:
    """Warn when tearlist's script names a Python from another folder (another venv)."""
    interpreter = script_interpreter(tearlist)
    if interpreter is None or interpreter.endswith("/env"):
        return
    # Not resolved: a venv's python is a symlink to the same binary as every other venv's.
    if Path(interpreter).absolute().parent != Path(python).absolute().parent:
        print(
            f"warning: {tearlist} runs {interpreter}, but the baseline runs {python}; "
            "pass --python to compare like with like",
            file=sys.stderr,
        )


def find_python(given: str) -> str:
    found = shutil.which(given)
    if found is None:
        raise BenchError(f"cannot find the Python {given!r}; check --python")
    return str(Path(found).absolute())


def time_cases(
    run: Runner, options: argparse.Namespace, tearlist: str, python: str, env: Mapping[str, str]
) -> tuple[list[CaseResult], list[ScaleResult]]:
    """Time the start-up cases, then the searches of each generated catalogue."""
    results: list[CaseResult] = []
    cases = startup_cases(tearlist, python, env, options.pairs)
    cases += diary_cases(tearlist, python, env, options.pairs)
    for case in cases:
        results.append(measure(run, case, options.warmup))
        print(case_line(results[-1]), flush=True)
    searches: dict[int, CaseResult] = {}
    catalogues = generate_catalogues(run, tearlist, python, env, options.sizes)
    for size, catalogue in catalogues.items():
        big = size >= BIG_SIZE
        pairs = min(options.pairs, options.big_pairs) if big else options.pairs
        warmup = min(options.warmup, options.big_warmup) if big else options.warmup
        case = search_case(tearlist, python, env, catalogue, size, pairs)
        searches[size] = measure(run, case, warmup)
        results.append(searches[size])
        print(case_line(searches[size]), flush=True)
        if size == BIG_SIZE:
            case = search_case(tearlist, python, env, catalogue, size, pairs, MR_SEARCH_NAME)
            results.append(measure(run, case, warmup))
            print(case_line(results[-1]), flush=True)
    scales = scale_results(searches)
    for scale in scales:
        print(scale_line(scale), flush=True)
    if options.index_size:
        size = options.index_size
        catalogue = generate_catalogues(run, tearlist, python, env, [size])[size]
        settle(catalogue)
        pairs = min(options.pairs, options.big_pairs) if size >= BIG_SIZE else options.pairs
        warmup = max(1, min(options.warmup, options.big_warmup))
        cases = index_cases(tearlist, python, env, catalogue, size, pairs)
        cases[-1:-1] = output_cases(run, tearlist, python, env, catalogue, size, pairs)
        for case in cases:
            results.append(measure(run, case, warmup))
            print(case_line(results[-1]), flush=True)
    return results, scales


def benchmark(options: argparse.Namespace) -> int:
    tearlist = find_tearlist(options.tearlist)
    python = find_python(options.python)
    warn_interpreters(tearlist, python)
    env = child_environment()
    with tempfile.TemporaryDirectory(prefix="tearlist-bench-diary-") as diaries, runner() as run:
        # The user's own diary plays no part: the start-up cases have none, the diary cases
        # a diary made for them.
        env["TEARLIST_DIARY"] = str(Path(diaries) / "none.sqlite3")
        env["TEARLIST_CACHE"] = str(run.folder / "cache")
        machine = describe_machine(run, tearlist, python, env)
        print("\n".join(machine_lines(machine)), flush=True)
        if options.pairs < RECOMMENDED_PAIRS:
            print(f"note: {options.pairs} pairs; {RECOMMENDED_PAIRS} or more give steadier figures")
        print()
        results, scales = time_cases(run, options, tearlist, python, env)
    print()
    print(format_table(table_rows(results, scales)))
    print(LEGEND)
    settings = {
        "pairs": options.pairs,
        "big_pairs": options.big_pairs,
        "warmup": options.warmup,
        "big_warmup": options.big_warmup,
        "sizes": list(options.sizes),
        "index_size": options.index_size,
        "columns": COLUMNS,
        "removed_variables": list(REMOVED_VARIABLES),
    }
    write_json(options.json, machine, settings, results, scales)
    failed = [verdict for verdict in verdicts(results, scales) if verdict is False]
    print(f"\n{len(failed)} budget(s) failed; results written to {options.json}")
    return 1 if failed and options.check else 0


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_arguments(argv)
    try:
        if options.generate:
            source, target, size = options.generate
            write_catalogue(Path(source), Path(target), _positive(size))
            return 0
        return benchmark(options)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("bench: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
