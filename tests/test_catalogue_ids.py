"""The Wikidata and IMDb ids a title may carry: checked where files are read, and shown.

The ids are made up, in the shape of the hand-made Wikidata fixtures (tests/wikidata/made/).
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Run

RECORD = """\
- rank: 1
  title: The Handmaiden
  kind: film
  released: 2016-06-01
  directors: [{{name: Park Chan-wook, hangul: 박찬욱}}]
  cast: []
  wikidata: {wikidata}
  imdb: {imdb}
"""


def catalogue(tmp_path: Path, wikidata: str = "Q9990000101", imdb: str = "tt9990000101") -> Path:
    path = tmp_path / "ids.yaml"
    path.write_text(RECORD.format(wikidata=wikidata, imdb=imdb), encoding="utf-8")
    return path


def test_ids_are_shown_in_every_format(cli: Run, tmp_path: Path) -> None:
    """show gives both ids: as addresses in the table, as ids in JSON and plain lines."""
    path = str(catalogue(tmp_path))
    table = cli("--no-color", "--data", path, "show", "1", "--format", "table").out
    assert "Wikidata      https://www.wikidata.org/wiki/Q9990000101" in table
    assert "IMDb          https://www.imdb.com/title/tt9990000101/" in table
    record = json.loads(cli("--data", path, "show", "1", "--format", "json").out)
    assert (record["wikidata"], record["imdb"]) == ("Q9990000101", "tt9990000101")
    plain = cli("--data", path, "show", "1", "--format", "plain").out
    assert "wikidata\tQ9990000101\n" in plain and "imdb\ttt9990000101\n" in plain


def test_titles_without_ids_have_null_ids(cli: Run) -> None:
    """The bundled titles carry no ids: JSON has every key, null."""
    record = json.loads(cli("show", "5", "--format", "json").out)
    assert record["wikidata"] is None and record["imdb"] is None


def test_ids_written_otherwise_are_refused_with_their_place(cli: Run, tmp_path: Path) -> None:
    """An address, or an id of the wrong shape, is a problem at its line and column."""
    path = catalogue(tmp_path, wikidata="https://www.wikidata.org/wiki/Q9990000101", imdb="4016934")
    result = cli("validate", str(path))
    assert result.code == 3
    where = f"tearlist: {path}"
    record = "title 'The Handmaiden' (rank 1)"
    assert result.err == (
        f"{where}:7:13: {record}, field 'wikidata': expected a Wikidata item id such as Q12345, "
        "found 'https://www.wikidata.org/wiki/Q999000010…'\n"
        f"{where}:8:9: {record}, field 'imdb': expected text, found the number 4016934 (put it in quotes to make it text)\n"
    )


def test_the_same_id_twice_is_one_title_twice(cli: Run, tmp_path: Path) -> None:
    """Two records with one Wikidata or IMDb id are the same title: the second is refused."""
    path = catalogue(tmp_path)
    second = RECORD.format(wikidata="Q9990000101", imdb="tt9990000101")
    second = second.replace("rank: 1", "rank: 2").replace("The Handmaiden", "Agassi")
    path.write_text(path.read_text(encoding="utf-8") + second, encoding="utf-8")
    result = cli("validate", str(path))
    assert result.code == 3
    assert "field 'wikidata': Q9990000101 is also the id of 'The Handmaiden'" in result.err
    assert "field 'imdb': tt9990000101 is also the id of 'The Handmaiden'" in result.err
