"""How a typed name or title is matched, however it is spelled.

Two spellings match when they agree after dropping case, accents, and the spaces,
hyphens, dots and apostrophes between syllables, so "Son Ye-Jin", "son yejin" and
"SON YE-JIN" are one name. A query may be the start of any part of a name: "Lee" finds
every Lee, "yejin" finds Son Ye-jin, and a Hangul query may start at any syllable.
When nothing matches that way, common romanization variants are folded together
(oo and u, eo and u, k and g, ch and j), so "Jeong Yu-mi" finds Jung Yu-mi.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

# Each pair folds a romanization variant into one spelling; applied within a syllable group.
_VARIANTS = (("oo", "u"), ("eo", "u"), ("ch", "j"), ("k", "g"))
_HANGUL_SYLLABLES = range(0xAC00, 0xD7A4)


@dataclass(frozen=True, slots=True)
class Spelled:
    """A text reduced for matching: its key, and where each part of it starts."""

    key: str
    starts: frozenset[int]

    def found_in(self, other: Spelled) -> bool:
        """Whether this key stands in the other's key, starting where one of its parts does."""
        if not self.key:
            return False
        at = other.key.find(self.key)
        while at != -1:
            if at in other.starts:
                return True
            at = other.key.find(self.key, at + 1)
        return False


def parts(text: str) -> list[str]:
    """Split a text into lower-case parts without accents; each Hangul syllable is a part."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
        text = unicodedata.normalize("NFC", stripped)
    result: list[str] = []
    current: list[str] = []
    for char in text.casefold():
        if ord(char) in _HANGUL_SYLLABLES:
            if current:
                result.append("".join(current))
                current = []
            result.append(char)
        elif char.isalnum():
            current.append(char)
        elif current:
            result.append("".join(current))
            current = []
    if current:
        result.append("".join(current))
    return result


def name_key(text: str) -> str:
    """A text reduced to what identifies it: no case, accents, spaces or punctuation."""
    if text.isascii():  # the common case, without the Unicode work
        return "".join(filter(str.isalnum, text.lower()))
    return "".join(parts(text))


def sort_key(text: str) -> str:
    """A key that sorts names and titles alphabetically, ignoring case and punctuation."""
    return " ".join(parts(text))


def _fold(part: str) -> str:
    for variant, common in _VARIANTS:
        part = part.replace(variant, common)
    return part


def _join(pieces: Iterable[str]) -> Spelled:
    key = ""
    starts = set()
    for piece in pieces:
        starts.add(len(key))
        key += piece
    return Spelled(key, frozenset(starts))


@lru_cache(maxsize=4096)
def spell(text: str, *, folded: bool = False) -> Spelled:
    """The matching form of a text, with romanization variants folded if asked."""
    pieces = parts(text)
    return _join(_fold(piece) for piece in pieces) if folded else _join(pieces)


class Matcher:
    """A query, prepared once, that tells which spellings it matches."""

    def __init__(self, query: str, *, folded: bool = False) -> None:
        self.folded = folded
        self.spelled = spell(query, folded=folded)
        self._plain_key = self.spelled.key if not folded else ""

    def __bool__(self) -> bool:
        return bool(self.spelled.key)

    def matches(self, text: str) -> bool:
        """Whether the query matches this spelling."""
        if not self.folded and self._plain_key not in name_key(text):
            return False  # a cheap test that rules out most texts before the full one
        return self.spelled.found_in(spell(text, folded=self.folded))

    def first(self, spellings: Iterable[str]) -> str | None:
        """The first of some spellings that the query matches."""
        for text in spellings:
            if self.matches(text):
                return text
        return None


def matchers(query: str) -> tuple[Matcher, Matcher]:
    """The strict matcher for a query, then the one that folds romanization variants."""
    return Matcher(query), Matcher(query, folded=True)


def closest(query: str, candidates: Iterable[str], *, limit: int = 3) -> list[str]:
    """The candidates spelled most like the query, best first.

    A candidate is scored on its whole spelling and on its start as long as the query,
    so a misspelt family name still finds the full name.
    """
    from difflib import SequenceMatcher

    target = spell(query, folded=True).key
    if not target:
        return []
    scores: dict[str, float] = {}
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(target)
    for candidate in set(candidates):
        key = spell(candidate, folded=True).key
        best = 0.0
        for seq in (key, key[: len(target)]):
            matcher.set_seq1(seq)
            if matcher.real_quick_ratio() >= _CUTOFF and matcher.quick_ratio() >= _CUTOFF:
                best = max(best, matcher.ratio())
        if best >= _CUTOFF:
            scores[candidate] = best
    return sorted(scores, key=lambda name: (-scores[name], name))[:limit]


_CUTOFF = 0.75
