"""Who is one person: names alike but with other Hangul, and names made only of punctuation."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Run

from tearlist.catalogue import Role, find, people
from tearlist.errors import NotFoundError
from tearlist.records import Kind, Person, Title


def title(rank: int, name: str, directors: tuple[Person, ...], cast: tuple[Person, ...]) -> Title:
    """A film with just what these tests need."""
    return Title(rank, name, Kind.FILM, directors, cast)


@pytest.mark.parametrize(
    ("first", "second"),
    [("Lee Rae", "lee-rae"), ("Kim Ji-hwan", "KIM JI HWAN"), ("Park So-yeon", "Park So Yeon")],
)
def test_names_alike_with_other_hangul_are_two_people(first: str, second: str) -> None:
    """Names equal up to case and punctuation but with different Hangul stay apart."""
    titles = (
        title(1, "One", (), (Person(first, "이래"),)),
        title(2, "Two", (), (Person(second, "이레"),)),
    )
    credits = people(titles)
    assert sorted((c.person.hangul, [t.rank for t in c.titles]) for c in credits) == [
        ("이래", [1]),
        ("이레", [2]),
    ]
    [found] = people(titles, "이래")
    assert found.person.hangul == "이래"


def test_a_name_without_hangul_joins_the_only_person_of_that_name() -> None:
    """A plain name is the person of that name with Hangul, when there is just one."""
    titles = (
        title(1, "One", (), (Person("Kim Ji-hwan"),)),
        title(2, "Two", (), (Person("Kim Ji-Hwan", "김지환"),)),
    )
    [credit] = people(titles)
    assert credit.person.hangul == "김지환"
    assert [t.rank for t in credit.titles] == [1, 2]


def test_a_name_without_hangul_is_not_given_one_of_two() -> None:
    """With two people of one name and different Hangul, a plain name is neither of them."""
    titles = (
        title(1, "One", (), (Person("Lee Rae", "이래"),)),
        title(2, "Two", (), (Person("Lee Rae", "이레"),)),
        title(3, "Three", (), (Person("Lee Rae"),)),
    )
    credits = people(titles)
    assert sorted((c.person.hangul or "", [t.rank for t in c.titles]) for c in credits) == [
        ("", [3]),
        ("이래", [1]),
        ("이레", [2]),
    ]


@pytest.mark.parametrize("marks", [("-", ".", "'"), ("--", "-", "…"), ("?", "!", "·")])
def test_names_of_punctuation_are_different_people(marks: tuple[str, str, str]) -> None:
    """Names made only of punctuation are told apart by what they are written with."""
    a, b, c = (Person(mark) for mark in marks)
    titles = (title(1, "One", (a,), (b,)), title(2, "Two", (c,), (a,)))
    found = {
        credit.person.name: (credit.roles, [t.rank for t in credit.titles])
        for credit in people(titles)
    }
    assert found == {
        marks[0]: ((Role.DIRECTOR, Role.CAST), [1, 2]),
        marks[1]: ((Role.CAST,), [1]),
        marks[2]: ((Role.DIRECTOR,), [2]),
    }


@pytest.mark.parametrize("ref", ["", " ", "   "])
def test_an_empty_reference_finds_no_title_of_punctuation(ref: str) -> None:
    """show "" does not find a title named "-", whose name has no letters either."""
    titles = (title(1, "-", (), ()), title(2, "Other", (), ()))
    with pytest.raises(NotFoundError, match="no title matches"):
        find(titles, ref)


def test_a_title_of_punctuation_is_found_by_itself_only() -> None:
    """A title named "-" is found by "-", and not by "." or "?"."""
    titles = (title(1, "-", (), ()), title(2, ".", (), ()))
    assert find(titles, "-").rank == 1
    assert find(titles, ".").rank == 2
    with pytest.raises(NotFoundError):
        find(titles, "?")


def test_people_from_the_command_line(cli: Run, tmp_path: Path) -> None:
    """people lists both people of one name, and finds each by its Hangul."""
    data = tmp_path / "c.yaml"
    data.write_text(
        "- {rank: 1, title: '-', kind: film, directors: ['-'],"
        " cast: [{name: Lee Rae, hangul: 이래}, '.']}\n"
        '- {rank: 2, title: Other, kind: film, directors: ["\'"],'
        " cast: [{name: lee-rae, hangul: 이레}, '-']}\n",
        encoding="utf-8",
    )
    result = cli("--data", str(data), "people", "--format", "plain")
    assert result.out.splitlines() == [
        "-\t\tdirector; cast\t-; Other",
        ".\t\tcast\t-",
        "'\t\tdirector\tOther",
        "Lee Rae\t이래\tcast\t-",
        "lee-rae\t이레\tcast\tOther",
    ]
    result = cli("--data", str(data), "people", "이래", "--format", "plain")
    assert (result.code, result.out) == (0, "Lee Rae\t이래\tcast\t-\n")
    result = cli("--data", str(data), "show", "")
    assert (result.code, result.err) == (1, "tearlist: no title matches ''\n")
