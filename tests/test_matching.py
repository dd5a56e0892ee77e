"""The matching rules for names and titles, as a table of queries and what they find."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from tearlist import loading
from tearlist.catalogue import Query, Role, people, search
from tearlist.errors import NotFoundError, UsageError
from tearlist.matching import match_person
from tearlist.records import Person, Title
from tearlist.textmatch import closest, parts, typed

REFERENCE = Path(__file__).parents[2] / "shared" / "reference" / "ten-titles.yaml"
TITLES = loading.load()


def ranks(query: Query) -> list[int]:
    """The ranks a search finds, in catalogue order."""
    return sorted(hit.title.rank for hit in search(TITLES, query))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Son Ye-jin however she is written: both her titles and nothing else.
        ("Son Ye-Jin", [2, 8]),
        ("Son Ye Jin", [2, 8]),
        ("son yejin", [2, 8]),
        ("SON YE-JIN", [2, 8]),
        ("손예진", [2, 8]),
        ("sonyejin", [2, 8]),
        ("Són Yé-Jín", [2, 8]),
        # The article's own spellings.
        ("Ryoo Seung-Ryong", [1]),
        ("Kang- Je-Gyu", [4]),
        ("Yoo-Yeon-Seok", [3]),
        ("Cho Jin-Woong", [4]),
        ("Jung Woo Sung", [2]),
        # Part of a name: the start of any of its parts.
        ("yejin", [2, 8]),
        ("예진", [2, 8]),
        ("Gong", [5]),
        # Stage names and other spellings.
        ("Don Lee", [5]),
        ("Lee Jae-han", [2]),
        # Other romanizations of the Hangul name.
        ("Jeong Yu-mi", [5]),
        ("Gang Je-gyu", [4]),
        ("Gong Yu", [5]),
        # ... and no others: Yoon is Youn Yuh-jung's family name, not Yeon Sang-ho's.
        ("Yoon", [4]),
        # Titles in any of their spellings.
        ("train to busan", [5]),
        ("부산행", [5]),
        ("Miracle in Cell No.7", [1]),
        ("Eraser in My Head", [2]),
    ],
)
def test_search_finds_what_is_meant(query: str, expected: list[int]) -> None:
    """Each spelling finds exactly the titles it names."""
    assert ranks(Query(anywhere=query)) == expected


def test_director_lee_finds_the_four_titles_directed_by_a_lee() -> None:
    """--director Lee finds John H. Lee's title too, and no title where only the cast is a Lee."""
    assert ranks(Query(director="Lee")) == [1, 2, 7, 8]


def test_cast_search_does_not_find_a_director() -> None:
    """Lee Jang-hoon directed Be with You; he is not in any cast."""
    with pytest.raises(NotFoundError, match="nothing in cast matches 'Lee Jang-hoon'"):
        search(TITLES, Query(cast="Lee Jang-hoon"))


def test_terms_are_combined() -> None:
    """Several terms must all match: Son Ye-jin directed by a Lee is both her titles."""
    assert ranks(Query(cast="Son Ye-jin", director="Lee")) == [2, 8]
    assert ranks(Query(cast="Son Ye-jin", title="Be with")) == [8]


def test_matched_names_say_which_spelling_was_found() -> None:
    """A hit found through an alias shows the name and the spelling typed."""
    [hit] = search(TITLES, Query(anywhere="Don Lee"))
    assert hit.matched == ("cast: Ma Dong-seok (Don Lee)",)
    [hit] = search(TITLES, Query(title="부산"))
    assert hit.matched == ("title: 부산행",)


@pytest.mark.parametrize(
    ("query", "hint"),
    [
        ("Son Ye-gin", "did you mean 'Son Ye-jin'?"),
        ("Kong Yo", "did you mean 'Gong Yoo'?"),
        ("Tran to Busan", "did you mean 'Train to Busan'?"),
    ],
)
def test_a_misspelt_name_gets_a_suggestion(query: str, hint: str) -> None:
    """Nothing found: the error names the closest spellings."""
    with pytest.raises(NotFoundError) as error:
        search(TITLES, Query(anywhere=query))
    assert str(error.value).endswith(hint)


def test_a_query_of_punctuation_only_is_refused() -> None:
    """A query with nothing to look for is not a match for everything."""
    with pytest.raises(UsageError, match="no letters or digits"):
        search(TITLES, Query(anywhere=" - . "))
    with pytest.raises(UsageError, match="no letters or digits"):
        people(TITLES, "")


@pytest.mark.skipif(
    not REFERENCE.exists(), reason="the reference facts are not beside the checkout"
)
def test_every_alias_in_the_reference_finds_its_title() -> None:
    """Each other spelling the reference records finds the title it belongs to."""
    for entry in yaml.safe_load(REFERENCE.read_text(encoding="utf-8")):
        for person in entry["directors"] + entry["cast"]:
            for alias in person.get("aliases", []):
                assert entry["rank"] in ranks(Query(anywhere=alias)), alias
        for alt in entry["alt_titles"]:
            assert entry["rank"] in ranks(Query(title=alt)), alt


def test_every_alias_in_the_dataset_finds_its_title() -> None:
    """Each alias and Hangul name in the bundled catalogue finds its title."""
    for title in TITLES:
        for person in title.directors + title.cast:
            for spelling in person.spellings():
                assert title.rank in ranks(Query(anywhere=spelling)), spelling


def test_composed_and_decomposed_hangul_match() -> None:
    """Hangul typed as separate jamo (NFD) matches the composed syllables."""
    decomposed = unicodedata.normalize("NFD", "손예진")
    assert decomposed != "손예진"
    assert ranks(Query(anywhere=decomposed)) == [2, 8]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Son Ye-Jin", ["son", "ye", "jin"]),
        ("John H. Lee", ["john", "h", "lee"]),
        ("Salut d'Amour", ["salut", "d", "amour"]),
        ("손예진", ["손", "예", "진"]),
        ("7번방의 선물", ["7", "번", "방", "의", "선", "물"]),
        ("Café", ["cafe"]),
        ("", []),
    ],
)
def test_parts(text: str, expected: list[str]) -> None:
    """Texts split into lower-case parts without accents; Hangul syllable by syllable."""
    assert parts(text) == expected


@pytest.mark.parametrize(
    ("query", "matches"),
    [
        ("lee", True),  # the family name alone
        ("joon", True),  # the start of the given name, ending on a syllable
        ("joonik", True),  # the given name alone
        ("leejoon", True),
        ("ik", False),  # not at the start of a part
        ("oonik", False),
        ("lee joo", False),  # stops inside a syllable: for completion only
        ("", False),
    ],
)
def test_a_name_matches_from_the_start_of_its_parts(query: str, matches: bool) -> None:
    """A query matches a whole part of a name, or a start that ends on a syllable."""
    person = Person("Lee Joon-ik", "이준익")
    assert (match_person(typed(query), person) is not None) is matches


def test_closest_prefers_the_nearest_spelling() -> None:
    """Suggestions are ordered best first and limited."""
    names = ["Son Ye-jin", "Song Joong-ki", "So Ji-sub", "Gong Yoo"]
    assert closest("Son Yejn", names, limit=1) == ["Son Ye-jin"]
    assert closest("zzzz", names) == []


def test_people_lists_each_person_once() -> None:
    """Son Ye-jin appears once, with both titles; every person is listed once."""
    credits = people(TITLES)
    names = [credit.person.name for credit in credits]
    assert len(names) == len(set(names))
    [son] = [credit for credit in credits if credit.person.name == "Son Ye-jin"]
    assert [title.rank for title in son.titles] == [2, 8]
    assert son.roles == (Role.CAST,)
    total = {p.name for t in TITLES for p in t.directors + t.cast}
    assert set(names) == total


def test_people_filter_uses_the_search_rules() -> None:
    """people QUERY keeps the people whose name matches, however spelled."""
    assert [c.person.name for c in people(TITLES, "SON YE JIN")] == ["Son Ye-jin"]
    assert [c.person.name for c in people(TITLES, "이재한")] == ["John H. Lee"]
    with pytest.raises(NotFoundError, match="did you mean 'Son Ye-jin'"):
        people(TITLES, "Son Ye-gin")


def test_people_merges_a_person_spelled_alike_in_two_titles() -> None:
    """The same name in two titles is one person, with Hangul and aliases from both."""
    first = TITLES[0]
    titles: tuple[Title, ...] = (
        replace(first, rank=1, cast=(Person("Kim Ji-hwan"),)),
        replace(
            first, rank=2, title="Other", cast=(Person("Kim Ji-Hwan", "김지환", ("Kim Jee-hwan",)),)
        ),
    )
    [credit] = [c for c in people(titles) if c.person.name == "Kim Ji-hwan"]
    assert credit.person.hangul == "김지환"
    assert credit.person.aliases == ("Kim Jee-hwan",)
    assert [t.rank for t in credit.titles] == [1, 2]
