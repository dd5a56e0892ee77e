"""Spoilers stay hidden unless asked for: every format a person reads leaves out the words of
notes that spoil the story, and says how many it left out; JSON, JSON Lines and YAML carry every
note with its flag; a Markdown file keeps them folded in a closed <details> element."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import Run

# Good Doctor, the one series: one note that spoils ("a knife attack on a child").
SPOILER = "a knife attack on a child"
COUNTED = "(1 note that spoils the story hidden: --spoilers shows them)"
SERIES = ("--kind", "series")

READ_BY_PEOPLE = [
    ("list", "--fields", "rank,content_notes"),
    ("list", "--fields", "rank,content_notes", "--format", "csv"),
    ("list", "--fields", "rank,content_notes", "--format", "markdown"),
    ("list", "--format", "csv"),
    ("sort", "--fields", "title,content_notes"),
    ("sort", "--format", "csv"),
    ("search", "good doctor", "--fields", "title,content_notes"),
    ("search", "good doctor", "--format", "csv"),
    ("pick", "--fields", "title,content_notes"),
    ("pick", "--format", "markdown", "--fields", "title,content_notes"),
    ("pick", "--format", "table"),
    ("export", "-"),
    ("export", "-", "--format", "csv"),
]


@pytest.mark.parametrize("command", READ_BY_PEOPLE)
def test_a_format_people_read_hides_spoilers_and_counts_them(
    cli: Run, command: tuple[str, ...]
) -> None:
    result = cli("--no-color", *command, *SERIES)
    assert result.code == 0, result.err
    assert "knife" not in result.out
    assert " ".join(COUNTED.split()) in " ".join(result.out.replace("│", " ").split())


@pytest.mark.parametrize("command", [c for c in READ_BY_PEOPLE if c[:2] != ("export", "-")])
def test_spoilers_shows_them_marked_before_their_words(cli: Run, command: tuple[str, ...]) -> None:
    out = cli("--no-color", *command, *SERIES, "--spoilers").out
    assert f"(spoiler) {SPOILER}" in out and "hidden" not in out


def test_markdown_on_stdout_with_spoilers_folds_them(cli: Run) -> None:
    out = cli("export", "-", *SERIES, "--spoilers").out
    assert f"<details><summary>1 spoiler</summary>{SPOILER}</details>" in out


def test_a_markdown_file_keeps_them_folded(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "tears.md"
    assert cli("export", str(path), *SERIES).code == 0
    text = path.read_text(encoding="utf-8")
    assert f"<details><summary>1 spoiler</summary>{SPOILER}</details>" in text


def test_a_csv_file_hides_them_unless_asked(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "tears.csv"
    assert cli("export", str(path), *SERIES).code == 0
    assert "knife" not in path.read_text(encoding="utf-8")
    again = tmp_path / "all.csv"
    assert cli("export", str(again), *SERIES, "--spoilers").code == 0
    assert f"(spoiler) {SPOILER}" in again.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_carries_every_note_with_its_flag(cli: Run, fmt: str) -> None:
    for command in (("list",), ("export", "-")):
        out = cli(*command, "--format", fmt, *SERIES).out
        record = json.loads(out)[0] if fmt == "json" else json.loads(out.splitlines()[0])
        note = {"note": SPOILER, "category": "violence and gore", "spoiler": True}
        assert note in record["content_notes"]


def test_yaml_carries_every_note_with_its_flag(cli: Run) -> None:
    record = yaml.safe_load(cli("export", "-", "--format", "yaml", *SERIES).out)[0]
    assert {"note": SPOILER, "category": "violence and gore", "spoiler": True} in record[
        "content_notes"
    ]


def test_show_plain_counts_in_its_line_what_it_hides(cli: Run) -> None:
    lines = dict(line.split("\t", 1) for line in cli("show", "10").out.splitlines())
    assert lines["content_notes"].endswith(COUNTED) and "knife" not in lines["content_notes"]
    markdown = cli("show", "10", "--format", "markdown").out
    assert "knife" not in markdown and "1 note that spoils the story hidden" in markdown
