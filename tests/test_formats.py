"""Every output format, read back with a standard parser."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import Run
from markdown_it import MarkdownIt

from tearlist.errors import UsageError
from tearlist.formats import csv_cell, markdown_text, pick_fields, to_json
from tearlist.records import FIELDS

LISTING_COMMANDS = [["list"], ["sort"], ["search", "Lee"], ["people"]]


def markdown_rows(text: str) -> list[list[str]]:
    """The cells of the first table in a CommonMark (GFM tables) document."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    rows: list[list[str]] = []
    for token in tokens:
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and rows and token.map is not None:
            rows[-1].append(token.content)
        elif token.type == "table_close":
            break
    return rows


def test_json_has_every_field_in_order(cli: Run) -> None:
    """list --format json is an array of objects with the documented keys, in order."""
    result = cli("list", "--format", "json")
    records = json.loads(result.out)
    assert len(records) == 10
    assert [list(record) for record in records] == [list(FIELDS)] * 10
    busan = records[4]
    assert busan["released"] == "2016-07-20"
    assert busan["episodes"] is None and busan["network"] is None
    assert busan["directors"] == [{"name": "Yeon Sang-ho", "hangul": "연상호", "aliases": []}]
    assert records[9]["episodes"] == 20


@pytest.mark.parametrize("command", LISTING_COMMANDS)
@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "markdown", "plain"])
def test_every_listing_format_parses(cli: Run, command: list[str], fmt: str) -> None:
    """Each format of each listing command is read back by a standard parser."""
    result = cli(*command, "--format", fmt)
    assert result.code == 0, result.err
    out = result.out
    if fmt == "json":
        rows = json.loads(out)
        assert isinstance(rows, list) and all(isinstance(row, dict) for row in rows)
        count = len(rows)
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in out.splitlines()]
        count = len(rows)
    elif fmt == "csv":
        table = list(csv.reader(io.StringIO(out)))
        assert all(len(row) == len(table[0]) for row in table)
        count = len(table) - 1
    elif fmt == "markdown":
        table = markdown_rows(out)
        assert all(len(row) == len(table[0]) for row in table)
        count = len(table) - 1
    else:
        lines = out.splitlines()
        assert len({line.count("\t") for line in lines}) == 1
        count = len(lines)
    assert count == len(cli(*command, "--format", "plain").out.splitlines())


def test_fields_pick_and_order(cli: Run) -> None:
    """--fields chooses and orders the fields of every format for scripts."""
    assert (
        cli("list", "--fields", "released,title", "--kind", "series").out
        == "2013-08-05\tGood Doctor\n"
    )
    assert json.loads(cli("show", "1", "-f", "json").out)["rank"] == 1
    rows = json.loads(cli("list", "-f", "json", "--fields", "title,rank", "--year", "2016").out)
    assert rows == [{"title": "Train to Busan", "rank": 5}]
    out = cli("list", "-f", "csv", "--fields", "rank,cast", "--year", "2016").out
    assert out == "rank,cast\n5,Gong Yoo; Ma Dong-seok; Jung Yu-mi\n"
    out = cli("list", "-f", "markdown", "--fields", "rank,title", "--year", "2016").out
    assert markdown_rows(out) == [["rank", "title"], ["5", "Train to Busan"]]
    lines = cli("search", "Son Ye-jin", "-f", "jsonl", "--fields", "rank,matched").out.splitlines()
    assert [json.loads(line) for line in lines] == [
        {"rank": 2, "matched": ["cast: Son Ye-jin"]},
        {"rank": 8, "matched": ["cast: Son Ye-jin"]},
    ]


def test_people_json(cli: Run) -> None:
    """people --format json has name, Hangul, aliases, roles and titles."""
    [son] = json.loads(cli("people", "Son Ye-jin", "-f", "json").out)
    assert son == {
        "name": "Son Ye-jin",
        "hangul": "손예진",
        "aliases": ["Son Ye Jin"],
        "roles": ["cast"],
        "titles": ["A Moment to Remember", "Be with You"],
    }


def test_plain_output_never_wraps(cli: Run) -> None:
    """Plain lines are whole however narrow the terminal claims to be."""
    wide = cli("list", "--fields", "title,synopsis").out
    assert len(wide.splitlines()) == 10
    assert max(len(line) for line in wide.splitlines()) > 150


def test_csv_header_and_list_joining(cli: Run) -> None:
    """CSV has a header of field names, and lists joined with '; '."""
    table = list(csv.DictReader(io.StringIO(cli("list", "-f", "csv").out)))
    assert list(table[0]) == list(FIELDS)
    assert table[1]["cast"] == "Son Ye-jin; Jung Woo-sung"
    assert table[9]["episodes"] == "20"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2", "'-2"),
        ("@cmd", "'@cmd"),
        ("\tx", "\u2409x"),  # a tab is shown as a symbol, so it cannot start a formula
        ("\x1b[31mred", "\u241b[31mred"),
        ("two\nlines", "two\nlines"),
        ("Hope", "Hope"),
        (7, "7"),
        (None, ""),
        (["=a", "b"], "'=a; b"),
    ],
)
def test_csv_cells_cannot_start_a_formula(value: object, expected: str) -> None:
    """A CSV cell that a spreadsheet would run as a formula is prefixed with a quote."""
    assert csv_cell(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a|b", "a\\|b"),
        ("*bold* _it_", "\\*bold\\* \\_it\\_"),
        ("<script>", "\\<script\\>"),
        ("two\nlines", "two lines"),
        ("bell\x07", "bell\u2407"),
    ],
)
def test_markdown_text_is_never_markup(value: str, expected: str) -> None:
    """Markdown cells escape what CommonMark would read as markup."""
    assert markdown_text(value) == expected


def test_pick_fields_refuses_an_empty_list() -> None:
    """--fields with no names is a usage error."""
    with pytest.raises(UsageError, match="no field named"):
        pick_fields(" , ", FIELDS, FIELDS)
    assert pick_fields("title,title,rank", FIELDS, FIELDS) == ["title", "rank"]


def test_json_escapes_what_could_drive_a_terminal() -> None:
    """ESC, C1 controls and bidi overrides are \\u escapes in JSON, and read back unchanged."""
    value = ["a\x1bb\x9bc\u202ed\u2066e"]
    text = to_json(value)
    assert text == '[\n  "a\\u001bb\\u009bc\\u202ed\\u2066e"\n]\n'
    assert json.loads(text) == value


def test_the_letterboxd_file_is_unguarded_and_the_readme_says_so(cli: Run) -> None:
    """tearlist's CSV guards a formula; the file for Letterboxd's importer writes it as it is,
    and the README, which promises the guard, names that file as the one exception."""
    assert cli("log", "Train to Busan", "--on", "2025-11-20", "--note", "=1+1").code == 0
    rows = list(csv.DictReader(io.StringIO(cli("diary", "export", "-", "-f", "letterboxd").out)))
    assert rows[0]["Review"] == "=1+1"
    ours = list(csv.DictReader(io.StringIO(cli("diary", "export", "-", "-f", "csv").out)))
    assert ours[0]["note"] == "'=1+1"
    readme = " ".join((Path(__file__).parents[1] / "README.md").read_text("utf-8").split())
    assert "The Letterboxd file is written for Letterboxd's importer" in readme
    assert "is not guarded against formulas" in readme
