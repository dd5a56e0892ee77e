"""A Wikidata item as a catalogue record: each rule of the README's mapping table."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import Run
from wikiserver import (
    CITY_STREETS,
    FIXTURES,
    GOOD_DOCTOR,
    HANDMAIDEN,
    TEST_REEL,
    standard_entities,
)

from tearlist.building import Builder
from tearlist.records import FIELDS, Kind
from tearlist.wikidata import mapping

ENTITIES = standard_entities()


def made(item: str, *, cast: int = 8) -> mapping.Mapped:
    """The record of a stored item, with the stored entities as its terms."""
    entity = ENTITIES[item]
    terms = {one: ENTITIES[one] for one in mapping.needed(entity, cast=cast) if one in ENTITIES}
    return mapping.record(entity, terms, cast=cast)


def statement(prop: str, value: dict[str, Any], kind: str, rank: str = "normal") -> dict[str, Any]:
    return {
        "mainsnak": {
            "snaktype": "value",
            "property": prop,
            "datavalue": {"value": value, "type": kind},
        },
        "type": "statement",
        "rank": rank,
    }


def when(
    text: str, precision: int = 11, rank: str = "normal", place: str | None = None
) -> dict[str, Any]:
    value = {
        "time": text,
        "timezone": 0,
        "before": 0,
        "after": 0,
        "precision": precision,
        "calendarmodel": "http://www.wikidata.org/entity/Q1985727",
    }
    found = statement("P577", value, "time", rank)
    if place:
        snak = {
            "snaktype": "value",
            "property": "P291",
            "datavalue": {
                "value": {"entity-type": "item", "id": place},
                "type": "wikibase-entityid",
            },
        }
        found["qualifiers"] = {"P291": [snak]}
    return found


def duration(amount: str, unit: str, rank: str = "normal") -> dict[str, Any]:
    value = {"amount": amount, "unit": f"http://www.wikidata.org/entity/{unit}"}
    return statement("P2047", value, "quantity", rank)


def film(**claims: list[dict[str, Any]]) -> dict[str, Any]:
    kind = statement("P31", {"entity-type": "item", "id": "Q11424"}, "wikibase-entityid")
    return {"id": "Q9990000999", "type": "item", "claims": {"P31": [kind], **claims}}


def test_a_korean_film_with_every_field() -> None:
    found = made(HANDMAIDEN)
    assert found.record == {
        "title": "The Handmaiden",
        "korean_title": "아가씨",
        "alt_titles": ["Agassi"],
        "kind": "film",
        "released": "2016-06-01",
        "directors": [{"name": "Park Chan-wook", "hangul": "박찬욱", "aliases": ["Park Chan-uk"]}],
        "cast": [
            {"name": "Kim Min-hee", "hangul": "김민희"},
            {"name": "Gim Tae-ri", "hangul": "김태리"},
            {"name": "Ha Jung-woo", "aliases": ["Ha Jeong-woo"]},
            {"name": "Cho Jin-woong", "hangul": "조진웅", "aliases": ["Jo Jin-woong"]},
        ],
        "runtime": 145,
        "genres": ["thriller", "romance", "drama"],
        "wikidata": HANDMAIDEN,
        "imdb": "tt9990000101",
    }
    assert found.notes == [
        "Q9990001003 has no English name; written Gim Tae-ri from the Hangul 김태리",
        "1 person is not on Wikidata and left out: Q9990001099",
    ]


def test_a_korean_series_with_network_episodes_and_first_air_date() -> None:
    found = made(GOOD_DOCTOR)
    assert found.record == {
        "title": "Good Doctor",
        "korean_title": "굿 닥터",
        "kind": "series",
        "released": "2013-08-05",  # the start time (P580), not the publication date
        "directors": [
            {"name": "Gi Min-su", "hangul": "기민수"},
            {"name": "Kim Jin-woo", "hangul": "김진우"},
        ],
        "cast": [
            {"name": "Joo Won", "hangul": "주원"},
            {"name": "Moon Chae-won", "hangul": "문채원"},
        ],
        "episodes": 20,
        "network": "KBS2",
        "genres": ["medical drama"],
        "wikidata": GOOD_DOCTOR,
        "imdb": "tt9990000201",
    }
    assert found.notes == [
        "Q9990001009 has no English name; written Gi Min-su from the Hangul 기민수",
        "Q9990001008 has no English or Korean name on Wikidata; left out",
    ]


@pytest.mark.parametrize("item", [HANDMAIDEN, GOOD_DOCTOR, TEST_REEL, CITY_STREETS])
def test_every_record_is_a_valid_catalogue_title_in_the_catalogues_order(item: str) -> None:
    record = made(item).record
    assert list(record) == [field for field in FIELDS if field in record]
    assert "rank" not in record
    # The record survives the YAML the catalogue file is written in.
    text = yaml.safe_dump([{"rank": 11, **record}], allow_unicode=True, sort_keys=False)
    titles, found = Builder().build(yaml.safe_load(text))
    assert found.items == []
    assert titles[0].wikidata == item
    assert titles[0].kind in (Kind.FILM, Kind.SERIES)


def test_a_year_only_date_leaves_released_unknown_and_says_so() -> None:
    """The real City Streets entity: P577 1931 with precision 9 (year)."""
    found = made(CITY_STREETS)
    assert "released" not in found.record
    assert found.notes[0] == (
        "the release date is known only to the year (1931); released is left unknown"
    )
    assert found.record["runtime"] == 82
    assert found.record["imdb"] == "tt0021750"


def test_a_month_only_date_and_a_runtime_in_seconds() -> None:
    found = made(TEST_REEL)
    assert "released" not in found.record
    assert found.notes == [
        "the release date is known only to the month (January 2013); released is left unknown"
    ]
    assert found.record["runtime"] == 91  # 5430 seconds is 90.5 minutes, rounded half up
    assert found.record["kind"] == "film"  # P31 feature film, a subclass listed


def test_people_of_unknown_value_or_deprecated_rank_are_left_out() -> None:
    cast = made(HANDMAIDEN).record["cast"]
    assert isinstance(cast, list)
    names = [person["name"] for person in cast]
    assert "Wrongly Listed" not in names  # a deprecated P161 statement
    assert len(names) == 4  # the somevalue statement gives no one


def test_cast_keeps_the_first_n_in_wikidatas_order() -> None:
    found = made(HANDMAIDEN, cast=2)
    assert found.record["cast"] == [
        {"name": "Kim Min-hee", "hangul": "김민희"},
        {"name": "Gim Tae-ri", "hangul": "김태리"},
    ]
    assert "the first 2 of 5 cast members are kept" in found.notes
    assert made(HANDMAIDEN, cast=0).record["cast"] == []


def test_real_release_dates_by_country_take_the_earliest_day() -> None:
    """The real P577 statements of the film 2012: no South Korean one, so the earliest."""
    path = FIXTURES / "real" / "fragments" / "Q184605-P577-statements.json"
    dates = json.loads(path.read_text(encoding="utf-8"))
    assert mapping.released(film(P577=dates), "film") == (date(2009, 11, 11), None)


def test_real_release_dates_take_south_koreas_when_there_is_one() -> None:
    path = FIXTURES / "real" / "fragments" / "Q184605-P577-statements.json"
    dates = json.loads(path.read_text(encoding="utf-8"))
    korean = copy.deepcopy(dates)
    for found in korean:  # the statement of 2009-11-13 in Q34 is moved to South Korea
        for snak in found["qualifiers"]["P291"]:
            if snak["datavalue"]["value"]["numeric-id"] == 34:
                snak["datavalue"]["value"] = {"entity-type": "item", "numeric-id": 884}
    assert mapping.released(film(P577=korean), "film") == (date(2009, 11, 13), None)


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        # a preferred statement wins over earlier normal ones
        (
            [when("+2001-01-01T00:00:00Z"), when("+2002-02-02T00:00:00Z", rank="preferred")],
            "2002-02-02",
        ),
        # a deprecated one is never read, even when it is the only South Korean one
        (
            [
                when("+2001-01-01T00:00:00Z", rank="deprecated", place="Q884"),
                when("+2003-03-03T00:00:00Z"),
            ],
            "2003-03-03",
        ),
        # South Korea's date wins over an earlier one elsewhere
        (
            [
                when("+2001-01-01T00:00:00Z", place="Q142"),
                when("+2004-04-04T00:00:00Z", place="Q884"),
            ],
            "2004-04-04",
        ),
        # a day that does not exist, a year before 1 and another calendar are unknown
        ([when("+2001-02-30T00:00:00Z"), when("-0044-03-15T00:00:00Z")], None),
    ],
    ids=["preferred", "deprecated", "korea", "impossible"],
)
def test_release_date_rules(dates: list[dict[str, Any]], expected: str | None) -> None:
    day, _ = mapping.released(film(P577=dates), "film")
    assert (day.isoformat() if day else None) == expected


@pytest.mark.parametrize(
    ("statements", "minutes", "note"),
    [
        ([duration("+118", "Q7727")], 118, None),
        ([duration("+7080", "Q11574")], 118, None),
        ([duration("+2", "Q25235")], 120, None),
        ([duration("+1.5", "Q25235")], 90, None),
        ([duration("+120", "Q7727"), duration("+144", "Q7727", "preferred")], 144, None),
        ([duration("+120", "Q7727", "deprecated")], None, None),
        ([duration("+118", "Q11573")], None, "unknown unit"),
        ([duration("+100000", "Q7727")], None, "(100000 minutes) is not believable"),
        ([duration("+1E+999999999", "Q7727")], None, "(so many minutes) is not believable"),
        ([duration("-5", "Q7727")], None, "(-5 minutes) is not believable"),
        ([duration("+NaN", "Q7727"), duration("+90", "Q7727")], 90, None),
    ],
    ids=[
        "minutes",
        "seconds",
        "hours",
        "half-hours",
        "preferred",
        "deprecated",
        "metre",
        "huge",
        "absurd",
        "negative",
        "not-a-number",
    ],
)
def test_runtime_by_unit(
    statements: list[dict[str, Any]], minutes: int | None, note: str | None
) -> None:
    found, said = mapping.runtime(film(P2047=statements))
    assert found == minutes
    assert (note in said) if note and said else (said is None and note is None)


@pytest.mark.parametrize(
    ("label", "genre"),
    [
        ("horror film", "horror"),
        ("Romance Film", "romance"),
        ("drama television series", "drama"),
        ("medical drama television series", "medical drama"),
        ("film noir", "film noir"),
        ("film", "film"),
        ("  black   comedy  ", "black comedy"),
    ],
)
def test_genre_labels_lose_what_kind_of_work_they_name(label: str, genre: str) -> None:
    assert mapping.genre(label) == genre


@pytest.mark.parametrize(
    ("hangul", "name"),
    [
        ("박찬욱", "Bak Chan-uk"),
        ("김태리", "Gim Tae-ri"),
        ("류승룡", "Ryu Seung-ryong"),
        ("이환경", "I Hwan-gyeong"),
        ("남궁민수", "Namgung Min-su"),
        ("한복남", "Han Bok-nam"),
    ],
)
def test_a_name_without_english_is_written_in_revised_romanization(hangul: str, name: str) -> None:
    """RR's rule for names: family name, space, given name hyphenated, no sound changes."""
    assert mapping.revised_romanization(hangul) == name


def test_a_person_with_neither_english_nor_korean_is_left_out_with_a_note() -> None:
    assert mapping.person("Q1", {"labels": {"ja": {"language": "ja", "value": "テスト"}}}) == (
        None,
        "Q1 has no English or Korean name on Wikidata; left out",
    )


def test_a_korean_label_in_latin_letters_is_no_hangul() -> None:
    """IU's real entity: its ko label is 아이유; a label in Latin letters gives no hangul."""
    iu = ENTITIES["Q20145"]
    aliases = ["Lee Jieun", "Lee Jee Eun", "이 지은"]  # English aliases; 아이유 is the hangul
    assert mapping.person("Q20145", iu)[0] == {"name": "IU", "hangul": "아이유", "aliases": aliases}
    latin = copy.deepcopy(iu)
    latin["labels"]["ko"]["value"] = "IU"
    assert mapping.person("Q20145", latin)[0] == {
        "name": "IU",
        "aliases": ["Lee Jieun", "아이유", *aliases[1:]],
    }


def test_labels_are_cleaned_of_control_characters_and_lone_surrogates() -> None:
    entity = {
        "labels": {
            "en": {"language": "en", "value": "Kim\n\u202eMin-hee\t"},
            "ko": {"language": "ko", "value": "\ud800"},
        },
        "aliases": {"en": [{"language": "en", "value": "   "}]},
    }
    assert mapping.person("Q1", entity)[0] == {"name": "Kim Min-hee"}


def test_a_title_without_english_takes_the_korean_one() -> None:
    entity = film()
    entity["labels"] = {"ko": {"language": "ko", "value": "아가씨"}}
    found = mapping.record(entity, {})
    assert (found.record["title"], found.record["korean_title"]) == ("아가씨", "아가씨")
    assert found.notes == ["no English title on Wikidata; the title is 아가씨"]


def test_the_english_p1476_title_is_used_without_an_english_label() -> None:
    entity = film(
        P1476=[statement("P1476", {"text": "City Streets", "language": "en"}, "monolingualtext")]
    )
    assert mapping.titles(entity) == ("City Streets", None, [])


def test_a_mul_label_stands_for_english_unless_it_is_hangul() -> None:
    latin = {"labels": {"mul": {"language": "mul", "value": "Gong Yoo"}}}
    hangul = {"labels": {"mul": {"language": "mul", "value": "공유"}}}
    assert mapping.person("Q1", latin)[0] == {"name": "Gong Yoo"}
    assert mapping.person("Q1", hangul)[0] == {"name": "Gong Yu", "hangul": "공유"}


SEARCHES = [
    ("Pak Ch'an-uk", "directors"),
    ("Park Chan-wook", "directors"),
    ("박찬욱", "directors"),
    ("Kim Tae-ri", "cast"),  # named Gim Tae-ri from the Hangul: the common spelling finds her
    ("Gim Tae-ri", "cast"),
    ("Kim T'ae-ri", "cast"),
    ("Jo Jin-woong", "cast"),
]


@pytest.mark.parametrize(("query", "role"), SEARCHES)
def test_every_spelling_tearlist_derives_finds_a_person_from_wikidata(
    cli: Run, tmp_path: Path, query: str, role: str
) -> None:
    """The record's name and hangul let search derive RR, MR and popular spellings."""
    record = {"rank": 1, **made(HANDMAIDEN).record}
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump([record], allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = cli("--data", str(path), "search", query, "--fields", "rank,title")
    assert (result.code, result.err) == (0, "")
    assert result.out == "1\tThe Handmaiden\n"
