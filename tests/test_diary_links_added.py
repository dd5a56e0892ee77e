"""The diary meets one's own catalogue: a viewing imported before its title was in the
catalogue is shown with the title once `add` puts it there."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Run

LETTERBOXD = (
    "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
    "2025-06-04,Parasite,2019,https://boxd.it/2,4.5,,,2025-06-03\n"
)


def test_an_added_title_links_the_viewing_imported_before_it(cli: Run, tmp_path: Path) -> None:
    diary = tmp_path / "diary.csv"
    diary.write_text(LETTERBOXD, encoding="utf-8")
    imported = cli("diary", "import", str(diary))
    assert imported.code == 0 and "kept unmatched 1" in imported.out
    assert "Parasite" not in cli("list", "--seen").out
    added = cli(
        "add", "--title", "Parasite", "--korean-title", "기생충", "--released", "2019-05-30"
    )
    assert added.out.startswith("added 11: Parasite (2019)")
    shown = json.loads(cli("show", "Parasite", "--format", "json").out)
    assert [viewing["date"] for viewing in shown["viewings"]] == ["2025-06-03"]
    assert shown["rating"] == 4.5
    assert cli("list", "--seen", "--fields", "rank,title").out == "11\tParasite\n"
    assert cli("stats", "--by", "seen").out == "seen\t1\nnot seen\t10\n"
    # Removed again, the viewing stays, outside the catalogue.
    assert cli("remove", "Parasite").code == 0
    listed = json.loads(cli("diary", "--format", "json").out)
    assert [(viewing["title"], viewing["rank"]) for viewing in listed] == [("Parasite", None)]
