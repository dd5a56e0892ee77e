"""Bad catalogue files: one short message naming the file, what is wrong and where, and exit 3 or 4.

The corpus is tests/bad/, one small file per case, each with the exact message it must give.
Files that cannot sensibly be committed (binary junk, a 50,000-level nesting, a missing file, a
folder, an unreadable file, a file of 100,000 titles) are made in a temporary folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tearlist import loading
from tearlist.__main__ import run

BAD = Path(__file__).parent / "bad"
LIBYAML = hasattr(yaml, "CSafeLoader")
needs_libyaml = pytest.mark.skipif(
    not LIBYAML, reason="PyYAML's pure-Python parser words its syntax errors differently"
)

TEXT_FIELDS = "rank, title, korean_title, alt_titles, kind, released, directors, cast, synopsis"
FIELD_LIST = (
    f"{TEXT_FIELDS}, content_notes, episodes, network, runtime, genres, age_rating, based_on, "
    "remade_as, awards, wikipedia, wikidata, imdb"
)
MIRACLE = "title 'Miracle in Cell No. 7' (rank 1)"
PYTHON_TAG = "YAML error: the tag '!!python/{}' is not supported: a catalogue holds plain data"

# Each corpus file, and what follows "tearlist: <the path as given>" on stderr; all exit 3.
CORPUS: dict[str, str] = {
    # empty
    "empty.yaml": ": the catalogue is empty: expected a list of titles",
    "only-comments.yaml": ": the catalogue is empty: expected a list of titles",
    # not UTF-8
    "not-utf8.yaml": ":2:13: not UTF-8 text: byte 0xe9 cannot be decoded; save the file as UTF-8",
    "utf16.yaml": ":1:1: not UTF-8 text: byte 0xff cannot be decoded; save the file as UTF-8",
    # YAML and JSON syntax
    "syntax-error.yaml": ":3:8: YAML syntax error: mapping values are not allowed in this context",
    "unclosed-quote.yaml": (
        ":4:1: YAML syntax error: found unexpected end of stream while scanning a quoted scalar"
    ),
    "tab-indent.yaml": (
        ":2:1: YAML syntax error: found a tab character that violates indentation while"
        " scanning a plain scalar (a tab cannot indent YAML; use spaces)"
    ),
    "two-documents.yaml": (
        ":7:1: YAML syntax error: expected a single document in the stream,"
        " but found another document"
    ),
    "bad-syntax.json": ":1:47: JSON syntax error: Expecting property name enclosed in double quotes",
    # the wrong shape
    "top-level-scalar.yaml": ":1:1: expected a list of titles, found 'Miracle in Cell No. 7'",
    "top-level-mapping.yaml": ":1:1: expected a list of titles, found a mapping of 2 keys",
    "top-level-number.json": ":1:1: expected a list of titles, found the number 42",
    "list-of-numbers.yaml": (
        ":1:3: record 1: expected a title (a mapping of fields), found the number 1"
        " (and 2 more; 'tearlist validate' lists them all)"
    ),
    # fields
    "missing-field.yaml": f":1:3: {MIRACLE}: missing required field 'cast'",
    "rank-missing.yaml": ":1:3: title 'Miracle in Cell No. 7': missing required field 'rank'",
    "unknown-field-typo.yaml": f":7:3: {MIRACLE}: unknown field 'synopis'; did you mean 'synopsis'?",
    "unknown-field.yaml": f":7:3: {MIRACLE}: unknown field 'budget'; expected one of: {FIELD_LIST}",
    "wrong-type-cast.yaml": (
        f":6:9: {MIRACLE}, field 'cast': expected a list of people, found 'Ryu Seung-ryong'"
    ),
    "wrong-type-title.yaml": (
        ":2:10: rank 1, field 'title': expected text, found the number 2013"
        " (put it in quotes to make it text)"
    ),
    "wrong-type.json": (
        ":1:11: title 'Miracle in Cell No. 7', field 'rank':"
        " expected a positive whole number, found '1'"
    ),
    "bad-bool-tag.yaml": ":3:9: YAML error: 'maybe' is not true or false",
    "empty-int-tag.yaml": ":1:9: YAML error: '' is not a whole number",
    "long-value.yaml": (
        f":3:9: {MIRACLE}, field 'kind': expected 'film' or 'series',"
        " found 'documentarydocumentarydocumentarydocumen…'"
    ),
    # ranks
    "rank-zero.yaml": (
        ":1:9: title 'Miracle in Cell No. 7' (rank 0), field 'rank':"
        " expected a positive whole number, found the number 0"
    ),
    "rank-negative.yaml": (
        ":1:9: title 'Miracle in Cell No. 7' (rank -3), field 'rank':"
        " expected a positive whole number, found the number -3"
    ),
    "rank-text.yaml": (
        ":1:9: title 'Miracle in Cell No. 7', field 'rank':"
        " expected a positive whole number, found 'first'"
    ),
    "rank-decimal.yaml": (
        ":1:9: title 'Miracle in Cell No. 7', field 'rank':"
        " expected a positive whole number, found the number 1.5"
    ),
    # duplicates
    "duplicate-rank.yaml": (
        ":7:9: title 'Hello Ghost' (rank 1), field 'rank':"
        " rank 1 is also used by 'Miracle in Cell No. 7'"
    ),
    "duplicate-title.yaml": (
        ":8:10: title 'MIRACLE IN CELL NO 7' (rank 2), field 'title':"
        " the title is already used by 'Miracle in Cell No. 7'"
    ),
    # dates
    "impossible-date.yaml": (
        f":4:13: {MIRACLE}, field 'released':"
        " not a real date (day is out of range for month), found '2013-02-30'"
    ),
    "not-a-date.yaml": (
        f":4:13: {MIRACLE}, field 'released':"
        " expected a date such as 2013-01-23 or January 23, 2013, found 'sometime soon'"
    ),
    "partial-date.yaml": (
        f":4:13: {MIRACLE}, field 'released':"
        " a partial date: give the year, month and day, found 'January 2013'"
    ),
    # tags that would build Python objects
    "python-object-apply.yaml": ":1:3: " + PYTHON_TAG.format("object/apply:os.system"),
    "python-object-new.yaml": ":1:3: " + PYTHON_TAG.format("object/new:os.system"),
    "python-name.yaml": ":2:10: " + PYTHON_TAG.format("name:os.system"),
    # billion laughs: reported by size, never expanded
    "alias-bomb.yaml": (
        ":2:3: record 1: expected a title (a mapping of fields), found a list of 9 items"
        " (and 8 more; 'tearlist validate' lists them all)"
    ),
    "alias-bomb-in-field.yaml": (
        ":6:19: title 'Billion Laughs' (rank 1), field 'content_notes':"
        " expected text, found a list of 9 items (and 13 more; 'tearlist validate' lists them all)"
    ),
    # several problems: the first is shown, and validate lists them all
    "several-problems.yaml": (
        f":3:9: {MIRACLE}, field 'kind': expected 'film' or 'series', found 'flim'"
        " (and 6 more; 'tearlist validate' lists them all)"
    ),
}
# Messages that come from libyaml's parser; PyYAML's pure-Python one words them differently.
LIBYAML_WORDING = {"syntax-error.yaml", "tab-indent.yaml"}


def run_list(path: Path | str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run `tearlist --data PATH list --format json` in-process: exit code, stdout, stderr."""
    code = run(["--data", str(path), "list", "--format", "json"])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("name", "tail"),
    [
        pytest.param(name, tail, id=name, marks=[needs_libyaml] if name in LIBYAML_WORDING else [])
        for name, tail in CORPUS.items()
    ],
)
def test_corpus_file_gives_its_exact_message_and_exit_3(
    capsys: pytest.CaptureFixture[str], name: str, tail: str
) -> None:
    """Each corpus file: exit 3, nothing on stdout, one short line naming the file, where and what."""
    path = BAD / name
    assert run_list(path, capsys) == (3, "", f"tearlist: {path}{tail}\n")
    assert len(tail) < 300


def test_corpus_table_and_folder_agree() -> None:
    """Every file in tests/bad has its expected message, and every expected message has its file."""
    assert sorted(path.name for path in BAD.iterdir()) == sorted(CORPUS)


def test_path_in_the_message_is_the_one_given(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A relative --data path is named as typed, not made absolute."""
    monkeypatch.chdir(BAD.parent)
    tail = CORPUS["rank-zero.yaml"]
    assert run_list("bad/rank-zero.yaml", capsys) == (
        3,
        "",
        f"tearlist: bad/rank-zero.yaml{tail}\n",
    )


# Made at test time: name -> (file content, what follows the path on stderr).
GENERATED: dict[str, tuple[bytes, str]] = {
    "junk.png": (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
        ":1:1: not UTF-8 text: byte 0x89 cannot be decoded; save the file as UTF-8",
    ),
    "junk.elf": (
        b"\x7fELF\x02\x01\x01" + bytes(64),
        ":1:1: not a text file: character 0x7f is not allowed in YAML",
    ),
    "nul-in-text.yaml": (
        b"- rank: 1\n  title: Miracle\x00\n",
        ":2:17: not a text file: character 0x00 is not allowed in YAML",
    ),
    "hex-rank.yaml": (
        b"- {rank: 0x" + b"f" * 5000 + b", title: T, kind: film, directors: [], cast: []}\n",
        ":1:10: title 'T', field 'rank': expected a positive whole number, found"
        " '0xffffffffffffffffffffffffffffffffffffff…'",
    ),
    "octal-rank.yaml": (
        b"- {rank: 010, title: T, kind: film, directors: [], cast: []}\n",
        ":1:10: title 'T', field 'rank': expected a positive whole number, found '010'",
    ),
    "sexagesimal-episodes.yaml": (
        b"- {rank: 1, title: T, kind: series, episodes: 1:20, directors: [], cast: []}\n",
        ":1:47: title 'T' (rank 1), field 'episodes': expected a positive whole number,"
        " found '1:20'",
    ),
    "null-kind.yaml": (
        b"- {rank: 1, title: T, kind: null, directors: [], cast: []}\n",
        ":1:29: title 'T' (rank 1), field 'kind': expected 'film' or 'series', found nothing",
    ),
    "null-rank.yaml": (
        b"- {rank: null, title: T, kind: film, directors: [], cast: []}\n",
        ":1:10: title 'T', field 'rank': expected a positive whole number, found nothing",
    ),
    "null-cast.yaml": (
        b"- {rank: 1, title: T, kind: film, directors: [], cast: ~}\n",
        ":1:56: title 'T' (rank 1), field 'cast': expected a list of people, found nothing",
    ),
    "lone-surrogate.json": (
        b'[{"rank": 1, "title": "A\\ud800", "kind": "film", "directors": [], "cast": []}]',
        ":1:23: title 'A\\ud800' (rank 1), field 'title': not valid Unicode text (it holds a lone"
        " surrogate)",
    ),
    "key-twice.json": (
        b'[{"rank": 1, "rank": 2, "title": "A", "kind": "film", "directors": [], "cast": []}]',
        ": JSON error: the key 'rank' is written twice in one object",
    ),
    "ambiguous-date.yaml": (
        b"- {rank: 1, title: T, kind: film, released: 1/2/3, directors: [], cast: []}\n",
        ":1:45: title 'T' (rank 1), field 'released': expected a date such as 2013-01-23"
        " or January 23, 2013, found '1/2/3'",
    ),
    "huge-decimal.yaml": (
        b"- rank: " + b"9" * 5000 + b"\n",
        ":1:9: YAML error: the number '99999999999999999999…' is too large (more than 1000 digits)",
    ),
    "huge-rank.json": (
        b'[{"rank": ' + b"9" * 5000 + b"}]",
        ":1:11: the number '99999999999999999999…' is too large (more than 1000 digits)",
    ),
    "duplicate-rank-long-title.yaml": (
        b"- {rank: 1, title: " + b"T" * 5000 + b", kind: film, directors: [A], cast: [B]}\n"
        b"- {rank: 1, title: Hello Ghost, kind: film, directors: [A], cast: [B]}\n",
        ":2:10: title 'Hello Ghost' (rank 1), field 'rank': rank 1 is also used by '"
        + "T" * 40
        + "…'",
    ),
    "wikidata-url.yaml": (
        b"- {rank: 1, title: T, kind: film, directors: [], cast: [],"
        b" wikidata: 'https://www.wikidata.org/wiki/Q1'}\n",
        ":1:70: title 'T' (rank 1), field 'wikidata': expected a Wikidata item id such as Q12345,"
        " found 'https://www.wikidata.org/wiki/Q1'",
    ),
    "imdb-number.yaml": (
        b"- {rank: 1, title: T, kind: film, directors: [], cast: [], imdb: 21750}\n",
        ":1:66: title 'T' (rank 1), field 'imdb': expected text, found the number 21750"
        " (put it in quotes to make it text)",
    ),
    "imdb-short.yaml": (
        b"- {rank: 1, title: T, kind: film, directors: [], cast: [], imdb: tt123}\n",
        ":1:66: title 'T' (rank 1), field 'imdb': expected an IMDb title id such as tt0012345,"
        " found 'tt123'",
    ),
    "long-tag.yaml": (
        b"- !" + b"x" * 5000 + b" 1\n",
        ":1:3: YAML error: the tag '!" + "x" * 39 + "…' is not supported:"
        " a catalogue holds plain data",
    ),
}
GENERATED_CASES = [pytest.param(name, *case, id=name) for name, case in GENERATED.items()]


@pytest.mark.parametrize(("name", "content", "tail"), GENERATED_CASES)
def test_generated_bad_file_gives_its_exact_message_and_exit_3(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, content: bytes, tail: str
) -> None:
    """Binary junk, absurd numbers and tags: exit 3 and one short line, no traceback."""
    path = tmp_path / name
    path.write_bytes(content)
    assert run_list(path, capsys) == (3, "", f"tearlist: {path}{tail}\n")
    assert len(tail) < 300


def test_missing_file_exits_4(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A file that does not exist: exit 4, 'no such file'."""
    path = tmp_path / "missing.yaml"
    assert run_list(path, capsys) == (4, "", f"tearlist: --data: {path}: no such file\n")


def test_folder_exits_4(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A folder given as the catalogue: exit 4, and says it is a folder."""
    assert run_list(tmp_path, capsys) == (
        4,
        "",
        f"tearlist: --data: {tmp_path}: is a folder, not a catalogue file\n",
    )


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root reads a file whatever its permissions",
)
def test_unreadable_file_exits_4(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A file without read permission (chmod 000): exit 4, 'permission denied'."""
    path = tmp_path / "locked.yaml"
    path.write_text("- rank: 1\n")
    path.chmod(0)
    try:
        assert run_list(path, capsys) == (4, "", f"tearlist: --data: {path}: permission denied\n")
    finally:
        path.chmod(0o600)


def test_permission_error_exits_4(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Reading refused by the system (simulated, so it is checked as root too): exit 4."""
    path = tmp_path / "locked.yaml"
    path.write_text("- rank: 1\n")

    def refuse(self: Path, *args: object, **kwargs: object) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    assert run_list(path, capsys) == (4, "", f"tearlist: --data: {path}: permission denied\n")


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux's /proc/self/mem")
def test_file_that_fails_to_read_exits_4(capsys: pytest.CaptureFixture[str]) -> None:
    """A file that opens but cannot be read (/proc/self/mem gives EIO, even to root): exit 4."""
    assert run_list("/proc/self/mem", capsys) == (
        4,
        "",
        "tearlist: --data: /proc/self/mem: cannot read: Input/output error\n",
    )


def test_validate_lists_every_problem_with_file_line_and_column(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`validate` reports all seven problems of a file in one run, by line, and exits 3."""
    path = BAD / "several-problems.yaml"
    code = run(["validate", str(path)])
    out, err = capsys.readouterr()
    good_doctor = "title 'Good Doctor'"
    problems = [
        f"{path}:3:9: {MIRACLE}, field 'kind': expected 'film' or 'series', found 'flim'",
        f"{path}:4:13: {MIRACLE}, field 'released':"
        " not a real date (day is out of range for month), found '2013-02-30'",
        f"{path}:15:9: title 'A Moment to Remember' (rank 2), field 'rank':"
        " rank 2 is also used by 'Hello Ghost'",
        f"{path}:21:3: {good_doctor}: missing required field 'cast'",
        f"{path}:21:9: {good_doctor}, field 'rank': expected a positive whole number, found 'three'",
        f"{path}:25:13: {good_doctor}, field 'episodes':"
        " expected a positive whole number, found the number 0",
        f"{path}:26:3: {good_doctor}: unknown field 'netwrok'; did you mean 'network'?",
    ]
    assert (code, out) == (3, "")
    assert err == "".join(f"tearlist: {problem}\n" for problem in problems)


def test_validate_lists_the_alias_bomb_without_expanding_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`validate` on the billion laughs names each of its nine lists by size, nothing more."""
    path = BAD / "alias-bomb.yaml"
    code = run(["validate", str(path)])
    out, err = capsys.readouterr()
    expected = [
        f"{path}:{line}:3: record {line - 1}: expected a title (a mapping of fields),"
        " found a list of 9 items"
        for line in range(2, 11)
    ]
    assert (code, out, err) == (3, "", "".join(f"tearlist: {line}\n" for line in expected))


def test_validate_a_good_file_exits_0(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`validate` on a valid file says how many titles it holds and exits 0."""
    path = tmp_path / "two.yaml"
    path.write_text(
        "- {rank: 1, title: Miracle in Cell No. 7, kind: film, directors: [A], cast: [B]}\n"
        "- {rank: 2, title: Hello Ghost, kind: film, released: 2010-12-22,"
        " directors: [C], cast: [D]}\n"
    )
    assert run(["validate", str(path)]) == 0
    assert capsys.readouterr() == (f"{path}: a valid catalogue of 2 titles\n", "")


def test_validate_a_missing_file_exits_4(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`validate` on a file that is not there exits 4, like every other command."""
    path = tmp_path / "gone.yaml"
    assert run(["validate", str(path)]) == 4
    assert capsys.readouterr() == ("", f"tearlist: {path}: no such file\n")


def test_100000_titles_load(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A catalogue of 100,000 titles is valid and loads whole (this takes some seconds)."""
    path = tmp_path / "big.yaml"
    record = (
        "- {{rank: {0}, title: Film number {0}, kind: film, released: 2013-01-23,"
        " directors: [Lee Hwan-kyung], cast: [Ryu Seung-ryong, Park Shin-hye]}}\n"
    )
    path.write_text("".join(record.format(rank) for rank in range(1, 100_001)))
    assert run(["validate", str(path)]) == 0
    assert capsys.readouterr() == (f"{path}: a valid catalogue of 100000 titles\n", "")


# Alias bomb, deep nesting and Python tags, run as a separate program so that a memory blow-up,
# a hang or code run by a tag cannot take the test session with it.
MEMORY_LIMIT = 1 << 30  # 1 GiB: the billion laughs, expanded, needs several
TIME_LIMIT = 20  # seconds; a load that fails fast takes well under one


# The program as installed, but with PyYAML's pure-Python loader, as where libyaml is missing.
PURE_PYTHON = (
    "import sys, yaml; vars(yaml).pop('CSafeLoader', None); sys.argv[0] = 'tearlist'; "
    "from tearlist.__main__ import main; main()"
)
LOADERS = [
    pytest.param(False, id="libyaml", marks=needs_libyaml),
    pytest.param(True, id="pure-python"),
]


def tearlist_limited(
    *args: str, cwd: Path, pure_python: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run tearlist ARGS as a program, with its address space capped and a timeout."""
    resource = pytest.importorskip("resource")
    program = ["-c", PURE_PYTHON] if pure_python else ["-m", "tearlist"]

    def cap_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    return subprocess.run(
        [sys.executable, *program, *args],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        preexec_fn=cap_memory,
        cwd=cwd,
        check=False,
    )


@pytest.mark.parametrize("pure_python", LOADERS)
@pytest.mark.parametrize("command", [["list", "--format", "json"], ["show", "1"]])
def test_alias_bomb_fails_fast_in_bounded_memory(
    tmp_path: Path, command: list[str], pure_python: bool
) -> None:
    """The billion laughs: exit 3 within the time and memory caps, short, nothing expanded."""
    path = BAD / "alias-bomb.yaml"
    result = tearlist_limited("--data", str(path), *command, cwd=tmp_path, pure_python=pure_python)
    assert (result.returncode, result.stdout) == (3, "")
    assert result.stderr == f"tearlist: {path}{CORPUS['alias-bomb.yaml']}\n"
    assert len(result.stderr) - len(str(path)) < 300
    assert "lol" not in result.stderr


@pytest.mark.parametrize("pure_python", LOADERS)
def test_alias_bomb_validate_fails_fast_in_bounded_memory(
    tmp_path: Path, pure_python: bool
) -> None:
    """`validate` on the bomb inside titles: 14 short lines within the caps, nothing expanded."""
    path = BAD / "alias-bomb-in-field.yaml"
    result = tearlist_limited("validate", str(path), cwd=tmp_path, pure_python=pure_python)
    assert (result.returncode, result.stdout) == (3, "")
    lines = result.stderr.splitlines()
    assert len(lines) == 14
    assert all(len(line) - len(str(path)) < 200 for line in lines)
    assert "lol" not in result.stderr
    assert "Traceback" not in result.stderr


NESTING_TOO_DEEP = "YAML syntax error: exceeded maximum nesting depth while increasing"
# 50,000 levels in each style (block mappings indent a space a level, so 3,000 there):
# name -> (text, what follows the path with libyaml, and without it).
DEEP: dict[str, tuple[str, str, str]] = {
    "flow-list.yaml": (
        "[" * 50_000 + "]" * 50_000,
        f":1:1001: {NESTING_TOO_DEEP} flow level",
        ": nested too deeply",
    ),
    "flow-mapping.yaml": (
        "{a: " * 50_000 + "1" + "}" * 50_000,
        f":1:4001: {NESTING_TOO_DEEP} flow level",
        ": nested too deeply",
    ),
    "block-list.yaml": (
        "- " * 50_000 + "x\n",
        f":1:1999: {NESTING_TOO_DEEP} block level",
        ": nested too deeply",
    ),
    "block-mapping.yaml": (
        "".join(" " * level + "a:\n" for level in range(3000)),
        f":1000:1001: {NESTING_TOO_DEEP} block level",
        ": nested too deeply",
    ),
    "list.json": ("[" * 50_000 + "]" * 50_000, ": nested too deeply", ": nested too deeply"),
}


@pytest.mark.parametrize("pure_python", LOADERS)
@pytest.mark.parametrize("name", DEEP)
def test_deep_nesting_fails_fast_in_bounded_memory(
    tmp_path: Path, name: str, pure_python: bool
) -> None:
    """50,000 levels of nesting, in any style: exit 3 within the caps, one short line."""
    text, with_libyaml, without = DEEP[name]
    path = tmp_path / name
    path.write_text(text)
    result = tearlist_limited("--data", str(path), "list", cwd=tmp_path, pure_python=pure_python)
    tail = without if pure_python else with_libyaml
    assert (result.returncode, result.stdout, result.stderr) == (3, "", f"tearlist: {path}{tail}\n")


PROBE = "from pathlib import Path\nPath('ran').touch()\nvalue = 1\nclass Thing: pass\n"


@pytest.mark.parametrize(
    ("tag", "shown"),
    [
        ('!!python/object/apply:os.system ["touch ran"]', "object/apply:os.system"),
        ('!!python/object/new:os.system ["touch ran"]', "object/new:os.system"),
        ("!!python/name:tearlist_probe.value", "name:tearlist_probe.value"),
        ("!!python/module:tearlist_probe", "module:tearlist_probe"),
        ("!!python/object:tearlist_probe.Thing {}", "object:tearlist_probe.Thing"),
    ],
)
def test_python_tags_are_refused_and_nothing_runs(tmp_path: Path, tag: str, shown: str) -> None:
    """A tag that would run code or import a module is refused (exit 3) and runs nothing.

    The same file, given to PyYAML's unsafe loader, does run the payload: the check is live.
    """
    (tmp_path / "tearlist_probe.py").write_text(PROBE)
    path = tmp_path / "evil.yaml"
    path.write_text(f"- rank: 1\n  title: {tag}\n  kind: film\n  directors: [A]\n  cast: [B]\n")
    marker = tmp_path / "ran"

    result = tearlist_limited("--data", str(path), "list", cwd=tmp_path)
    assert not marker.exists()
    assert (result.returncode, result.stdout) == (3, "")
    assert result.stderr == f"tearlist: {path}:2:10: {PYTHON_TAG.format(shown)}\n"

    unsafe = "import sys, yaml; yaml.unsafe_load(open(sys.argv[1]).read())"
    subprocess.run([sys.executable, "-c", unsafe, str(path)], cwd=tmp_path, check=False)
    assert marker.exists()


# The same, in-process: without libyaml, PyYAML's pure-Python loader is used, whose composer
# recurses once a level; Python's recursion limit stops it.


@pytest.fixture
def pure_python_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the loader fall back to PyYAML's pure-Python SafeLoader, as without libyaml."""
    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    monkeypatch.setattr(loading, "_LOADER", None)


@pytest.mark.usefixtures("pure_python_yaml")
@pytest.mark.parametrize("name", DEEP)
def test_pure_python_loader_deep_nesting(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    """Without libyaml, deep nesting hits the recursion limit: 'nested too deeply', exit 3."""
    assert yaml.SafeLoader in loading._loader().__mro__
    path = tmp_path / name
    path.write_text(DEEP[name][0])
    assert run_list(path, capsys) == (3, "", f"tearlist: {path}: nested too deeply\n")
    # and the test process is none the worse for it
    assert run_list(BAD / "empty.yaml", capsys)[0] == 3


@pytest.mark.usefixtures("pure_python_yaml")
@pytest.mark.parametrize(
    "name",
    [
        "alias-bomb.yaml",
        "alias-bomb-in-field.yaml",
        "python-object-apply.yaml",
        "python-object-new.yaml",
        "python-name.yaml",
        "two-documents.yaml",
        "unclosed-quote.yaml",
        "missing-field.yaml",
    ],
)
def test_pure_python_loader_gives_the_same_messages(
    capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """Without libyaml, these corpus files give the very same messages."""
    assert yaml.SafeLoader in loading._loader().__mro__
    path = BAD / name
    assert run_list(path, capsys) == (3, "", f"tearlist: {path}{CORPUS[name]}\n")


@pytest.mark.usefixtures("pure_python_yaml")
def test_pure_python_loader_clips_long_names_in_syntax_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """PyYAML's own messages quote anchors in full; tearlist cuts them short."""
    path = tmp_path / "alias.yaml"
    path.write_text("- *" + "a" * 5000 + "\n")
    clipped = ("found undefined alias '" + "a" * 5000)[:120] + "…"
    expected = f":1:3: YAML syntax error: {clipped}"
    assert run_list(path, capsys) == (3, "", f"tearlist: {path}{expected}\n")


def test_a_file_over_the_size_bound_exits_4(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A file larger than tearlist reads (as /dev/zero would be) is refused, not read whole."""
    monkeypatch.setattr(loading, "MAX_BYTES", 1 << 20)
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"#" * ((1 << 20) + 1))
    expected = f"tearlist: --data: {path}: larger than 1 MiB, too large for a catalogue\n"
    assert run_list(path, capsys) == (4, "", expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "- rank: 1\n  title: X\n  rank: 2\n",
            ":3:3: YAML error: the key 'rank' is written twice in one mapping",
        ),
        (
            "- {rank: 1, title: X, kind: film, cast: [{name: A, name: B}], directors: []}\n",
            ":1:52: YAML error: the key 'name' is written twice in one mapping",
        ),
    ],
)
def test_a_key_written_twice_is_an_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, message: str
) -> None:
    """YAML keys are unique: a repeated key is reported where it repeats, not silently dropped."""
    path = tmp_path / "twice.yaml"
    path.write_text(text, encoding="utf-8")
    assert run_list(path, capsys) == (3, "", f"tearlist: {path}{message}\n")


def test_a_merge_key_may_be_overridden(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Keys brought in by a merge (<<) may be overridden: that is what merges are for."""
    path = tmp_path / "merge.yaml"
    path.write_text(
        "- {<<: {rank: 3, title: Y, kind: film}, rank: 4, cast: [], directors: []}\n",
        encoding="utf-8",
    )
    code = run(["--data", str(path), "list", "--fields", "rank,title"])
    assert (code, capsys.readouterr().out) == (0, "4\tY\n")


def test_validate_reports_clashes_in_records_with_other_problems(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A record with a bad field still has its rank and title checked against the others."""
    path = tmp_path / "clash.yaml"
    path.write_text(
        "- {rank: 1, title: A, kind: film, directors: [], cast: []}\n"
        "- {rank: 1, title: a., kind: series, directors: [], cast: [], episodes: 0}\n",
        encoding="utf-8",
    )
    assert run(["validate", str(path)]) == 3
    err = capsys.readouterr().err
    assert err == (
        f"tearlist: {path}:2:10: title 'a.' (rank 1), field 'rank': rank 1 is also used by 'A'\n"
        f"tearlist: {path}:2:20: title 'a.' (rank 1), field 'title': the title is already used"
        " by 'A'\n"
        f"tearlist: {path}:2:73: title 'a.' (rank 1), field 'episodes': expected a positive"
        " whole number, found the number 0\n"
    )


def test_an_endless_stream_is_read_only_up_to_the_bound(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file with no size (/dev/zero) is read up to the bound and then refused."""
    monkeypatch.setattr(loading, "MAX_BYTES", 1 << 20)
    expected = "tearlist: --data: /dev/zero: larger than 1 MiB, too large for a catalogue\n"
    assert run_list(Path("/dev/zero"), capsys) == (4, "", expected)
