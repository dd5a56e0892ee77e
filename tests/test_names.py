"""Every real spelling of a Korean name finds its person, and no one else.

The spellings are those that film credits, Wikipedia infoboxes (McCune-Reischauer with
and without its breves and apostrophes), library catalogues (ALA-LC), strict Revised
Romanization and Western name order give for the forty people of the bundled catalogue.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tearlist import loading
from tearlist.catalogue import Query, find, people, search
from tearlist.errors import NotFoundError
from tearlist.matching import (
    START,
    TYPING,
    WHOLE,
    match_person,
    matching_keys,
    principal_spellings,
    title_keys,
    typed,
)
from tearlist.records import Person

TITLES = loading.load()
PEOPLE = {person.name: person for title in TITLES for person in title.directors + title.cast}

SPELLINGS: dict[str, tuple[str, ...]] = {
    "Lee Hwan-kyung": (
        "Lee Hwan-kyung",
        "Yi Hwan-gyŏng",
        "Yi Hwan-gyong",
        "I Hwan-gyeong",
        "Yi Hwan'gyŏng",
        "Rhee Hwan-kyung",
        "Hwan-kyung Lee",
    ),
    "Ryu Seung-ryong": (
        "Ryu Seung-ryong",
        "Ryu Sŭngnyong",
        "Ryu Sungnyong",
        "Yu Sŭng-nyong",
        "Ryoo Seung-ryong",
        "Yoo Seung-ryong",
        "Seung-ryong Ryu",
    ),
    "Kal So-won": ("Kal So-won", "Gal So-won", "Kal Sowŏn", "Kal Sowon", "So-won Kal"),
    "Park Shin-hye": (
        "Park Shin-hye",
        "Bak Sin-hye",
        "Pak Sinhye",
        "Pak Sin-hye",
        "Park Shin Hye",
        "parkshinhye",
        "Bahk Shin-hye",
        "Shin-hye Park",
    ),
    "John H. Lee": (
        "John H. Lee",
        "Lee Jae-han",
        "Yi Chae-han",
        "Yi Jaehan",
        "I Jae-han",
        "Jae-han Lee",
    ),
    "Son Ye-jin": (
        "Son Ye-jin",
        "Son Yejin",
        "Son Ye Jin",
        "sonyejin",
        "SON YE-JIN",
        "Sohn Ye-jin",
        "Ye-jin Son",
        "손예진",
    ),
    "Jung Woo-sung": (
        "Jung Woo-sung",
        "Jeong U-seong",
        "Chŏng U-sŏng",
        "Chong U-song",
        "Chung Woo-sung",
        "Jeong Woo-seong",
        "Woo-sung Jung",
    ),
    "Jo Sung-hee": (
        "Jo Sung-hee",
        "Jo Seong-hui",
        "Cho Sŏng-hŭi",
        "Cho Song-hui",
        "Cho Sung-hee",
        "Sung-hee Jo",
    ),
    "Song Joong-ki": (
        "Song Joong-ki",
        "Song Jung-gi",
        "Song Chunggi",
        "Song Chung-gi",
        "Song Joongki",
        "Joong-ki Song",
    ),
    "Park Bo-young": (
        "Park Bo-young",
        "Bak Bo-yeong",
        "Pak Po-yŏng",
        "Pak Poyong",
        "Park Bo-yeong",
        "Bo-young Park",
    ),
    "Yoo Yeon-seok": (
        "Yoo Yeon-seok",
        "Yu Yeon-seok",
        "Yu Yŏn-sŏk",
        "Yu Yonsok",
        "Yoo Yeon-suk",
        "Yeon-seok Yoo",
    ),
    "Kang Je-gyu": ("Kang Je-gyu", "Gang Je-gyu", "Kang Che-gyu", "Kang Je-kyu", "Je-gyu Kang"),
    "Jo Jin-woong": (
        "Jo Jin-woong",
        "Cho Jin-woong",
        "Cho Chin-ung",
        "Cho Chinung",
        "Jo Jin-ung",
        "Jin-woong Jo",
    ),
    "Youn Yuh-jung": (
        "Youn Yuh-jung",
        "Yun Yeo-jeong",
        "Yun Yŏ-jŏng",
        "Yun Yo-jong",
        "Yoon Yeo-jung",
        "Yuh-jung Youn",
    ),
    "Park Geun-hyung": (
        "Park Geun-hyung",
        "Bak Geun-hyeong",
        "Pak Kŭn-hyŏng",
        "Pak Kun-hyong",
        "Park Keun-hyung",
        "Geun-hyung Park",
    ),
    "Yeon Sang-ho": ("Yeon Sang-ho", "Yŏn Sang-ho", "Yon Sang-ho", "Yeon Sangho", "Sang-ho Yeon"),
    "Gong Yoo": ("Gong Yoo", "Gong Yu", "Kong Yu", "gongyoo", "Yoo Gong"),
    "Ma Dong-seok": (
        "Ma Dong-seok",
        "Ma Tong-sŏk",
        "Ma Tong-sok",
        "Ma Dong-suk",
        "Ma Dongseok",
        "Dong-seok Ma",
        "Don Lee",
    ),
    "Jung Yu-mi": (
        "Jung Yu-mi",
        "Jeong Yu-mi",
        "Chŏng Yu-mi",
        "Chong Yumi",
        "Jung Yoo-mi",
        "Yu-mi Jung",
    ),
    "Kim Young-tak": (
        "Kim Young-tak",
        "Gim Yeong-tak",
        "Kim Yŏng-t'ak",
        "Kim Yongtak",
        "Kim Yeong-tak",
        "Young-tak Kim",
    ),
    "Cha Tae-hyun": (
        "Cha Tae-hyun",
        "Cha Tae-hyeon",
        "Ch'a T'ae-hyŏn",
        "Cha Taehyon",
        "Tae-hyun Cha",
    ),
    "Kang Ye-won": ("Kang Ye-won", "Gang Ye-won", "Kang Ye-wŏn", "Kang Yewon", "Ye-won Kang"),
    "Lee Joon-ik": (
        "Lee Joon-ik",
        "I Jun-ik",
        "Yi Chun-ik",
        "Yi Chunik",
        "Lee Jun-ik",
        "Joon-ik Lee",
    ),
    "Sol Kyung-gu": (
        "Sol Kyung-gu",
        "Seol Gyeong-gu",
        "Sŏl Kyŏng-gu",
        "Sol Kyonggu",
        "Sul Kyung-gu",
        "Kyung-gu Sol",
    ),
    "Lee Re": ("Lee Re", "I Re", "Yi Re", "Re Lee"),
    "Uhm Ji-won": (
        "Uhm Ji-won",
        "Eom Ji-won",
        "Ŏm Chi-wŏn",
        "Om Chiwon",
        "Um Ji-won",
        "Ji-won Uhm",
    ),
    "Lee Jang-hoon": (
        "Lee Jang-hoon",
        "I Jang-hun",
        "Yi Chang-hun",
        "Yi Changhun",
        "Jang-hoon Lee",
    ),
    "Kim Ji-hwan": ("Kim Ji-hwan", "Gim Ji-hwan", "Kim Chi-hwan", "Kim Chihwan", "Ji-hwan Kim"),
    "So Ji-sub": ("So Ji-sub", "So Ji-seop", "So Chi-sŏp", "So Chisop", "Ji-sub So"),
    "Park Jin-pyo": ("Park Jin-pyo", "Bak Jin-pyo", "Pak Chin-p'yo", "Pak Chinpyo", "Jin-pyo Park"),
    "Jeon Do-yeon": (
        "Jeon Do-yeon",
        "Chŏn To-yŏn",
        "Chǒn To-yǒn",
        "Chon To-yon",
        "Jun Do-yeon",
        "Jeon Do-youn",
        "Do-yeon Jeon",
    ),
    "Hwang Jung-min": (
        "Hwang Jung-min",
        "Hwang Jeong-min",
        "Hwang Chŏng-min",
        "Hwang Chongmin",
        "Whang Jung-min",
        "Jung-min Hwang",
    ),
    "Ryu Seung-soo": (
        "Ryu Seung-soo",
        "Ryu Seung-su",
        "Ryu Sŭng-su",
        "Yu Sungsu",
        "Ryoo Seung-soo",
        "Seung-soo Ryu",
    ),
    "Na Moon-hee": ("Na Moon-hee", "Na Mun-hui", "Na Mun-hŭi", "Na Munhui", "Moon-hee Na"),
    "Ki Min-soo": ("Ki Min-soo", "Gi Min-su", "Ki Min-su", "Kiminsu", "Min-soo Ki"),
    "Kim Jin-woo": ("Kim Jin-woo", "Gim Jin-u", "Kim Chin-u", "Kim Chinu", "Jin-woo Kim"),
    "Joo Won": ("Joo Won", "Ju Won", "Chu Wŏn", "Chu Won", "Won Joo"),
    "Moon Chae-won": (
        "Moon Chae-won",
        "Mun Chae-won",
        "Mun Ch'ae-wŏn",
        "Mun Chaewon",
        "ChaeWon Moon",
        "Chae-won Moon",
    ),
    "Joo Sang-wook": ("Joo Sang-wook", "Ju Sang-uk", "Chu Sang-uk", "Chu Sanguk", "Sang-wook Joo"),
    "Kim Min-seo": ("Kim Min-seo", "Gim Min-seo", "Kim Min-sŏ", "Kim Minso", "Min-seo Kim"),
}
CASES = [(spelling, name) for name, spellings in SPELLINGS.items() for spelling in spellings]

# Each query must not find the person named beside it: different syllables are never one.
MUST_NOT_MATCH = [
    ("Kim Min-su", "Kim Min-seo"),  # 서 is not 수
    ("Joon Do-yeon", "Jeon Do-yeon"),  # 준 is not 전
    ("Kim", "Ki Min-soo"),  # Ki + M... is not the family name Kim
    ("Kang Ye-won", "Kang Je-gyu"),
    ("Kang Je-gyu", "Kang Ye-won"),
    ("Song Jun-ki", "Song Joong-ki"),  # 준 is not 중
    ("Jo Won", "Joo Won"),  # 조 is not 주
    ("Joo Won", "Jo Jin-woong"),
    ("Jeong Woo-seung", "Jung Woo-sung"),  # 승 is not 성
    ("Yoon", "Yeon Sang-ho"),
    ("Ki", "Kim Ji-hwan"),
    ("Cho", "Joo Won"),
    ("Ryu Seung-ryong", "Ryu Seung-soo"),
    ("Ryu Seung-soo", "Ryu Seung-ryong"),
    ("Park Jin", "Park Shin-hye"),
    ("Kim Ji-won", "Kim Ji-hwan"),
    ("Kim Ji-won", "Uhm Ji-won"),
    ("Song Ye-jin", "Son Ye-jin"),
    ("Sun Ye-jin", "Son Ye-jin"),
    ("Lee Rae", "Lee Re"),  # 래 is not 레
    ("Hyun", "Cha Tae-hyun"),  # not the start of a part
    ("Won", "Kang Ye-won"),
    ("Jun Ji-won", "Uhm Ji-won"),
    ("son y", "Son Ye-jin"),  # stops inside a syllable: completion only
]


def test_every_person_has_spellings_in_the_table() -> None:
    """The table covers all forty people of the catalogue, with at least 150 spellings."""
    assert set(SPELLINGS) == set(PEOPLE)
    assert len(PEOPLE) == 40
    assert len(CASES) >= 150


@pytest.mark.parametrize(("spelling", "name"), CASES)
def test_a_spelling_finds_its_person_and_no_one_else(spelling: str, name: str) -> None:
    """people finds only the person; search finds exactly the person's titles."""
    assert [credit.person.name for credit in people(TITLES, spelling)] == [name]
    ranks = sorted(hit.title.rank for hit in search(TITLES, Query(anywhere=spelling)))
    expected = [t.rank for t in TITLES if any(p.name == name for p in t.directors + t.cast)]
    assert ranks == expected


@pytest.mark.parametrize(("query", "name"), MUST_NOT_MATCH)
def test_a_different_name_is_not_found(query: str, name: str) -> None:
    """A query made of other syllables does not find the person."""
    assert match_person(typed(query), PEOPLE[name]) is None
    try:
        found = [credit.person.name for credit in people(TITLES, query)]
    except NotFoundError:
        found = []
    assert name not in found


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Kim Min-su", []),
        ("Joon Do-yeon", []),
        ("Song Jun-ki", []),
        ("Jo Won", []),
        ("Kim", ["Kim Ji-hwan", "Kim Jin-woo", "Kim Min-seo", "Kim Young-tak"]),
        ("Jo", ["Jo Jin-woong", "Jo Sung-hee"]),
        ("Lee", ["John H. Lee", "Lee Hwan-kyung", "Lee Jang-hoon", "Lee Joon-ik", "Lee Re"]),
        ("son ye", ["Son Ye-jin"]),
        ("Ryu Seung", ["Ryu Seung-ryong", "Ryu Seung-soo"]),
        ("Ye-jin", ["Son Ye-jin"]),
        ("Min", ["Ki Min-soo", "Kim Min-seo"]),
    ],
)
def test_the_issue_queries_find_exactly_these_people(query: str, expected: list[str]) -> None:
    """Family name alone, given name alone and starts on a syllable find these, no more."""
    try:
        found = sorted(credit.person.name for credit in people(TITLES, query))
    except NotFoundError:
        found = []
    assert found == expected


@pytest.mark.parametrize(
    ("query", "rank"),
    [
        ("Son Ye-jin", WHOLE),
        ("Ye-jin Son", WHOLE),
        ("Son", 3),
        ("Yejin", 3),
        ("son ye", START),
        ("ye", START),
        ("son y", TYPING),
        ("sonyej", TYPING),
    ],
)
def test_ranks(query: str, rank: int) -> None:
    """Whole names rank first, then a part alone, then starts, then starts inside a syllable."""
    found = match_person(typed(query), PEOPLE["Son Ye-jin"], typing=True)
    assert found is not None
    assert found.rank == rank


def test_a_query_inside_the_first_syllable_of_a_joined_part_is_not_a_start() -> None:
    """Kim typed whole is not Ki followed by the start of Min, even while typing."""
    assert match_person(typed("Kim"), PEOPLE["Ki Min-soo"], typing=True) is None
    assert match_person(typed("Ki M"), PEOPLE["Ki Min-soo"], typing=True) is not None


@pytest.mark.parametrize(
    ("query", "matched"),
    [
        ("Ye-jin Son", "cast: Son Ye-jin (Ye-jin Son)"),
        ("son yejin", "cast: Son Ye-jin"),
        ("sonyejin", "cast: Son Ye-jin"),
        ("Sohn Yejin", "cast: Son Ye-jin (Sohn Ye-jin)"),
        ("손예진", "cast: Son Ye-jin (손예진)"),
        ("Ryu Sŭngnyong", "cast: Ryu Seung-ryong (Ryu Sŭng-nyong)"),
        ("Don Lee", "cast: Ma Dong-seok (Don Lee)"),
        ("Ma Tong-sŏk", "cast: Ma Dong-seok (Ma Tong-sŏk)"),
        ("pusanhaeng", "title: 부산행 (Pusanhaeng)"),
        ("Busanhaeng", "title: Busanhaeng"),
    ],
)
def test_matched_says_how_the_spelling_was_read(query: str, matched: str) -> None:
    """The matched column shows the reading of what was typed, where it is not the name."""
    hits = search(TITLES, Query(anywhere=query))
    assert all(matched in hit.matched for hit in hits)
    assert hits


def test_a_users_catalogue_gets_spellings_from_its_hangul() -> None:
    """A person with a hangul field is found by its romanizations, with no aliases written."""
    person = Person("Bae Doona", "배두나")
    for spelling in ("Pae Tu-na", "Bae Du-na", "Doona Bae", "Bae", "Pae Tuna"):
        assert match_person(typed(spelling), person) is not None, spelling
    assert match_person(typed("Bae Dona"), person) is None


def test_a_name_without_hangul_matches_by_its_words() -> None:
    """Without Hangul, a name is matched as written, from the start of any of its words."""
    person = Person("Gong Yoo")
    assert match_person(typed("Yoo"), person) is not None
    assert match_person(typed("Gong Yu"), person) is None


def test_titles_are_found_by_the_romanizations_of_their_korean_title() -> None:
    """A Korean title is found in RR and MR, from the start of any of its words."""
    for query, rank in (("Pusanhaeng", 5), ("Chigŭm mannarŏ kamnida", 8), ("mannareo", 8)):
        assert [hit.title.rank for hit in search(TITLES, Query(title=query))] == [rank], query


def test_keys_for_an_index() -> None:
    """A person's and a title's whole spellings, as an index would store them."""
    keys = matching_keys(PEOPLE["Son Ye-jin"])
    assert {"sonyejin", "yejinson", "sohnyejin", "son", "yejin", "손예진"} <= keys
    assert "sonyejun" not in keys
    busan = next(title for title in TITLES if title.rank == 5)
    assert {"traintobusan", "busanhaeng", "pusanhaeng", "부산행"} <= title_keys(busan)


def test_suggestions_use_the_derived_spellings() -> None:
    """A misspelt McCune-Reischauer name is suggested by its person's name."""
    assert "Bak Sinhye" in principal_spellings(PEOPLE["Park Shin-hye"])
    with pytest.raises(NotFoundError, match="did you mean 'Park Shin-hye'"):
        people(TITLES, "Bak Sinhae")
    with pytest.raises(NotFoundError, match="did you mean 'Kim Min-seo'"):
        people(TITLES, "Kim Min-s")


@pytest.mark.skipif(
    shutil.which("tearlist") is None, reason="the tearlist command is not installed"
)
def test_the_installed_command_reads_names_from_their_hangul(tmp_path: Path) -> None:
    """The installed program, from outside the checkout, finds a McCune-Reischauer spelling,
    shows how it read it, and completes a name from inside a syllable; a user's catalogue
    gets the same from its hangul fields."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEARLIST_DATA", "_TEARLIST"))}

    def run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        command = [shutil.which("tearlist") or "tearlist", *args]
        return subprocess.run(
            command, cwd=tmp_path, env={**env, **extra}, capture_output=True, text=True, timeout=60
        )

    found = run("search", "Ryu Sŭngnyong", "--format", "plain", "--fields", "rank,matched")
    assert found.stdout == "1\tcast: Ryu Seung-ryong (Ryu Sŭng-nyong)\n"
    assert run("people", "Kim Min-su").returncode == 1
    words = "tearlist search --cast 'Pak Si'"
    completed = run(_TEARLIST_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD="3")
    assert completed.stdout.split("\n")[0] == "Pak Sin-hye"
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "- {rank: 1, title: The Host, kind: film, directors: [],"
        " cast: [{name: Bae Doona, hangul: 배두나}]}\n",
        encoding="utf-8",
    )
    found = run(
        "--data", str(mine), "search", "Pae Tu-na", "--format", "plain", "--fields", "matched"
    )
    assert found.stdout == "cast: Bae Doona (Pae Tu-na)\n"


@pytest.mark.parametrize(
    ("ref", "rank"), [("Pusanhaeng", 5), ("pusan", 5), ("Chigŭm mannarŏ kamnida", 8), ("7번방", 1)]
)
def test_show_finds_a_title_by_a_romanization_of_its_korean_title(ref: str, rank: int) -> None:
    """show REF reads a Korean title in any romanization, whole or from its start."""
    assert find(TITLES, ref).rank == rank
