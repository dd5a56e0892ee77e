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

Exit status: 0 when the benchmark ran, whether or not the budgets were met; 1 with --check
when a budget failed; 2 when tearlist could not be found or a run failed.
"""

from __future__ import annotations

import argparse
import copy
import importlib
import itertools
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
from timing import BenchError, Case, CaseResult, Command, Runner, Verify, measure, runner

DEFAULT_PAIRS = 21
DEFAULT_BIG_PAIRS = 5
DEFAULT_WARMUP = 3
DEFAULT_BIG_WARMUP = 1
DEFAULT_SIZES = (1000, 10000)
BIG_SIZE = 10000  # catalogues of this many titles or more are timed with --big-pairs
RECOMMENDED_PAIRS = 15
COLUMNS = "100"
SEARCH_NAME = "Son Ye-jin"
# The same search by a McCune-Reischauer spelling (Ryu Seung-ryong, in 1 title of 10),
# which is read through the Hangul's syllables rather than as written.
MR_SEARCH_NAME = "Ryu Sŭngnyong"
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

# Budgets: the most a figure may be. Ratios against `python -c pass` for the start-up cases.
BUDGET_LIST_JSON = 8.0
BUDGET_LIST_TABLE = 12.0
BUDGET_HELP = 9.0
BUDGET_COMPLETION = 8.0
BUDGET_SEARCH_10K = 0.3  # against yaml.safe_load of the same 10,000-title file
BUDGET_SCALE = 12.0  # search time at 100,000 titles / search time at 10,000
SCALE_SIZES = (10000, 100000)
# The indexed catalogue (--index-size titles, kept in an index between runs).
BUDGET_WARM_SEARCH = 100.0  # warm search "Son Ye-jin" --format json, against python -c pass
BUDGET_WARM_LOOKUP = 2.0  # warm show, search --title, completion: against the bundled catalogue
BUDGET_COLD = 1.0  # the first search, index built, against yaml.load with CSafeLoader
BUDGET_COLD_MIB = 500.0
BUDGET_WARM_MIB = 150.0
# Output of many titles from a warm index, against jq over the same titles exported as JSON.
BUDGET_JQ_LIST = 0.5  # list --format jsonl / json against jq -c '.[]' / jq '.'
BUDGET_JQ_SEARCH = 0.25  # search --format json against jq's select of the same cast member
BUDGET_AVOID = 1.1  # search --avoid suicide against the same search without it
BUDGET_MANY_COMPLETIONS = 3.0  # completion of "Tra" (10,000 candidates) against the bundled
BUDGET_WHOLE_MIB = 500.0  # a search with the index turned off (TEARLIST_CACHE=)
JQ_SEARCH = f'.[] | select(any(.cast[]; .name == "{SEARCH_NAME}"))'
DEFAULT_INDEX_SIZE = 100000


@dataclass(frozen=True)
class ScaleResult:
    """How the search time grows from one catalogue size to a larger one."""

    small: CaseResult
    large: CaseResult
    size_small: int
    size_large: int
    budget: float | None

    @property
    def name(self) -> str:
        return f"scale {self.size_small:,} -> {self.size_large:,}"

    @property
    def ratio(self) -> float:
        return self.large.case_ms / self.small.case_ms

    @property
    def passed(self) -> bool | None:
        return None if self.budget is None else self.ratio <= self.budget

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "sizes": [self.size_small, self.size_large],
            "ratio": self.ratio,
            "budget": self.budget,
            "passed": self.passed,
        }


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


def search_case(
    tearlist: str,
    python: str,
    env: Mapping[str, str],
    catalogue: Path,
    size: int,
    pairs: int,
    query: str = SEARCH_NAME,
) -> Case:
    """Search a generated catalogue, against yaml.safe_load of the same file."""
    command = Command(
        (tearlist, "--data", str(catalogue), "search", query, "--format", "json"),
        env,
        piped=True,
    )
    load = f"import yaml; yaml.safe_load(open({str(catalogue)!r}, encoding='utf-8'))"
    baseline = Command((python, "-c", load), env)
    budget = BUDGET_SEARCH_10K if size == BIG_SIZE else None
    name = f"search {size:,} titles" + ("" if query == SEARCH_NAME else f" by {query!r}")
    return Case(name, command, "yaml.safe_load", baseline, pairs, budget, found_throughout(size))


def index_cases(
    tearlist: str, python: str, env: Mapping[str, str], catalogue: Path, size: int, pairs: int
) -> list[Case]:
    """Warm lookups in an indexed catalogue, and the first search that builds its index.

    Warm lookups are timed against the same command on the bundled catalogue (what the
    index must keep them close to); the warm search against python -c pass; the first
    search, which reads the file and writes the index, against a bare yaml.load with
    libyaml's CSafeLoader.
    """
    data = ("--data", str(catalogue))
    ref = f"Train to Busan #{size - size % 10 - 5}"  # every tenth title from the fifth
    bundled = "Train to Busan"

    def command(*args: str) -> Command:
        return Command((tearlist, *args), env, piped=True)

    def completing(words: str) -> Command:
        variables = {"_TEARLIST_COMPLETE": "complete_bash", "COMP_WORDS": words}
        variables["COMP_CWORD"] = str(len(shlex.split(words)) - 1)
        return Command((tearlist,), {**env, **variables}, piped=True)

    def lookup(name: str, case: Command, base: Command) -> Case:
        return Case(
            f"{name}, {size:,} titles",
            case,
            f"{name}, bundled",
            base,
            pairs,
            BUDGET_WARM_LOOKUP,
            contains(ref),
        )

    return [
        Case(
            f"warm search {size:,} titles",
            command(*data, "search", SEARCH_NAME, "--format", "json"),
            "python -c pass",
            Command((python, "-c", "pass"), env),
            pairs,
            BUDGET_WARM_SEARCH,
            found_throughout(size),
            BUDGET_WARM_MIB,
        ),
        lookup("warm show", command(*data, "show", ref), command("show", bundled)),
        lookup(
            "warm search --title",
            command(*data, "search", "--title", ref),
            command("search", "--title", bundled),
        ),
        lookup(
            "warm completion",
            completing(f"tearlist --data {shlex.quote(str(catalogue))} show {shlex.quote(ref)}"),
            completing(f"tearlist show {shlex.quote(bundled)}"),
        ),
        cold_case(tearlist, python, env, catalogue, size, pairs),
    ]


def output_cases(
    run: Runner,
    tearlist: str,
    python: str,
    env: Mapping[str, str],
    catalogue: Path,
    titles: int,
    pairs: int,
) -> list[Case]:
    """Output of many titles from a warm index: listings and a search against jq over the same
    titles exported as JSON (skipped, with a note, where jq is not installed); a search with
    --avoid against the same search without it; a completion with 10,000 candidates against
    the bundled catalogue's; and a search with the index turned off, for its memory."""
    data = ("--data", str(catalogue))
    size = f"{titles:,} titles"

    def command(*args: str, variables: Mapping[str, str] | None = None) -> Command:
        return Command((tearlist, *data, *args), {**env, **(variables or {})}, piped=True)

    search = command("search", SEARCH_NAME, "--format", "json")
    cases = []
    jq = shutil.which("jq")
    if jq is None:
        print("note: jq is not installed (apt-get install jq); its comparisons are skipped")
    else:
        exported = run.folder / "all.json"
        run.run(Command((tearlist, *data, "export", str(exported), "--force"), env))

        def against_jq(name: str, case: Command, *program: str, budget: float) -> Case:
            shown = " ".join(shlex.quote(part) for part in program)
            baseline = Command((jq, *program, str(exported)), env, piped=True)
            return Case(
                f"warm {name}, {size}",
                case,
                f"jq {shown}",
                baseline,
                pairs,
                budget,
                None,
                BUDGET_WARM_MIB,
            )

        cases += [
            against_jq(
                "list --format jsonl",
                command("list", "--format", "jsonl"),
                "-c",
                ".[]",
                budget=BUDGET_JQ_LIST,
            ),
            against_jq(
                "list --format json",
                command("list", "--format", "json"),
                ".",
                budget=BUDGET_JQ_LIST,
            ),
            against_jq(
                f"search {SEARCH_NAME!r} --format json",
                search,
                "-c",
                JQ_SEARCH,
                budget=BUDGET_JQ_SEARCH,
            ),
        ]
    words = {"_TEARLIST_COMPLETE": "complete_bash", "COMP_CWORD": "4"}
    cases += [
        Case(
            f"warm search --avoid suicide, {size}",
            command("search", SEARCH_NAME, "--avoid", "suicide", "--format", "json"),
            "the same search without --avoid",
            search,
            pairs,
            BUDGET_AVOID,
            None,
            BUDGET_WARM_MIB,
        ),
        Case(
            f"warm complete 'show Tra<TAB>', {size}",
            Command(
                (tearlist,),
                {**env, **words, "COMP_WORDS": f"tearlist {shlex.join(data)} show Tra"},
                piped=True,
            ),
            "complete 'show Tra<TAB>', bundled",
            Command(
                (tearlist,),
                {**env, **words, "COMP_CWORD": "2", "COMP_WORDS": COMPLETION_WORDS},
                piped=True,
            ),
            pairs,
            BUDGET_MANY_COMPLETIONS,
            contains(f"Train\\ to\\ Busan\\ \\#{titles - titles % 10 - 5}"),
            BUDGET_WARM_MIB,
        ),
        Case(
            f"search without the index (TEARLIST_CACHE=), {size}",
            command("search", SEARCH_NAME, "--format", "json", variables={"TEARLIST_CACHE": ""}),
            "python -c pass",
            Command((python, "-c", "pass"), env),
            min(pairs, 2),
            None,
            None,
            BUDGET_WHOLE_MIB,
        ),
    ]
    return cases


def cold_case(
    tearlist: str, python: str, env: Mapping[str, str], catalogue: Path, size: int, pairs: int
) -> Case:
    """The first search of a catalogue, its index removed before each run, against yaml.load."""
    data = ("--data", str(catalogue))
    cold = Command(
        (
            *("/bin/sh", "-c", 'rm -f "$0"/*.sqlite; exec "$@"', env["TEARLIST_CACHE"]),
            *(tearlist, *data, "search", SEARCH_NAME, "--format", "json"),
        ),
        env,
        piped=True,
    )
    load = (
        f"import yaml; yaml.load(open({str(catalogue)!r}, encoding='utf-8'), "
        "Loader=yaml.CSafeLoader)"
    )
    return Case(
        f"cold search {size:,} titles",
        cold,
        "yaml.load CSafeLoader",
        Command((python, "-c", load), env),
        pairs,
        BUDGET_COLD,
        found_throughout(size),
        BUDGET_COLD_MIB,
    )


def settle(catalogue: Path) -> None:
    """Wait until a new file counts as settled, so that its index is kept at the first run."""
    age = time.time() - catalogue.stat().st_mtime
    time.sleep(max(0.0, 2.5 - age))


def contains(text: str) -> Verify:
    """A check that the output contains a text."""

    def verify(output: str) -> str | None:
        return None if text in output else f"expected {text!r} in it, got {output[:500]!r}"

    return verify


def found_throughout(size: int) -> Verify:
    """A check that a search found titles all through a catalogue of size titles.

    SEARCH_NAME is in the cast of 2 of every 10 titles, MR_SEARCH_NAME of 1 (the first of
    each ten, so the last is among the last ten titles): at least one title in ten must be
    found, and one among the last ten, or the catalogue was not read to its end.
    """

    def verify(output: str) -> str | None:
        try:
            ranks = [int(hit["rank"]) for hit in json.loads(output)]
        except (ValueError, TypeError, KeyError) as error:
            return f"not a JSON list of titles ({error}): {output[:200]!r}"
        if len(ranks) < size // 10 or max(ranks, default=0) <= size - 10:
            return f"{len(ranks)} titles found up to rank {max(ranks, default=0)}"
        return None

    return verify


# Generated catalogues


def _yaml() -> Any:
    """PyYAML, or None when this interpreter does not have it."""
    try:
        return importlib.import_module("yaml")
    except ImportError:
        return None


def replicate(records: Sequence[Mapping[str, Any]], size: int) -> list[dict[str, Any]]:
    """size records cycling through the given ones, each with a unique rank and title."""
    made: list[dict[str, Any]] = []
    for rank in range(1, size + 1):
        record: dict[str, Any] = copy.deepcopy(dict(records[(rank - 1) % len(records)]))
        record["rank"] = rank
        record["title"] = f"{record['title']} #{rank}"
        made.append(record)
    return made


def write_catalogue(source: Path, target: Path, size: int) -> None:
    """Read an exported catalogue with PyYAML and write one of size titles made from it."""
    yaml = _yaml()
    if yaml is None:
        raise BenchError(f"PyYAML cannot be imported by {sys.executable}")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    records = yaml.load(source.read_text(encoding="utf-8"), Loader=loader)
    if not isinstance(records, list) or not records:
        raise BenchError(f"{source}: the exported catalogue is not a list of titles")
    text = yaml.dump(replicate(records, size), Dumper=dumper, allow_unicode=True, sort_keys=False)
    target.write_text(text, encoding="utf-8")


def generate_catalogues(
    run: Runner, tearlist: str, python: str, env: Mapping[str, str], sizes: Sequence[int]
) -> dict[int, Path]:
    """Export the bundled catalogue with tearlist and grow it to each size."""
    exported = run.folder / "bundled.yaml"
    run.run(Command((tearlist, "export", str(exported), "--force"), env))
    catalogues: dict[int, Path] = {}
    for size in sizes:
        target = run.folder / f"titles-{size}.yaml"
        if _yaml() is not None:
            write_catalogue(exported, target, size)
        else:  # this interpreter has no PyYAML: let the one tearlist uses write the file
            script = str(Path(__file__).resolve())
            generate = (python, script, "--generate", str(exported), str(target), str(size))
            run.run(Command(generate, env))
        catalogues[size] = target
    return catalogues


def scale_results(searches: Mapping[int, CaseResult]) -> list[ScaleResult]:
    """The growth of search time between each size and the next larger one."""
    sizes = sorted(searches)
    return [
        ScaleResult(
            searches[small],
            searches[large],
            small,
            large,
            BUDGET_SCALE if (small, large) == SCALE_SIZES else None,
        )
        for small, large in itertools.pairwise(sizes)
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
