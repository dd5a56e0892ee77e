"""A small English stemmer, so that the ordinary forms of a word to avoid find one another.

It is made for the words of content notes, not for English at large: it takes off the endings
of plurals and verbs (suicides, raped, self-harming, dying), then up to two endings that make
adjectives, adverbs, agents and nouns of a word (suicidal, sexually, abuser, rapist,
exploitation), then a final e, and undoubles a final consonant (stabbed, cutting). Two words
with one stem are taken as one word. Irregular forms (dead, died) are left to the word lists
of tearlist.notes.
"""

from __future__ import annotations

from functools import lru_cache

_INFLECTIONS = ("ing", "ed", "es", "s")
_DERIVATIONS = (
    "ation", "ative", "ness", "ment", "ion", "ist", "ive", "ity", "ful", "ate", "al", "ly", "er",
)  # fmt: skip
_KEEP_S = ("ss", "us", "is")  # loss, virus, crisis: not plurals
_LOST_E = ("at", "bl", "iz")  # the endings that lose an e before -ed and -ing
_SHORTEST = 3  # no ending of a plural or verb is taken off if less than this would be left
_SHORTEST_ROOT = 4  # nor any other ending (bully, rapist and their like keep theirs)


@lru_cache(maxsize=4096)
def stem(word: str) -> str:
    """The stem of one lower-case word: suicides, suicidal and suicide all give suicid."""
    word = _uninflected(word)
    for _ in range(2):
        ending = next((e for e in _DERIVATIONS if word.endswith(e)), None)
        if ending is None or len(word) - len(ending) < _SHORTEST_ROOT:
            break
        word = word[: -len(ending)]
    if word.endswith("ie") or (word.endswith("y") and len(word) > _SHORTEST):
        word = (
            word[: -2 if word.endswith("ie") else -1] + "i"
        )  # zombie and zombies, bury and buried
    elif word.endswith("e") and len(word) > _SHORTEST:
        word = word[:-1]
    if len(word) > _SHORTEST and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]
    return word


def _uninflected(word: str) -> str:
    """A word without the ending of a plural, a past or a present participle."""
    if word.endswith("ying") and len(word) == 5:
        return word[:-4] + "i"  # dying, lying, tying
    if word.endswith(("ies", "ied")):
        return word[:-2]  # dies, died, injuries, buried, zombies
    if word.endswith(_KEEP_S):
        return word
    for ending in _INFLECTIONS:
        if word.endswith(ending) and len(word) - len(ending) >= _SHORTEST:
            word = word[: -len(ending)]
            return word + "e" if word.endswith(_LOST_E) else word  # discriminated, traumatized
    return word


def stems(words: list[str]) -> tuple[str, ...]:
    """The stem of each word, in order."""
    return tuple(stem(word) for word in words)


def roots(word_stem: str) -> tuple[str, ...]:
    """Letters one of which every word of this stem holds: a cheap test before stemming a text."""
    if word_stem.endswith("i"):
        return (word_stem, word_stem[:-1] + "y")  # di: died, dies; dy: dying, bury: burying
    return (word_stem,)
