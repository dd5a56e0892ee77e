"""A Wikidata item as a catalogue record: which statements give which field, and how.

Pure functions over the entity JSON of Special:EntityData and wbgetentities; the network is
lookup's business. The rules are documented in the README's table "What a Wikidata item
gives". Statements of deprecated rank are never read; where one value is wanted, statements
of preferred rank win over normal ones (Wikidata's "best rank").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from tearlist.records import FIELDS

Entity = Mapping[str, Any]

# P31 (instance of) values read as a film or as a series. Wikidata has many more subclasses;
# an item of another class is refused with its class named, and can be added by hand.
FILM_CLASSES: dict[str, str] = {
    "Q11424": "film",
    "Q24869": "feature film",
    "Q24862": "short film",
    "Q202866": "animated film",
    "Q93204": "documentary film",
    "Q226730": "silent film",
    "Q229390": "3D film",
    "Q506240": "television film",
}
SERIES_CLASSES: dict[str, str] = {
    "Q5398426": "television series",
    "Q1259759": "miniseries",
    "Q581714": "animated series",
    "Q526877": "web series",
    "Q117467246": "streaming television series",
}

INSTANCE_OF = "P31"
DIRECTOR = "P57"
CAST = "P161"
GENRE = "P136"
PUBLICATION_DATE = "P577"
PLACE_OF_PUBLICATION = "P291"
START_TIME = "P580"
DURATION = "P2047"
NETWORK = "P449"
EPISODES = "P1113"
IMDB = "P345"
TITLE = "P1476"
SOUTH_KOREA = "Q884"

_ENTITY_URI = "http://www.wikidata.org/entity/"
# Units of P2047 (duration), in seconds: minute, second, hour.
_SECONDS_PER_UNIT = {"Q7727": 60, "Q11574": 1, "Q25235": 3600}
_PRECISION_DAY, _PRECISION_MONTH, _PRECISION_YEAR = 11, 10, 9
_TIME = re.compile(r"\+(\d{4})-(\d\d)-(\d\d)T")
_IMDB_ID = re.compile(r"tt[0-9]{7,10}")
# Words a genre's label ends with that say what kind of work it is, not its genre.
_GENRE_SUFFIXES = (
    " television series",
    " television drama",
    " television program",
    " tv series",
    " web series",
    " series",
    " feature film",
    " film",
    " movie",
)
_MAX_TEXT = 300
# The most directors and genres read: a damaged item must not send tearlist fetching for ever.
MAX_DIRECTORS = 20
MAX_GENRES = 10
_RUNTIME_MOST = 24 * 60


@dataclass
class Mapped:
    """A record made from an item, and what to tell the user about it."""

    record: dict[str, object]
    notes: list[str] = field(default_factory=list)


# Reading statements


def statements(entity: Entity, prop: str) -> list[dict[str, Any]]:
    """A property's statements that have a value and are not deprecated, in Wikidata's order."""
    claims = entity.get("claims")
    found = claims.get(prop) if isinstance(claims, dict) else None
    if not isinstance(found, list):
        return []
    return [
        statement
        for statement in found
        if isinstance(statement, dict)
        and statement.get("rank") != "deprecated"
        and _value(statement) is not None
    ]


def best(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The statements of the best rank: the preferred ones if there are any, else all."""
    preferred = [statement for statement in found if statement.get("rank") == "preferred"]
    return preferred or found


def _value(statement: Mapping[str, Any]) -> Any:
    """The datavalue's value of a statement's main snak (None for no value or some value)."""
    snak = statement.get("mainsnak")
    return _snak_value(snak) if isinstance(snak, dict) else None


def _snak_value(snak: Mapping[str, Any]) -> Any:
    if snak.get("snaktype", "value") != "value":
        return None
    datavalue = snak.get("datavalue")
    return datavalue.get("value") if isinstance(datavalue, dict) else None


def item_id(value: Any) -> str | None:
    """The id of a wikibase-entityid value (old answers give only the numeric id)."""
    if not isinstance(value, dict):
        return None
    found = value.get("id")
    if isinstance(found, str) and re.fullmatch(r"[QP][1-9][0-9]*", found):
        return found
    number = value.get("numeric-id")
    if isinstance(number, int) and not isinstance(number, bool) and number > 0:
        return ("P" if value.get("entity-type") == "property" else "Q") + str(number)
    return None


def item_ids(entity: Entity, prop: str) -> list[str]:
    """The items a property names, in order, each once."""
    found = (item_id(_value(statement)) for statement in statements(entity, prop))
    return list(dict.fromkeys(one for one in found if one))


def _qualifier_items(statement: Mapping[str, Any], prop: str) -> set[str]:
    qualifiers = statement.get("qualifiers")
    snaks = qualifiers.get(prop) if isinstance(qualifiers, dict) else None
    if not isinstance(snaks, list):
        return set()
    found = (item_id(_snak_value(snak)) for snak in snaks if isinstance(snak, dict))
    return {one for one in found if one}


# Terms: labels and aliases


def clean(text: Any) -> str | None:
    """A label or alias as one line of valid text, or None if nothing usable is left."""
    if not isinstance(text, str):
        return None
    text = "".join(" " if unicodedata.category(char)[0] in "CZ" else char for char in text)
    text = " ".join(text.split())
    if not text or len(text) > _MAX_TEXT:
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, which JSON can escape
        return None
    return unicodedata.normalize("NFC", text)


def label(entity: Entity | None, language: str) -> str | None:
    """An entity's label in a language, if it has one."""
    labels = entity.get("labels") if entity else None
    term = labels.get(language) if isinstance(labels, dict) else None
    return clean(term.get("value")) if isinstance(term, dict) else None


def english_label(entity: Entity | None) -> str | None:
    """The English label, else the label for many languages ("mul") unless it is Hangul."""
    found = label(entity, "en")
    if found is None:
        found = label(entity, "mul")
        if found and has_hangul(found):
            return None
    return found


def aliases(entity: Entity | None, language: str) -> list[str]:
    """An entity's aliases in a language."""
    terms = entity.get("aliases") if entity else None
    found = terms.get(language) if isinstance(terms, dict) else None
    if not isinstance(found, list):
        return []
    texts = (clean(term.get("value")) for term in found if isinstance(term, dict))
    return [text for text in texts if text]


def description(entity: Entity | None, language: str = "en") -> str:
    """An entity's description in a language, or nothing."""
    terms = entity.get("descriptions") if entity else None
    term = terms.get(language) if isinstance(terms, dict) else None
    return (clean(term.get("value")) or "") if isinstance(term, dict) else ""


def is_syllable(char: str) -> bool:
    """Whether a character is a precomposed Hangul syllable."""
    return "\uac00" <= char <= "\ud7a3"


def has_hangul(text: str) -> bool:
    """Whether a text holds Hangul syllables (a Korean title may hold digits and signs too)."""
    return any(is_syllable(char) for char in text)


def hangul_name(text: str | None) -> str | None:
    """A person's name written in Hangul syllables alone (words may be spaced), else None."""
    if not text:
        return None
    words = text.split()
    return text if words and all(is_syllable(char) for word in words for char in word) else None


def revised_romanization(hangul: str) -> str:
    """A Hangul name in the Revised Romanization's rules for names: Bak Chan-uk.

    The family name comes first, then the given name with a hyphen between syllables; no
    sound change is written inside the given name.
    """
    from tearlist.matching import split_name
    from tearlist.romanization import word_spellings

    def word(text: str, joiner: str = "") -> str:
        return joiner.join(spelled.rr for spelled in word_spellings(text)).capitalize()

    parts = split_name(hangul)
    if parts:
        family, given = parts
        return f"{word(family)} {word(given, '-')}"
    return " ".join(word(text) for text in hangul.split())


# Kind, dates, numbers


def kind_of(entity: Entity) -> str | None:
    """film or series, by the item's P31 classes; None if it is neither."""
    classes = item_ids(entity, INSTANCE_OF)
    if any(one in FILM_CLASSES for one in classes):
        return "film"
    if any(one in SERIES_CLASSES for one in classes):
        return "series"
    return None


@dataclass(frozen=True)
class Time:
    """A time value as far as it is known: year, month and day, and its precision."""

    year: int
    month: int
    day: int
    precision: int

    def as_date(self) -> date | None:
        """The day, when the value gives one that exists."""
        if self.precision < _PRECISION_DAY:
            return None
        try:
            return date(self.year, self.month, self.day)
        except ValueError:
            return None

    def words(self) -> str:
        """The known part of the time in words: 2016, or June 2016."""
        if self.precision == _PRECISION_MONTH and 1 <= self.month <= 12:
            return f"{date(2000, self.month, 1):%B} {self.year}"
        return str(self.year)


def time_value(statement: Mapping[str, Any]) -> Time | None:
    """A statement's time, if it is a Gregorian year from 1 to 9999 known at least to the year."""
    value = _value(statement)
    if not isinstance(value, dict) or not isinstance(value.get("time"), str):
        return None
    match = _TIME.match(value["time"])
    precision = value.get("precision")
    calendar = value.get("calendarmodel", _ENTITY_URI + "Q1985727")
    if not match or not isinstance(precision, int) or calendar != _ENTITY_URI + "Q1985727":
        return None
    year, month, day = (int(part) for part in match.groups())
    if year < 1 or precision < _PRECISION_YEAR:
        return None
    return Time(year, month, day, min(precision, _PRECISION_DAY))


def release_statements(entity: Entity, kind: str | None) -> list[dict[str, Any]]:
    """The statements a title's date comes from: South Korea's release, else all of them.

    A series takes its start time (P580), else its publication dates.
    """
    if kind == "series":
        started = statements(entity, START_TIME)
        if started:
            return started
    found = statements(entity, PUBLICATION_DATE)
    korean = [s for s in found if SOUTH_KOREA in _qualifier_items(s, PLACE_OF_PUBLICATION)]
    return korean or found


def released(entity: Entity, kind: str | None) -> tuple[date | None, str | None]:
    """The release date (the earliest of the best rank, to the day), or a note saying why not."""
    times = [t for t in map(time_value, best(release_statements(entity, kind))) if t]
    days = [day for day in (t.as_date() for t in times) if day]
    if days:
        return min(days), None
    if not times:
        return None, None
    known = min(times, key=lambda t: (t.year, t.month))
    unit = "month" if known.precision == _PRECISION_MONTH else "year"
    what = "first air date" if kind == "series" else "release date"
    return (
        None,
        f"the {what} is known only to the {unit} ({known.words()}); released is left unknown",
    )


def years(entity: Entity) -> set[int]:
    """Every year the item was released or first aired in, as far as Wikidata says."""
    found = statements(entity, PUBLICATION_DATE) + statements(entity, START_TIME)
    return {t.year for t in map(time_value, found) if t}


def _amount(value: Any) -> Decimal | None:
    if not isinstance(value, dict) or not isinstance(value.get("amount"), str):
        return None
    try:
        amount = Decimal(value["amount"])
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def runtime(entity: Entity) -> tuple[int | None, str | None]:
    """The running time in whole minutes, converted from seconds or hours by its unit."""
    for statement in best(statements(entity, DURATION)):
        value = _value(statement)
        amount = _amount(value)
        unit = value.get("unit") if isinstance(value, dict) else None
        seconds = _SECONDS_PER_UNIT.get(str(unit).removeprefix(_ENTITY_URI))
        if amount is None:
            continue
        if seconds is None:
            return None, f"the running time is given in an unknown unit ({unit}); left unknown"
        if amount.adjusted() >= 9:  # a billion or more would overflow, and is absurd anyway
            return None, "the running time (so many minutes) is not believable; left unknown"
        minutes = (amount * seconds / 60).to_integral_value(ROUND_HALF_UP)
        if 1 <= minutes <= _RUNTIME_MOST:
            return int(minutes), None
        shown = f"{minutes:.0f}"
        return None, f"the running time ({shown} minutes) is not believable; left unknown"
    return None, None


def episodes(entity: Entity) -> int | None:
    """The number of episodes of a series."""
    for statement in best(statements(entity, EPISODES)):
        amount = _amount(_value(statement))
        if amount is not None and amount == amount.to_integral_value() and 0 < amount < 100_000:
            return int(amount)
    return None


def imdb_id(entity: Entity) -> str | None:
    """The item's IMDb title id (tt...)."""
    for statement in best(statements(entity, IMDB)):
        value = _value(statement)
        if isinstance(value, str) and _IMDB_ID.fullmatch(value):
            return value
    return None


def genre(text: str) -> str | None:
    """A genre's label as the catalogue writes it: lower case, without "film" and the like."""
    words = " ".join(text.lower().split())
    for suffix in _GENRE_SUFFIXES:
        if words.endswith(suffix) and len(words) > len(suffix):
            words = words.removesuffix(suffix).strip()
            break
    return words or None


# Titles and people


def _monolingual(entity: Entity, prop: str, language: str) -> list[str]:
    found = []
    for statement in best(statements(entity, prop)):
        value = _value(statement)
        if isinstance(value, dict) and value.get("language") == language:
            text = clean(value.get("text"))
            if text:
                found.append(text)
    return found


def titles(entity: Entity) -> tuple[str | None, str | None, list[str]]:
    """The English title, the Korean title and other English titles of an item."""
    from tearlist.textmatch import name_key

    english = [one for one in (english_label(entity), *_monolingual(entity, TITLE, "en")) if one]
    korean_label = label(entity, "ko")
    korean = next(iter(_monolingual(entity, TITLE, "ko")), None)
    if korean is None and korean_label and has_hangul(korean_label):
        korean = korean_label
    title = english[0] if english else None
    seen = {name_key(one) for one in (title, korean) if one}
    others = []
    for one in (*english[1:], *aliases(entity, "en")):
        if name_key(one) not in seen:
            seen.add(name_key(one))
            others.append(one)
    return title, korean, others


def person(item: str, entity: Entity | None) -> tuple[dict[str, object] | None, str | None]:
    """A person as the catalogue writes one, from their labels and aliases, and a note.

    A person not on Wikidata is (None, None).
    """
    from tearlist.textmatch import name_key

    if entity is None or "missing" in entity:
        return None, None
    name = english_label(entity)
    hangul = hangul_name(label(entity, "ko")) or hangul_name(label(entity, "mul"))
    note = None
    if name is None and hangul:
        name = revised_romanization(hangul)
        note = f"{item} has no English name; written {name} from the Hangul {hangul}"
    if name is None:
        return None, f"{item} has no English or Korean name on Wikidata; left out"
    found: dict[str, object] = {"name": name}
    if hangul:
        found["hangul"] = hangul
    taken = {name_key(name), name_key(hangul or "")}
    others = [alias for alias in aliases(entity, "en") if name_key(alias) not in taken]
    others = list({name_key(alias): alias for alias in others}.values())
    if others:
        found["aliases"] = others
    return found, note


def needed(entity: Entity, *, cast: int) -> list[str]:
    """The ids whose labels the record needs: people, genres and the network."""
    wanted = (
        item_ids(entity, DIRECTOR)[:MAX_DIRECTORS]
        + item_ids(entity, CAST)[: max(cast, 0)]
        + item_ids(entity, GENRE)[:MAX_GENRES]
        + item_ids(entity, NETWORK)[:1]
    )
    return list(dict.fromkeys(wanted))


def record(entity: Entity, terms: Mapping[str, Entity], *, cast: int = 8) -> Mapped:
    """The catalogue record of a film or series, with the notes the user should read.

    terms holds the labels and aliases of the ids needed() names; an id it lacks is treated
    as missing. The record has no rank, and its keys follow the catalogue's order.
    """
    kind = kind_of(entity)
    notes: list[str] = []
    title, korean, others = titles(entity)
    if title is None:
        title = korean or str(entity.get("id"))
        notes.append(f"no English title on Wikidata; the title is {title}")
    fields: dict[str, object] = {"title": title, "korean_title": korean, "alt_titles": others}
    fields["kind"] = kind
    day, note = released(entity, kind)
    fields["released"] = day.isoformat() if day else None
    notes += [note] if note else []
    directors = item_ids(entity, DIRECTOR)
    fields["directors"] = _people(directors[:MAX_DIRECTORS], terms, notes)
    if len(directors) > MAX_DIRECTORS:
        notes.append(f"the first {MAX_DIRECTORS} of {len(directors)} directors are kept")
    cast_ids = item_ids(entity, CAST)
    fields["cast"] = _people(cast_ids[: max(cast, 0)], terms, notes)
    if len(cast_ids) > cast:
        notes.append(f"the first {cast} of {len(cast_ids)} cast members are kept")
    if kind == "series":
        fields["episodes"] = episodes(entity)
        networks = item_ids(entity, NETWORK)[:1]
        fields["network"] = next((english_label(terms.get(one)) for one in networks), None)
    minutes, note = runtime(entity)
    fields["runtime"] = minutes
    notes += [note] if note else []
    fields["genres"] = _genres(item_ids(entity, GENRE)[:MAX_GENRES], terms)
    fields["wikidata"] = entity.get("id")
    fields["imdb"] = imdb_id(entity)
    ordered = {key: fields[key] for key in FIELDS if key in fields}
    kept = {
        key: value
        for key, value in ordered.items()
        if value not in (None, []) or key in ("directors", "cast")
    }
    return Mapped(kept, notes)


def _people(ids: Iterable[str], terms: Mapping[str, Entity], notes: list[str]) -> list[object]:
    found: list[object] = []
    missing = []
    for one in ids:
        made, note = person(one, terms.get(one))
        if note:
            notes.append(note)
        if made:
            found.append(made)
        elif note is None:
            missing.append(one)
    if missing:
        who = "1 person is" if len(missing) == 1 else f"{len(missing)} people are"
        notes.append(f"{who} not on Wikidata and left out: {', '.join(missing)}")
    return found


def _genres(ids: Iterable[str], terms: Mapping[str, Entity]) -> list[str]:
    found = (english_label(terms.get(one)) for one in ids)
    named = (genre(text) for text in found if text)
    return list(dict.fromkeys(one for one in named if one))
