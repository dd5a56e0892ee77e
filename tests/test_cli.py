"""Each command from the command line: output, order, filters and exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from commandtree import every_command
from conftest import Run

ARTICLE_ORDER = [str(rank) for rank in range(1, 11)]
BY_DATE = ["2", "9", "6", "3", "1", "10", "7", "4", "5", "8"]


def column(out: str, index: int) -> list[str]:
    """One tab-separated column of plain output."""
    return [line.split("\t")[index] for line in out.splitlines()]


def test_list_is_plain_in_a_pipe_in_the_articles_order(cli: Run) -> None:
    """Piped, list writes one tab-separated line per title, no header, rank order."""
    result = cli("list")
    assert result.code == 0
    assert result.err == ""
    assert column(result.out, 0) == ARTICLE_ORDER
    assert result.out.splitlines()[4] == (
        "5\tTrain to Busan\t부산행\t2016-07-20\tYeon Sang-ho\tGong Yoo; Ma Dong-seok; Jung Yu-mi"
    )


def test_list_table_shows_every_title(cli: Run) -> None:
    """The table has a header, and each title with its Korean title and date."""
    result = cli("--no-color", "list", "--format", "table")
    assert result.code == 0
    assert "Directed by" in result.out
    assert "\x1b[" not in result.out
    for title in ("Miracle in Cell No. 7", "7번방의 선물", "Good Doctor", "2016-07-20"):
        assert title in result.out


def test_table_colour_follows_the_flags(cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """--color forces colour even in a pipe; NO_COLOR and --no-color keep it out."""
    assert "\x1b[" in cli("--color", "list", "--format", "table").out
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in cli("list", "--format", "table").out
    assert "\x1b[" in cli("--color", "show", "1", "--format", "table").out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--sort", "released"], BY_DATE),
        (["--sort", "released", "--reverse"], BY_DATE[::-1]),
        (["--sort", "title"], ["2", "3", "8", "10", "6", "7", "1", "4", "5", "9"]),
        (["--reverse"], ARTICLE_ORDER[::-1]),
        (["--kind", "series"], ["10"]),
        (["--year", "2013"], ["1", "7", "10"]),
        (["--year", "2010..2012"], ["3", "6"]),
        (["--kind", "film", "--year", "2013..2013", "--sort", "released"], ["1", "7"]),
    ],
)
def test_list_sorts_and_filters(cli: Run, args: list[str], expected: list[str]) -> None:
    """--sort, --reverse, --kind and --year select and order the titles."""
    result = cli("list", *args)
    assert result.code == 0
    assert column(result.out, 0) == expected


def test_sort_runs_from_oldest_to_newest(cli: Run) -> None:
    """sort starts with A Moment to Remember (2004) and ends with Be with You (2018)."""
    result = cli("sort")
    assert column(result.out, 0) == BY_DATE
    assert result.out.splitlines()[0].startswith(
        "2\tA Moment to Remember\t내 머리 속의 지우개\t2004-11-05"
    )
    assert result.out.splitlines()[-1].startswith("8\tBe with You\t지금 만나러 갑니다\t2018-03-14")
    assert column(cli("sort", "--reverse").out, 0) == BY_DATE[::-1]


def test_filters_that_select_nothing_exit_1(cli: Run) -> None:
    """An empty selection is 'nothing found'."""
    result = cli("list", "--kind", "series", "--year", "2004")
    assert (result.code, result.out, result.err) == (
        1,
        "",
        "tearlist: no title matches the filters (--kind series, --year 2004)\n",
    )


@pytest.mark.parametrize(
    "ref", ["5", "train to busan", "부산행", "Busanhaeng", "TRAIN-TO-BUSAN", "train"]
)
def test_show_finds_train_to_busan(cli: Run, ref: str) -> None:
    """A rank, any spelling of the title, ignoring case and punctuation, or a prefix."""
    result = cli("show", ref, "--format", "json")
    assert result.code == 0
    assert json.loads(result.out)["title"] == "Train to Busan"


def test_show_table_has_every_field(cli: Run) -> None:
    """show prints the title in full: synopsis, people with Hangul, notes, and series details."""
    out = cli("show", "Good Doctor", "--format", "table").out
    for text in (
        "10. Good Doctor",
        "굿 닥터",
        "series (20 episodes, KBS2)",
        "2013-08-05",
        "Ki Min-soo (기민수)",
        "Joo Won (주원)",
        "autism",
        "Gut Dakteo",
    ):
        assert text in out
    assert "young doctor with autism" in " ".join(out.split())


def test_show_plain_lists_each_field(cli: Run) -> None:
    """show in a pipe (or with --format plain) is one field per line, tab-separated."""
    assert cli("show", "10").out == cli("show", "10", "--format", "plain").out
    lines = cli("show", "10").out.splitlines()
    assert [line.split("\t")[0] for line in lines][:3] == ["rank", "title", "korean_title"]
    assert "episodes\t20" in lines and "network\tKBS2" in lines


def test_show_markdown_is_a_section(cli: Run) -> None:
    """show --format markdown starts with a heading and lists the fields."""
    out = cli("show", "5", "--format", "markdown").out
    assert out.startswith("# 5. Train to Busan\n")
    assert "- **cast**: Gong Yoo (공유); Ma Dong-seok (마동석); Jung Yu-mi (정유미)" in out


def test_show_unknown_suggests(cli: Run) -> None:
    """An unknown title exits 1 with one line and a suggestion."""
    result = cli("show", "Trian to Busan")
    assert (result.code, result.out) == (1, "")
    assert (
        result.err
        == "tearlist: no title matches 'Trian to Busan'; did you mean 'Train to Busan'?\n"
    )


def test_show_ambiguous_lists_candidates(cli: Run) -> None:
    """A prefix of several titles exits 1 naming them."""
    result = cli("show", "a")
    assert result.code == 1
    assert result.err == (
        "tearlist: 'a' fits more than one title: "
        "1: Miracle in Cell No. 7; 2: A Moment to Remember; 3: A Werewolf Boy\n"
    )


def test_search_plain_has_a_matched_column(cli: Run) -> None:
    """search lists the titles like list, with what matched last."""
    result = cli("search", "Son Ye-Jin")
    assert result.code == 0
    assert column(result.out, 1) == ["A Moment to Remember", "Be with You"]
    assert column(result.out, -1) == ["cast: Son Ye-jin", "cast: Son Ye-jin"]


def test_search_takes_the_list_options(cli: Run) -> None:
    """search sorts and filters like list."""
    result = cli("search", "--director", "Lee", "--sort", "released", "--reverse")
    assert column(result.out, 0) == ["8", "7", "1", "2"]
    assert column(cli("search", "--director", "Lee", "--year", "2013").out, 0) == ["1", "7"]


def test_search_table_has_matched_column(cli: Run) -> None:
    """The search table shows what matched, since it may be an alias."""
    out = cli("--no-color", "search", "Don Lee", "--format", "table").out
    assert "Matched" in out and "(Don Lee)" in out


def test_search_nothing_found(cli: Run) -> None:
    """Nothing found exits 1 with a suggestion on stderr and nothing on stdout."""
    result = cli("search", "--cast", "Son Ye-gin")
    assert (result.code, result.out) == (1, "")
    assert (
        result.err == "tearlist: nothing in cast matches 'Son Ye-gin'; did you mean 'Son Ye-jin'?\n"
    )


def test_search_needs_something_to_look_for(cli: Run) -> None:
    """search without a query is a usage error."""
    result = cli("search")
    assert result.code == 2
    assert result.err == "tearlist: search needs a QUERY, or --cast, --director or --title\n"


def test_people_lists_each_person_once(cli: Run) -> None:
    """people writes name, Hangul, role and titles; Son Ye-jin once with both titles."""
    result = cli("people")
    assert result.code == 0
    names = column(result.out, 0)
    assert len(names) == len(set(names)) == 40
    assert "Son Ye-jin\t손예진\tcast\tA Moment to Remember; Be with You" in result.out.splitlines()
    assert (
        cli("people", "lee jae han").out == "John H. Lee\t이재한\tdirector\tA Moment to Remember\n"
    )


def test_people_table(cli: Run) -> None:
    """people as a table has a header row and each person."""
    out = cli("people", "son", "--format", "table").out
    assert "Hangul" in out and "Son Ye-jin" in out and "8. Be with You" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["list", "--sort", "bogus"],
            "tearlist: list --sort: 'bogus' is not one of rank, released, title\n",
        ),
        (
            ["list", "--year", "20x"],
            "tearlist: list --year: expected a year such as 2013 or a range such as 2010..2015, not '20x'\n",
        ),
        (
            ["list", "--kind", "opera"],
            "tearlist: list --kind: 'opera' is not one of film, series\n",
        ),
        (
            ["list", "--kind", "flim"],
            "tearlist: list --kind: 'flim' is not one of film, series; did you mean 'film'?\n",
        ),
        (["list", "--kind"], "tearlist: list --kind needs a value: film, series\n"),
        (["list", "--bogus"], "tearlist: list: no option '--bogus'; see --help for the options\n"),
        (["list", "--dat", "x"], "tearlist: list: no option '--dat'; did you mean --data?\n"),
        (["show"], "tearlist: show: missing REF; see 'tearlist show --help'\n"),
        (["nothing"], "tearlist: no command 'nothing'; see 'tearlist --help' for the commands\n"),
        (["lsit"], "tearlist: no command 'lsit'; did you mean 'list'?\n"),
        (
            ["list", "extra"],
            "tearlist: list: unexpected extra 'extra'; see --help for what it takes\n",
        ),
        (
            ["diary", "forget", "x"],
            "tearlist: diary forget: ID: expected a whole number, not 'x'\n",
        ),
        (
            ["show", "1", "--format", "csv"],
            "tearlist: show --format: 'csv' is not one of table, plain, json, markdown\n",
        ),
    ],
)
def test_bad_usage_exits_2_with_one_line(cli: Run, args: list[str], message: str) -> None:
    """A bad option or argument is a one-line usage error with exit 2."""
    result = cli(*args)
    assert (result.code, result.out) == (2, "")
    assert result.err == message
    assert "Traceback" not in result.err


def test_unknown_field_lists_the_available_ones(cli: Run) -> None:
    """--fields with an unknown name is a usage error naming every field."""
    result = cli("list", "--fields", "title,foo")
    assert result.code == 2
    assert result.err == (
        "tearlist: list --fields: unknown field 'foo'; available fields: rank, title, korean_title, "
        "alt_titles, kind, released, directors, cast, synopsis, content_notes, episodes, network, "
        "runtime, genres, age_rating, based_on, remade_as, awards, wikipedia, wikidata, imdb\n"
    )


def test_version_comes_from_the_package_metadata(cli: Run) -> None:
    """--version prints the installed version."""
    from importlib.metadata import version

    result = cli("--version")
    assert (result.code, result.out) == (0, f"tearlist {version('tearlist')}\n")


def test_one_version_in_pyproject_the_metadata_and_the_changelog(cli: Run) -> None:
    """pyproject.toml holds the version; --version prints it, and the changelog's latest
    release is it (an install made before the version moved fails here: reinstall)."""
    import tomllib

    root = Path(__file__).parents[1]
    declared = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    assert cli("--version").out == f"tearlist {declared}\n"
    changelog = (root / "CHANGELOG.md").read_text("utf-8")
    releases = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$", changelog, re.M)
    assert releases[0] == declared and "## [Unreleased]" in changelog


def test_no_arguments_prints_help(cli: Run) -> None:
    """tearlist alone shows the help on standard output, as gh does, and succeeds."""
    result = cli()
    assert (result.code, result.err) == (0, "")
    assert result.out.startswith("Usage: tearlist [OPTIONS] COMMAND [ARGS]...")
    assert result.out == cli("--help").out


COMMANDS = sorted(every_command())


def test_the_commands() -> None:
    """The command line has exactly the documented commands."""
    assert COMMANDS == [
        "add",
        "config",
        "diary",
        "edit",
        "export",
        "help",
        "list",
        "log",
        "people",
        "pick",
        "remove",
        "search",
        "show",
        "sort",
        "stats",
        "validate",
    ]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(cli: Run, name: str) -> None:
    """Each command's --help has a one-line description and an example invocation."""
    result = cli(name, "--help")
    assert result.code == 0
    assert re.search(rf"^\s+tearlist .*{name}\b", result.out, re.MULTILINE), result.out
    description = result.out.split("\n\n")[1].strip()
    assert description and "\n" not in description.splitlines()[0]


def test_main_help_lists_every_command(cli: Run) -> None:
    """tearlist --help names each command with its one-line description (help, hidden there,
    is named in the text)."""
    out = cli("--help").out
    assert "tearlist help exit-codes" in out
    for name in [name for name in COMMANDS if name != "help"]:
        assert re.search(rf"^\s+{name}\s+\S", out, re.MULTILINE), name


def test_fields_alone_means_plain_and_table_takes_fields(cli: Run) -> None:
    """--fields picks plain lines by default; with --format table, the table's columns."""
    assert cli("list", "--fields", "rank", "--kind", "series").out == "10\n"
    result = cli("list", "--format", "table", "--fields", "rank,runtime", "--kind", "series")
    assert result.code == 0
    assert result.out.splitlines()[1].split() == ["┃", "rank", "┃", "runtime", "┃"]


def test_usage_errors_come_before_reading_the_catalogue(cli: Run, tmp_path: Path) -> None:
    """A bad --fields is reported even when the catalogue is missing or nothing would match."""
    missing = str(tmp_path / "missing.yaml")
    assert cli("--data", missing, "list", "--fields", "bogus").code == 2
    assert cli("list", "--year", "1900", "--fields", "bogus").code == 2
    assert cli("--data", missing, "list").code == 4


def test_an_empty_catalogue_is_nothing_found(cli: Run, tmp_path: Path) -> None:
    """Listing, exporting or naming the people of an empty catalogue exits 1 and says why."""
    empty = tmp_path / "empty.yaml"
    empty.write_text("[]\n", encoding="utf-8")
    for args in (["list"], ["export", "-"], ["people"]):
        result = cli("--data", str(empty), *args)
        assert result.code == 1, args
        assert result.out == ""
    assert cli("--data", str(empty), "list").err == "tearlist: the catalogue is empty\n"
    assert cli("--data", str(empty), "people").err == "tearlist: the catalogue names no people\n"


def test_an_export_that_selects_nothing_writes_nothing(cli: Run, tmp_path: Path) -> None:
    """export with filters that keep no title exits 1 and leaves no file."""
    target = tmp_path / "none.md"
    result = cli("export", str(target), "--year", "1900")
    assert (result.code, result.err) == (
        1,
        "tearlist: no title matches the filters (--year 1900)\n",
    )
    assert not target.exists()


def test_search_filters_that_keep_nothing(cli: Run) -> None:
    """A search whose hits the filters all drop is nothing found."""
    result = cli("search", "Son Ye-jin", "--kind", "series")
    assert (result.code, result.err) == (
        1,
        "tearlist: no title matches the filters (--kind series)\n",
    )


@pytest.mark.parametrize("ref", ["½", "1.5", "9" * 5000, "0", "11"])
def test_show_odd_numbers_are_not_found(cli: Run, ref: str) -> None:
    """References that look numeric but are no rank are simply not found, quoted briefly."""
    result = cli("show", ref)
    assert result.code == 1
    assert result.err.startswith("tearlist: no title matches ")
    assert len(result.err) < 200


def test_messages_never_carry_control_characters(cli: Run) -> None:
    """An escape sequence typed in an argument is shown as a symbol in the error."""
    result = cli("show", "\x1b[2Jboom")
    assert "\x1b" not in result.err
    assert result.err.startswith("tearlist: no title matches '\\x1b[2Jboom'")
