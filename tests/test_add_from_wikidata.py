"""add REF: titles from Wikidata (a stand-in on 127.0.0.1), added to one's own catalogue."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import Run
from test_installed import TEARLIST
from test_own_catalogue import at_a_terminal
from wikiserver import HANDMAIDEN, IU, Canned, WikiServer

from tearlist.own_catalogue import own_path


def test_a_title_found_by_its_title_is_added(cli: Run, wikidata: WikiServer) -> None:
    result = cli("add", "The Handmaiden", "--year", "2016")
    assert result.code == 0, result.err
    assert result.out == f"added 11: The Handmaiden (2016) to {own_path()}\n"
    record = json.loads(cli("show", "The Handmaiden", "--format", "json").out)
    assert record["wikidata"] == HANDMAIDEN
    assert cli("search", "Pak Ch'an-uk").out.split("\t")[1] == "The Handmaiden"
    # The same title again, by its IMDb id or its item: already there.
    for ref in (record["imdb"], HANDMAIDEN, f"https://www.wikidata.org/wiki/{HANDMAIDEN}"):
        again = cli("add", ref)
        assert (again.code, again.out) == (
            0,
            "already in the catalogue as 11: The Handmaiden (2016)\n",
        )


def test_several_candidates_are_listed_and_nothing_is_added(cli: Run, wikidata: WikiServer) -> None:
    result = cli("add", "Sunshine")
    assert result.code == 1
    assert result.err == "tearlist: several titles match 'Sunshine'; add one by its id\n"
    lines = result.out.splitlines()
    assert len(lines) >= 2 and all(line.startswith("Q") for line in lines)
    assert not own_path().exists()


def test_what_is_no_film_is_not_added(cli: Run, wikidata: WikiServer) -> None:
    result = cli("add", IU)
    assert result.code == 1 and "not a film or series" in result.err
    assert not own_path().exists()


def test_a_failure_of_one_ref_adds_none(cli: Run, wikidata: WikiServer) -> None:
    result = cli("add", HANDMAIDEN, IU)
    assert result.code == 1 and result.out == ""
    assert not own_path().exists()


def test_wikidata_out_of_reach_is_exit_4_and_nothing_written(cli: Run) -> None:
    result = cli("add", "The Handmaiden")
    assert result.code == 4 and result.err.count("\n") == 1 and "127.0.0.1" in result.err
    assert not own_path().exists()


def test_a_dry_run_prints_what_wikidata_gives(cli: Run, wikidata: WikiServer) -> None:
    result = cli("add", HANDMAIDEN, "--dry-run", "--cast", "1")
    assert result.code == 0
    assert result.out.startswith("- rank: 11\n  title: The Handmaiden\n")
    assert result.out.count("\n    - {name:") == 2  # one director, one of the cast
    assert not own_path().exists()


def test_cast_with_a_ref_is_a_number(cli: Run, wikidata: WikiServer) -> None:
    result = cli("add", HANDMAIDEN, "--cast", "Kim Min-hee")
    assert result.code == 2 and "--cast" in result.err


@pytest.mark.skipif(TEARLIST is None, reason="the tearlist command is not installed")
def test_a_spinner_turns_at_a_terminal_while_wikidata_is_slow(
    wikidata: WikiServer, tmp_path: Path
) -> None:
    """A busy answer makes the wait last over a second: the spinner says what is awaited,
    and is gone when the line saying what was added is written."""
    wikidata.answer("wbsearchentities", Canned(status=503, headers={"Retry-After": "1"}))
    env = {**os.environ, "TERM": "xterm-256color", "TEARLIST_DATA": str(tmp_path / "t.yaml")}
    (tmp_path / "t.yaml").write_text("[]\n", encoding="utf-8")
    assert TEARLIST is not None
    code, shown = at_a_terminal([TEARLIST, "add", "The Handmaiden"], env, [])
    assert code == 0, shown
    assert "Searching Wikidata for 'The Handmaiden'" in shown
    assert shown.rstrip().endswith(f"added 1: The Handmaiden (2016) to {tmp_path / 't.yaml'}")


def test_no_spinner_in_a_pipe(cli: Run, wikidata: WikiServer) -> None:
    result = cli("add", "The Handmaiden")
    assert "Searching" not in result.err and "\x1b" not in result.err


LETTERBOXD = (
    "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
    "2025-06-02,Hope,2013,https://boxd.it/1,5,,,2025-06-01\n"
    "2025-06-04,The Handmaiden,2016,https://boxd.it/2,4.5,,,2025-06-03\n"
    "2025-06-06,Parasite,2019,https://boxd.it/3,5,,,2025-06-05\n"
)


def test_import_adds_the_missing_films_one_film_fits(
    cli: Run, wikidata: WikiServer, tmp_path: Path
) -> None:
    """The Handmaiden is found and added, and its viewing is of it at once; Parasite, which
    the stand-in does not hold, is listed, and its viewing kept outside the catalogue."""
    diary = tmp_path / "diary.csv"
    diary.write_text(LETTERBOXD, encoding="utf-8")
    result = cli("diary", "import", str(diary), "--add-missing")
    assert result.code == 0, result.err
    assert result.out == (
        "added 1, kept unmatched 2, already there 0\n"
        f"added 11: The Handmaiden (2016) to {own_path()}\n"
    )
    assert "tearlist: not added: 'Parasite' (2019): " in result.err
    assert cli("list", "--seen", "--fields", "rank,title").out == "7\tHope\n11\tThe Handmaiden\n"


def test_import_adds_nothing_when_wikidata_is_out_of_reach(cli: Run, tmp_path: Path) -> None:
    diary = tmp_path / "diary.csv"
    diary.write_text(LETTERBOXD, encoding="utf-8")
    result = cli("diary", "import", str(diary), "--add-missing")
    assert result.code == 4 and result.err.count("\n") == 1
    assert not own_path().exists()
    assert not Path(os.environ["TEARLIST_DIARY"]).exists()


def test_options_by_hand_do_not_go_with_a_ref(cli: Run) -> None:
    result = cli("add", "The Handmaiden", "--runtime", "145")
    assert result.code == 2
    assert "--runtime is for a title added by hand; with a REF, Wikidata gives it" in result.err
    bundled = cli("--data", "", "add", "The Handmaiden")  # refused before Wikidata is asked
    assert bundled.code == 2 and "never changed" in bundled.err


def test_one_rank_is_for_one_ref(cli: Run) -> None:
    """Refused before Wikidata is asked: the stand-in is not even running."""
    result = cli("add", "The Handmaiden", "Poetry", "--rank", "20")
    assert result.code == 2 and "--rank gives one title its rank" in result.err
