"""A stand-in for Wikidata on 127.0.0.1, for tests that must never touch the internet.

It answers the requests tearlist makes (wbsearchentities, wbgetentities, a search for
haswbstatement:P345=tt..., Special:EntityData) from a store of entities: the recorded and
hand-made ones under tests/wikidata/, and any a test adds. A test can also queue canned
answers (errors, delays, broken bodies) for requests whose address contains some text, and
read every request the server received.

The `wikidata` fixture in conftest.py starts one for a test and points TEARLIST_WIKIDATA_URL
at it:

    def test_add(cli, wikidata):
        wikidata.answer("action=wbsearchentities", Canned(status=500))
        ...
        assert wikidata.requests[0].query["maxlag"] == "5"
"""

from __future__ import annotations

import gzip
import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "wikidata"

# Made-up items of the hand-made fixtures (see tests/wikidata/README.md).
HANDMAIDEN = "Q9990000101"
GOOD_DOCTOR = "Q9990000201"
TEST_REEL = "Q9990000301"
SUNSHINE_FILM = "Q9990000401"
SUNSHINE_SERIES = "Q9990000402"
SUNSHINE_PERSON = "Q9990000403"
SUNSHINE_BOYS = "Q9990000404"
# Real items of the recorded fixtures.
CITY_STREETS = "Q2262932"  # a 1931 US film
IU = "Q20145"  # a South Korean singer and actress: a human, not a film


def load_entities(path: Path) -> dict[str, dict[str, Any]]:
    """The entities of a fixture file: a whole answer with "entities", or one entity alone."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if "entities" in data:
        return dict(data["entities"])
    return {data["id"]: data}  # Q2262932.json is one entity object, cut out of an answer


def standard_entities() -> dict[str, dict[str, Any]]:
    """Every entity of tests/wikidata/: the real ones, then the hand-made ones."""
    found: dict[str, dict[str, Any]] = {}
    for path in (
        FIXTURES / "real" / "Q2262932.json",
        FIXTURES / "real" / "Q20145.json",
        FIXTURES / "real" / "api" / "wbgetentities-labels-P31-Q5.json",
        *sorted((FIXTURES / "made").glob("*.json")),
    ):
        found.update(load_entities(path))
    return found


@dataclass
class Canned:
    """An answer given instead of the emulated one.

    body is sent as it is (a dict or list is sent as JSON); delay is how long the server is
    silent first; cut sends only that many bytes of a body whose full length is declared;
    drip sends the body a byte at a time with that many seconds between bytes; without
    length, no Content-Length is sent and the body ends when the connection closes.
    """

    status: int = 200
    body: bytes | dict[str, Any] | list[Any] = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    cut: int | None = None
    drip: float = 0.0
    length: bool = True


@dataclass(frozen=True)
class Seen:
    """A request the server received."""

    path: str
    query: dict[str, str]
    headers: dict[str, str]

    @property
    def action(self) -> str | None:
        return self.query.get("action")


class WikiServer:
    """The server, its store of entities, its queued answers and the requests it saw."""

    def __init__(self) -> None:
        self.entities: dict[str, dict[str, Any]] = standard_entities()
        self.redirects: dict[str, str] = {}
        self.requests: list[Seen] = []
        self.gzip = True
        self._canned: list[tuple[str, Canned]] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._server.block_on_close = False  # type: ignore[attr-defined]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> WikiServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def add(self, *entities: dict[str, Any]) -> None:
        """Put entities in the store (replacing any with the same id)."""
        for entity in entities:
            self.entities[entity["id"]] = entity

    def answer(self, where: str, *answers: Canned) -> None:
        """Give these answers, in turn, to the next requests whose path and query hold where."""
        with self._lock:
            self._canned += [(where, one) for one in answers]

    def actions(self) -> list[str | None]:
        """The action (or the path, for Special:EntityData) of each request, in order."""
        return [seen.action or seen.path for seen in self.requests]

    def take_canned(self, target: str) -> Canned | None:
        with self._lock:
            for index, (where, canned) in enumerate(self._canned):
                if where in target:
                    del self._canned[index]
                    return canned
        return None

    # The emulated API

    def route(self, path: str, query: dict[str, str]) -> tuple[int, Any, dict[str, str]]:
        """Status, JSON body and extra headers for a request the store answers."""
        prefix = "/wiki/Special:EntityData/"
        if path.startswith(prefix) and path.endswith(".json"):
            return self.entity_data(path[len(prefix) : -len(".json")])
        if path != "/w/api.php":
            return 404, {"error": "no such page"}, {}
        action = query.get("action")
        if action == "wbgetentities":
            return 200, self.get_entities(query), {}
        if action == "wbsearchentities":
            return 200, self.search_entities(query), {}
        if action == "query" and query.get("list") == "search":
            return 200, self.search_statements(query), {}
        return 200, {"error": {"code": "badvalue", "info": f"Unknown action {action}"}}, {}

    def entity_data(self, item: str) -> tuple[int, Any, dict[str, str]]:
        if item in self.redirects:
            target = f"/wiki/Special:EntityData/{self.redirects[item]}.json"
            return 303, {}, {"Location": target}
        if item not in self.entities:
            return 404, {"error": f"{item} not found"}, {}
        return 200, {"entities": {item: self.entities[item]}}, {}

    def get_entities(self, query: dict[str, str]) -> dict[str, Any]:
        props = set(query.get("props", "labels|descriptions|aliases|claims").split("|"))
        languages = set(query.get("languages", "").split("|")) - {""}
        found: dict[str, Any] = {}
        for item in query.get("ids", "").split("|"):
            entity = self.entities.get(self.redirects.get(item, item))
            if entity is None:
                found[item] = {"id": item, "missing": ""}
                continue
            kept = {"type": entity.get("type", "item"), "id": entity["id"]}
            for prop in ("labels", "descriptions", "aliases", "claims"):
                if prop in props and prop in entity:
                    value = entity[prop]
                    if languages and prop != "claims":
                        value = {lang: v for lang, v in value.items() if lang in languages}
                    kept[prop] = value
            found[item] = kept
        return {"entities": found, "success": 1}

    def search_entities(self, query: dict[str, str]) -> dict[str, Any]:
        text = query.get("search", "")
        language = query.get("language", "en")
        limit = int(query.get("limit", "7"))
        hits = []
        for item, entity in self.entities.items():
            hit = _hit(item, entity, text, language)
            if hit is not None:
                hits.append(hit)
        return {"searchinfo": {"search": text}, "search": hits[:limit], "success": 1}

    def search_statements(self, query: dict[str, str]) -> dict[str, Any]:
        wanted = query.get("srsearch", "").removeprefix("haswbstatement:")
        prop, _, value = wanted.partition("=")
        hits = []
        for item, entity in self.entities.items():
            for statement in entity.get("claims", {}).get(prop, []):
                found = statement["mainsnak"].get("datavalue", {}).get("value")
                if found == value and statement.get("rank") != "deprecated":
                    hits.append({"ns": 0, "title": item, "pageid": entity.get("pageid", 0)})
                    break
        return {
            "batchcomplete": True,
            "query": {"searchinfo": {"totalhits": len(hits)}, "search": hits},
        }


def _hit(item: str, entity: dict[str, Any], text: str, language: str) -> dict[str, Any] | None:
    """A wbsearchentities hit for an entity whose label or alias starts with the text."""
    wanted = text.casefold()
    matched = None
    label = entity.get("labels", {}).get(language, {}).get("value")
    if label and label.casefold().startswith(wanted):
        matched = {"type": "label", "language": language, "text": label}
    for alias in entity.get("aliases", {}).get(language, []):
        if matched is None and alias["value"].casefold().startswith(wanted):
            matched = {"type": "alias", "language": language, "text": alias["value"]}
    if matched is None:
        return None
    english = entity.get("labels", {}).get("en", {}).get("value") or label
    described = entity.get("descriptions", {}).get("en", {}).get("value")
    hit: dict[str, Any] = {
        "id": item,
        "title": item,
        "pageid": entity.get("pageid", 0),
        "repository": "wikidata",
        "url": f"//www.wikidata.org/wiki/{item}",
        "concepturi": f"http://www.wikidata.org/entity/{item}",
        "display": {"label": {"value": english, "language": "en"}},
        "label": english,
        "match": matched,
    }
    if described:
        hit["description"] = described
    if matched["text"] != english:
        hit["aliases"] = [matched["text"]]
    return hit


def _handler(server: WikiServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return None

        def do_GET(self) -> None:
            parts = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
            server.requests.append(Seen(parts.path, query, dict(self.headers.items())))
            canned = server.take_canned(self.path)
            if canned is not None:
                self.send_canned(canned)
                return
            status, body, headers = server.route(parts.path, query)
            self.send(status, json.dumps(body, ensure_ascii=False).encode(), headers)

        def send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            zipped = server.gzip and "gzip" in self.headers.get("Accept-Encoding", "")
            if zipped:
                body = gzip.compress(body)
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            if zipped:
                self.send_header("Content-Encoding", "gzip")
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)

        def send_canned(self, canned: Canned) -> None:
            time.sleep(canned.delay)
            body = canned.body
            if not isinstance(body, bytes):
                body = json.dumps(body).encode()
            self.send_response(canned.status)
            headers = {"Content-Type": "application/json", **canned.headers}
            if canned.length:
                headers.setdefault("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                if canned.drip:
                    for byte in body:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(canned.drip)
                else:
                    self.wfile.write(body if canned.cut is None else body[: canned.cut])
            except OSError:  # the client gave up
                return

    return Handler
