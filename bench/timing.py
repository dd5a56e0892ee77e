"""Timing runs of commands for bench/run.py: cases, their samples, and the helper that runs them.

Children are started by a small helper process (see _spawner), which times each one with
time.perf_counter from just before its fork to the return of os.wait4, and reads its peak
resident set size from the rusage that os.wait4 returns.
"""

from __future__ import annotations

import inspect
import json
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Verify = Callable[[str], str | None]  # None if the output is right, else what is wrong


def contains(text: str) -> Verify:
    """A check that the output contains a text."""

    def verify(output: str) -> str | None:
        return None if text in output else f"expected {text!r} in it, got {output[:500]!r}"

    return verify


class BenchError(Exception):
    """A reason to stop the benchmark: a run that failed, or a tool that is missing."""


@dataclass(frozen=True)
class Command:
    """One program to start: its arguments, its environment, and where its output goes."""

    argv: tuple[str, ...]
    env: Mapping[str, str]
    piped: bool = False  # stdout to a pipe that is read and discarded; else to /dev/null

    def shown(self) -> str:
        return " ".join(quoted(arg) for arg in self.argv)


@dataclass(frozen=True)
class Sample:
    """One timed run of a child process."""

    seconds: float
    peak_rss_kib: int


@dataclass(frozen=True)
class Case:
    """What is timed, against what, how many times, and the most its ratio may be."""

    name: str
    command: Command
    baseline_name: str
    baseline: Command
    pairs: int
    budget: float | None = None
    verify: Verify | None = None  # checks what the case prints, once, untimed
    memory_budget_mib: float | None = None  # the most its median peak RSS may be


@dataclass
class CaseResult:
    """The samples of one case and its baseline, one of each per pair."""

    case: Case
    case_samples: list[Sample] = field(default_factory=list)
    baseline_samples: list[Sample] = field(default_factory=list)

    @property
    def ratios(self) -> list[float]:
        return [
            case.seconds / base.seconds
            for case, base in zip(self.case_samples, self.baseline_samples, strict=True)
        ]

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    @property
    def case_ms(self) -> float:
        return 1000 * statistics.median(sample.seconds for sample in self.case_samples)

    @property
    def baseline_ms(self) -> float:
        return 1000 * statistics.median(sample.seconds for sample in self.baseline_samples)

    @property
    def case_mib(self) -> float:
        return statistics.median(sample.peak_rss_kib for sample in self.case_samples) / 1024

    @property
    def baseline_mib(self) -> float:
        return statistics.median(sample.peak_rss_kib for sample in self.baseline_samples) / 1024

    @property
    def passed(self) -> bool | None:
        verdicts = [
            self.ratio <= self.case.budget if self.case.budget is not None else None,
            self.case_mib <= self.case.memory_budget_mib
            if self.case.memory_budget_mib is not None
            else None,
        ]
        known = [verdict for verdict in verdicts if verdict is not None]
        return all(known) if known else None

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.case.name,
            "command": list(self.case.command.argv),
            "baseline_name": self.case.baseline_name,
            "baseline": list(self.case.baseline.argv),
            "pairs": self.case.pairs,
            "median_ratio": self.ratio,
            "ratios": self.ratios,
            "budget": self.case.budget,
            "memory_budget_mib": self.case.memory_budget_mib,
            "passed": self.passed,
            "median_ms": self.case_ms,
            "baseline_median_ms": self.baseline_ms,
            "median_peak_rss_mib": self.case_mib,
            "baseline_median_peak_rss_mib": self.baseline_mib,
            "seconds": [sample.seconds for sample in self.case_samples],
            "baseline_seconds": [sample.seconds for sample in self.baseline_samples],
            "peak_rss_kib": [sample.peak_rss_kib for sample in self.case_samples],
            "baseline_peak_rss_kib": [sample.peak_rss_kib for sample in self.baseline_samples],
        }


# Running children


def quoted(arg: str) -> str:
    return arg if arg and all(c.isalnum() or c in "-_./=,:" for c in arg) else repr(arg)


def _rss_kib(maxrss: int) -> int:
    """ru_maxrss is in KiB on Linux and in bytes on macOS."""
    return maxrss // 1024 if sys.platform == "darwin" else maxrss


def _spawner() -> None:
    """Start children on request: one JSON line in on stdin, one JSON line out per child.

    This runs in a small interpreter of its own (python -I -S -c <this function's source>),
    so it uses nothing from the rest of this file. The reason: a child's ru_maxrss counts
    the memory of the process it was forked from (the whole peak of that process when it is
    vforked, as subprocess does), so children started by the benchmark itself would all
    seem to need as much memory as the benchmark. Forked from this small helper, a child's
    peak RSS is its own as soon as it is above a few MiB. Each child is timed from just
    before the fork to the return of os.wait4, which also gives its resource usage.
    """
    import json
    import os
    import sys
    import time

    for line in sys.stdin:
        request = json.loads(line)
        argv: list[str] = request["argv"]
        null = os.open(os.devnull, os.O_RDWR)
        errors = os.open(request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        reader, writer = os.pipe() if request["piped"] else (-1, null)
        start = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            try:
                os.dup2(null, 0)
                os.dup2(writer, 1)
                os.dup2(errors, 2)
                os.execve(argv[0], argv, request["env"])
            except OSError as error:
                os.write(2, f"cannot run {argv[0]}: {error}\n".encode())
            finally:
                os._exit(127)
        for descriptor in {null, errors, writer}:
            os.close(descriptor)
        chunks: list[bytes] = []
        if reader >= 0:
            while chunk := os.read(reader, 1 << 16):
                if request["capture"]:
                    chunks.append(chunk)
            os.close(reader)
        _, status, usage = os.wait4(pid, 0)
        seconds = time.perf_counter() - start
        reply = {
            "seconds": seconds,
            "maxrss": usage.ru_maxrss,
            "status": os.waitstatus_to_exitcode(status),
            "stdout": b"".join(chunks).decode("utf-8", "replace"),
        }
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


class Runner:
    """Runs commands through the spawner helper and checks that each one succeeds."""

    def __init__(self, folder: Path) -> None:
        code = f"{inspect.getsource(_spawner)}\n{_spawner.__name__}()\n"
        self.folder = folder
        self.stderr_path = folder / "stderr.txt"
        self.helper = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", code],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def run(self, command: Command, *, capture: bool = False) -> tuple[Sample, str]:
        """Run a command once, and fail unless it exits with status 0."""
        request = {
            "argv": list(command.argv),
            "env": dict(command.env),
            "piped": command.piped or capture,
            "capture": capture,
            "stderr": str(self.stderr_path),
        }
        reply = self._ask(request)
        if reply["status"] != 0:
            message = self.stderr_path.read_text(encoding="utf-8", errors="replace").strip()
            raise BenchError(
                f"run failed with exit status {reply['status']}: {command.shown()}"
                + (f"\n{message[-2000:]}" if message else "")
            )
        sample = Sample(float(reply["seconds"]), _rss_kib(int(reply["maxrss"])))
        return sample, str(reply["stdout"])

    def output(self, command: Command) -> str:
        """What a command prints, run once with its output piped."""
        return self.run(command, capture=True)[1]

    def _ask(self, request: Mapping[str, Any]) -> dict[str, Any]:
        assert self.helper.stdin is not None and self.helper.stdout is not None
        try:
            self.helper.stdin.write(json.dumps(request) + "\n")
            self.helper.stdin.flush()
            line = self.helper.stdout.readline()
        except OSError as error:
            raise BenchError(f"the helper that starts the runs has stopped: {error}") from None
        if not line:
            raise BenchError("the helper that starts the runs has stopped")
        reply: dict[str, Any] = json.loads(line)
        return reply

    def close(self) -> None:
        if self.helper.stdin is not None:
            self.helper.stdin.close()
        self.helper.wait()
        if self.helper.stdout is not None:
            self.helper.stdout.close()


@contextmanager
def runner() -> Iterator[Runner]:
    """A Runner, with a temporary folder for its files and the generated catalogues."""
    with tempfile.TemporaryDirectory(prefix="tearlist-bench-") as folder:
        started = Runner(Path(folder))
        try:
            yield started
        finally:
            started.close()


def measure(run: Runner, case: Case, warmup: int) -> CaseResult:
    """Warm up, check the expected output once, then time the case in alternating pairs."""
    for _ in range(warmup):
        run.run(case.baseline)
        run.run(case.command)
    if case.verify is not None:
        wrong = case.verify(run.output(case.command))
        if wrong is not None:
            raise BenchError(f"{case.name}: wrong output from {case.command.shown()}: {wrong}")
    result = CaseResult(case)
    for index in range(case.pairs):
        base, timed = _pair(run, case, baseline_first=index % 2 == 0)
        result.baseline_samples.append(base)
        result.case_samples.append(timed)
        progress(f"  {case.name}: pair {index + 1}/{case.pairs}")
    progress("")
    return result


def _pair(run: Runner, case: Case, *, baseline_first: bool) -> tuple[Sample, Sample]:
    """One timed run of the baseline and one of the case, in the order given."""
    if baseline_first:
        base, _ = run.run(case.baseline)
        timed, _ = run.run(case.command)
    else:
        timed, _ = run.run(case.command)
        base, _ = run.run(case.baseline)
    return base, timed


def progress(text: str) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\r{text:<70}\r" if text else "\r" + " " * 70 + "\r")
        sys.stderr.flush()
