"""The benchmark's large catalogues: generated from the bundled one and searched at each size,
and one kept in an index, whose lookups, first search and output of many titles are timed.

A generated catalogue cycles through the bundled titles, each copy with a rank and title of its
own ("Train to Busan #15"), so that SEARCH_NAME is in the cast of 2 titles of every 10 and
MR_SEARCH_NAME of 1.
"""

from __future__ import annotations

import copy
import importlib
import itertools
import json
import shlex
import shutil
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from timing import BenchError, Case, CaseResult, Command, Runner, Verify, contains

BIG_SIZE = 10000  # catalogues of this many titles or more are timed with --big-pairs
SEARCH_NAME = "Son Ye-jin"
# The same search by a McCune-Reischauer spelling (Ryu Seung-ryong, in 1 title of 10),
# which is read through the Hangul's syllables rather than as written.
MR_SEARCH_NAME = "Ryu Sŭngnyong"
# Writes a catalogue with the interpreter it runs in, when this one has no PyYAML.
GENERATOR = Path(__file__).resolve().with_name("run.py")

# Budgets: the most a figure may be.
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


# Searched catalogues


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


# The indexed catalogue


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
            completing(
                tearlist,
                env,
                f"tearlist --data {shlex.quote(str(catalogue))} show {shlex.quote(ref)}",
            ),
            completing(tearlist, env, f"tearlist show {shlex.quote(bundled)}"),
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
    return [
        *jq_cases(run, tearlist, env, catalogue, titles, pairs),
        avoid_case(tearlist, env, catalogue, titles, pairs),
        many_completions_case(tearlist, env, catalogue, titles, pairs),
        unindexed_case(tearlist, python, env, catalogue, titles, pairs),
    ]


def jq_cases(
    run: Runner, tearlist: str, env: Mapping[str, str], catalogue: Path, titles: int, pairs: int
) -> list[Case]:
    """Listings and a search of a catalogue, against jq over its titles exported as JSON: none,
    with a note, where jq is not installed."""
    jq = shutil.which("jq")
    if jq is None:
        print("note: jq is not installed (apt-get install jq); its comparisons are skipped")
        return []
    exported = run.folder / "all.json"
    run.run(Command((tearlist, "--data", str(catalogue), "export", str(exported), "--force"), env))

    def against_jq(name: str, args: Sequence[str], program: Sequence[str], budget: float) -> Case:
        shown = " ".join(shlex.quote(part) for part in program)
        return Case(
            f"warm {name}, {titles:,} titles",
            on_catalogue(tearlist, env, catalogue, *args),
            f"jq {shown}",
            Command((jq, *program, str(exported)), env, piped=True),
            pairs,
            budget,
            None,
            BUDGET_WARM_MIB,
        )

    return [
        against_jq(
            "list --format jsonl", ("list", "--format", "jsonl"), ("-c", ".[]"), BUDGET_JQ_LIST
        ),
        against_jq("list --format json", ("list", "--format", "json"), (".",), BUDGET_JQ_LIST),
        against_jq(
            f"search {SEARCH_NAME!r} --format json",
            ("search", SEARCH_NAME, "--format", "json"),
            ("-c", JQ_SEARCH),
            BUDGET_JQ_SEARCH,
        ),
    ]


def avoid_case(
    tearlist: str, env: Mapping[str, str], catalogue: Path, titles: int, pairs: int
) -> Case:
    """The search with --avoid, against the same search without it."""
    return Case(
        f"warm search --avoid suicide, {titles:,} titles",
        searching(tearlist, env, catalogue, "--avoid", "suicide"),
        "the same search without --avoid",
        searching(tearlist, env, catalogue),
        pairs,
        BUDGET_AVOID,
        None,
        BUDGET_WARM_MIB,
    )


def many_completions_case(
    tearlist: str, env: Mapping[str, str], catalogue: Path, titles: int, pairs: int
) -> Case:
    """The completion of "show Tra", to which every copy of Train to Busan (a tenth of the
    titles) is a candidate, against the same completion on the bundled catalogue."""
    words = "show Tra"
    data = shlex.join(("--data", str(catalogue)))
    return Case(
        f"warm complete '{words}<TAB>', {titles:,} titles",
        completing(tearlist, env, f"tearlist {data} {words}"),
        f"complete '{words}<TAB>', bundled",
        completing(tearlist, env, f"tearlist {words}"),
        pairs,
        BUDGET_MANY_COMPLETIONS,
        contains(f"Train\\ to\\ Busan\\ \\#{titles - titles % 10 - 5}"),
        BUDGET_WARM_MIB,
    )


def unindexed_case(
    tearlist: str, python: str, env: Mapping[str, str], catalogue: Path, titles: int, pairs: int
) -> Case:
    """The search with the index turned off, which reads the whole file: timed against
    python -c pass, with two pairs at most, for its peak memory."""
    return Case(
        f"search without the index (TEARLIST_CACHE=), {titles:,} titles",
        searching(tearlist, {**env, "TEARLIST_CACHE": ""}, catalogue),
        "python -c pass",
        Command((python, "-c", "pass"), env),
        min(pairs, 2),
        None,
        None,
        BUDGET_WHOLE_MIB,
    )


def on_catalogue(tearlist: str, env: Mapping[str, str], catalogue: Path, *args: str) -> Command:
    """tearlist on a generated catalogue, its output piped."""
    return Command((tearlist, "--data", str(catalogue), *args), env, piped=True)


def searching(tearlist: str, env: Mapping[str, str], catalogue: Path, *options: str) -> Command:
    """The search of a generated catalogue for SEARCH_NAME, as JSON."""
    return on_catalogue(
        tearlist, env, catalogue, "search", SEARCH_NAME, *options, "--format", "json"
    )


def completing(tearlist: str, env: Mapping[str, str], line: str) -> Command:
    """tearlist asked by bash for the completions of a command line, as typed so far."""
    variables = {"_TEARLIST_COMPLETE": "complete_bash", "COMP_WORDS": line}
    variables["COMP_CWORD"] = str(len(shlex.split(line)) - 1)
    return Command((tearlist,), {**env, **variables}, piped=True)


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
            generate = (python, str(GENERATOR), "--generate", str(exported), str(target), str(size))
            run.run(Command(generate, env))
        catalogues[size] = target
    return catalogues
