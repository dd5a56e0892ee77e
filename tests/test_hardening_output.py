"""What tearlist writes stays what it says: one line a message, visible names, exact dates,
ranks however they are written, colour when asked, and valid data whatever the locale."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from conftest import Run
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from rich.cells import cell_len

from tearlist import loading
from tearlist.__main__ import run
from tearlist.dates import parse_date
from tearlist.formats import markdown_title, title_record
from tearlist.records import FIELDS, Kind, Person, Title
from tearlist.text import visible

TEARLIST = shutil.which("tearlist")
needs_installed = pytest.mark.skipif(
    TEARLIST is None, reason="the tearlist command is not installed"
)

# Every character str.splitlines() ends a line at, and the control characters that drive a
# terminal (CSI as ESC [ and as C1, OSC, BEL).
LINE_BREAKS = ["\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
RAW = [*LINE_BREAKS, "\x1b", "\x07", "\x9b", "\x9d"]
ODD_NAMES = [
    "title\x1b]0;owned\x07.yaml",
    "clear\x1b[2J.yaml",
    "two\nlines.yaml",
    "c1\x9b2J.yaml",
    *(f"break{char}here.yaml" for char in LINE_BREAKS),
]


def installed(
    cwd: Path, *args: str, prefix: Sequence[str] = (), **env: str
) -> subprocess.CompletedProcess[bytes]:
    """Run the installed command from a folder outside the checkout, with no user settings."""
    assert TEARLIST is not None
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TEARLIST", "_TEARLIST"))}
    return subprocess.run(
        [*prefix, TEARLIST, *args],
        cwd=cwd,
        capture_output=True,
        env={**clean, "TEARLIST_CACHE": "", **env},
        timeout=60,
        check=False,
    )


def record(rank: int, **fields: Any) -> dict[str, Any]:
    """A valid catalogue record, with some fields replaced."""
    base: dict[str, Any] = {
        "rank": rank,
        "title": f"Title {rank}",
        "kind": "film",
        "directors": [],
        "cast": [],
    }
    return {**base, **fields}


def write_json(path: Path, records: list[dict[str, Any]]) -> Path:
    """A catalogue written as ASCII JSON, so any character can be put in a value."""
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def assert_no_raw(text: str) -> None:
    """No line break but the line ends, and no terminal control character, in the text."""
    for char in RAW:
        body = text.replace("\n", "") if char == "\n" else text
        assert char not in body, (char, text)


# --- 2, 16: names and paths are shown as visible text, every message on one line ---


@pytest.mark.parametrize("name", ODD_NAMES)
def test_validate_success_line_shows_the_name_visibly(cli: Run, tmp_path: Path, name: str) -> None:
    """validate's success line is one line, with the file's control characters made visible."""
    path = write_json(tmp_path / name, [record(1)])
    result = cli("validate", str(path))
    assert result.code == 0
    assert result.out.count("\n") == 1
    assert result.out.endswith(": a valid catalogue of 1 title\n")
    assert_no_raw(result.out)


@pytest.mark.parametrize("name", ODD_NAMES)
@pytest.mark.parametrize("how", ["missing", "invalid", "validate"])
def test_every_error_about_a_file_is_one_visible_line(
    cli: Run, tmp_path: Path, name: str, how: str
) -> None:
    """A missing or invalid file is reported on one line a problem, its name made visible."""
    path = tmp_path / name
    if how != "missing":
        write_json(path, [record(1, kind="movie"), record(2, kind="series", episodes=0)])
    command = ["validate", str(path)] if how == "validate" else ["--data", str(path), "list"]
    result = cli(*command)
    expected_lines = 2 if how == "validate" else 1
    assert result.code == (4 if how == "missing" else 3)
    assert result.err.count("\n") == expected_lines
    assert all(line.startswith("tearlist: ") for line in result.err.splitlines())
    assert_no_raw(result.err)


@needs_installed
def test_the_installed_command_keeps_a_message_on_one_line(tmp_path: Path) -> None:
    """Run as a user runs it, an error about a name with a newline and ESC is one line."""
    assert TEARLIST is not None
    path = tmp_path / "a\nb\x1b[2J.yaml"
    result = installed(tmp_path, "--data", str(path), "list")
    assert result.returncode == 4
    stderr = result.stderr.decode("utf-8")
    assert stderr.count("\n") == 1
    assert_no_raw(stderr)


# --- 17: no line break passes raw in a format of one record a line ---


@pytest.mark.parametrize("char", LINE_BREAKS)
@pytest.mark.parametrize("fmt", ["plain", "jsonl"])
def test_a_line_break_in_a_value_never_splits_a_record(
    cli: Run, tmp_path: Path, char: str, fmt: str
) -> None:
    """Plain and JSON Lines keep one record a line for Python's and JavaScript's readers."""
    text = f"one{char}two"
    path = write_json(
        tmp_path / "breaks.json",
        [record(1, title=text, synopsis=text), record(2, cast=[{"name": text}])],
    )
    result = cli("--data", str(path), "list", "--format", fmt, "--fields", "title,cast,synopsis")
    assert result.code == 0
    lines = result.out.splitlines()
    assert len(lines) == 2
    if fmt == "jsonl":
        assert json.loads(lines[0])["title"] == text
        assert json.loads(lines[1])["cast"][0]["name"] == text
    shown = cli("--data", str(path), "show", "1", "--format", "plain").out
    assert len(shown.splitlines()) == len(FIELDS)


# --- 5: a written date has a four-digit year, and a right weekday if it has one ---


@pytest.mark.parametrize(
    "text",
    [
        "13 January 23",
        "January 1, 0099",
        "Mar 1 2",
        "Jan 23 13",
        "January 23, '13",
        "23-Jan-13",
        "1 February 99",
        "Feb 1, 5",
        "2 March 0013",
        "Dec 31 '99",
        "13 Jan 23rd",
    ],
)
def test_a_short_year_is_refused(text: str) -> None:
    """dateutil reads short years into some century; tearlist refuses them."""
    with pytest.raises(ValueError, match="four digits"):
        parse_date(text)


@pytest.mark.parametrize(
    "text",
    [
        "Monday, January 23, 2013",
        "Sun 23 Jan 2013",
        "Tue, 2013 January 23",
        "thursday 1 march 2013",
    ],
)
def test_a_wrong_weekday_is_refused(text: str) -> None:
    """A weekday the date does not fall on is an error that names the right one."""
    with pytest.raises(ValueError, match=r"is a (Wednesday|Friday), not"):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wednesday, January 23, 2013", "2013-01-23"),
        ("Wed 23 Jan 2013", "2013-01-23"),
        ("Friday 1 March 2013", "2013-03-01"),
        ("2013 Jan 5", "2013-01-05"),
        ("January 05, 2013", "2013-01-05"),
    ],
)
def test_a_right_weekday_and_full_year_are_read(text: str, expected: str) -> None:
    """Dates with the month's name, a four-digit year and the right weekday are accepted."""
    assert parse_date(text).isoformat() == expected


@pytest.mark.parametrize("text", ["Jan 23, 2013 00:00", "January 23 2013 12"])
def test_a_time_of_day_is_refused(text: str) -> None:
    """Extra numbers are a time, which a release date does not have."""
    with pytest.raises(ValueError, match="without a time"):
        parse_date(text)


def test_validate_reports_short_years_and_weekdays_with_line_and_column(
    cli: Run, tmp_path: Path
) -> None:
    """Each refused date is one problem, at its line and column."""
    path = tmp_path / "dates.yaml"
    path.write_text(
        "- {rank: 1, title: A, kind: film, directors: [], cast: [], released: Mar 1 2}\n"
        "- {rank: 2, title: B, kind: film, directors: [], cast: [],\n"
        "   released: 'Monday, January 23, 2013'}\n",
        encoding="utf-8",
    )
    result = cli("validate", str(path))
    assert result.code == 3
    assert result.err == (
        f"tearlist: {path}:1:70: title 'A' (rank 1), field 'released': the year must be written"
        " with four digits, from 1000 to 9999, found 'Mar 1 2'\n"
        f"tearlist: {path}:3:14: title 'B' (rank 2), field 'released': 2013-01-23 is a"
        " Wednesday, not 'Monday', found 'Monday, January 23, 2013'\n"
    )


# --- 6: an unreadable catalogue is a file error, named by what named it ---


@pytest.fixture
def unreadable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A catalogue that neither the access check nor a read may open (as for a non-root user)."""
    path = write_json(tmp_path / "locked.json", [record(1)])
    original_open = Path.open

    def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return original_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)
    return path


def test_an_unreadable_catalogue_from_the_option_exits_4(cli: Run, unreadable: Path) -> None:
    """--data names an unreadable file: exit 4, tearlist's message, naming --data."""
    result = cli("--data", str(unreadable), "list")
    assert (result.code, result.err) == (4, f"tearlist: --data: {unreadable}: permission denied\n")


def test_an_unreadable_catalogue_from_the_variable_exits_4(
    cli: Run, unreadable: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TEARLIST_DATA names an unreadable file: the message names the variable."""
    monkeypatch.setenv("TEARLIST_DATA", str(unreadable))
    for command in (["list"], ["validate"], ["show", "1"]):
        result = cli(*command)
        expected = f"tearlist: TEARLIST_DATA: {unreadable}: permission denied\n"
        assert (result.code, result.err) == (4, expected)


def test_validate_of_an_unreadable_path_exits_4(cli: Run, unreadable: Path) -> None:
    """validate PATH of an unreadable file: exit 4, not a usage error."""
    result = cli("validate", str(unreadable))
    assert (result.code, result.err) == (4, f"tearlist: {unreadable}: permission denied\n")


def _runs_installed(folder: Path, prefix: Sequence[str]) -> bool:
    """Whether the installed command runs with this prefix (as another user)."""
    try:
        return installed(folder, "--version", prefix=prefix).returncode == 0
    except OSError:  # no setpriv
        return False


@needs_installed
@pytest.mark.skipif(
    os.geteuid() == 0 and shutil.which("setpriv") is None,
    reason="needs a user who cannot read the file",
)
def test_the_installed_command_exits_4_for_an_unreadable_file(tmp_path: Path) -> None:
    """A real chmod 000 file, read by a user without root's rights."""
    assert TEARLIST is not None
    folder = tmp_path / "open"
    folder.mkdir()
    folder.chmod(0o755)
    tmp_path.chmod(0o755)
    path = write_json(folder / "locked.json", [record(1)])
    path.chmod(0)
    prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    as_user = prefix if os.geteuid() == 0 else []
    if as_user and not _runs_installed(folder, as_user):
        pytest.skip(
            "user 65534 cannot run the installed command (setpriv is missing, or the"
            " checkout is in a folder other users cannot enter, such as /root)"
        )
    result = installed(folder, "--data", str(path), "list", prefix=as_user)
    assert (result.returncode, result.stderr.decode()) == (
        4,
        f"tearlist: --data: {path}: permission denied\n",
    )


@pytest.mark.parametrize("command", [["list"], ["validate"]])
def test_an_empty_data_value_means_the_bundled_catalogue(
    cli: Run, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """--data "" and TEARLIST_DATA= both mean the bundled catalogue, as no value does."""
    bundled = cli(*command)
    assert bundled.code == 0
    assert cli("--data", "", *command) == bundled
    monkeypatch.setenv("TEARLIST_DATA", "")
    assert cli(*command) == bundled
    monkeypatch.setenv("TEARLIST_DATA", "/nonexistent/catalogue.yaml")
    assert cli("--data", "", *command) == bundled


# --- 7: --color forces colour on any terminal ---


@pytest.mark.parametrize("term", ["dumb", "no-such-terminal", "", "xterm-256color"])
@pytest.mark.parametrize("command", [["list"], ["show", "5"], ["people", "son"]])
def test_color_option_forces_colour(
    cli: Run, monkeypatch: pytest.MonkeyPatch, term: str, command: list[str]
) -> None:
    """--color means colour, whatever TERM and NO_COLOR say; --no-color means none."""
    monkeypatch.setenv("TERM", term)
    if term == "dumb":
        monkeypatch.setenv("NO_COLOR", "1")
    coloured = cli("--color", *command, "--format", "table")
    assert coloured.code == 0
    assert "\x1b[" in coloured.out
    plain = cli("--no-color", *command, "--format", "table")
    assert "\x1b" not in plain.out


# --- 9 and the digits: a rank however it is written ---


@pytest.mark.parametrize(
    "ref",
    ["5", "05", "0000000000000000005", "0" * 5000 + "5", "\uff15", "\u0665", "\uff10\u0665", " 5 "],
)
def test_show_reads_a_rank_however_it_is_written(cli: Run, ref: str) -> None:
    """Leading zeros, fullwidth and other decimal digits are read as --year reads them."""
    result = cli("show", ref, "--format", "plain")
    assert result.code == 0
    assert result.out.startswith("rank\t5\ntitle\tTrain to Busan\n")


@pytest.mark.parametrize("rank", [10**18, 10**19 + 7, 10**40 + 3, 10**999 + 1])
def test_show_finds_ranks_of_any_length_the_catalogue_takes(
    cli: Run, tmp_path: Path, rank: int
) -> None:
    """A rank of 19 digits or more, as the catalogue accepts, is found, with leading zeros too."""
    path = tmp_path / "long.yaml"
    path.write_text(
        f"- {{rank: {rank}, title: Long, kind: film, directors: [], cast: []}}\n"
        "- {rank: 1, title: Short, kind: film, directors: [], cast: []}\n",
        encoding="utf-8",
    )
    for ref in (str(rank), "000" + str(rank)):
        result = cli("--data", str(path), "show", ref, "--format", "json")
        assert result.code == 0
        assert json.loads(result.out)["title"] == "Long"


@pytest.mark.parametrize(
    "year", ["2013", "\u0662\u0660\u0661\u0663", "\uff12\uff10\uff11\uff13", "\uff120\u0661\u0663"]
)
def test_year_and_rank_read_the_same_digits(cli: Run, year: str) -> None:
    """--year takes the digits show takes."""
    result = cli("list", "--year", year, "--fields", "rank")
    assert (result.code, result.out) == (0, "1\n7\n10\n")


# --- 10: data stays valid when standard output is not UTF-8 ---

NON_ASCII = "Café \U0001f62d ñ 부산행"


def run_with_stdout(
    monkeypatch: pytest.MonkeyPatch, encoding: str, *args: str
) -> tuple[int, bytes]:
    """Run in-process with a standard output of this encoding, set up as main() sets it up."""
    buffer = io.BytesIO()
    stream = io.TextIOWrapper(buffer, encoding=encoding, errors="backslashreplace")
    monkeypatch.setattr(sys, "stdout", stream)
    code = run(list(args))
    stream.flush()
    return code, buffer.getvalue()


@pytest.fixture
def non_ascii_catalogue(tmp_path: Path) -> Path:
    """A catalogue whose title and cast hold accents, an emoji and Hangul."""
    return write_json(tmp_path / "wide.json", [record(1, title=NON_ASCII, cast=[NON_ASCII])])


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1252", "utf-8"])
@pytest.mark.parametrize(
    "command",
    [
        ["list", "--format", "json"],
        ["list", "--format", "jsonl"],
        ["people", "--format", "json"],
        ["show", "1", "--format", "json"],
        ["export", "-", "--format", "json"],
        ["export", "-", "--format", "jsonl"],
    ],
)
def test_json_stays_valid_in_any_output_encoding(
    monkeypatch: pytest.MonkeyPatch, non_ascii_catalogue: Path, encoding: str, command: list[str]
) -> None:
    """JSON is escaped as \\uXXXX where stdout is not UTF-8, never as Python's \\xe9."""
    code, raw = run_with_stdout(monkeypatch, encoding, "--data", str(non_ascii_catalogue), *command)
    assert code == 0
    text = raw.decode("utf-8")
    if encoding != "utf-8":
        assert text.isascii()
    values = [json.loads(line) for line in text.splitlines()] if "jsonl" in command else None
    document = values if values is not None else json.loads(text)
    assert NON_ASCII in json.dumps(document, ensure_ascii=False)


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "utf-8"])
@pytest.mark.parametrize("fmt", ["csv", "plain", "markdown"])
def test_text_formats_are_written_as_utf8_in_any_output_encoding(
    monkeypatch: pytest.MonkeyPatch, non_ascii_catalogue: Path, encoding: str, fmt: str
) -> None:
    """CSV, plain lines and Markdown are UTF-8 bytes whatever the locale, as the README says."""
    code, raw = run_with_stdout(
        monkeypatch, encoding, "--data", str(non_ascii_catalogue), "list", "--format", fmt
    )
    assert code == 0
    assert NON_ASCII in raw.decode("utf-8")
    assert b"\\x" not in raw and b"\\U" not in raw


@needs_installed
@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_the_installed_command_writes_valid_data_in_any_encoding(
    non_ascii_catalogue: Path, encoding: str
) -> None:
    """PYTHONIOENCODING that is not UTF-8: JSON parses, CSV reads back the same text."""

    def output(fmt: str) -> str:
        done = installed(
            non_ascii_catalogue.parent,
            *("--data", str(non_ascii_catalogue), "list", "--format", fmt),
            PYTHONIOENCODING=encoding,
        )
        assert done.returncode == 0
        return done.stdout.decode("utf-8")

    assert json.loads(output("json"))[0]["title"] == NON_ASCII
    rows = list(csv.reader(io.StringIO(output("csv"))))
    assert rows[1][1] == NON_ASCII


# --- 18: Markdown shows text as text ---

MARKDOWN = MarkdownIt("commonmark").enable("table")
BLOCK_STARTS = [
    "---",
    "***",
    "___",
    "===",
    "- x",
    "+ x",
    "* x",
    "1. first",
    "2) second",
    "123456789. x",
    "# heading",
    "###### six",
    "> quoted",
    "    indented code",
    "```python",
    "~~~",
    "<div>html</div>",
    "<!-- comment -->",
    "| a | b |",
    "[link]: /url",
    "-",
    "- - -",
    "a\n---",
    "a\n===",
    "line\n- item",
    "line\n\n1. item",
]
MARKDOWN_TEXT = st.text(
    alphabet=st.sampled_from(list("-+=*_#>`~<|!.)1 2a\n\t[]\\&:;")), max_size=14
)


def inline_texts(document: str) -> list[str]:
    """The text of each inline run in a CommonMark document, as a reader sees it."""
    found = []
    for token in MARKDOWN.parse(document):
        if token.type == "inline":
            parts = []
            for child in token.children or []:
                # tearlist's own emphasis (the field names of a title) is the only markup
                assert child.type in ("text", "strong_open", "strong_close"), (child, document)
                parts.append(child.content)
            found.append("".join(parts))
    return found


def block_types(document: str) -> list[str]:
    """The block tokens of a document, open and close, with inline runs left out."""
    return [token.type for token in MARKDOWN.parse(document) if token.type != "inline"]


def shown(text: str) -> str:
    """What Markdown output promises to show of a value: its words, one space between."""
    return " ".join(visible(text, keep_newlines=True).split())


def check_markdown_title(text: str) -> None:
    """A title whose every text field holds the text keeps the shape of a title section."""
    title = title_record(
        parse_record(record(7, title=text or "x", synopsis=text, korean_title=text, cast=[text]))
    )
    document = markdown_title(title)
    texts = inline_texts(document)
    if text.strip():
        blank = parse_record(record(7, title="x", synopsis="s", korean_title="k", cast=["c"]))
        assert block_types(document) == block_types(markdown_title(title_record(blank)))
        assert texts == [
            f"7. {shown(text)}",
            shown(text),
            f"korean_title: {shown(text)}",
            "kind: film",
            f"cast: {shown(text)}",
        ]


def parse_record(fields: dict[str, Any]) -> Title:
    """A Title from a record's fields, built without a file."""
    people = tuple(Person(name) for name in fields.get("cast", []))
    return Title(
        rank=fields["rank"],
        title=fields["title"],
        kind=Kind.FILM,
        directors=(),
        cast=people,
        korean_title=fields.get("korean_title") or None,
        synopsis=fields.get("synopsis") or None,
    )


@pytest.mark.parametrize("text", BLOCK_STARTS)
def test_markdown_never_opens_a_block_from_text(text: str) -> None:
    """Block markers at the start of a value are escaped: a rule, list or code stays text."""
    check_markdown_title(text)


@given(MARKDOWN_TEXT)
@settings(max_examples=300, deadline=None)
def test_markdown_shows_any_punctuation_as_text(text: str) -> None:
    """Whatever punctuation a value holds, CommonMark shows exactly its words."""
    check_markdown_title(text)


@pytest.mark.parametrize("text", BLOCK_STARTS)
def test_markdown_tables_keep_their_cells(cli: Run, tmp_path: Path, text: str) -> None:
    """list, show and export in Markdown keep each value in its cell or paragraph."""
    path = write_json(tmp_path / "md.json", [record(1, title="x " + text, synopsis=text)])
    listed = cli("--data", str(path), "list", "--format", "markdown", "--fields", "rank,title")
    assert inline_texts(listed.out) == ["rank", "title", "1", shown("x " + text)]
    document = cli("--data", str(path), "export", "-").out
    assert "hr" not in block_types(document)
    assert shown(text) in inline_texts(document)


# --- 19: YAML's special plain scalars are text, never an unwritten tag ---

SPECIAL_SCALARS = ["=", "<<"]


@pytest.mark.parametrize("value", SPECIAL_SCALARS)
@pytest.mark.parametrize("field", ["title", "korean_title", "synopsis", "network"])
def test_special_plain_scalars_are_text(cli: Run, tmp_path: Path, value: str, field: str) -> None:
    """title: = and title: << are titles; no message speaks of a tag nobody wrote."""
    path = tmp_path / "special.yaml"
    fields = {"rank": "1", "title": "T", "kind": "series", "directors": "[]"}
    fields.update({"cast": f"[{value}]", field: value})
    path.write_text(
        "- " + "\n  ".join(f"{key}: {text}" for key, text in fields.items()) + "\n",
        encoding="utf-8",
    )
    result = cli("--data", str(path), "show", "1", "--format", "json")
    assert result.code == 0, result.err
    shown = json.loads(result.out)
    assert shown[field] == value
    assert shown["cast"][0]["name"] == value


@pytest.mark.parametrize("value", SPECIAL_SCALARS)
@pytest.mark.parametrize("field", ["rank", "kind", "directors", "episodes", "released"])
def test_special_plain_scalars_in_the_wrong_place_are_described(
    cli: Run, tmp_path: Path, value: str, field: str
) -> None:
    """A special scalar where a number, a kind, a list or a date belongs is named as found."""
    fields = {"rank": "1", "title": "T", "kind": "series", "directors": "[]", "cast": "[]"}
    fields[field] = value
    path = tmp_path / "special.yaml"
    path.write_text(
        "- " + "\n  ".join(f"{key}: {text}" for key, text in fields.items()) + "\n",
        encoding="utf-8",
    )
    result = cli("validate", str(path))
    assert result.code == 3
    assert "tag" not in result.err
    assert f"field '{field}'" in result.err
    assert f"found '{value}'" in result.err


def test_every_implicit_yaml_type_can_be_constructed() -> None:
    """Each type a plain scalar may resolve to has a constructor, so no tag is reported unasked."""
    loader = loading._loader()
    tags = {tag for resolvers in loader.yaml_implicit_resolvers.values() for tag, _ in resolvers}
    assert tags <= set(loader.yaml_constructors) - {None}


# --- 20: JSON problems keep their line and column, whatever the escapes ---

JSON_ESCAPES = [
    "\U0001f62d",
    "\U0010ffff",
    "é",
    "/",
    '"',
    "\\",
    "\b\f\t",
    "\x00",
    "\u2028",
    "\ud83d",
]


@pytest.mark.parametrize("escaped", JSON_ESCAPES)
@pytest.mark.parametrize("indent", [None, 1, 4])
def test_json_problems_keep_line_and_column(
    cli: Run, tmp_path: Path, escaped: str, indent: int | None
) -> None:
    """Escapes Python's json.dump writes, and \\/, leave every problem at its place."""
    title = f"a{escaped}b"
    records = [
        record(1, title=title, alt_titles=[escaped, "x"], kind="movie"),
        record(2, title="Two", synopsis=escaped, released="Mar 1 2", **{f"odd{escaped}": 1}),
    ]
    text = json.dumps(records, indent=indent).replace("/", "\\/")
    path = tmp_path / "escaped.json"
    path.write_text(text, encoding="utf-8")
    result = cli("validate", str(path))
    assert result.code == 3

    def where(token: str, start: int = 0) -> str:
        index = text.index(token, start)
        line = text.count("\n", 0, index) + 1
        return f"{path}:{line}:{index - (text.rfind(chr(10), 0, index) + 1) + 1}: "

    second = text.index('"rank": 2')
    lines = result.err.splitlines()
    for value, after in (("movie", 0), ("Mar 1 2", second), (f"odd{escaped}", second)):
        token = json.dumps(value).replace("/", "\\/")
        expected = f"tearlist: {where(token, after)}"
        assert any(line.startswith(expected) for line in lines), (expected, lines)


# --- Usage lines read as Click writes them ---


@pytest.mark.parametrize("command", ["list", "sort", "show", "search", "people", "export"])
def test_usage_lines_have_no_braces(cli: Run, command: str) -> None:
    """show's usage line is 'show [OPTIONS] REF', not Typer's {REF}."""
    result = cli(command, "--help")
    usage = result.out.splitlines()[0]
    assert "{" not in usage and "}" not in usage
    if command == "show":
        assert usage == "Usage: tearlist show [OPTIONS] REF"


# --- Tables at any width: no empty column, no name broken in two ---


@pytest.mark.parametrize("width", range(20, 121, 3))
@pytest.mark.parametrize(
    "command", [["list"], ["search", "Lee"], ["search", "son ye jin"], ["people"]]
)
def test_tables_keep_every_name_whole_at_any_width(
    cli: Run, monkeypatch: pytest.MonkeyPatch, width: int, command: list[str]
) -> None:
    """At every width each name is written whole on one line, and nothing is wider."""
    monkeypatch.setenv("COLUMNS", str(width))
    result = cli(*command, "--format", "table")
    assert result.code == 0
    lines = result.out.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    plain = cli(
        *command, "--format", "plain", "--fields", "name" if "people" in command else "rank"
    )
    if command == ["people"]:
        names = set(plain.out.splitlines())
    else:
        ranks = {int(rank) for rank in plain.out.split()}
        names = {
            person.name
            for title in loading.load()
            if title.rank in ranks
            for person in title.directors + title.cast
        }
    assert names
    for name in names:
        assert any(name in line for line in lines), (name, result.out)
