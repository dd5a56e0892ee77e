"""Records read from parser events: what the full loader makes of a file, or a refusal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import Run

from tearlist import loading
from tearlist.yamlevents import MAX_DEPTH, Records, Unsupported


def events(text: str) -> Any:
    records = Records(text, loading._loader())
    items = list(records)
    return {"titles": items} if records.wrapped else items


def whole(text: str) -> Any:
    return yaml.load(text, Loader=loading._loader())


SAME = [
    "- {rank: 1, title: Hope, kind: film, directors: [Lee], cast: []}\n",
    "titles:\n- {rank: 1, title: Hope}\n",
    "- [1, -2, +3, 0, 1_000, 0x1f]\n",
    "- [yes, no, on, off, true, False, y, n]\n",
    "- [1.5, .5, -1e3, .inf, -.Inf, .nan]\n",
    "- [~, null, Null, '', \"\", plain text, 'quoted 1', \"2\"]\n",
    "- [2013-01-23, 2013-1-2, 2001-12-14t21:59:43.10-05:00, 12:30]\n",
    "- released: 2016-07-20\n  synopsis: |\n    two\n    lines\n  folded: >\n    a\n    b\n",
    "- [010, 0o10, 1:20, 0b101, 1e3]\n",
    "---\n- a\n...\n",
    "- {? [complex] : value}\n",
    "- {1: one, 2.5: two, false: three, null: four}\n",
    "- 'a'\n- \"\\u00e9\\t\"\n- 한국어\n",
    "[]\n",
    "- [=, a<<b]\n",
]


@pytest.mark.parametrize("text", SAME)
def test_plain_files_read_as_the_full_loader_reads_them(text: str) -> None:
    """Every implicit type, quoting style and wrapper gives the loader's own values."""
    try:
        got = events(text)
    except Unsupported:
        assert text == "- {? [complex] : value}\n"  # a list as a key is left to the loader
        return
    assert got == whole(text)


REFUSED = [
    "- !!python/object:os.system {}\n",
    "- !!str 1\n",
    "- {a: 1, a: 2}\n",
    "- &x [1]\n- *x\n",
    "- {<<: {a: 1}, b: 2}\n",
    "- {1: one, true: one again}\n",
    "- [1" + "0" * 1200 + "]\n",
    "- [" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2) + "\n",
    "",
    "just text\n",
    "{a: 1}\n",
    "titles: []\nmore: 1\n",
    "- a\n---\n- b\n",
    "- [unclosed\n",
]


@pytest.mark.parametrize("text", REFUSED)
def test_anything_the_loader_must_judge_is_left_to_it(text: str) -> None:
    """Tags, aliases, merges, keys written twice, YAML 1.1 numbers, deep nesting, errors."""
    with pytest.raises(Unsupported):
        events(text)


def test_a_large_file_with_a_problem_is_reported_with_its_place(
    tmp_path: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read from events or whole, a problem keeps its line and column."""
    monkeypatch.setenv("TEARLIST_CACHE", "")
    monkeypatch.setattr(loading, "EVENTS_FROM", 0)
    path = tmp_path / "bad.yaml"
    path.write_text(
        "- {rank: 1, title: A, kind: film, directors: [X], cast: []}\n"
        "- {rank: 2, title: B, kind: movie, directors: [X], cast: []}\n",
        encoding="utf-8",
    )
    result = cli("--data", str(path), "list")
    assert result.code == 3
    assert f"{path}:2:" in result.err
    assert "found 'movie'" in result.err
    path.write_text("- {rank: 1, rank: 2}\n", encoding="utf-8")
    result = cli("--data", str(path), "list")
    assert "written twice" in result.err


def test_a_large_file_reads_the_same_from_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the index, a large YAML file gives the same titles as the full loader."""
    monkeypatch.setenv("TEARLIST_CACHE", "")
    expected = loading.load(cached=False)
    monkeypatch.setattr(loading, "EVENTS_FROM", 0)
    monkeypatch.setattr(loading, "parse", lambda *args, **kwargs: pytest.fail("parsed whole"))
    assert loading.load(loading.bundled_path(), cached=False) == expected
