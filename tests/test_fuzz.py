"""Property-based tests: whatever a catalogue file holds, loading gives titles or a DataError.

Random text, random bytes, random YAML and JSON structures, records with the real field names
and random values, and the bundled catalogue with random damage are all written to a file and
loaded. Nothing but tearlist's own DataError may come out, its lines stay short, and the command
line never shows a traceback.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tearlist import loading
from tearlist.__main__ import run
from tearlist.errors import DataError
from tearlist.records import FIELDS, PERSON_FIELDS, REQUIRED_FIELDS, Kind, Person, Title

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# No problem line, less its file name, is longer than this: values are quoted short. An escape
# such as \U0001f203 in a quoted value counts as the one character it stands for.
LONGEST_LINE = 400
ESCAPE = re.compile(r"\\(x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8}|.)")
BUNDLED = loading.bundled_path().read_text(encoding="utf-8")


@contextlib.contextmanager
def catalogue_file(content: str | bytes, suffix: str = ".yaml") -> Iterator[Path]:
    """A temporary catalogue file holding the content."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"catalogue{suffix}"
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        yield path


def load_or_data_error(content: str | bytes, suffix: str = ".yaml") -> tuple[Title, ...] | None:
    """Load the content as a catalogue: its titles, or None after a well-formed DataError.

    Any other exception fails the test by propagating.
    """
    with catalogue_file(content, suffix) as path:
        try:
            titles = loading.load(path, report_all=True)
        except DataError as error:
            assert error.problems
            assert error.source == str(path)
            for line in error.lines():
                assert line.startswith(str(path))
                assert len(ESCAPE.sub("?", line)) - len(str(path)) <= LONGEST_LINE, line
            return None
    assert isinstance(titles, tuple)
    for title in titles:
        assert isinstance(title, Title)
        assert isinstance(title.rank, int) and title.rank > 0
        assert isinstance(title.kind, Kind)
        assert isinstance(title.title, str) and title.title.strip()
        assert all(isinstance(person, Person) for person in title.directors + title.cast)
        assert all(isinstance(person.name, str) for person in title.directors + title.cast)
        assert title.released is None or isinstance(title.released, date)
    return titles


def run_cli(content: str, suffix: str, *args: str) -> tuple[int, str, str]:
    """Run tearlist --data FILE ARGS in-process: exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with (
        catalogue_file(content, suffix) as path,
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        code = run(["--data", str(path), *args])
    return code, out.getvalue(), err.getvalue()


# Text that is sometimes long, so that quoting it whole would show.
texts = st.text() | st.text(min_size=1, max_size=10).map(lambda text: (text * 500)[:500])
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**60), max_value=10**60)
    | st.floats()
    | texts
    | st.dates().map(date.isoformat)
)
structures = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(texts, children, max_size=5),
    max_leaves=30,
)
people = st.lists(
    texts
    | st.dictionaries(
        st.sampled_from(PERSON_FIELDS) | texts, scalars | st.lists(scalars, max_size=3), max_size=4
    ),
    max_size=3,
)
field_values = (
    scalars
    | st.integers(min_value=1, max_value=20)
    | st.sampled_from(["film", "series", "movie", "", "2013-02-30", "January 2013"])
    | st.lists(texts, max_size=3)
    | people
    | structures
)
# Mappings with the real field names (and now and then another), each given a random value,
# and mappings whose required fields are mostly right, so that some titles load.
records = st.dictionaries(
    st.sampled_from(FIELDS) | texts, field_values, min_size=1, max_size=len(FIELDS) + 2
) | st.fixed_dictionaries(
    {
        "rank": st.integers(min_value=1, max_value=5) | st.none(),
        "title": texts | st.none(),
        "kind": st.sampled_from(["film", "series"]) | st.none(),
        "directors": people | st.none(),
        "cast": people | st.none(),
    },
    optional={field: field_values for field in FIELDS if field not in REQUIRED_FIELDS},
)
catalogues = (
    st.lists(records, max_size=5)
    | st.lists(records, max_size=5).map(lambda titles: {"titles": titles})
    | structures
)


def dump_yaml(data: Any) -> str:
    """YAML as a person might write it, in block style and with text left readable."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@FUZZ
@given(st.text())
def test_random_text_gives_titles_or_data_error(text: str) -> None:
    """Any text as YAML: titles or a DataError, never another exception."""
    load_or_data_error(text)


@FUZZ
@given(st.text())
def test_random_text_as_json_gives_titles_or_data_error(text: str) -> None:
    """Any text as JSON: titles or a DataError, never another exception."""
    load_or_data_error(text, ".json")


@FUZZ
@given(st.binary())
def test_random_bytes_give_titles_or_data_error(raw: bytes) -> None:
    """Any bytes, as YAML and as JSON: titles or a DataError, never another exception."""
    load_or_data_error(raw)
    load_or_data_error(raw, ".json")


@FUZZ
@given(catalogues)
def test_random_yaml_structures_give_titles_or_data_error(data: Any) -> None:
    """Random structures, title-like or not, dumped as YAML: titles or a DataError."""
    load_or_data_error(dump_yaml(data))


@FUZZ
@given(catalogues)
def test_random_json_structures_give_titles_or_data_error(data: Any) -> None:
    """Random structures, title-like or not, dumped as JSON: titles or a DataError."""
    load_or_data_error(json.dumps(data), ".json")


@FUZZ
@given(st.data())
def test_damaged_bundled_catalogue_gives_titles_or_data_error(data: st.DataObject) -> None:
    """The bundled catalogue with a random slice replaced by random text: titles or a DataError."""
    start = data.draw(st.integers(min_value=0, max_value=len(BUNDLED)), label="start")
    end = data.draw(st.integers(min_value=start, max_value=min(len(BUNDLED), start + 40)))
    filler = data.draw(st.text(alphabet=st.sampled_from(" \t\n-:[]{},&*!#'\"?|>%@`0123abc")))
    load_or_data_error(BUNDLED[:start] + filler + BUNDLED[end:])


@settings(FUZZ, max_examples=100)  # the whole program runs each time: fewer examples
@given(st.lists(records, max_size=4))
def test_command_line_never_shows_a_traceback(records: list[dict[str, Any]]) -> None:
    """`list --format json` on title-like records lists what loads, else exits 3 with one line."""
    text = dump_yaml(records)
    titles = load_or_data_error(text)
    code, out, err = run_cli(text, ".yaml", "list", "--format", "json")
    if titles is None:
        assert (code, out) == (3, "")
        assert err.startswith("tearlist: ")
        assert err.count("\n") == 1
    elif titles:
        assert (code, err) == (0, "")
        assert len(json.loads(out)) == len(titles)
        for args in (
            ["list", "--format", "table"],
            ["list", "--format", "csv"],
            ["show", str(titles[0].rank), "--format", "table"],
            ["people", "--format", "markdown"],
            ["export", "-", "--format", "yaml"],
            ["export", "-", "--format", "markdown"],
        ):
            code, out, err = run_cli(text, ".yaml", *args)
            assert code in (0, 1), (args, err)
            assert "\x1b" not in out, args
    else:  # an empty list of titles is a valid catalogue with nothing to list: JSON's []
        assert (code, out, err) == (1, "[]\n", "tearlist: the catalogue is empty\n")
