"""Choosing what to watch: the filters, pick, stats, and the new facts in every output."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import Run

from tearlist import loading
from tearlist.choosing import StatsKey, pick, stats
from tearlist.errors import UsageError
from tearlist.filtering import apply, filters
from tearlist.records import AgeRating, ContentNote, Title

NEW_FIELDS = ["runtime", "genres", "age_rating", "based_on", "remade_as", "awards", "wikipedia"]


def ranks(out: str) -> list[int]:
    """The ranks of plain output, one title a line."""
    return [int(line.split("\t")[0]) for line in out.splitlines()]


@pytest.fixture(scope="module")
def titles() -> tuple[Title, ...]:
    """The bundled catalogue."""
    return loading.load(cached=False)


@pytest.fixture
def terminal_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard error is taken for a terminal (the captured stream says it is one)."""
    monkeypatch.setattr("_pytest.capture.CaptureIO.isatty", lambda self: True)


def with_note_in(titles: tuple[Title, ...], category: str) -> set[int]:
    """The ranks of the titles with a note, spoiler or not, in a category."""
    return {
        title.rank
        for title in titles
        if any(note.category and note.category.value == category for note in title.content_notes)
    }


# Filters


def test_avoid_suicide_hides_every_title_with_such_a_note(
    cli: Run, titles: tuple[Title, ...]
) -> None:
    """--avoid suicide hides Hello Ghost and every title with a note in that category."""
    hidden = with_note_in(titles, "suicide and self-harm")
    assert 6 in hidden and len(hidden) >= 2
    result = cli("list", "--avoid", "suicide")
    assert (result.code, result.err) == (0, "")
    assert ranks(result.out) == [rank for rank in range(1, 11) if rank not in hidden]


@pytest.mark.parametrize(
    "term", ["suicide", "SUICIDE", "Self-harm", "self harm", "suic", "자살", "Suicide And"]
)
def test_avoid_is_matched_as_names_are(titles: tuple[Title, ...], term: str) -> None:
    """Case, spacing, hyphens and Hangul do not matter, and a word's start is enough."""
    kept = apply(titles, filters(avoid=[term]))
    assert {title.rank for title in kept.titles} == set(range(1, 11)) - {6, 9}
    assert kept.hidden_message() == "2 titles hidden: suicide and self-harm"


def test_avoid_matches_a_notes_words_and_names_the_term_not_the_note(
    titles: tuple[Title, ...],
) -> None:
    """A term found only in a spoiler note's words hides the title, and the reason is the term."""
    kept = apply(titles, filters(avoid=["lye"]))
    assert 9 not in {title.rank for title in kept.titles}
    assert kept.hidden_message() == "1 title hidden: lye"


def test_avoid_does_not_match_inside_a_word(titles: tuple[Title, ...]) -> None:
    """'cide' is not the start of a word, so it hides nothing, and is refused for it."""
    with pytest.raises(UsageError, match="'cide' hides nothing"):
        apply(titles, filters(avoid=["cide"]))


def test_avoid_a_category_of_a_users_plain_notes(cli: Run, tmp_path: Path) -> None:
    """A plain-text note has no category, but its words can still be avoided."""
    path = tmp_path / "mine.yaml"
    path.write_text(
        "- {rank: 1, title: A, kind: film, directors: [], cast: [], content_notes: [self-harm]}\n"
        "- {rank: 2, title: B, kind: film, directors: [], cast: []}\n",
        encoding="utf-8",
    )
    assert cli("--data", str(path), "list", "--avoid", "self harm").out == "2\tB\t\t\t\t\n"


def test_hidden_titles_are_counted_on_a_terminal_without_spoilers(
    cli: Run, terminal_stderr: None
) -> None:
    """At a terminal, stderr says how many titles were hidden and for which category only."""
    result = cli("list", "--avoid", "suicide")
    assert result.err == "2 titles hidden: suicide and self-harm\n"
    result = cli("list", "--avoid", "dementia")
    assert result.err == "3 titles hidden: dementia and memory loss\n"
    assert "dementia in an elderly man" not in result.out + result.err


def test_no_hidden_count_in_a_pipe(cli: Run) -> None:
    """Standard error stays quiet when it is not a terminal."""
    assert cli("list", "--avoid", "suicide").err == ""


def test_max_runtime_with_kind_keeps_exactly_the_short_films(
    cli: Run, titles: tuple[Title, ...]
) -> None:
    """--max-runtime 115 --kind film keeps exactly the films of 115 minutes or less."""
    wanted = [t.rank for t in titles if t.kind.value == "film" and t.runtime and t.runtime <= 115]
    assert wanted == [4, 6]
    assert ranks(cli("list", "--max-runtime", "115", "--kind", "film").out) == wanted


def test_max_runtime_leaves_out_unknown_running_times(titles: tuple[Title, ...]) -> None:
    """Good Doctor's episode length is unknown, so no --max-runtime keeps it."""
    kept = apply(titles, filters(max_runtime=1000)).titles
    assert [title.rank for title in kept] == list(range(1, 10))


def test_for_age_12_keeps_all_and_12(cli: Run, titles: tuple[Title, ...]) -> None:
    """--for-age 12 keeps the titles rated All or 12; an unknown rating is left out."""
    allowed = {AgeRating.ALL, AgeRating.TWELVE}
    wanted = [title.rank for title in titles if title.age_rating in allowed]
    assert wanted == [2, 4, 6, 7, 8]
    assert ranks(cli("list", "--for-age", "12").out) == wanted
    assert ranks(cli("list", "--for-age", "18").out) == list(range(1, 10))
    assert cli("list", "--for-age", "11").code == 1


def test_genre_horror_finds_train_to_busan(cli: Run) -> None:
    """--genre horror finds Train to Busan, and repeated genres keep titles of any."""
    assert ranks(cli("list", "--genre", "horror").out) == [5]
    assert ranks(cli("list", "--genre", "Horror", "--genre", "medical").out) == [5, 10]


def test_filters_combine_with_kind_year_and_sort(cli: Run) -> None:
    """Every filter must hold, and sort, search and export take them too."""
    args = ("--genre", "romance", "--year", "2004..2015", "--avoid", "dementia")
    assert ranks(cli("list", *args).out) == [3, 9, 10]
    assert ranks(cli("sort", "--reverse", *args).out) == [10, 3, 9]
    assert ranks(cli("search", "Son Ye-jin", "--max-runtime", "120").out) == [2]
    exported = json.loads(cli("export", "-", "-f", "json", "--genre", "horror").out)
    assert [record["rank"] for record in exported] == [5]


def test_filters_that_leave_nothing_are_named(cli: Run) -> None:
    """Exit 1 and a message naming every filter in use."""
    result = cli("list", "--genre", "horror", "--avoid", "gore", "--for-age", "15")
    assert result.code == 1
    assert result.err == (
        "tearlist: no title matches the filters (--genre horror, --for-age 15, --avoid gore)\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--avoid", "--"], "--avoid: '--' has no letters or digits to look for"),
        (["--max-runtime", "0"], "list --max-runtime: expected 1 or more, not 0"),
        (["--for-age", "-1"], "list --for-age: expected 0 or more, not -1"),
        (["--for-age", "twelve"], "list --for-age: expected a whole number, not 'twelve'"),
    ],
)
def test_bad_filter_values_are_usage_errors(cli: Run, args: list[str], message: str) -> None:
    """A filter value that cannot be used exits 2 with one line saying why."""
    result = cli("list", *args)
    assert result.code == 2
    assert message in result.err and result.err.count("\n") == 1


# pick


def test_pick_with_a_seed_is_repeatable(cli: Run) -> None:
    """pick --seed 7 prints the same title twice in a row, as one plain line."""
    first = cli("pick", "--seed", "7")
    assert first.code == 0 and len(first.out.splitlines()) == 1
    assert cli("pick", "--seed", "7").out == first.out


def test_pick_count_ten_is_every_title_once(cli: Run) -> None:
    """pick --count 10 prints ten distinct titles; more than there are gives all of them."""
    assert sorted(ranks(cli("pick", "--count", "10").out)) == list(range(1, 11))
    assert sorted(ranks(cli("pick", "--count", "50").out)) == list(range(1, 11))


@pytest.mark.parametrize("seed", range(20))
def test_pick_never_gives_an_avoided_title(cli: Run, seed: int) -> None:
    """pick --avoid suicide --count 10 never prints Hello Ghost."""
    picked = ranks(cli("pick", "--avoid", "suicide", "--count", "10", "--seed", str(seed)).out)
    assert 6 not in picked and len(picked) == 8


def test_pick_differs_between_seeds(titles: tuple[Title, ...]) -> None:
    """Different seeds do not all pick the same title."""
    assert len({pick(titles, 1, seed)[0].rank for seed in range(30)}) > 3


def test_pick_formats_as_list(cli: Run) -> None:
    """--format and --fields work as for list."""
    record = json.loads(cli("pick", "--seed", "1", "--format", "json").out)
    assert len(record) == 1 and set(NEW_FIELDS) <= set(record[0])
    assert cli("pick", "--seed", "1", "--fields", "title,runtime").out.count("\t") == 1


def test_pick_card_at_a_terminal_hides_spoilers(cli: Run) -> None:
    """The card shows title, year, running time, genres, rating, synopsis and plain notes."""
    result = cli("--no-color", "pick", "--genre", "horror", "--format", "table")
    assert result.code == 0
    for text in ("5. Train to Busan", "2016", "118 min", "action, horror, thriller", "rated 15"):
        assert text in result.out
    assert "zombie horror with graphic gore" in result.out
    assert "many main characters die" not in result.out


def test_pick_with_nothing_left_names_the_filters(cli: Run) -> None:
    """Nothing to pick: exit 1, and which filters left nothing."""
    result = cli("pick", "--genre", "medical", "--kind", "film")
    assert (result.code, result.out) == (1, "")
    assert result.err == "tearlist: no title matches the filters (--kind film, --genre medical)\n"


# stats


@pytest.mark.parametrize("by", ["year", "decade", "age_rating", "kind", "runtime"])
def test_stats_counts_sum_to_the_catalogue(cli: Run, by: str) -> None:
    """Counts by a fact each title has once add up to the number of titles."""
    counts = json.loads(cli("stats", "--by", by, "--format", "json").out)
    assert sum(count["count"] for count in counts) == 10
    assert all(set(count) == {"value", "count"} for count in counts)


def test_stats_by_year_in_order_with_json_values(cli: Run) -> None:
    """Years in order, as numbers in JSON; plain lines are value, tab, count."""
    counts = json.loads(cli("stats", "--by", "year", "--format", "json").out)
    assert [count["value"] for count in counts] == [2004, 2005, 2010, 2012, 2013, 2015, 2016, 2018]
    assert counts[4] == {"value": 2013, "count": 3}
    assert cli("stats", "--by", "decade").out == "2000s\t2\n2010s\t8\n"


def test_stats_by_runtime_and_rating_put_unknown_last(cli: Run) -> None:
    """Bands and ratings keep their natural order; unknown comes last."""
    assert cli("stats", "--by", "runtime").out == "100-119\t4\n120-139\t5\nunknown\t1\n"
    assert cli("stats", "--by", "age_rating").out == "12\t5\n15\t3\n18\t1\nunknown\t1\n"
    assert cli("stats", "--by", "runtime", "-f", "csv").out.startswith("value,count\n100-119,4\n")


def test_stats_by_genre_and_category_go_by_count(titles: tuple[Title, ...]) -> None:
    """Genres and categories are sorted by how many titles have them."""
    genres = stats(titles, StatsKey.GENRE)
    assert genres[0].value == "drama" and genres[0].count == 9
    assert [count.count for count in genres] == sorted((c.count for c in genres), reverse=True)
    categories = stats(titles, StatsKey.CATEGORY, spoilers=True)
    suicide = next(count for count in categories if count.value == "suicide and self-harm")
    assert suicide.count == len(with_note_in(titles, "suicide and self-harm"))


def test_stats_by_category_keep_spoilers_unless_asked(cli: Run) -> None:
    """A count by category of a single title must not tell its twist: spoiler notes count only
    with --spoilers (Hello Ghost's one note of death and grief is a spoiler)."""
    assert "death and grief" not in cli("stats", "--by", "category", "--year", "2010").out
    told = cli("stats", "--by", "category", "--year", "2010", "--spoilers").out
    assert "death and grief\t1\n" in told
    for fmt in ("json", "csv", "table"):
        out = cli("stats", "--by", "category", "--year", "2015", "--format", fmt).out
        assert "dementia" not in out, fmt


def test_stats_take_the_filters(cli: Run) -> None:
    """Filters narrow what is counted."""
    assert cli("stats", "--by", "kind", "--avoid", "suicide").out == "film\t7\nseries\t1\n"


def test_stats_chart_at_a_terminal(cli: Run) -> None:
    """A bar for each value, the longest for the largest count."""
    out = cli("--no-color", "stats", "--by", "decade", "--format", "table").out
    lines = [line for line in out.splitlines() if "█" in line]
    assert [line.split()[:2] for line in lines] == [["2000s", "2"], ["2010s", "8"]]
    assert lines[1].count("█") == 40 and lines[0].count("█") == 10


def test_stats_notes_without_category(cli: Run, tmp_path: Path) -> None:
    """Plain-text notes are counted as uncategorised."""
    path = tmp_path / "mine.yaml"
    path.write_text(
        "- {rank: 1, title: A, kind: film, directors: [], cast: [], content_notes: [grief]}\n",
        encoding="utf-8",
    )
    assert cli("--data", str(path), "stats", "--by", "category").out == "uncategorised\t1\n"


# show and the other outputs


def test_show_hides_spoilers_and_says_how_many(cli: Run) -> None:
    """show lists every new fact; spoiler notes only with --spoilers."""
    out = cli("--no-color", "show", "5", "--format", "table").out
    for text in (
        "Running time   118 minutes",
        "Genres         action, horror, thriller",
        "Age rating     15 (15 and over)",
        "2017 Baeksang Arts Awards: Best New Director, Film (Yeon Sang-ho)",
        "https://en.wikipedia.org/wiki/Train_to_Busan",
        "zombie horror with graphic gore",
        "Spoilers       2 notes hidden; --spoilers shows them",
    ):
        assert text in out
    assert "many main characters die" not in out
    spoiled = cli("--no-color", "show", "5", "--format", "table", "--spoilers").out
    assert "many main characters die" in spoiled and "hidden" not in spoiled


def test_show_links_the_article_when_colour_is_on(cli: Run) -> None:
    """With colour, the address is a terminal hyperlink (OSC 8) as well as text."""
    out = cli("--color", "show", "7", "--format", "table").out
    assert "\x1b]8;" in out and "https://en.wikipedia.org/wiki/Hope_(2013_film)" in out


def test_show_plain_and_markdown_hide_spoilers(cli: Run, terminal_stderr: None) -> None:
    """Plain show gives the article's address, and says on a terminal what it hid."""
    result = cli("show", "1", "--format", "plain")
    lines = dict(line.split("\t", 1) for line in result.out.splitlines())
    assert lines["runtime"] == "127" and lines["age_rating"] == "15"
    assert lines["wikipedia"] == "https://en.wikipedia.org/wiki/Miracle_in_Cell_No._7"
    assert "execution" not in result.out
    assert result.err == "2 notes that spoil the story hidden; --spoilers shows them\n"
    spoiled = cli("show", "1", "--spoilers", "--format", "plain")
    assert "(spoiler) a father's execution" in spoiled.out and spoiled.err == ""
    markdown = cli("show", "1", "-f", "markdown").out
    assert "execution" not in markdown and "- **runtime**: 127" in markdown
    one = cli("show", "4", "--format", "plain").err  # Salut d'Amour has one such note
    assert one == "1 note that spoils the story hidden; --spoilers shows them\n"


def test_show_json_carries_every_note_with_its_flag(cli: Run) -> None:
    """JSON has all notes, spoilers included, as note, category and spoiler."""
    record = json.loads(cli("show", "1", "--format", "json").out)
    assert record["content_notes"][3] == {
        "note": "a father's execution",
        "category": "death and grief",
        "spoiler": True,
    }
    assert record["runtime"] == 127 and record["genres"] == ["comedy", "drama", "family"]
    assert record["wikipedia"] == "Miracle in Cell No. 7"


def test_every_new_field_in_every_format(cli: Run) -> None:
    """JSON, JSONL, CSV, Markdown and --fields all carry the new fields."""
    jsonl = [json.loads(line) for line in cli("list", "-f", "jsonl").out.splitlines()]
    assert all(set(NEW_FIELDS) <= set(record) for record in jsonl)
    assert jsonl[9]["runtime"] is None and jsonl[9]["age_rating"] is None
    rows = list(csv.DictReader(io.StringIO(cli("list", "-f", "csv").out)))
    assert rows[4]["genres"] == "action; horror; thriller" and rows[4]["runtime"] == "118"
    fields = ",".join(["title", *NEW_FIELDS])
    markdown = cli("list", "-f", "markdown", "--fields", fields, "--genre", "horror").out
    assert "| title | runtime | genres | age\\_rating |" not in markdown
    assert markdown.splitlines()[0] == "| " + " | ".join(["title", *NEW_FIELDS]) + " |"
    assert "Train to Busan | 118 | action; horror; thriller | 15 |" in markdown
    plain = cli("list", "--fields", "rank,age_rating,runtime", "--kind", "series").out
    assert plain == "10\t\t\n"


def test_markdown_export_folds_spoilers(cli: Run) -> None:
    """An exported Markdown document keeps spoiler notes in a closed details element."""
    out = cli("export", "-", "--genre", "horror", "--spoilers").out
    assert "<details><summary>2 spoilers</summary>many main characters die; " in out
    assert (
        "- **wikipedia**: [Train to Busan](<https://en.wikipedia.org/wiki/Train_to_Busan>)" in out
    )


def test_yaml_export_reads_back_identically(cli: Run, tmp_path: Path) -> None:
    """The bundled catalogue, exported to YAML, loads into the same records, notes included."""
    path = tmp_path / "again.yaml"
    assert cli("export", str(path)).code == 0
    assert loading.load(path, cached=False) == loading.load(cached=False)
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "- rank: 1\n  title: A\n  kind: film\n  directors: []\n  cast: []\n"
        "  content_notes: [plain words, {note: kept, category: abuse, spoiler: true}]\n"
        "  age_rating: 12\n",
        encoding="utf-8",
    )
    back = tmp_path / "back.yaml"
    assert cli("--data", str(mine), "export", str(back)).code == 0
    assert yaml.safe_load(back.read_text(encoding="utf-8"))[0]["content_notes"][0] == "plain words"
    (title,) = loading.load(back, cached=False)
    assert title.content_notes[0] == ContentNote("plain words")
    assert title.age_rating is AgeRating.TWELVE
    assert loading.load(mine, cached=False) == (title,)


# validate


BAD = """\
- rank: 1
  title: X
  kind: film
  directors: []
  cast: []
  runtime: 0
  genres: [Drama]
  age_rating: all
  remade_as: text
  wikipedia: https://en.wikipedia.org/wiki/X
  content_notes:
    - {note: a, category: suicid, spoiler: yes please}
    - {note: b, categry: abuse}
"""


def test_validate_checks_the_new_fields(cli: Run, tmp_path: Path) -> None:
    """Types, ranges, and a category outside the vocabulary with a suggestion."""
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    result = cli("validate", str(path))
    where = f"tearlist: {path}"
    record = "title 'X' (rank 1)"
    assert result.code == 3
    assert result.err.splitlines() == [
        f"{where}:6:12: {record}, field 'runtime': expected a positive whole number from 1 to "
        "1440, found the number 0",
        f"{where}:7:12: {record}, field 'genres': expected a genre in plain lower-case words, "
        "found 'Drama'; did you mean 'drama'?",
        f"{where}:8:15: {record}, field 'age_rating': expected 'All', '12', '15' or '18', found "
        "'all'; did you mean 'All'?",
        f"{where}:9:14: {record}, field 'remade_as': expected a list of text, found 'text'",
        f"{where}:10:14: {record}, field 'wikipedia': expected the article's title (Train to "
        "Busan), not an address",
        f"{where}:12:27: {record}, field 'content_notes': unknown category 'suicid'; did you mean "
        "'suicide and self-harm'?",
        f"{where}:12:44: {record}, field 'content_notes': expected true or false, found "
        "'yes please'",
        f"{where}:13:17: {record}: unknown key of a content note 'categry'; did you mean "
        "'category'?",
    ]


@pytest.mark.skipif(shutil.which("tearlist") is None, reason="tearlist is not installed")
def test_installed_pick_and_stats(tmp_path: Path) -> None:
    """The installed command picks and counts from any folder, in a pipe."""
    tearlist = shutil.which("tearlist")
    assert tearlist is not None

    def run(*args: str) -> str:
        done = subprocess.run(
            [tearlist, *args], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=True
        )
        return done.stdout

    assert run("pick", "--seed", "7") == run("pick", "--seed", "7")
    assert run("stats", "--by", "kind") == "film\t9\nseries\t1\n"
    assert run("list", "--avoid", "자살", "--fields", "rank").split() == [
        "1",
        "2",
        "3",
        "4",
        "5",
        "7",
        "8",
        "10",
    ]


def test_stats_chart_names_categories_in_korean(cli: Run) -> None:
    """The chart by category gives each category's Korean name beside the English one."""
    out = cli("--no-color", "stats", "--by", "category", "--format", "table", "--spoilers").out
    assert re.search(r"^ suicide and self-harm +자살과 자해 +2 +█+ *$", out, re.MULTILINE), out
    by_genre = cli("--no-color", "stats", "--by", "genre", "--format", "table").out
    assert "한국어" not in by_genre and re.search(r"^ horror +1 +█+ *$", by_genre, re.MULTILINE)


@pytest.mark.skipif(shutil.which("tearlist") is None, reason="tearlist is not installed")
def test_avoid_completes_categories(tmp_path: Path) -> None:
    """Completing --avoid offers the categories that start with what was typed."""
    tearlist = shutil.which("tearlist")
    assert tearlist is not None
    words = "tearlist list --avoid d"
    env = {"PATH": "/usr/bin:/bin", "_TEARLIST_COMPLETE": "complete_bash"}
    done = subprocess.run(
        [tearlist],
        cwd=tmp_path,
        env={**env, "COMP_WORDS": words, "COMP_CWORD": "3", "TEARLIST_CACHE": ""},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == ["death\\ and\\ grief", "dementia\\ and\\ memory\\ loss"]


def test_a_genre_no_title_has_is_pointed_out(cli: Run) -> None:
    """A misspelt genre keeps nothing of its own; stderr says so, with the nearest genre."""
    result = cli("list", "--genre", "horor", "--genre", "medical")
    assert (result.code, ranks(result.out)) == (0, [10])
    assert result.err == "tearlist: --genre 'horor' is no title's genre; did you mean 'horror'?\n"
    result = cli("list", "--genre", "western")
    assert result.code == 1
    assert result.err == (
        "tearlist: --genre 'western' is no title's genre\n"
        "tearlist: no title matches the filters (--genre western)\n"
    )


def test_search_with_a_genre_of_other_titles_is_not_a_typo(cli: Run) -> None:
    """A genre the catalogue has is no typo, though no title the search found has it."""
    result = cli("search", "Son Ye-jin", "--genre", "horror")
    assert result.err == "tearlist: no title matches the filters (--genre horror)\n"


@pytest.mark.parametrize("columns", [30, 45, 60, 80])
def test_stats_chart_keeps_its_labels_on_a_narrow_terminal(
    cli: Run, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    """On a narrow terminal the bars are cut short, never the values and counts beside them."""
    monkeypatch.setenv("COLUMNS", str(columns))
    out = cli("--no-color", "stats", "--by", "genre", "--format", "table").out
    rows = [line.split() for line in out.splitlines() if "█" in line]
    assert [row[:2] for row in rows][:2] == [["drama", "9"], ["romance", "6"]]
    from rich.cells import cell_len

    assert all(cell_len(line) <= columns for line in out.splitlines())
    categories = cli("--no-color", "stats", "--by", "category", "--format", "table").out
    assert "death and grief" in categories
    assert all(cell_len(line) <= columns for line in categories.splitlines())


def test_avoid_completes_categories_in_korean_too() -> None:
    """A category begun in Korean completes to its Korean name, which --avoid reads too."""
    from tearlist.cli.completion import complete_categories

    assert complete_categories("자") == ["자살과 자해"]
    assert complete_categories("Sex") == ["sexual violence"]
