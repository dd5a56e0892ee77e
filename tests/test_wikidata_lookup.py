"""lookup(): a film or series found by Wikidata id, IMDb id or title, against a local stand-in."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from wikiserver import (
    FIXTURES,
    GOOD_DOCTOR,
    HANDMAIDEN,
    IU,
    SUNSHINE_BOYS,
    SUNSHINE_FILM,
    SUNSHINE_SERIES,
    Canned,
    WikiServer,
)

from tearlist.errors import NotFoundError, UsageError
from tearlist.wikidata import Ambiguous, Candidate, Found, lookup, parse_ref


@pytest.mark.parametrize(
    ("ref", "parsed"),
    [
        ("Q9990000101", ("item", "Q9990000101")),
        (" q42 ", ("item", "Q42")),
        ("https://www.wikidata.org/wiki/Q42", ("item", "Q42")),
        ("http://www.wikidata.org/entity/Q42", ("item", "Q42")),
        ("www.wikidata.org/wiki/Special:EntityPage/Q42", ("item", "Q42")),
        ("https://m.wikidata.org/wiki/Q42#P31", ("item", "Q42")),
        ("https://www.wikidata.org/wiki/Special:EntityData/Q42.json", ("item", "Q42")),
        ("tt0021750", ("imdb", "tt0021750")),
        ("https://www.imdb.com/title/tt0021750/?ref_=fn_al_tt_1", ("imdb", "tt0021750")),
        ("m.imdb.com/title/tt0021750", ("imdb", "tt0021750")),
        ("  The   Handmaiden ", ("title", "The Handmaiden")),
        ("Q", ("title", "Q")),
        ("tt12", ("title", "tt12")),
        ("아가씨", ("title", "아가씨")),
    ],
)
def test_references(ref: str, parsed: tuple[str, str]) -> None:
    assert parse_ref(ref) == parsed


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("https://www.wikidata.org/wiki/P31", "is not the address of a Wikidata item (Q...)"),
        ("https://www.imdb.com/name/nm0000123/", "is not the address of an IMDb title (tt...)"),
        ("https://example.com/Q42", "is not a Wikidata or IMDb address"),
        ("   ", "expected a Wikidata id, an IMDb id or a title, found nothing"),
    ],
)
def test_references_that_name_nothing_to_look_up(ref: str, message: str) -> None:
    with pytest.raises(UsageError) as raised:
        parse_ref(ref)
    assert str(raised.value).endswith(message)


def test_by_id_with_progress(wikidata: WikiServer) -> None:
    told: list[str] = []
    found = lookup(HANDMAIDEN, progress=told.append)
    assert isinstance(found, Found)
    assert found.record["title"] == "The Handmaiden"
    assert told == [
        f"Reading {HANDMAIDEN} from Wikidata",
        "Reading the names of 9 people and genres",
    ]
    names = wikidata.requests[1]
    assert (names.query["action"], names.query["props"]) == ("wbgetentities", "labels|aliases")
    assert names.query["languages"] == "en|ko|mul"


def test_by_imdb_id_and_address(wikidata: WikiServer) -> None:
    for ref in ("tt9990000201", "https://www.imdb.com/title/tt9990000201/"):
        assert lookup(ref).record["wikidata"] == GOOD_DOCTOR
    search = wikidata.requests[0]
    assert search.query["action"] == "query"
    assert search.query["list"] == "search"
    assert search.query["srsearch"] == "haswbstatement:P345=tt9990000201"
    assert search.query["maxlag"] == "5"


def test_an_imdb_id_no_item_has(wikidata: WikiServer) -> None:
    with pytest.raises(NotFoundError, match=r"^no Wikidata item has the IMDb id tt9990009999$"):
        lookup("tt9990009999")


def test_an_imdb_id_several_items_have_keeps_the_films(wikidata: WikiServer) -> None:
    person = dict(wikidata.entities[IU])
    person["claims"] = {**person["claims"], "P345": wikidata.entities[HANDMAIDEN]["claims"]["P345"]}
    wikidata.add(person)
    assert lookup("tt9990000101").record["wikidata"] == HANDMAIDEN


def test_something_that_is_not_a_film_is_named(wikidata: WikiServer) -> None:
    """IU's real entity is P31 Q5, whose real label is "human"."""
    with pytest.raises(NotFoundError) as raised:
        lookup(IU)
    assert str(raised.value) == "Q20145 is a human, not a film or series"
    assert raised.value.exit_code == 1


def test_an_item_of_unknown_classes_is_named_by_id(wikidata: WikiServer) -> None:
    novel = {
        "id": "Q9990000501",
        "claims": {
            "P31": [
                {
                    "mainsnak": {
                        "snaktype": "value",
                        "property": "P31",
                        "datavalue": {"value": {"id": "Q8261"}, "type": "wikibase-entityid"},
                    },
                    "rank": "normal",
                }
            ]
        },
    }
    wikidata.add(novel, {"id": "Q9990000502", "claims": {}})
    with pytest.raises(NotFoundError, match=r"^Q9990000501 is a Q8261, not a film or series$"):
        lookup("Q9990000501")
    with pytest.raises(NotFoundError, match=r"^Q9990000502 is an item that Wikidata does not"):
        lookup("Q9990000502")


def test_an_id_must_fit_the_year_and_kind_given(wikidata: WikiServer) -> None:
    assert lookup(HANDMAIDEN, year=2016, kind="film").record["released"] == "2016-06-01"
    with pytest.raises(NotFoundError, match=r"^Q9990000101 is a film, not a series$"):
        lookup(HANDMAIDEN, kind="series")
    with pytest.raises(NotFoundError, match=r"^Q9990000101 was released in 2016, not in 2015$"):
        lookup(HANDMAIDEN, year=2015)


def test_a_title_several_titles_fit_is_ambiguous(wikidata: WikiServer) -> None:
    with pytest.raises(Ambiguous) as raised:
        lookup("Sunshine")
    assert str(raised.value) == "several titles match 'Sunshine'; add one by its id"
    assert raised.value.exit_code == 1
    assert isinstance(raised.value, NotFoundError)
    assert raised.value.candidates == [
        Candidate(SUNSHINE_FILM, 2005, "film", "Sunshine", "made-up 2005 film"),
        Candidate(SUNSHINE_SERIES, 2012, "series", "Sunshine", "made-up 2012 television series"),
    ]
    search, entities = wikidata.requests
    assert search.query["action"] == "wbsearchentities"
    assert (search.query["search"], search.query["language"]) == ("Sunshine", "en")
    assert entities.query["action"] == "wbgetentities"
    assert entities.query["ids"].split("|") == [
        SUNSHINE_FILM,
        SUNSHINE_SERIES,
        "Q9990000403",
        SUNSHINE_BOYS,
    ]


def test_kind_and_year_narrow_a_title_to_one(wikidata: WikiServer) -> None:
    assert lookup("Sunshine", kind="film").record["wikidata"] == SUNSHINE_FILM
    assert lookup("sunshine", year=2012).record["wikidata"] == SUNSHINE_SERIES


def test_a_title_only_the_start_of_another_is_not_that_other(wikidata: WikiServer) -> None:
    """ "Sunshine" from 2010 is not Sunshine Boys (2010): exact titles come first."""
    with pytest.raises(NotFoundError, match=r"^no film or series from 2010 on Wikidata matches"):
        lookup("Sunshine", year=2010)
    assert lookup("Sunshine Boys").record["wikidata"] == SUNSHINE_BOYS
    assert lookup("Sunshine B").record["wikidata"] == SUNSHINE_BOYS


def test_a_korean_title_is_searched_in_korean(wikidata: WikiServer) -> None:
    assert lookup("아가씨").record["wikidata"] == HANDMAIDEN
    assert wikidata.requests[0].query["language"] == "ko"


def test_a_title_nothing_matches(wikidata: WikiServer) -> None:
    empty = (FIXTURES / "real" / "api" / "wbsearchentities-empty.json").read_bytes()
    wikidata.answer("action=wbsearchentities", Canned(body=empty))
    with pytest.raises(NotFoundError, match=r"^nothing on Wikidata matches 'Parasite'$"):
        lookup("Parasite")


def test_a_real_search_answer_whose_hits_are_no_films(wikidata: WikiServer) -> None:
    """The recorded answer of a search for "abc": its hits are not in the stand-in's store,
    so wbgetentities answers them missing, and nothing fits."""
    hits = (FIXTURES / "real" / "api" / "wbsearchentities-abc.json").read_bytes()
    wikidata.answer("action=wbsearchentities", Canned(body=hits))
    with pytest.raises(NotFoundError, match=r"^no film or series on Wikidata matches 'abc'$"):
        lookup("abc")
    assert len(wikidata.requests[1].query["ids"].split("|")) == 7


def test_the_package_is_imported_by_no_other_command() -> None:
    """Only add and diary import --add-missing may import the network code."""
    code = (
        "import sys\n"
        "from tearlist.__main__ import run\n"
        "for args in (['list'], ['show', '1'], ['search', 'Gong Yoo'], ['stats'], ['validate']):\n"
        "    run(args)\n"
        "print(sorted(name for name in sys.modules if name.startswith(('tearlist.wikidata', "
        "'urllib.request', 'http.client'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.splitlines()[-1] == "[]"


def test_the_package_is_part_of_the_distribution() -> None:
    """A wheel holds only the packages pyproject lists: tearlist.wikidata must be one."""
    import tomllib

    root = Path(__file__).parents[1]
    setup = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    listed = set(setup["setuptools"]["packages"])
    folders = {
        ".".join(path.parent.relative_to(root).parts)
        for path in (root / "tearlist").rglob("__init__.py")
    }
    assert folders <= listed


def test_lookup_from_outside_the_checkout(wikidata: WikiServer, tmp_path: Path) -> None:
    """The installed package finds a film through the address TEARLIST_WIKIDATA_URL gives."""
    code = (
        "from tearlist.wikidata import lookup\n"
        f"print(lookup({HANDMAIDEN!r}).record['korean_title'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={**os.environ, "TEARLIST_WIKIDATA_URL": wikidata.url, "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "아가씨\n", "")


def test_directors_are_read_up_to_a_bound(wikidata: WikiServer) -> None:
    """A damaged item naming thousands of directors costs one request, not a hundred."""
    film = json.loads(json.dumps(wikidata.entities[HANDMAIDEN]))
    template = film["claims"]["P57"][0]
    film["claims"]["P57"] = []
    for number in range(3000):
        statement = json.loads(json.dumps(template))
        statement["mainsnak"]["datavalue"]["value"] = {"id": f"Q99900{number + 10000:05d}"}
        film["claims"]["P57"].append(statement)
    wikidata.add(film)
    found = lookup(HANDMAIDEN)
    assert found.record["directors"] == []
    assert "the first 20 of 3000 directors are kept" in found.notes
    assert [len(seen.query["ids"].split("|")) for seen in wikidata.requests if seen.action] == [
        20 + 5 + 3
    ]
