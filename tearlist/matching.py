"""How a typed name or title is matched, however it is spelled.

A Korean name is matched through its Hangul: each syllable has the spellings that the
tables of tearlist.romanization give it (RR, McCune-Reischauer, popular forms), computed
once per name, and a query matches when it reads as a sequence of those syllables: the
family name then the given name, or the given name then the family name, or either alone,
or the start of one of these ending on a syllable boundary. The query itself is never
folded: it is only reduced to lower-case letters and digits, with breves and apostrophes
dropped and any other punctuation taken as a boundary between syllables.

Names written by hand (the name shown, aliases such as Don Lee) match as whole names and
their starts; titles match from the start of any of their words, as before.

Values here are NamedTuples, not dataclasses, for start-up time: shell completion imports
this module at every key press, and each dataclass costs about half a millisecond to define.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import pairwise, product
from typing import NamedTuple

from tearlist.records import Person, Title
from tearlist.textmatch import Spelled, Typed, is_syllable, key, name_key, spell, typed

# What a match is worth, best first. A match worth TYPING is offered only by completion.
WHOLE, ALONE, START, TYPING = 4, 3, 2, 1


class Unit(NamedTuple):
    """One syllable of a name (or one word of a name written by hand) and its spellings."""

    spellings: tuple[str, ...]
    starts_part: bool
    hangul: str = ""
    rr: str = ""
    mr: str = ""
    spoken: str = ""


class Form(NamedTuple):
    """A name in one order, as units to match, and how it is written when completed."""

    units: tuple[Unit, ...]
    shown: tuple[str, ...]
    joins: tuple[str, ...]
    starts: tuple[int, ...] = (0,)
    part: int | None = None
    alone: int = ALONE
    text: str = ""  # the name as written, for a form written by hand; "" when derived
    hyphen: str = "-"  # between the syllables of a part, when a reading is shown


class Match(NamedTuple):
    """How a query matched a name: its worth, whether as written, and how it was read."""

    rank: int
    exact: bool
    reading: str
    rest: str
    from_start: bool

    def sort_key(self) -> tuple[int, int]:
        """Better matches first: by worth, then as written before derived."""
        return (-self.rank, 0 if self.exact else 1)


class _Walk(NamedTuple):
    """A reading of a query: the first unit, the query's span for each unit read, the
    spelling of a unit it stops inside (if it does), and what it is worth."""

    start: int
    spans: tuple[tuple[int, int], ...]
    partial: str | None
    rank: int


def _walk(query: Typed, form: Form, start: int) -> _Walk | None:
    """The best reading of the query as units of the form from a start: a small DP."""
    chars, end, units = query.chars, len(query.chars), form.units
    layers: list[dict[int, tuple[int, str]]] = []
    frontier: Iterable[int] = (0,)
    partial: tuple[int, int, str] | None = None
    counts: list[int] = []
    for index in range(start, len(units)):
        unit = units[index]
        reached: dict[int, tuple[int, str]] = {}
        for position in frontier:
            limit = query.limits[position]
            for spelling in unit.spellings:
                stop = position + len(spelling)
                if stop <= limit and chars.startswith(spelling, position):
                    reached.setdefault(stop, (position, spelling))
                elif (
                    partial is None
                    and limit == end
                    and stop > end > position
                    and spelling.startswith(chars[position:])
                    and (index == start or not unit.starts_part or position in query.breaks)
                ):
                    partial = (len(layers), position, spelling)
        if not reached:
            break
        layers.append(reached)
        if end in reached:
            counts.append(len(layers))
        frontier = reached
    if counts:
        count = max(counts, key=lambda n: (_worth(form, start, n), n))
        return _Walk(start, _spans(layers[:count], end), None, _worth(form, start, count))
    if partial is None:
        return None
    done, position, spelling = partial
    return _Walk(start, _spans(layers[:done], position), spelling, TYPING)


def _spans(layers: list[dict[int, tuple[int, str]]], end: int) -> tuple[tuple[int, int], ...]:
    """The query's span for each unit, traced back from where the last one ended."""
    spans = []
    position = end
    for layer in reversed(layers):
        before, _ = layer[position]
        spans.append((before, position))
        position = before
    return tuple(reversed(spans))


def _worth(form: Form, start: int, count: int) -> int:
    """What reading count units from a start is worth: the whole name, a part, a start."""
    if start == 0 and count == len(form.units):
        return WHOLE
    if (start == 0 and count == form.part) or (start > 0 and start + count == len(form.units)):
        return form.alone
    return START


def _best_walk(query: Typed, form: Form) -> _Walk | None:
    """The best reading of a query in a form, from any unit it may start at."""
    best: _Walk | None = None
    first = query.chars[:1]
    for start in form.starts:
        if not any(spelling[:1] == first for spelling in form.units[start].spellings):
            continue
        walk = _walk(query, form, start)
        if walk is not None and (best is None or walk.rank > best.rank):
            best = walk
    return best


def _reading(query: Typed, form: Form, walk: _Walk) -> str:
    """How the query was read: its own letters, a hyphen between syllables of a part."""
    pieces = [query.source(a, b) for a, b in walk.spans]
    if walk.partial is not None:
        begin = walk.spans[-1][1] if walk.spans else 0
        pieces.append(query.source(begin, len(query.chars)))
    text = ""
    for offset, piece in enumerate(pieces):
        unit = form.units[walk.start + offset]
        if offset and is_syllable(piece[:1]) and is_syllable(text[-1:]):
            pass  # Hangul is written without spaces or hyphens inside a name
        elif offset:
            text += " " if unit.starts_part else form.hyphen
        text += piece[:1].upper() + piece[1:] if unit.starts_part else piece
    return text


def _rest(query: Typed, form: Form, walk: _Walk) -> str:
    """What completion adds to the query to make the whole name, in the name's own spelling."""
    index = walk.start + len(walk.spans)
    rest = ""
    if walk.partial is not None:
        begin = walk.spans[-1][1] if walk.spans else 0
        typed_part = query.chars[begin:]
        shown = form.shown[index]
        if key(shown) == shown.lower() and shown.lower().startswith(typed_part):
            rest = shown[len(typed_part) :]
        else:
            unit = form.units[index]
            fitting = [s for s in unit.spellings if s.startswith(typed_part) and s != unit.hangul]
            rest = min(fitting or [walk.partial], key=len)[len(typed_part) :]
        index += 1
    in_hangul = is_syllable(query.chars[-1:])
    for later in range(index, len(form.units)):
        unit = form.units[later]
        if in_hangul and unit.hangul:
            rest += unit.hangul
        else:
            rest += form.joins[later] + form.shown[later]
    if walk.partial is None and query.ends_open():
        rest = rest.lstrip(" -")
    return rest


def _match(query: Typed, form: Form, walk: _Walk, shown_key: str) -> Match:
    """A reading as a Match; the reading is left out where it is the name shown."""
    if form.text:
        reading = form.text if key(form.text) != shown_key else ""
    else:
        reading = _reading(query, form, walk)
        if key(reading) in shown_key:
            reading = ""
    return Match(walk.rank, bool(form.text), reading, _rest(query, form, walk), walk.start == 0)


def best_match(
    query: Typed, forms: Sequence[Form], shown: str, *, typing: bool = False
) -> Match | None:
    """The best match of a query among a name's forms; TYPING ones only if typing."""
    best: tuple[_Walk, Form] | None = None
    for form in forms:
        walk = _best_walk(query, form)
        if walk is not None and (best is None or walk.rank > best[0].rank):
            best = (walk, form)
    if best is None or (best[0].rank < START and not typing):
        return None
    return _match(query, best[1], best[0], key(shown))


# Forms of a name


def _written(text: str, *, anywhere: bool) -> Form | None:
    """A name written by hand as a form: its words are its units."""
    spelled = typed(text)
    words = spelled.words()
    if not words:
        return None
    units = tuple(Unit((spelled.chars[a:b],), True) for a, b in words)
    shown = tuple(spelled.source(a, b) for a, b in words)
    joins = _between(spelled, words)
    starts = tuple(range(len(units))) if anywhere else (0,)
    return Form(units, shown, joins, starts, text=text)


def _between(spelled: Typed, spans: Sequence[tuple[int, int]]) -> tuple[str, ...]:
    """The text written before each span: nothing before the first, then what separates them."""
    gaps = (
        spelled.text[spelled.origin[b - 1] + 1 : spelled.origin[c]]
        for (_, b), (c, _) in pairwise(spans)
    )
    return ("", *gaps)


def _syllable_units(word: str, *, surname: bool = False) -> tuple[Unit, ...]:
    """A word of Hangul syllables as units, each with its spellings."""
    from tearlist import romanization as rom  # the tables, only when a name is spelled out

    units = []
    for index, spelled in enumerate(rom.word_spellings(word)):
        syllable = word[index]
        spellings = spelled.every
        if surname and len(word) == 1:
            curated = tuple(rom.plain(s) for s in rom.SURNAMES.get(syllable, ()))
            spellings = tuple(dict.fromkeys(spellings[:2] + curated + spellings[2:]))
        unit = Unit(
            (*spellings, syllable), index == 0, syllable, spelled.rr, spelled.mr, spelled.spoken
        )
        units.append(unit)
    return tuple(units)


def split_name(hangul: str) -> tuple[str, str] | None:
    """A Hangul name as family name and given name, or None if it is not a Hangul name."""
    name = "".join(hangul.split())
    if not 2 <= len(name) <= 6 or not all(is_syllable(char) for char in name):
        return None
    words = hangul.split()
    if len(words) == 2:
        return words[0], words[1]
    from tearlist.romanization import TWO_SYLLABLE_SURNAMES

    size = 2 if len(name) >= 4 and name[:2] in TWO_SYLLABLE_SURNAMES else 1
    return name[:size], name[size:]


def _default_shown(
    units: Sequence[Unit], hyphen: str = "-"
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """How units are written when nothing better is known: RR, parts capitalized."""
    written = [unit.spoken if hyphen == "" and unit.spoken else unit.spellings[0] for unit in units]
    shown = tuple(
        spelling.capitalize() if unit.starts_part else spelling
        for unit, spelling in zip(units, written, strict=True)
    )
    joins = tuple(
        "" if i == 0 else " " if unit.starts_part else hyphen for i, unit in enumerate(units)
    )
    return shown, joins


def _name_forms(person: Person, family: str, given: str) -> tuple[Form, Form]:
    """The family-first and given-first forms of a Hangul name, shown as the person writes it."""
    surname = _syllable_units(family, surname=True)
    first = _syllable_units(given)
    units = surname + first
    shown, joins = _default_shown(units)
    probe = Form(units, shown, joins)
    for text in (person.name, *person.aliases):
        spelled = typed(text)
        walk = _walk(spelled, probe, 0) if spelled else None
        if walk is not None and walk.rank == WHOLE:
            shown = tuple(spelled.source(a, b) for a, b in walk.spans)
            joins = _between(spelled, walk.spans)
            break
    size = len(surname)
    forward = Form(units, shown, joins, part=size)
    back_joins = ("", *joins[size + 1 :], " ", *joins[1:size])
    backward = Form(first + surname, shown[size:] + shown[:size], back_joins, part=len(first))
    return forward, backward


def person_forms(person: Person) -> tuple[Form, ...]:
    """Every form a person's name is matched in: as written, then derived from the Hangul."""
    return _written_forms(person) + _derived_forms(person)


def _hangul_name(person: Person) -> tuple[str, str] | None:
    """A person's Hangul as family and given name, if it is a Hangul name."""
    return split_name(unicodedata.normalize("NFC", person.hangul)) if person.hangul else None


@lru_cache(maxsize=4096)
def _written_forms(person: Person) -> tuple[Form, ...]:
    """The name and aliases as written; from any word when there is no Hangul name."""
    anywhere = _hangul_name(person) is None
    forms = (_written(text, anywhere=anywhere) for text in (person.name, *person.aliases))
    return tuple(form for form in forms if form is not None)


@lru_cache(maxsize=4096)
def _derived_forms(person: Person) -> tuple[Form, ...]:
    """The forms spelled out from the Hangul: either order for a name, words for other text."""
    parts = _hangul_name(person)
    if parts:
        return _name_forms(person, *parts)
    form = _text_form(unicodedata.normalize("NFC", person.hangul)) if person.hangul else None
    return () if form is None else (form._replace(alone=ALONE),)


@lru_cache(maxsize=4096)
def _openings(person: Person) -> frozenset[str] | None:
    """The characters a derived spelling of the name may begin with; None if any may."""
    parts = _hangul_name(person)
    if parts is None:
        return None
    from tearlist.romanization import first_letters

    firsts = [part[0] for part in parts]
    return frozenset(firsts).union(*(first_letters(syllable) for syllable in firsts))


@lru_cache(maxsize=4096)
def _text_form(text: str, *, alone: int = START) -> Form | None:
    """A Korean title (or a Hangul text that is not a name) as words of syllable units."""
    spelled = typed(text)
    units: list[Unit] = []
    starts: list[int] = []
    for a, b in spelled.words():
        starts.append(len(units))
        word = spelled.chars[a:b]
        runs = _runs(word)
        for number, run in enumerate(runs):
            if is_syllable(run[0]):
                made = _syllable_units(run)
                if number:
                    made = (made[0]._replace(starts_part=False), *made[1:])
                units.extend(made)
            else:
                units.append(Unit((run,), number == 0))
    if not units:
        return None
    shown, joins = _default_shown(units, "")
    return Form(tuple(units), shown, joins, tuple(starts), alone=alone, hyphen="")


def _runs(word: str) -> list[str]:
    """A word cut into runs of Hangul syllables and runs of other letters and digits."""
    runs: list[str] = []
    for char in word:
        if runs and is_syllable(char) == is_syllable(runs[-1][-1]):
            runs[-1] += char
        else:
            runs.append(char)
    return runs


def match_person(query: Typed, person: Person, *, typing: bool = False) -> Match | None:
    """How a query matches a person's name, if it does."""
    openings = _openings(person)
    spell_out = person.hangul and (openings is None or query.chars[:1] in openings)
    forms = person_forms(person) if spell_out else _written_forms(person)
    return best_match(query, forms, person.name, typing=typing)


def match_korean_title(query: Typed, korean: str, *, typing: bool = False) -> Match | None:
    """How a query matches the romanizations of a Korean title, if it does."""
    form = _text_form(korean)
    return None if form is None else best_match(query, (form,), korean, typing=typing)


# Titles as written: matched from the start of any word, as they always were.


def match_written_title(query: Typed, text: str) -> Match | None:
    """How a query matches a title as written: from the start of any of its words."""
    wanted = query.chars
    if not wanted or wanted not in name_key(text):
        return None  # a cheap test that rules out most titles before the full one
    spelled = spell(text)
    if not Spelled(wanted, frozenset()).found_in(spelled):
        return None
    whole = wanted == spelled.key
    return Match(WHOLE if whole else START, True, "", "", spelled.key.startswith(wanted))


def match_title(query: Typed, title: Title) -> tuple[str, Match] | None:
    """The first spelling of a title that a query matches, and how; Korean read aloud last."""
    for name in title.names():
        found = match_written_title(query, name)
        if found is not None:
            return name, found
    if title.korean_title:
        derived = match_korean_title(query, title.korean_title)
        if derived is not None:
            return title.korean_title, derived
    return None


# Keys for an index, and names for suggestions


def _joined(units: Sequence[Unit]) -> set[str]:
    """Every spelling of some units in a row, in Latin letters, and in Hangul where it is."""
    latin = [[s for s in unit.spellings if s != unit.hangul] for unit in units]
    found = {"".join(choice) for choice in product(*latin)}
    if all(unit.hangul for unit in units):
        found.add("".join(unit.hangul for unit in units))
    return found


def matching_keys(person: Person) -> frozenset[str]:
    """Every whole spelling that finds a person: joined letters, either order, either part."""
    found: set[str] = set()
    for form in person_forms(person):
        if form.text:
            found.add("".join(unit.spellings[0] for unit in form.units))
            continue
        found |= _joined(form.units)
        if form.part:
            found |= _joined(form.units[: form.part])
    return frozenset(found)


def title_keys(title: Title) -> frozenset[str]:
    """Every whole spelling that finds a title: its names as written and its Korean read aloud."""
    found = {name_key(name) for name in title.names()}
    form = _text_form(title.korean_title) if title.korean_title else None
    if form is not None:
        found |= _joined(form.units)
    return frozenset(found)


def principal_spellings(person: Person) -> tuple[str, ...]:
    """A few spellings of a person for suggestions: as written, then RR and MR in either order."""
    names = [person.name, *person.aliases]
    for form in person_forms(person):
        if not form.text:
            for system in ("rr", "mr"):
                words = [""]
                for index, unit in enumerate(form.units):
                    spelling: str = getattr(unit, system)
                    if index and unit.starts_part:
                        words.append("")
                    words[-1] += spelling
                names.append(" ".join(word.capitalize() for word in words))
    return tuple(dict.fromkeys(names))
