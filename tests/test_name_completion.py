"""Shell completion offers names by their spellings, and completes inside a syllable."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import completions


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        # The whole family name first, then a name the query stops inside of.
        ("tearlist search --cast Son", ["Son\\ Ye-jin", "Song\\ Joong-ki"]),
        ("tearlist search --director Ki", ["Ki\\ Min-soo", "Kim\\ Jin-woo", "Kim\\ Young-tak"]),
        # Kim is not Ki and the start of Min-soo.
        ("tearlist search --director Kim", ["Kim\\ Jin-woo", "Kim\\ Young-tak"]),
        # Inside a syllable, the rest is added in the person's own spelling.
        ("tearlist search --cast 'son y'", ["son ye-jin"]),
        ("tearlist search --cast 'Pak Si'", ["Pak Sin-hye"]),
        ("tearlist search --cast 'Ye-jin S'", ["Ye-jin Son"]),
        # Ordered by the names as written (a space before a hyphen), not by their escaped forms.
        (
            "tearlist search --cast Chŏn",
            ["Chŏn\\ Do-yeon", "Chŏng\\ Woo-sung", "Chŏng\\ Yu-mi", "Chŏng-min\\ Hwang"],
        ),
        ("tearlist search --cast 'Ryu Sŭng'", ["Ryu Sŭng-ryong", "Ryu Sŭng-soo"]),
        ("tearlist search --cast 손", ["손예진"]),
        ("tearlist search --cast 'Jo W'", []),  # 조 is not 주
        # Korean titles complete by their romanization too.
        ("tearlist show pusan", ["pusanhaeng"]),
        ("tearlist show 'chigum man'", ["chigum mannareo Gamnida"]),
    ],
)
def test_completion_offers_names_by_their_spellings(
    words: str,
    expected: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Each query completes to the names it may be the start of, best first."""
    assert completions(words, monkeypatch, capsys) == expected


def test_completion_with_nothing_typed_offers_everyone(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty word offers every director, by the name shown."""
    offered = completions("tearlist search --director ''", monkeypatch, capsys)
    assert len(offered) == 11
    assert "John\\ H.\\ Lee" in offered


def test_completion_keeps_a_written_name_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A name written with punctuation completes with it: O'Brien keeps its apostrophe."""
    catalogue = tmp_path / "mine.yaml"
    catalogue.write_text(
        "- {rank: 1, title: Zed, kind: film, directors: [],"
        ' cast: ["O\'Brien Kelly", Anne-Marie Duff]}\n',
        encoding="utf-8",
    )
    words = f"tearlist --data {catalogue} search --cast"
    assert completions(f"{words} O", monkeypatch, capsys) == ["O\\'Brien\\ Kelly"]
    assert completions(f"{words} anne-m", monkeypatch, capsys) == ["anne-marie\\ Duff"]
