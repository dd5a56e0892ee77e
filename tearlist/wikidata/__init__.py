"""Find a film or series on Wikidata by its id, its IMDb id or its title, as a catalogue record.

The only code of tearlist that touches the network; `add` and `diary import --add-missing`
import it, no other command does. lookup() is its interface; client.py talks HTTP, and
mapping.py turns an item into a record.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tearlist.errors import NotFoundError, UsageError
from tearlist.text import describe
from tearlist.wikidata import mapping
from tearlist.wikidata.client import Client

__all__ = ["Ambiguous", "Candidate", "Client", "Found", "lookup", "parse_ref"]

# wbgetentities takes at most 50 ids a request from a client without bot rights.
BATCH = 50
# How many hits of a title search are looked at.
SEARCH_LIMIT = 20
# The languages whose labels and aliases a record is made from; "mul" is Wikidata's label
# for a name written the same in many languages.
LANGUAGES = "en|ko|mul"
_ITEM = re.compile(r"[Qq][1-9][0-9]{0,11}")
_IMDB = re.compile(r"tt[0-9]{7,10}")
_ITEM_IN_PATH = re.compile(r"(?:^|[/:])(Q[1-9][0-9]{0,11})(?:\.json)?/?$")
_IMDB_IN_PATH = re.compile(r"^/title/(tt[0-9]{7,10})(?:/.*)?$")


@dataclass(frozen=True)
class Candidate:
    """One film or series a title search found."""

    id: str
    year: int | None
    kind: str | None
    label: str
    description: str


class Ambiguous(NotFoundError):
    """Several films or series fit a reference; exit 1, and the candidates to choose from."""

    def __init__(self, ref: str, candidates: list[Candidate]) -> None:
        self.ref = ref
        self.candidates = candidates
        super().__init__(f"several titles match {describe(ref)}; add one by its id")


@dataclass(frozen=True)
class Found:
    """The catalogue record of the title found (no rank; keys in the catalogue's order)."""

    record: dict[str, object]
    notes: list[str]


Progress = Callable[[str], None]


def lookup(
    ref: str,
    *,
    year: int | None = None,
    kind: str | None = None,
    cast: int = 8,
    progress: Progress | None = None,
    client: Client | None = None,
) -> Found:
    """The record of the film or series a reference names.

    ref is a Wikidata id (Q...) or address, an IMDb id (tt...) or address, or a title; year
    and kind narrow a title search, and must fit an item named by id. cast is how many cast
    members are kept. progress, if given, is told what is being waited for.

    Raises NotFoundError (nothing fits, or the item is no film or series), Ambiguous
    (several fit), UsageError (an address of another site) and NetworkError.
    """
    client = client or Client()
    say = progress or _silent
    what, value = parse_ref(ref)
    if what == "item":
        say(f"Reading {value} from Wikidata")
        entity = client.entity(value)
    elif what == "imdb":
        entity = _by_imdb(client, value, year=year, kind=kind, say=say)
    else:
        entity = _by_title(client, value, year=year, kind=kind, say=say)
    _check(client, entity, year=year, kind=kind)
    wanted = mapping.needed(entity, cast=cast)
    if wanted:
        say(f"Reading the names of {len(wanted)} people and genres")
    terms = fetch(client, wanted, props="labels|aliases")
    made = mapping.record(entity, terms, cast=cast)
    return Found(made.record, made.notes)


def _silent(_: str) -> None:
    return None


def parse_ref(ref: str) -> tuple[str, str]:
    """What a reference is: ("item", Q id), ("imdb", tt id) or ("title", the title)."""
    text = " ".join(ref.split())
    if _ITEM.fullmatch(text):
        return "item", text.upper()
    if _IMDB.fullmatch(text.lower()):
        return "imdb", text.lower()
    if "://" in text or text.lower().startswith(("www.", "m.", "wikidata.org/", "imdb.com/")):
        return _from_address(ref, text)
    if not text:
        raise UsageError("expected a Wikidata id, an IMDb id or a title, found nothing")
    return "title", text


def _from_address(ref: str, text: str) -> tuple[str, str]:
    parts = urllib.parse.urlsplit(text if "://" in text else f"https://{text}")
    host = (parts.hostname or "").lower()
    path = urllib.parse.unquote(parts.path)
    if host == "wikidata.org" or host.endswith(".wikidata.org"):
        found = _ITEM_IN_PATH.search(path)
        if found:
            return "item", found[1]
        raise UsageError(f"{describe(ref)} is not the address of a Wikidata item (Q...)")
    if host == "imdb.com" or host.endswith(".imdb.com"):
        found = _IMDB_IN_PATH.match(path)
        if found:
            return "imdb", found[1]
        raise UsageError(f"{describe(ref)} is not the address of an IMDb title (tt...)")
    raise UsageError(f"{describe(ref)} is not a Wikidata or IMDb address")


def fetch(client: Client, ids: Iterable[str], *, props: str) -> dict[str, dict[str, Any]]:
    """Entities by id, from wbgetentities in batches of at most 50; missing ones left out."""
    wanted = list(dict.fromkeys(ids))
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(wanted), BATCH):
        batch = wanted[start : start + BATCH]
        answer = client.api(
            action="wbgetentities", ids="|".join(batch), props=props, languages=LANGUAGES
        )
        entities = answer.get("entities")
        if not isinstance(entities, dict):
            raise client.unexpected("wbgetentities")
        for key, entity in entities.items():
            if key in batch and isinstance(entity, dict) and "missing" not in entity:
                found[key] = entity
    return found


def _check(
    client: Client, entity: Mapping[str, Any], *, year: int | None, kind: str | None
) -> None:
    """NotFoundError unless the item is a film or series of the kind and year asked for."""
    item = str(entity.get("id"))
    found = mapping.kind_of(entity)
    if found is None:
        raise NotFoundError(f"{item} is {_what_it_is(client, entity)}, not a film or series")
    if kind is not None and found != kind:
        raise NotFoundError(f"{item} is a {found}, not a {kind}")
    if year is not None and year not in mapping.years(entity):
        known = sorted(mapping.years(entity))
        when = f"in {', '.join(map(str, known))}" if known else "in a year Wikidata does not give"
        raise NotFoundError(f"{item} was released {when}, not in {year}")


def _what_it_is(client: Client, entity: Mapping[str, Any]) -> str:
    """What an item is an instance of, in words: "a human", or "a novel and a literary work"."""
    classes = mapping.item_ids(entity, mapping.INSTANCE_OF)[:3]
    if not classes:
        return "an item that Wikidata does not say the kind of"
    terms = fetch(client, classes, props="labels")
    names = [mapping.label(terms.get(one), "en") or one for one in classes]
    return " and ".join(f"{_article(name)} {name}" for name in names)


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"


def _by_imdb(
    client: Client, imdb: str, *, year: int | None, kind: str | None, say: Progress
) -> dict[str, Any]:
    """The item that has an IMDb id, found with a search for haswbstatement:P345."""
    say(f"Looking for {imdb} on Wikidata")
    answer = client.api(
        action="query",
        list="search",
        srsearch=f"haswbstatement:P345={imdb}",
        srnamespace="0",
        srlimit="10",
    )
    query = answer.get("query")
    hits = query.get("search") if isinstance(query, dict) else None
    if not isinstance(hits, list):
        raise client.unexpected(f"the search for {imdb}")
    ids = [hit["title"] for hit in hits if isinstance(hit, dict) and _is_item(hit.get("title"))]
    if not ids:
        raise NotFoundError(f"no Wikidata item has the IMDb id {imdb}")
    if len(ids) == 1:
        return client.entity(ids[0])
    return _choose(client, imdb, ids, [], year=year, kind=kind)


def _is_item(value: Any) -> bool:
    return isinstance(value, str) and bool(_ITEM.fullmatch(value)) and value[0] == "Q"


def _by_title(
    client: Client, title: str, *, year: int | None, kind: str | None, say: Progress
) -> dict[str, Any]:
    """The one film or series a title search finds, narrowed by year and kind."""
    from tearlist.textmatch import name_key

    say(f"Searching Wikidata for {describe(title)}")
    answer = client.api(
        action="wbsearchentities",
        search=title,
        language="ko" if mapping.has_hangul(title) else "en",
        uselang="en",
        type="item",
        limit=str(SEARCH_LIMIT),
    )
    hits = answer.get("search")
    if not isinstance(hits, list):
        raise client.unexpected(f"the search for {describe(title)}")
    hits = [hit for hit in hits if isinstance(hit, dict) and _is_item(hit.get("id"))]
    wanted = name_key(title)
    exact = [hit["id"] for hit in hits if wanted in {name_key(text) for text in _matched(hit)}]
    return _choose(client, title, [hit["id"] for hit in hits], exact, year=year, kind=kind)


def _matched(hit: Mapping[str, Any]) -> list[str]:
    """The texts a search hit was found by: what matched, its label and its aliases."""
    match = hit.get("match")
    texts = [match.get("text")] if isinstance(match, dict) else []
    texts.append(hit.get("label"))
    found = hit.get("aliases")
    texts += found if isinstance(found, list) else []
    return [text for text in texts if isinstance(text, str)]


def _choose(
    client: Client,
    ref: str,
    ids: list[str],
    exact: list[str],
    *,
    year: int | None,
    kind: str | None,
) -> dict[str, Any]:
    """The one film or series among the ids that fits the year and kind.

    When some films or series match the title exactly (ignoring case and punctuation), only
    they count: "Sunshine" is not "Sunshine Boys".
    """
    if not ids:
        raise NotFoundError(f"nothing on Wikidata matches {describe(ref)}")
    entities = fetch(client, ids, props="labels|descriptions|aliases|claims")
    works = [one for one in ids if one in entities and mapping.kind_of(entities[one])]
    works = [one for one in works if one in exact] or works
    fitting = [one for one in works if _fits(entities[one], year=year, kind=kind)]
    if len(fitting) == 1:
        return entities[fitting[0]]
    if not fitting:
        when = f" from {year}" if year else ""
        raise NotFoundError(
            f"no {kind or 'film or series'}{when} on Wikidata matches {describe(ref)}"
        )
    raise Ambiguous(ref, [_candidate(entities[one]) for one in fitting])


def _fits(entity: Mapping[str, Any], *, year: int | None, kind: str | None) -> bool:
    found = mapping.kind_of(entity)
    if found is None or (kind is not None and found != kind):
        return False
    return year is None or year in mapping.years(entity)


def _candidate(entity: Mapping[str, Any]) -> Candidate:
    kind = mapping.kind_of(entity)
    day, _ = mapping.released(entity, kind)
    years = mapping.years(entity)
    year = day.year if day else (min(years) if years else None)
    item = str(entity.get("id"))
    name = mapping.english_label(entity) or mapping.label(entity, "ko")
    return Candidate(item, year, kind, name or item, mapping.description(entity))
