"""The romanization tables, read against the project's reference on romanizing Korean names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tearlist import romanization as rom

REFERENCE = Path(__file__).parents[2] / "shared" / "reference" / "romanization.md"
needs_reference = pytest.mark.skipif(
    not REFERENCE.exists(), reason="the reference on romanization is not beside the checkout"
)
JAMO = re.compile(r"[ㄱ-ㅣ]")


def table_rows(first_cell: str) -> list[list[str]]:
    """The rows of the table whose header row starts with this cell."""
    lines = REFERENCE.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {first_cell} |"))
    found = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        found.append([cell.strip() for cell in line.strip("|").split("|")])
    return found


def without_notes(text: str) -> str:
    """A cell without its notes in parentheses and its shares."""
    return re.sub(r"\([^)]*\)|[0-9.]+ ?%", "", text)


@needs_reference
def test_initials_agree_with_the_reference() -> None:
    """RR and MR of each initial consonant are those of the reference's table."""
    by_jamo = {initial.jamo: initial for initial in rom.INITIALS}
    checked = 0
    for cells in table_rows("initial"):
        letters = JAMO.findall(cells[0])
        rr = without_notes(cells[1]).split()
        mr = cells[2].split(" · ")
        for index, letter in enumerate(letters):
            initial = by_jamo[letter]
            if letter == "ㅇ":
                assert initial.rr == initial.mr == ""
                continue
            assert initial.rr == rr[index], letter
            if len(mr) == len(letters):
                forms = [form.strip() for form in mr[index].split(";")[0].split("/")]
                assert initial.mr == forms[0], letter
                assert initial.mr_voiced == forms[-1] or letter == "ㅉ", letter
            checked += 1
    assert checked == 18


@needs_reference
def test_vowels_agree_with_the_reference() -> None:
    """RR, MR and the spellings also seen of each vowel are those of the reference."""
    by_jamo = {vowel.jamo: vowel for vowel in rom.VOWELS}
    checked = set()
    for cells in table_rows("vowel"):
        letters = JAMO.findall(cells[0])
        for letter, rr, mr in zip(letters, cells[1].split(), cells[2].split(), strict=True):
            assert (by_jamo[letter].rr, by_jamo[letter].mr) == (rr, mr)
            checked.add(letter)
        written = {
            spelling
            for letter in letters
            for spelling in (
                *by_jamo[letter].seen,
                *by_jamo[letter].seen_closed,
                *rom.SILENT_INITIAL_SPELLINGS.get(letter, ()),
                by_jamo[letter].rr,
                by_jamo[letter].mr,
            )
        }
        seen = re.split(r"[,·/]", without_notes(cells[3]))
        for spelling in (word.strip() for word in seen):
            assert not spelling or spelling in written, (letters, spelling)
    assert checked == {vowel.jamo for vowel in rom.VOWELS}


@needs_reference
def test_finals_agree_with_the_reference() -> None:
    """A final consonant is written as the reference says, at the end of a word."""
    text = REFERENCE.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("Finals (RR and MR"))
    line += next(line for line in text.splitlines() if line.startswith("ㅁ m ·"))
    by_jamo = {final.jamo: final for final in rom.FINALS}
    pairs = re.findall(r"([ㄱ-ㅎ]+) \**([a-z]+)\**", line)
    assert len(pairs) == 7
    for letters, written in pairs:
        for letter in letters:
            assert by_jamo[letter].coda == written, letter


@needs_reference
def test_surnames_hold_every_spelling_the_reference_records() -> None:
    """Each surname has the RR, MR and in-the-wild spellings of the reference, but those
    left out on purpose; 유 is never Ryu."""
    for cells in table_rows("Hangul"):
        hangul = re.findall(r"[가-힣]", cells[0])
        if cells[0].startswith("others"):
            hangul = re.findall(r"[가-힣]", cells[1])
            cells = cells[1:]
        known = {spelling for syllable in hangul for spelling in rom.SURNAMES[syllable]}
        left_out = {s for syllable in hangul for s in rom.SURNAMES_LEFT_OUT.get(syllable, {})}
        words = re.findall(r"[A-Z][A-Za-zŏŭ']*", " ".join(without_notes(c) for c in cells[1:]))
        for word in words:
            if not word.isupper() and word not in left_out:
                assert word in known, (hangul, word)
    assert "Ryu" not in rom.SURNAMES["유"]


@pytest.mark.parametrize(
    ("syllable", "before", "after", "included", "excluded"),
    [
        ("서", None, None, {"seo", "so", "suh"}, {"su"}),  # open: never a bare u
        ("성", None, None, {"seong", "song", "sung"}, set()),
        ("경", None, None, {"gyeong", "kyong", "kyung"}, set()),
        ("신", None, None, {"sin", "shin"}, set()),
        ("우", None, None, {"u", "woo", "wu", "oo"}, set()),
        ("류", None, None, {"ryu", "yu", "lyu"}, set()),
        ("룡", "ㅇ", None, {"ryong", "nyong"}, set()),  # MR 승룡 Sŭngnyong
        ("석", None, "ㅁ", {"seok", "song"}, set()),  # ALA-LC 석민 Sŏng-min
        ("희", None, None, {"hui", "hee", "hi"}, set()),
        ("최", None, None, {"choe", "choi"}, set()),
    ],
)
def test_syllable_spellings(
    syllable: str, before: str | None, after: str | None, included: set[str], excluded: set[str]
) -> None:
    """A syllable's spellings follow the context rules."""
    spellings = set(rom.syllable_spellings(syllable, before, after).every)
    assert included <= spellings
    assert not excluded & spellings


def test_tables_are_complete() -> None:
    """19 initials, 21 vowels and 28 finals (with none), in Unicode's order."""
    assert [i.jamo for i in rom.INITIALS] == list("ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ")
    assert [v.jamo for v in rom.VOWELS] == list("ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ")
    assert len(rom.FINALS) == 28
    assert rom.jamo("한") == (rom.INITIALS[18], rom.VOWELS[0], rom.FINALS[4])


def test_first_letters_cover_every_spelling_of_every_syllable() -> None:
    """No spelling of any syllable at the start of a word begins with a letter first_letters
    leaves out, so a name ruled out by it could never have matched."""
    for code in range(0xAC00, 0xD7A4):
        syllable = chr(code)
        letters = rom.first_letters(syllable)
        for after in (None, "ㅇ", "ㄴ", "ㄹ", "ㄱ"):
            spellings = rom.syllable_spellings(syllable, None, after).every
            assert {spelling[0] for spelling in spellings} <= letters, syllable
        surnames = {rom.plain(spelling)[0] for spelling in rom.SURNAMES.get(syllable, ())}
        assert surnames <= letters, syllable
