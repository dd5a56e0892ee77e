"""The bundled catalogue's running times, genres, ratings and notes, against their sources."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tearlist import loading
from tearlist.notes import KOREAN, Category
from tearlist.records import Title

REFERENCE = Path(__file__).parents[2] / "shared" / "reference" / "title-facts.yaml"
USABLE = ("high", "medium")
# Genres a source calls inferred rather than listed are left out (see the data file's header).
INFERRED_GENRES = {6: {"fantasy"}}

pytestmark = pytest.mark.skipif(
    not REFERENCE.exists(), reason="the reference facts are not beside the checkout"
)


@pytest.fixture(scope="module")
def pairs() -> list[tuple[dict[str, Any], Title]]:
    """Each reference record with the bundled title of the same rank."""
    reference = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    titles = loading.load()
    assert [record["rank"] for record in reference] == [title.rank for title in titles]
    return list(zip(reference, titles, strict=True))


def usable(fact: dict[str, Any]) -> Any:
    """A fact's value when its sources make it high or medium confidence, else None."""
    return fact["value"] if fact.get("confidence") in USABLE else None


def test_titles_are_the_same(pairs: list[tuple[dict[str, Any], Title]]) -> None:
    """Both files name the same ten titles in the same order."""
    for expected, title in pairs:
        assert expected["title"] == title.title


def test_running_times(pairs: list[tuple[dict[str, Any], Title]]) -> None:
    """Running times are the sources' chosen values; an unknown episode length stays null."""
    for expected, title in pairs:
        assert title.runtime == usable(expected["runtime_minutes"]), title.title
    assert pairs[1][1].runtime == 117  # not the 144 of one English infobox


def test_genres(pairs: list[tuple[dict[str, Any], Title]]) -> None:
    """Genres are the sources' in their order, less those only inferred."""
    for expected, title in pairs:
        left_out = INFERRED_GENRES.get(title.rank, set())
        wanted = [genre for genre in usable(expected["genres"]) if genre not in left_out]
        assert list(title.genres) == wanted, title.title


def test_age_ratings(pairs: list[tuple[dict[str, Any], Title]]) -> None:
    """Korean age ratings as the sources give them; Good Doctor's is unknown."""
    for expected, title in pairs:
        rating = title.age_rating.value if title.age_rating else None
        assert rating == usable(expected["korean_age_rating"]), title.title
    assert pairs[9][1].age_rating is None


def test_wikipedia_articles(pairs: list[tuple[dict[str, Any], Title]]) -> None:
    """The article is given only where its title was read, not inferred."""
    for expected, title in pairs:
        ids = expected["ids"]
        confidence = ids["confidence"]
        if isinstance(confidence, dict):
            confidence = confidence["wikipedia"]
        assert title.wikipedia == (ids["wikipedia"] if confidence in USABLE else None), title.title


def test_sources(pairs: list[tuple[dict[str, Any], Title]]) -> None:
    """A title has a source line exactly when the sources name one."""
    for expected, title in pairs:
        assert (title.based_on is None) == (usable(expected["based_on"]) is None), title.title


def test_remakes(pairs: list[tuple[dict[str, Any], Title]]) -> None:
    """Remakes are the released ones (with a year) of well-sourced lists, title and year."""
    for expected, title in pairs:
        remakes = usable(expected["remade_as"]) or []
        released = [remake for remake in remakes if remake.get("year")]
        assert len(title.remade_as) == len(released), title.title
        for line, remake in zip(title.remade_as, released, strict=True):
            assert line.startswith(remake["title"]) and str(remake["year"]) in line, line


def test_awards(pairs: list[tuple[dict[str, Any], Title]]) -> None:
    """At most three awards, each with the year and the name of the award it was won at."""
    for expected, title in pairs:
        awards = expected["notable_awards"]["value"]
        assert len(title.awards) == len(awards) <= 3, title.title
        for line, award in zip(title.awards, awards, strict=True):
            name = re.sub(r"^\d+(st|nd|rd|th) ", "", award["award"])
            assert line.startswith(f"{award['year']} {name}: "), line


def test_content_notes_follow_the_sources(pairs: list[tuple[dict[str, Any], Title]]) -> None:
    """One note for each note the sources hold with confidence, in order, flagged alike."""
    for expected, title in pairs:
        wanted = [
            note["spoiler"]
            for note in expected["content_notes"]["value"]
            if note.get("confidence", "high") in USABLE
        ]
        assert [note.spoiler for note in title.content_notes] == wanted, title.title


def test_content_notes_are_short_and_categorised(pairs: list[tuple[dict[str, Any], Title]]) -> None:
    """Every bundled note is two to six words of its own, with a category."""
    for expected, title in pairs:
        sources = {note["note"].casefold() for note in expected["content_notes"]["value"]}
        for note in title.content_notes:
            assert 2 <= len(note.note.split()) <= 6, note.note
            assert note.category is not None, note.note
            assert note.note.casefold() not in sources, note.note


def test_the_vocabulary_has_korean_names() -> None:
    """Each category has a Korean name, in Hangul, and no two share one."""
    assert set(KOREAN) == set(Category)
    assert len(set(KOREAN.values())) == len(KOREAN)
    for name in KOREAN.values():
        assert any("\uac00" <= char <= "\ud7a3" for char in name), name
