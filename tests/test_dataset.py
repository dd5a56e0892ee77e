"""The bundled catalogue: the ten titles, checked against the facts it was built from."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from tearlist import loading
from tearlist.records import Kind, Title

REFERENCE = Path(__file__).parents[2] / "shared" / "reference" / "ten-titles.yaml"


@pytest.fixture(scope="module")
def titles() -> tuple[Title, ...]:
    """The bundled catalogue, loaded once."""
    return loading.load()


def test_ten_titles_in_the_articles_order(titles: tuple[Title, ...]) -> None:
    """The catalogue holds ranks 1 to 10 in order, starting and ending as the article does."""
    assert [title.rank for title in titles] == list(range(1, 11))
    assert titles[0].title == "Miracle in Cell No. 7"
    assert titles[-1].title == "Good Doctor"


@pytest.mark.parametrize(
    ("rank", "released"),
    [
        (1, date(2013, 1, 23)),  # the article gives the first announced date, the 24th
        (2, date(2004, 11, 5)),
        (5, date(2016, 7, 20)),
        (6, date(2010, 12, 22)),  # the article gives the 23rd
        (8, date(2018, 3, 14)),
        (10, date(2013, 8, 5)),  # the article gives none
    ],
)
def test_release_dates_follow_the_sources(
    titles: tuple[Title, ...], rank: int, released: date
) -> None:
    """Dates are the checked ones, including the two the article got wrong."""
    assert titles[rank - 1].released == released


def test_good_doctor_is_a_twenty_episode_kbs2_series(titles: tuple[Title, ...]) -> None:
    """Good Doctor is a series with its episodes, network and the directors the article left out."""
    good_doctor = titles[9]
    assert good_doctor.kind is Kind.SERIES
    assert (good_doctor.episodes, good_doctor.network) == (20, "KBS2")
    assert [person.name for person in good_doctor.directors] == ["Ki Min-soo", "Kim Jin-woo"]


def test_every_title_is_complete(titles: tuple[Title, ...]) -> None:
    """Each bundled title has Korean title, date, people with Hangul, synopsis and notes."""
    for title in titles:
        assert title.korean_title and title.released and title.synopsis, title.title
        assert title.content_notes and title.directors and title.cast, title.title
        assert all(person.hangul for person in title.directors + title.cast), title.title
        assert (title.episodes is not None) == (title.kind is Kind.SERIES), title.title


def test_article_typos_are_corrected(titles: tuple[Title, ...]) -> None:
    """The article's misspellings are not the names shown."""
    names = {person.name for title in titles for person in title.directors + title.cast}
    assert {"Kang Je-gyu", "Yoo Yeon-seok", "Son Ye-jin", "Ryu Seung-ryong"} <= names
    assert not {"Kang- Je-Gyu", "Yoo-Yeon-Seok", "Son Ye-Jin", "Son Ye Jin"} & names


@pytest.mark.skipif(
    not REFERENCE.exists(), reason="the reference facts are not beside the checkout"
)
def test_matches_the_reference_facts(titles: tuple[Title, ...]) -> None:
    """Every fact of the reference file (titles, dates, kinds, people, aliases) is in the dataset."""
    reference = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    assert len(reference) == len(titles)
    for expected, title in zip(reference, titles, strict=True):
        assert (title.rank, title.title, title.korean_title) == (
            expected["rank"],
            expected["title"],
            expected["korean_title"],
        )
        assert title.kind.value == expected["kind"]
        assert title.released == expected["released"]
        assert title.alt_titles == tuple(expected["alt_titles"])
        assert title.episodes == expected.get("episodes")
        assert title.network == expected.get("network")
        for group, role in ((title.directors, "directors"), (title.cast, "cast")):
            assert [(p.name, p.hangul, p.aliases) for p in group] == [
                (p["name"], p["hangul"], tuple(p.get("aliases", []))) for p in expected[role]
            ]


def test_synopses_are_short_and_original(titles: tuple[Title, ...]) -> None:
    """Each synopsis is one or two sentences."""
    for title in titles:
        assert title.synopsis is not None
        sentences = title.synopsis.count(". ") + 1
        assert 1 <= sentences <= 2, title.title
        assert len(title.synopsis) < 300, title.title


def test_the_bundled_file_is_found_without_the_import_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the package's folder is not on record, importlib.resources finds the file."""
    expected = loading.bundled_path()
    monkeypatch.setattr(loading, "find_spec", lambda name: None)
    assert loading.bundled_path() == expected
    assert expected.name == "titles.yaml" and expected.is_file()
