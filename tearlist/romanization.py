"""How Hangul is written in Latin letters: jamo tables for RR, MR and popular use, and surnames.

The tables follow the Revised Romanization of Korean (RR, 2000), McCune-Reischauer (MR,
1939, written here with its breves and apostrophes) and the spellings people actually use
for their names. The matcher drops breves and apostrophes from both sides, so `ŏ`, `o` and
`ǒ` are one letter there. tests/test_romanization.py reads these tables against the
project's reference on romanization.

The rows are NamedTuples rather than dataclasses: defining a dataclass costs about half a
millisecond, and shell completion imports this module at every key press.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple


class Initial(NamedTuple):
    """A syllable's first consonant: RR, MR at the start of a word and after a voiced sound."""

    jamo: str
    rr: str
    mr: str
    mr_voiced: str
    seen: tuple[str, ...] = ()


class Vowel(NamedTuple):
    """A syllable's vowel: RR, MR, spellings also seen, and those seen only before a final."""

    jamo: str
    rr: str
    mr: str
    seen: tuple[str, ...] = ()
    seen_closed: tuple[str, ...] = ()


class Final(NamedTuple):
    """A syllable's last consonant: at the end or before a consonant, before a vowel,
    and before ㄴ, ㅁ or ㄹ (where MR writes the assimilation)."""

    jamo: str
    coda: str
    before_vowel: str
    before_nasal: str
    seen: tuple[str, ...] = ()


# In the order of Unicode's syllable arithmetic: initial = (code - 0xAC00) // 588.
INITIALS: tuple[Initial, ...] = (
    Initial("ㄱ", "g", "k", "g"),
    Initial("ㄲ", "kk", "kk", "kk"),
    Initial("ㄴ", "n", "n", "n"),
    Initial("ㄷ", "d", "t", "d"),
    Initial("ㄸ", "tt", "tt", "tt"),
    Initial("ㄹ", "r", "r", "r", ("l",)),  # n and silent by context: see below
    Initial("ㅁ", "m", "m", "m"),
    Initial("ㅂ", "b", "p", "b"),
    Initial("ㅃ", "pp", "pp", "pp"),
    Initial("ㅅ", "s", "s", "s"),  # sh by context: see below
    Initial("ㅆ", "ss", "ss", "ss"),
    Initial("ㅇ", "", "", ""),
    Initial("ㅈ", "j", "ch", "j"),
    Initial("ㅉ", "jj", "tch", "tch"),
    Initial("ㅊ", "ch", "ch'", "ch'"),
    Initial("ㅋ", "k", "k'", "k'"),
    Initial("ㅌ", "t", "t'", "t'", ("th",)),
    Initial("ㅍ", "p", "p'", "p'", ("ph",)),
    Initial("ㅎ", "h", "h", "h"),
)

# In Unicode order: vowel = (code - 0xAC00) % 588 // 28.
VOWELS: tuple[Vowel, ...] = (
    Vowel("ㅏ", "a", "a", ("ah",)),
    Vowel("ㅐ", "ae", "ae", ("ai",)),
    Vowel("ㅑ", "ya", "ya"),
    Vowel("ㅒ", "yae", "yae"),
    Vowel("ㅓ", "eo", "ŏ", ("o", "uh"), ("u",)),  # Sung, Sul, Jun, Uhm; but 서 is never su
    Vowel("ㅔ", "e", "e"),
    Vowel("ㅕ", "yeo", "yŏ", ("yo", "yuh"), ("yu", "you")),  # Kyung, Hyun, Young
    Vowel("ㅖ", "ye", "ye", ("yea", "yae")),
    Vowel("ㅗ", "o", "o", ("oh",)),
    Vowel("ㅘ", "wa", "wa"),
    Vowel("ㅙ", "wae", "wae"),
    Vowel("ㅚ", "oe", "oe", ("oi", "oy")),
    Vowel("ㅛ", "yo", "yo"),
    Vowel("ㅜ", "u", "u", ("oo", "ou")),
    Vowel("ㅝ", "wo", "wŏ", ("weo",)),
    Vowel("ㅞ", "we", "we"),
    Vowel("ㅟ", "wi", "wi", ("wee",)),
    Vowel("ㅠ", "yu", "yu", ("yoo", "you")),
    Vowel("ㅡ", "eu", "ŭ", ("u",)),
    Vowel("ㅢ", "ui", "ŭi", ("ee", "i", "eui")),
    Vowel("ㅣ", "i", "i", ("ee",)),
)

# In Unicode order: final = (code - 0xAC00) % 28; the first entry is "no final".
FINALS: tuple[Final, ...] = (
    Final("", "", "", ""),
    Final("ㄱ", "k", "g", "ng", ("g",)),  # Seog, Sug
    Final("ㄲ", "k", "kk", "ng"),
    Final("ㄳ", "k", "ks", "ng"),
    Final("ㄴ", "n", "n", "n"),  # l before ㄹ: see below
    Final("ㄵ", "n", "nj", "n"),
    Final("ㄶ", "n", "n", "n"),
    Final("ㄷ", "t", "d", "n"),
    Final("ㄹ", "l", "r", "l"),
    Final("ㄺ", "k", "lg", "ng"),
    Final("ㄻ", "m", "lm", "m"),
    Final("ㄼ", "l", "lb", "l"),
    Final("ㄽ", "l", "ls", "l"),
    Final("ㄾ", "l", "lt", "l"),
    Final("ㄿ", "p", "lp", "m"),
    Final("ㅀ", "l", "r", "l"),
    Final("ㅁ", "m", "m", "m"),
    Final("ㅂ", "p", "b", "m", ("b",)),  # Seob, Sub
    Final("ㅄ", "p", "ps", "m"),
    Final("ㅅ", "t", "s", "n"),
    Final("ㅆ", "t", "ss", "n"),
    Final("ㅇ", "ng", "ng", "ng"),
    Final("ㅈ", "t", "j", "n"),
    Final("ㅊ", "t", "ch", "n"),
    Final("ㅋ", "k", "k", "ng"),
    Final("ㅌ", "t", "t", "n"),
    Final("ㅍ", "p", "p", "m"),
    Final("ㅎ", "t", "h", "n"),
)

# Context rules, as data. ㅅ is written sh before these vowels (Shin, Shi-); MR does so
# only before ㅟ, popular use before ㅣ too.
SH_BEFORE = frozenset({"ㅣ", "ㅟ"})
# Vowels that a silent ㅇ lets be written with a glide: 우 Woo, 웅 Woong, 욱 Wook; 이 Yi.
SILENT_INITIAL_SPELLINGS: dict[str, tuple[str, ...]] = {"ㅜ": ("woo", "wu"), "ㅣ": ("yi",)}
# ㄹ at the start of a word is dropped before these vowels in the South (류 Yu, 리 I).
L_DROPPED_BEFORE = frozenset({"ㅣ", "ㅑ", "ㅒ", "ㅕ", "ㅖ", "ㅛ", "ㅠ"})
# Finals after which MR writes ㄹ as l (after ㄴ and ㄹ); after any other final it is n.
L_AFTER = frozenset({"ㄴ", "ㄹ"})
NASALS = frozenset({"ㄴ", "ㅁ", "ㄹ"})

# What people write for each family name: RR, MR, and the spellings seen in passports,
# film credits and library catalogues. A name's own syllable spellings are added to these.
SURNAMES: dict[str, tuple[str, ...]] = {
    "이": ("Lee", "Yi", "I", "Rhee", "Ri", "Li", "Rie", "Ree", "Rhie"),
    "박": ("Park", "Bak", "Pak", "Bahk", "Pack", "Bark"),
    "김": ("Kim", "Gim", "Ghim", "Kym"),
    "최": ("Choi", "Choe", "Ch'oe", "Choy", "Chwe"),
    "정": ("Jung", "Jeong", "Chŏng", "Chung", "Chong", "Joung", "Jong"),
    "조": ("Jo", "Cho", "Joe"),
    "윤": ("Yoon", "Yun", "Youn", "Yune"),
    "류": ("Ryu", "Yu", "Yoo", "You", "Ryoo", "Lyu", "Rhyu", "Rew"),
    "유": ("Yoo", "Yu", "You"),
    "강": ("Kang", "Gang", "Khang", "Kahng"),
    "엄": ("Uhm", "Eom", "Ŏm", "Um", "Om", "Eum"),
    "주": ("Joo", "Ju", "Chu", "Choo"),
    "문": ("Moon", "Mun"),
    "신": ("Shin", "Sin", "Shinn"),
    "송": ("Song",),
    "손": ("Son", "Sohn", "Shon"),
    "전": ("Jeon", "Chŏn", "Jun", "Chun", "Chon", "Cheon"),
    "설": ("Seol", "Sŏl", "Sol", "Sul", "Seul"),
    "연": ("Yeon", "Yŏn", "Youn", "Yun", "Yon"),
    "나": ("Na", "Nah", "Ra", "Rha"),
    "갈": ("Gal", "Kal"),
    "공": ("Gong", "Kong"),
    "기": ("Gi", "Ki", "Kee"),
    "마": ("Ma",),
    "소": ("So",),
    "차": ("Cha", "Ch'a"),
    "황": ("Hwang", "Whang"),
}
# Spellings the sources record that are left out on purpose, with the reason.
SURNAMES_LEFT_OUT: dict[str, dict[str, str]] = {
    "이": {"Ye": "historic only, and the usual spelling of the syllable 예"},
}
# Family names of two syllables; any other name's family name is its first syllable.
TWO_SYLLABLE_SURNAMES = frozenset({"남궁", "황보", "제갈", "선우", "독고", "사공", "서문"})

# Breves and apostrophes of MR, as the tables write them, dropped as the matcher drops them.
_FOLDED = str.maketrans("ŏŭ", "ou", "'")


def jamo(syllable: str) -> tuple[Initial, Vowel, Final]:
    """A Hangul syllable's initial, vowel and final, by Unicode's arithmetic."""
    index = ord(syllable) - 0xAC00
    return INITIALS[index // 588], VOWELS[index % 588 // 28], FINALS[index % 28]


def plain(spelling: str) -> str:
    """A table's spelling as the matcher compares it: lower case, no breves or apostrophes."""
    return spelling.lower().translate(_FOLDED)


class Spellings(NamedTuple):
    """A syllable's spellings: its RR and MR forms, and every spelling (RR first, MR second)."""

    rr: str
    mr: str
    every: tuple[str, ...]
    spoken: str  # RR with the sound changes RR writes outside names (갑니다 gamnida)


def word_spellings(word: str) -> tuple[Spellings, ...]:
    """Each syllable's spellings in a word of Hangul syllables."""
    found = []
    for at, syllable in enumerate(word):
        before = jamo(word[at - 1])[2].jamo if at else None
        after = jamo(word[at + 1])[0].jamo if at + 1 < len(word) else None
        found.append(syllable_spellings(syllable, before, after))
    return tuple(found)


@lru_cache(maxsize=1024)
def syllable_spellings(syllable: str, before: str | None, after: str | None) -> Spellings:
    """The spellings of a syllable, given the final before it and the initial after it.

    before is None at the start of a word ("" after a syllable without a final); after is
    None at the end of a word.
    """
    initial, vowel, final = jamo(syllable)
    starts = [plain(s) for s in _initial_spellings(initial, vowel, before)]
    middles = [plain(m) for m in _vowel_spellings(initial, vowel, closed=bool(final.jamo))]
    ends = _final_spellings(final, after)
    rr = starts[0] + middles[0] + final.coda
    mr = starts[1] + middles[1] + final.coda
    spellings = [rr, mr]
    spellings += [i + v + f for i in starts for v in middles for f in ends]
    if initial.jamo == "ㅇ":
        extra = SILENT_INITIAL_SPELLINGS.get(vowel.jamo, ())
        spellings += [v + f for v in extra for f in ends]
    spoken = starts[0] + middles[0] + ends[-1]
    return Spellings(rr, mr, tuple(dict.fromkeys(spellings)), spoken)


def _initial_spellings(initial: Initial, vowel: Vowel, before: str | None) -> list[str]:
    voiced = initial.mr if before is None else initial.mr_voiced
    found = [initial.rr, voiced, initial.mr, *initial.seen]
    if initial.jamo == "ㅅ" and vowel.jamo in SH_BEFORE:
        found.append("sh")
    if initial.jamo == "ㄹ":
        if before is None and vowel.jamo in L_DROPPED_BEFORE:
            found.append("")
        elif before and before not in L_AFTER:
            found.append("n")  # MR: 승룡 Sŭngnyong
    return found


def _vowel_spellings(initial: Initial, vowel: Vowel, *, closed: bool) -> list[str]:
    found = [vowel.rr, vowel.mr, *vowel.seen]
    if closed:
        found += vowel.seen_closed
    return found


def _final_spellings(final: Final, after: str | None) -> list[str]:
    if not final.jamo:
        return [""]
    found = [final.coda, *final.seen]
    if after == "ㅇ":
        found.append(final.before_vowel)
    elif after in NASALS:
        found.append("l" if final.jamo == "ㄴ" and after == "ㄹ" else final.before_nasal)
    return found


@lru_cache(maxsize=1024)
def first_letters(syllable: str) -> frozenset[str]:
    """The letters a spelling of a syllable may begin with, at the start of a word.

    Worked out from the tables alone, so a name need not be spelled out to know that a
    query cannot be read as it.
    """
    initial, vowel, _ = jamo(syllable)
    letters = {plain(s)[:1] for s in (initial.rr, initial.mr, initial.mr_voiced, *initial.seen)}
    if initial.jamo in ("ㅇ", "ㄹ"):  # silent, or dropped before i and y
        vowels = (vowel.rr, vowel.mr, *vowel.seen, *vowel.seen_closed)
        letters |= {plain(s)[:1] for s in (*vowels, *SILENT_INITIAL_SPELLINGS.get(vowel.jamo, ()))}
    letters |= {plain(s)[:1] for s in SURNAMES.get(syllable, ())}
    letters.discard("")
    return frozenset(letters)
