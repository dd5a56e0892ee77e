"""What a new user does on the first day: titles unquoted, options anywhere, forgiving
choices, readable errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Run, completions


@pytest.mark.parametrize(
    "args",
    [
        ("show", "Train", "to", "Busan", "--format", "plain"),
        ("show", "train", "to", "busan", "--format", "plain"),
        ("show", "5", "--format", "plain"),
        ("show", "--format", "plain", "Train", "to", "Busan"),
    ],
)
def test_show_takes_a_title_unquoted(cli: Run, args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.code == 0, result.err
    assert "title\tTrain to Busan\n" in result.out


def test_log_and_diary_take_a_title_unquoted(cli: Run) -> None:
    logged = cli("log", "Train", "to", "Busan", "--on", "2025-11-20")
    assert logged.code == 0, logged.err
    assert "Train to Busan (2016) on 2025-11-20" in logged.out
    listed = cli("diary", "train", "to", "busan", "--format", "plain", "--fields", "title")
    assert (listed.code, listed.out) == (0, "Train to Busan\n")


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("tearlist show Train to B", ["Busan"]),
        ("tearlist show Train t", ["to\\ Busan"]),
        ("tearlist show Tra", ["Train\\ to\\ Busan"]),
        ("tearlist log Miracle in", ["in\\ Cell\\ No.\\ 7"]),
        ("tearlist diary train to", ["to\\ Busan"]),
    ],
)
def test_completion_reads_the_words_before(
    words: str,
    expected: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The words of a title typed before the cursor narrow what is offered."""
    assert completions(words, monkeypatch, capsys) == expected


@pytest.fixture
def one_title(cli: Run, tmp_path: Path) -> Path:
    """A catalogue of Train to Busan alone."""
    path = tmp_path / "one.yaml"
    assert cli("export", str(path), "--year", "2016", "--kind", "film").code == 0
    return path


@pytest.mark.parametrize(
    "args",
    [
        ("list", "--data", "{one}"),
        ("--data", "{missing}", "list", "--data", "{one}"),
        ("list", "--data", "{missing}", "--data", "{one}"),
        ("search", "Gong", "--data", "{one}"),
        ("diary", "--data", "{one}"),
    ],
)
def test_data_is_taken_after_the_command(
    cli: Run, one_title: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    """--data after the command names the catalogue; the one given last wins."""
    given = [arg.format(one=one_title, missing=tmp_path / "missing.yaml") for arg in args]
    result = cli(*given, "--format", "plain", "--fields", "rank")
    if args[0] == "diary":  # the diary is empty, whatever the catalogue
        assert (result.code, result.err) == (1, "tearlist: the diary is empty\n")
        return
    assert (result.code, result.out, result.err) == (0, "5\n", "")


def test_data_after_the_command_wins_over_the_variable(
    cli: Run, one_title: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEARLIST_DATA", str(tmp_path / "missing.yaml"))
    result = cli("show", "1", "--data", str(one_title), "--format", "plain")
    assert result.code == 1  # rank 1 is not in the one-title catalogue
    assert "no title" in result.err
    missing = cli("list", "--data", str(tmp_path / "nope.yaml"))
    assert (missing.code, missing.err) == (
        4,
        f"tearlist: --data: {tmp_path / 'nope.yaml'}: no such file\n",
    )


def test_color_is_taken_after_the_command(cli: Run) -> None:
    """The colour flag given last wins, before or after the command."""
    coloured = cli("list", "--format", "table", "--color")
    assert "\x1b[" in coloured.out
    plain = cli("--color", "list", "--format", "table", "--no-color")
    assert "\x1b[" not in plain.out
    assert "Train to Busan" in plain.out


def test_completion_reads_data_after_the_command(
    one_title: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A title of the catalogue --data names after the command is offered."""
    assert completions(f"tearlist show --data {one_title} M", monkeypatch, capsys) == []
    assert completions(f"tearlist show --data {one_title} T", monkeypatch, capsys) == [
        "Train\\ to\\ Busan"
    ]


@pytest.mark.parametrize(
    ("args", "meant"),
    [
        (("forgt", "1"), "forget"),
        (("delete", "1"), "forget"),
        (("exprot", "x.csv"), "export"),
        (("lsit",), "list"),
        (("reveiw",), "review"),
    ],
)
def test_a_mistyped_diary_command_is_named(cli: Run, args: tuple[str, ...], meant: str) -> None:
    result = cli("diary", *args)
    assert (result.code, result.out) == (2, "")
    assert result.err == f"tearlist: no diary command {args[0]!r}; did you mean {meant!r}?\n"


def test_a_title_close_to_a_diary_command_is_still_a_title(cli: Run, tmp_path: Path) -> None:
    """A word close to a command that names a title lists that title's viewings."""
    data = tmp_path / "c.yaml"
    assert cli("export", str(data)).code == 0
    text = data.read_text(encoding="utf-8").replace("title: Train to Busan", "title: Lisst")
    data.write_text(text, encoding="utf-8")
    assert cli("--data", str(data), "log", "Lisst", "--on", "2025-11-20").code == 0
    result = cli("--data", str(data), "diary", "lisst", "--format", "plain", "--fields", "title")
    assert (result.code, result.out) == (0, "Lisst\n")


def test_rm_is_forget(cli: Run) -> None:
    assert cli("log", "5", "--on", "2025-11-20").code == 0
    result = cli("diary", "rm", "1", "--yes")
    assert (result.code, result.out) == (
        0,
        "forgot viewing 1: Train to Busan (2016) on 2025-11-20\n",
    )
    assert cli("diary").code == 1


def test_diary_help_shows_what_bare_diary_takes(cli: Run) -> None:
    result = cli("diary", "--help")
    assert result.code == 0
    without = result.out.split("Without a command, as diary list:")[1]
    for option in ("[REF]", "--year", "--format", "--fields"):
        assert option in without
    assert "rm is another name for forget." in result.out


@pytest.mark.parametrize(
    ("args", "out"),
    [
        (("list", "--year", "1999", "--format", "json"), "[]\n"),
        (("sort", "--year", "1999", "--format", "json"), "[]\n"),
        (("search", "zzzz", "--format", "json"), "[]\n"),
        (("pick", "--year", "1999", "--format", "json"), "[]\n"),
        (("diary", "--format", "json"), "[]\n"),
        (("list", "--year", "1999", "--format", "jsonl"), ""),
        (("list", "--year", "1999", "--format", "csv", "--fields", "rank,title"), "rank,title\n"),
        (("diary", "--format", "csv", "--fields", "id,title"), "id,title\n"),
        (("list", "--year", "1999", "--format", "plain"), ""),
    ],
)
def test_nothing_found_is_still_readable(cli: Run, args: tuple[str, ...], out: str) -> None:
    """A listing that finds nothing writes an empty JSON list or a CSV header, and exits 1."""
    result = cli(*args)
    assert (result.code, result.out) == (1, out)
    assert result.err.startswith("tearlist: ")
    if args[-1] == "json":
        assert json.loads(result.out) == []


def test_diary_json_has_null_stars_without_a_rating(cli: Run) -> None:
    assert cli("log", "5", "--on", "2025-11-20").code == 0
    assert cli("log", "1", "--on", "2025-11-21", "--rating", "4").code == 0
    result = cli("diary", "--format", "json")
    stars = {viewing["title"]: viewing["stars"] for viewing in json.loads(result.out)}
    assert stars == {"Train to Busan": None, "Miracle in Cell No. 7": "★★★★"}
    plain = cli("diary", "--format", "plain", "--fields", "id,stars")
    assert plain.out == "2\t★★★★\n1\t\n"


def test_help_lists_every_command_in_a_panel_on_one_short_line(cli: Run) -> None:
    """Each command's line in tearlist --help is whole (45 characters or fewer), under its panel."""
    from commandtree import every_command

    shown = cli("--help").out
    panels = shown.split("\n\n")
    found: dict[str, str] = {}
    for panel in panels:
        heading, *lines = panel.strip("\n").splitlines()
        if heading in ("Browse:", "Choose:", "Your viewings:", "Catalogue files:"):
            for line in lines:
                name, text = line.split(maxsplit=1)
                found[name] = heading
                assert len(text) <= 45
                assert ("…" not in text and not text.endswith("...")) or "rating..." in text
    commands = every_command()
    listed = {name for name, command in commands.items() if not command.hidden}
    assert set(found) == listed
    assert found["pick"] == found["stats"] == "Choose:"
    assert found["diary"] == found["log"] == "Your viewings:"
    assert "Commands:" not in shown
    for example in ("tearlist pick", "tearlist stats", "tearlist log", "--avoid"):
        assert example in shown
    assert "tearlist help exit-codes" in shown and "tearlist help environment" in shown


@pytest.mark.parametrize(
    ("topic", "line"),
    [
        ("exit-codes", "  130  interrupted\n"),
        ("environment", "  TEARLIST_CONFIG    the settings file"),
    ],
)
def test_help_topics(cli: Run, topic: str, line: str) -> None:
    result = cli("help", topic)
    assert (result.code, result.err) == (0, "")
    assert line in result.out


def test_help_of_a_command_and_an_unknown_topic(cli: Run) -> None:
    assert cli("help", "diary", "export").out == cli("diary", "export", "--help").out
    wrong = cli("help", "exit-code")
    assert (wrong.code, wrong.out) == (2, "")
    assert (
        wrong.err == "tearlist: help: no topic or command 'exit-code'; did you mean 'exit-codes'?\n"
    )


@pytest.mark.parametrize("columns", [40, 52, 80])
@pytest.mark.parametrize("rank", range(1, 11))
def test_show_never_cuts_a_value(
    cli: Run, monkeypatch: pytest.MonkeyPatch, columns: int, rank: int
) -> None:
    """At any width, show wraps values (nothing ends in "…") and keeps each address whole."""
    record = json.loads(cli("show", str(rank), "--format", "json", "--spoilers").out)
    monkeypatch.setenv("COLUMNS", str(columns))
    shown = cli("show", str(rank), "--format", "table", "--no-color", "--spoilers").out
    assert "…" not in shown
    lines = [line.rstrip() for line in shown.splitlines()]
    for line in lines:
        if "://" not in line:
            assert len(line) <= columns  # only an address may run past the edge
    words = " ".join(shown.split())
    for person in record["cast"] + record["directors"]:
        for alias in person.get("aliases") or []:
            assert alias in words
    from tearlist.text import imdb_url, wikidata_url, wikipedia_url

    makers = {"wikipedia": wikipedia_url, "wikidata": wikidata_url, "imdb": imdb_url}
    for field, make in makers.items():
        if record.get(field):
            url = make(record[field])
            assert any(line.endswith((f" {url}", url)) and url in line for line in lines), url
            assert any(line.split()[-1:] == [url] for line in lines)


@pytest.mark.parametrize(
    ("forgiving", "strict"),
    [
        (("list", "--kind", "Film"), ("list", "--kind", "film")),
        (("list", "--format", "JSON"), ("list", "--format", "json")),
        (("list", "--sort", "Released"), ("list", "--sort", "released")),
        (("stats", "--by", "Genre"), ("stats", "--by", "genre")),
        (("stats", "--by", "age-rating"), ("stats", "--by", "age_rating")),
        (("stats", "--by", "AGE_RATING"), ("stats", "--by", "age_rating")),
        (
            ("diary", "export", "-", "--format", "Letterboxd"),
            ("diary", "export", "-", "-f", "letterboxd"),
        ),
    ],
)
def test_choices_forgive_case_and_dashes(
    cli: Run, forgiving: tuple[str, ...], strict: tuple[str, ...]
) -> None:
    if forgiving[0] == "diary":
        assert cli("log", "5", "--on", "2025-11-20").code == 0
    loose, exact = cli(*forgiving), cli(*strict)
    assert loose.code == exact.code == 0, loose.err
    assert loose.out == exact.out


@pytest.mark.parametrize("written", ["2013-2015", "2013\u20132015", "2013 to 2015"])
def test_a_range_written_with_a_dash_is_pointed_to_dots(cli: Run, written: str) -> None:
    result = cli("list", "--year", written)
    assert result.code == 2
    assert "did you mean 2013..2015?" in result.err


def _every_command_path() -> list[tuple[str, ...]]:
    from commandtree import every_command

    paths: list[tuple[str, ...]] = []
    for name, command in every_command().items():
        paths.append((name,))
        paths += [(name, sub) for sub in getattr(command, "commands", {})]
    return paths


@pytest.mark.parametrize("path", _every_command_path())
def test_help_metavars_are_words(cli: Run, path: tuple[str, ...]) -> None:
    """No help shows Click's types or ranges (<str>, <int>, [x>=1]) where a word belongs."""
    shown = cli(*path, "--help").out
    for internal in ("<str>", "<int", "<text>", "[x>", "[x<", "<float>"):
        assert internal not in shown, (path, internal)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("list", "--max-runtime", "90m"),
            "list --max-runtime: expected a whole number, not '90m'",
        ),
        (("pick", "--count", "0"), "pick --count: expected 1 or more, not 0"),
        (
            ("list", "--fields", "rank,titel"),
            "list --fields: unknown field 'titel'; did you mean 'title'?",
        ),
        (
            ("stats", "--by", "genr"),
            "stats --by: 'genr' is not one of year, decade, genre, category,",
        ),
    ],
)
def test_errors_read_as_tearlists_own(cli: Run, args: tuple[str, ...], message: str) -> None:
    result = cli(*args)
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"tearlist: {message}")
    assert result.err.count("\n") == 1
    assert not any(word in result.err for word in ("Invalid value", "int range", "x>="))


def _header(out: str) -> list[str]:
    return [cell.strip() for cell in out.splitlines()[1].strip("┃").split("┃")]


@pytest.mark.parametrize(
    ("columns", "header"),
    [
        (120, ["#", "Title", "Released", "Runtime", "Genres", "Age", "Directed by", "Cast"]),
        (100, ["#", "Title", "Released", "Runtime", "Age", "Directed by", "Cast"]),
        (80, ["#", "Title", "Released", "Directed by", "Cast"]),
    ],
)
def test_the_list_table_adds_columns_where_there_is_room(
    cli: Run, monkeypatch: pytest.MonkeyPatch, columns: int, header: list[str]
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    out = cli("list", "--format", "table").out
    assert _header(out) == header
    assert max(len(line) for line in out.splitlines()) <= columns
    if "Runtime" in header:
        assert "118 min" in out  # Train to Busan


def test_search_keeps_its_table_at_80_columns(cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = cli("search", "son", "--format", "table").out
    assert _header(out) == ["#", "Title", "Year", "Directed by", "Cast", "Matched"]
    assert max(len(line) for line in out.splitlines()) <= 80


@pytest.mark.parametrize(
    ("args", "header"),
    [
        (("list", "--fields", "rank,title,age_rating"), ["rank", "title", "age_rating"]),
        (("people", "son", "--fields", "name,titles"), ["name", "titles"]),
        (("diary", "--fields", "id,title,stars"), ["id", "title", "stars"]),
    ],
)
def test_fields_with_the_table_format(cli: Run, args: tuple[str, ...], header: list[str]) -> None:
    assert cli("log", "5", "--on", "2025-11-20").code == 0
    result = cli(*args, "--format", "table")
    assert result.code == 0, result.err
    assert _header(result.out) == header
