"""--avoid fails closed: a term reaches its category from the ordinary forms of its words,
and a term that would hide nothing is refused rather than letting every title through."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import Run
from hypothesis import given
from hypothesis import strategies as st

from tearlist import loading
from tearlist.notes import WORDS, Category, Words, reached
from tearlist.records import Title
from tearlist.stemming import roots, stem

# The page that lists the words of each category.
CATALOGUE_FORMAT = Path(__file__).resolve().parent.parent / "docs" / "catalogue-format.md"
# Hello Ghost and You Are My Sunshine: the titles with a note of suicide and self-harm.
SUICIDE_RANKS = {6, 9}


def ranks(out: str) -> set[int]:
    return {int(line.split("\t")[0]) for line in out.splitlines()}


@pytest.fixture(scope="module")
def titles() -> tuple[Title, ...]:
    return loading.load(cached=False)


@pytest.mark.parametrize(
    "forms",
    [
        ("suicide", "suicides", "suicidal", "suicidally"),
        ("harm", "harms", "harmed", "harming"),
        ("rape", "rapes", "raped", "raping"),
        ("abuse", "abuses", "abused", "abusing", "abusive", "abuser"),
        ("die", "dies", "died", "dying"),
        ("stab", "stabs", "stabbed", "stabbing"),
        ("bury", "buries", "buried", "burying"),
        ("zombie", "zombies"),
        ("injury", "injuries"),
        ("bully", "bullies", "bullied", "bullying"),
        ("exploit", "exploited", "exploitation", "exploitative"),
        ("discriminate", "discriminated", "discrimination"),
        ("sexual", "sexually"),
        ("imprison", "imprisoned", "imprisonment"),
    ],
)
def test_the_forms_of_a_word_share_one_stem(forms: tuple[str, ...]) -> None:
    assert {stem(word) for word in forms} == {stem(forms[0])}, [stem(w) for w in forms]


@pytest.mark.parametrize(
    ("one", "other"),
    [("rape", "rapid"), ("loss", "lose"), ("bully", "bull"), ("ill", "illness"), ("die", "diet")],
)
def test_different_words_keep_different_stems(one: str, other: str) -> None:
    assert stem(one) != stem(other)


@pytest.mark.parametrize(
    ("term", "category"),
    [
        ("suicidal", Category.SUICIDE),
        ("suicides", Category.SUICIDE),
        ("self-harming", Category.SUICIDE),
        ("Self harmed", Category.SUICIDE),
        ("자살", Category.SUICIDE),
        ("자해", Category.SUICIDE),
        ("raped", Category.SEXUAL_VIOLENCE),
        ("rapist", Category.SEXUAL_VIOLENCE),
        ("sexually abused", Category.SEXUAL_VIOLENCE),
        ("성폭행", Category.SEXUAL_VIOLENCE),
        ("abused", Category.ABUSE),
        ("bullying", Category.ABUSE),
        ("dying", Category.DEATH),
        ("died", Category.DEATH),
        ("grieving", Category.DEATH),
        ("murdered", Category.VIOLENCE),
        ("cancer", Category.ILLNESS),
        ("Alzheimer's", Category.DEMENTIA),
        ("trafficking", Category.EXPLOITATION),
        ("racist", Category.PREJUDICE),
        ("affairs", Category.INFIDELITY),
        ("imprisoned", Category.INJUSTICE),
        ("zombies", Category.HORROR),
        ("공포", Category.HORROR),
    ],
)
def test_a_term_reaches_its_category_in_any_ordinary_form(term: str, category: Category) -> None:
    assert category in reached(term)


def test_a_term_reaches_no_category_it_has_nothing_to_do_with() -> None:
    assert reached("abused") == {Category.ABUSE}
    assert reached("death") == {Category.DEATH}  # not "death row"
    assert reached("kill") == {Category.VIOLENCE}  # not "kill oneself"
    assert reached("spiders") == frozenset()


def test_a_notes_words_are_found_in_any_form() -> None:
    assert Words("suicidal").said_in("two suicide attempts")
    assert Words("self-harming").said_in("scenes of self-harm")
    assert Words("died").said_in("a dying mother")
    assert not Words("rape").said_in("a rapid decline")
    assert not Words("suicidal").said_in("a quiet village")


@pytest.mark.parametrize("term", ["suicidal", "suicides", "self-harming", "suicide", "자살"])
@pytest.mark.parametrize("command", ["list", "sort", "export"])
def test_every_form_hides_the_titles_about_suicide(cli: Run, command: str, term: str) -> None:
    """The review's case: these listed all ten titles, Hello Ghost among them."""
    args = ("--format", "csv") if command == "export" else ("--fields", "rank")
    result = cli(command, "--avoid", term, *args)
    assert result.code == 0, result.err
    shown = (
        {int(line.split(",")[0]) for line in result.out.splitlines()[1:]}
        if command == "export"
        else ranks(result.out)
    )
    assert shown == set(range(1, 11)) - SUICIDE_RANKS


@pytest.mark.parametrize(("term", "hidden"), [("raped", {7}), ("abused", {2, 3, 10})])
def test_other_forms_hide_their_titles(cli: Run, term: str, hidden: set[int]) -> None:
    result = cli("list", "--avoid", term, "--fields", "rank")
    assert (result.code, ranks(result.out)) == (0, set(range(1, 11)) - hidden)


@pytest.mark.parametrize("seed", range(8))
def test_pick_never_hands_a_film_about_suicide_to_who_avoids_suicidal(cli: Run, seed: int) -> None:
    result = cli("pick", "--avoid", "suicidal", "--count", "10", "--seed", str(seed))
    assert result.code == 0 and not ranks(result.out) & SUICIDE_RANKS
    assert len(ranks(result.out)) == 8


def test_search_and_stats_read_the_forms_too(cli: Run) -> None:
    assert ranks(cli("search", "--director", "a", "--avoid", "suicides").out).isdisjoint(
        SUICIDE_RANKS
    )
    assert cli("stats", "--by", "kind", "--avoid", "suicidal").out == "film\t7\nseries\t1\n"


COMMANDS = [
    ("list",),
    ("sort",),
    ("search", "a"),
    ("export", "-"),
    ("pick",),
    ("stats",),
]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_term_that_hides_nothing_is_refused_by_every_command(
    cli: Run, command: tuple[str, ...]
) -> None:
    result = cli(*command, "--avoid", "suicdal")
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"tearlist: {command[0]} --avoid 'suicdal' hides nothing")
    assert "did you mean 'suicidal'" in result.err and result.err.count("\n") == 1


def test_a_term_that_reaches_nothing_is_refused_without_a_guess(cli: Run) -> None:
    result = cli("list", "--avoid", "spiders", "--avoid", "gore")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "tearlist: list --avoid 'spiders' hides nothing: it reaches no category, "
        "and no content note says it\n"
    )


def test_a_refused_term_writes_no_file(cli: Run, tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    assert cli("export", str(target), "--avoid", "zzz").code == 2
    assert not target.exists()


def _catalogue(tmp_path: Path, notes: str) -> str:
    path = tmp_path / "mine.yaml"
    path.write_text(
        f"- {{rank: 1, title: A, kind: film, directors: [], cast: [], content_notes: {notes}}}\n"
        "- {rank: 2, title: B, kind: film, directors: [], cast: []}\n",
        encoding="utf-8",
    )
    return str(path)


def test_a_category_no_title_here_has_is_refused_and_says_so(cli: Run, tmp_path: Path) -> None:
    data = _catalogue(tmp_path, "[{note: a storm, category: death and grief}]")
    result = cli("--data", data, "list", "--avoid", "horror")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "tearlist: list --avoid 'horror' hides nothing: no title of this catalogue has a note of "
        "'horror'; leave it out\n"
    )


def test_a_plain_notes_words_are_avoided_in_any_form(cli: Run, tmp_path: Path) -> None:
    data = _catalogue(tmp_path, "[two suicide attempts]")
    assert cli("--data", data, "list", "--avoid", "suicidal").out == "2\tB\t\t\t\t\n"


def test_the_docs_list_the_words_of_every_category(titles: tuple[Title, ...]) -> None:
    text = CATALOGUE_FORMAT.read_text(encoding="utf-8")
    for category, words in WORDS.items():
        row = re.search(
            rf"^\| `{re.escape(category.value)}` \| [^|\n]+ \| ([^\n]+) \|$", text, re.M
        )
        assert row, category
        assert row[1] == ", ".join(words), category


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=14))
def test_a_stems_roots_stand_in_its_word(word: str) -> None:
    """Words.said_in rules a text out when none of the stem's roots stands in it: never wrongly."""
    assert any(root in word for root in roots(stem(word))), (word, stem(word))


def test_every_listed_word_is_found_by_its_own_forms() -> None:
    for words in WORDS.values():
        for entry in words:
            assert Words(entry).said_in(f"a note about {entry} here"), entry
