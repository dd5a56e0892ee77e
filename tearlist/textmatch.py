"""Texts reduced for matching, and the plain-text matcher that finds words in them.

A text is matched by its letters and digits only: case folded, accents dropped, Hangul kept
as syllables. Matcher finds a query where it stands in a text from the start of one of its
words (terms to avoid in notes and categories, titles as written); closest names the
spellings nearest a query that found nothing. The name matcher in tearlist.matching builds
on typed() and key() here. This module imports nothing of tearlist, so the vocabulary of
content notes (tearlist.notes) can use it without a cycle.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

# The apostrophe and the marks typed for it: ' \u2019 \u2018 \u02bc ` \u00b4.
APOSTROPHES = "'\u2019\u2018\u02bc`\u00b4"
_APOSTROPHES = frozenset(APOSTROPHES)
_SYLLABLES = range(0xAC00, 0xD7A4)


def is_syllable(char: str) -> bool:
    """Whether a character is one composed Hangul syllable."""
    return len(char) == 1 and ord(char) in _SYLLABLES


class Typed(NamedTuple):
    """A text ready for matching: its letters and digits, where it breaks, and their origin."""

    text: str
    chars: str
    breaks: frozenset[int]
    origin: tuple[int, ...]
    limits: tuple[int, ...]

    def __bool__(self) -> bool:
        return bool(self.chars)

    def words(self) -> list[tuple[int, int]]:
        """Where each word of the text starts and ends among its characters."""
        cuts = [0, *sorted(self.breaks), len(self.chars)]
        return [(a, b) for a, b in pairwise(cuts) if b > a]

    def source(self, start: int, stop: int) -> str:
        """The original text of the characters from start to stop."""
        return self.text[self.origin[start] : self.origin[stop - 1] + 1]

    def ends_open(self) -> bool:
        """Whether the text ends with a separator, as in "son " typed before a given name."""
        return bool(self.chars) and self.origin[-1] + 1 < len(self.text.rstrip(APOSTROPHES))


def _letters(char: str) -> str:
    """A character as the matcher sees it: letters and digits, "" to drop, " " to break."""
    if char.isascii():
        return char.lower() if char.isalnum() else "" if char in _APOSTROPHES else " "
    if is_syllable(char):
        return char
    if char in _APOSTROPHES or unicodedata.combining(char):
        return ""
    found = []
    for piece in unicodedata.normalize("NFKD", char).casefold():
        if not unicodedata.combining(piece):
            found.append(piece if piece.isalnum() else " ")
    return "".join(found)


@lru_cache(maxsize=4096)
def typed(text: str) -> Typed:
    """A text made ready for matching: NFC, accents dropped, case folded."""
    text = unicodedata.normalize("NFC", text) if not text.isascii() else text
    chars: list[str] = []
    origin: list[int] = []
    breaks: set[int] = set()
    for index, char in enumerate(text):
        for piece in _letters(char):
            if piece == " ":
                if chars:
                    breaks.add(len(chars))
            else:
                chars.append(piece)
                origin.append(index)
    breaks.discard(len(chars))
    limits = []
    following = len(chars)
    for position in range(len(chars), -1, -1):
        limits.append(following)
        if position in breaks:
            following = position
    return Typed(text, "".join(chars), frozenset(breaks), tuple(origin), tuple(reversed(limits)))


def key(text: str) -> str:
    """A text's letters and digits as the matcher compares them."""
    return typed(text).chars


class Spelled(NamedTuple):
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
        if is_syllable(char):
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


@lru_cache(maxsize=4096)
def identity(text: str) -> str:
    """What makes two names one name: the name key, or for a name of punctuation, its text."""
    return name_key(text) or unicodedata.normalize("NFC", text).strip().casefold()


def sort_key(text: str) -> str:
    """A key that sorts names and titles alphabetically, ignoring case and punctuation."""
    return " ".join(parts(text))


@lru_cache(maxsize=4096)
def spell(text: str) -> Spelled:
    """The matching form of a title as written: its key and where its parts start."""
    key = ""
    starts = set()
    for piece in parts(text):
        starts.add(len(key))
        key += piece
    return Spelled(key, frozenset(starts))


class Matcher:
    """A query prepared once to find texts as written (words, notes, categories): it matches
    where its letters stand in a text from the start of one of the text's words on."""

    # A plain class rather than a record, as it is quicker to define at every start.
    __slots__ = ("spelled",)

    def __init__(self, query: str) -> None:
        self.spelled = spell(query)

    def __bool__(self) -> bool:
        return bool(self.spelled.key)

    def matches(self, text: str) -> bool:
        """Whether the query stands in the text from the start of one of its words."""
        if self.spelled.key not in name_key(text):
            return False  # a cheap test that rules out most texts before the full one
        return self.spelled.found_in(spell(text))

    def first(self, texts: Iterable[str]) -> str | None:
        """The first of some texts that the query matches."""
        return next((text for text in texts if self.matches(text)), None)


def closest(query: str, candidates: Iterable[str], *, limit: int = 3) -> list[str]:
    """The candidates spelled most like the query, best first.

    A candidate is scored on its whole spelling and on its start as long as the query,
    so a misspelt family name still finds the full name.
    """
    from difflib import SequenceMatcher

    target = key(query)
    if not target:
        return []
    scores: dict[str, float] = {}
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(target)
    for candidate in dict.fromkeys(candidates):
        spelled = key(candidate)
        best = 0.0
        for seq in (spelled, spelled[: len(target)]):
            matcher.set_seq1(seq)
            if matcher.real_quick_ratio() >= _CUTOFF and matcher.quick_ratio() >= _CUTOFF:
                best = max(best, matcher.ratio())
        if best >= _CUTOFF:
            scores[candidate] = best
    return sorted(scores, key=lambda name: -scores[name])[:limit]


_CUTOFF = 0.75
