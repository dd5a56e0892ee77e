"""The Wikidata client against a local stand-in: what it sends, and how it fails.

Every failure is one NetworkError (exit 4) naming the host; a missing item is NotFoundError.
"""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from importlib.metadata import version

import pytest
from wikiserver import FIXTURES, HANDMAIDEN, Canned, WikiServer

from tearlist.errors import ExitCode, NetworkError, NotFoundError, UsageError
from tearlist.wikidata import client as client_module
from tearlist.wikidata import lookup
from tearlist.wikidata.client import Client, base_url

API = "/w/api.php"


def make(server: WikiServer, **options: float) -> tuple[Client, list[float]]:
    """A client of the stand-in whose waits are recorded rather than slept."""
    slept: list[float] = []
    return Client(server.url, sleep=slept.append, **options), slept  # type: ignore[arg-type]


def fails(call: object, *args: object, **kwargs: object) -> str:
    with pytest.raises(NetworkError) as raised:
        call(*args, **kwargs)  # type: ignore[operator]
    message = str(raised.value)
    assert "\n" not in message
    return message


def test_errors_exit_4_and_missing_items_exit_1() -> None:
    assert NetworkError.exit_code == ExitCode.FILE_ERROR == 4
    assert NotFoundError.exit_code == ExitCode.NOT_FOUND == 1


def test_user_agent_gzip_and_maxlag_are_sent(wikidata: WikiServer) -> None:
    """Wikimedia's policy: a User-Agent naming the tool, its version and where it lives."""
    lookup(HANDMAIDEN)
    assert len(wikidata.requests) == 2
    for seen in wikidata.requests:
        agent = seen.headers["User-Agent"]
        assert agent == f"tearlist/{version('tearlist')} (+https://github.com/tearlist/tearlist)"
        assert "gzip" in seen.headers["Accept-Encoding"]
    entity, names = wikidata.requests
    assert entity.path == f"/wiki/Special:EntityData/{HANDMAIDEN}.json"
    assert names.path == API
    assert (names.query["maxlag"], names.query["format"]) == ("5", "json")


def test_answers_without_gzip_are_read_too(wikidata: WikiServer) -> None:
    wikidata.gzip = False
    assert lookup(HANDMAIDEN).record["title"] == "The Handmaiden"


def test_the_base_url_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert base_url({}) == "https://www.wikidata.org"
    assert base_url({"TEARLIST_WIKIDATA_URL": "http://mirror.test:8080/wd/"}) == (
        "http://mirror.test:8080/wd"
    )
    for bad in (
        "file:///etc/passwd",
        "www.wikidata.org",
        "http://",
        "http://h:port",
        "http://h/?q",
    ):
        monkeypatch.setenv("TEARLIST_WIKIDATA_URL", bad)
        with pytest.raises(UsageError, match=r"^TEARLIST_WIKIDATA_URL: "):
            Client()


def test_an_unreachable_host_is_one_line_naming_it() -> None:
    """The tests' default TEARLIST_WIKIDATA_URL is a closed port on 127.0.0.1."""
    message = fails(lookup, HANDMAIDEN)
    assert message == f"127.0.0.1:9: the item {HANDMAIDEN}: cannot connect: connection refused"


def test_silence_longer_than_the_read_timeout_fails(wikidata: WikiServer) -> None:
    wikidata.answer("action=wbsearchentities", Canned(body={"search": []}, delay=1.5))
    client, _ = make(wikidata, read_timeout=0.3)
    message = fails(client.api, action="wbsearchentities", search="x")
    assert message == f"{client.host}: wbsearchentities: no answer in 0.3 s"


def test_an_answer_that_trickles_in_is_given_up(wikidata: WikiServer) -> None:
    """A byte now and then resets the read timeout, but not the bound on the whole answer."""
    wikidata.answer("action=wbgetentities", Canned(body=b'{"entities": {}}' * 4, drip=0.05))
    client, _ = make(wikidata, total_timeout=0.3)
    message = fails(client.api, action="wbgetentities", ids="Q1")
    assert message == f"{client.host}: the answer for wbgetentities took more than 0.3 s"


def test_429_is_retried_after_the_time_retry_after_asks(wikidata: WikiServer) -> None:
    wikidata.answer(API, Canned(status=429, headers={"Retry-After": "3"}))
    client, slept = make(wikidata)
    answer = client.api(action="wbsearchentities", search="Sunshine", language="en")
    assert slept == [3.0]
    assert len(answer["search"]) == 4
    assert len(wikidata.requests) == 2


def test_503_is_retried_twice_at_most(wikidata: WikiServer) -> None:
    busy = Canned(status=503, headers={"Retry-After": "1"})
    wikidata.answer(API, busy, busy, busy)
    client, slept = make(wikidata)
    message = fails(client.api, action="wbgetentities", ids="Q1")
    assert message == f"{client.host}: busy (HTTP 503) for wbgetentities after 3 tries; try later"
    assert slept == [1.0, 1.0]
    assert len(wikidata.requests) == 3


def test_a_retry_after_over_10_seconds_is_not_waited_for(wikidata: WikiServer) -> None:
    wikidata.answer(API, Canned(status=429, headers={"Retry-After": "120"}))
    client, slept = make(wikidata)
    message = fails(client.api, action="wbgetentities", ids="Q1")
    assert message.endswith("busy (HTTP 429) for wbgetentities, and asks to wait 120 s; try later")
    assert slept == []
    assert len(wikidata.requests) == 1


def test_retry_after_may_be_a_date(wikidata: WikiServer) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=4), usegmt=True)
    wikidata.answer(API, Canned(status=503, headers={"Retry-After": when}))
    client, slept = make(wikidata)
    client.api(action="wbgetentities", ids="Q1")
    assert len(slept) == 1
    assert 2 < slept[0] <= 4


def test_a_busy_answer_without_retry_after_waits_a_little(wikidata: WikiServer) -> None:
    wikidata.answer(API, Canned(status=429))
    client, slept = make(wikidata)
    client.api(action="wbgetentities", ids="Q1")
    assert slept == [client_module.DEFAULT_WAIT]


def test_maxlag_errors_are_retried_as_busy_answers(wikidata: WikiServer) -> None:
    lagged = {"error": {"code": "maxlag", "info": "Waiting for db1: 7 seconds lagged", "lag": 7}}
    wikidata.answer(API, Canned(body=lagged, headers={"Retry-After": "5"}))
    client, slept = make(wikidata)
    assert "entities" in client.api(action="wbgetentities", ids="Q1")
    assert slept == [5.0]


def test_an_api_error_is_a_network_error_with_its_info(wikidata: WikiServer) -> None:
    wikidata.answer(API, Canned(body={"error": {"code": "no-such-entity", "info": "Bad id"}}))
    client, _ = make(wikidata)
    assert fails(client.api, action="wbgetentities", ids="X") == (
        f"{client.host}: wbgetentities failed: Bad id"
    )


def test_an_http_error_names_its_status(wikidata: WikiServer) -> None:
    wikidata.answer(API, Canned(status=500, body=b"<html>oops</html>"))
    client, slept = make(wikidata)
    message = fails(client.api, action="wbsearchentities", search="x")
    assert message == f"{client.host}: wbsearchentities: HTTP 500 Internal Server Error"
    assert slept == []


@pytest.mark.parametrize(
    ("canned", "end"),
    [
        (Canned(body=b"<!DOCTYPE html><html>Wikimedia Error</html>"), "is not JSON"),
        (Canned(body=b'{"entities": {"Q1": ', length=False), "is not JSON"),
        (Canned(body=b"\xff\xfe{}"), "is not JSON"),
        (Canned(body=b"[1, 2]"), "unexpected answer for wbgetentities"),
        (Canned(body=b'{"entities": {}}' * 10, cut=20), "the answer was cut short"),
        (
            Canned(body=gzip.compress(b"{}")[:-8], headers={"Content-Encoding": "gzip"}),
            "was cut short",
        ),
        (Canned(body=b"not gzip", headers={"Content-Encoding": "gzip"}), "is damaged gzip"),
        (
            Canned(body=b"{}", headers={"Content-Encoding": "br"}),
            "comes in an unknown encoding, 'br'",
        ),
    ],
    ids=["html", "truncated", "not-utf8", "a-list", "cut-short", "gzip-cut", "bad-gzip", "brotli"],
)
def test_bodies_that_cannot_be_used(wikidata: WikiServer, canned: Canned, end: str) -> None:
    wikidata.answer(API, canned)
    client, slept = make(wikidata)
    message = fails(client.api, action="wbgetentities", ids="Q1")
    assert message.startswith(f"{client.host}: ")
    assert message.endswith(end)
    assert slept == []


def test_a_huge_declared_body_is_refused_unread(wikidata: WikiServer) -> None:
    wikidata.answer(API, Canned(body=b"{}", headers={"Content-Length": str(1 << 40)}))
    client, _ = make(wikidata)
    assert fails(client.api, action="wbgetentities", ids="Q1").endswith("larger than 16 MiB")


def test_a_huge_body_is_read_no_further_than_the_bound(wikidata: WikiServer) -> None:
    wikidata.answer(API, Canned(body=b" " * (3 << 20), length=False))
    client, _ = make(wikidata, max_bytes=1 << 20)
    assert fails(client.api, action="wbgetentities", ids="Q1").endswith("larger than 1 MiB")


def test_a_gzip_bomb_is_unpacked_no_further_than_the_bound(wikidata: WikiServer) -> None:
    bomb = gzip.compress(b" " * (client_module.MAX_BYTES + 1))
    assert len(bomb) < 100_000
    wikidata.answer(API, Canned(body=bomb, headers={"Content-Encoding": "gzip"}))
    client, _ = make(wikidata)
    assert fails(client.api, action="wbgetentities", ids="Q1").endswith("larger than 16 MiB")


def test_a_redirected_item_is_followed_on_the_same_host(wikidata: WikiServer) -> None:
    wikidata.redirects["Q9990000199"] = HANDMAIDEN
    found = lookup("Q9990000199")
    assert found.record["wikidata"] == HANDMAIDEN
    assert [seen.path for seen in wikidata.requests[:2]] == [
        "/wiki/Special:EntityData/Q9990000199.json",
        f"/wiki/Special:EntityData/{HANDMAIDEN}.json",
    ]


@pytest.mark.parametrize(
    ("location", "end"),
    [
        (
            "http://example.invalid/wiki/Special:EntityData/Q1.json",
            "another host, 'example.invalid'",
        ),
        ("file:///etc/passwd", "redirected to 'file:///etc/passwd', a scheme not followed"),
        ("/wiki/Special:EntityData/Q1.json", "too many redirects"),
    ],
    ids=["other-host", "file", "loop"],
)
def test_unsafe_or_endless_redirects_are_refused(
    wikidata: WikiServer, location: str, end: str
) -> None:
    wikidata.answer("EntityData/Q1.json", *[Canned(status=302, headers={"Location": location})] * 6)
    message = fails(lookup, "Q1")
    assert message.startswith(f"{wikidata.url.removeprefix('http://')}: the item Q1: ")
    assert message.endswith(end)
    assert len(wikidata.requests) <= 4


def test_a_missing_item_is_not_found(wikidata: WikiServer) -> None:
    with pytest.raises(NotFoundError, match=r"^Q9990009999: no such item on Wikidata$"):
        lookup("Q9990009999")


def test_a_missing_marker_in_the_answer_is_not_found(wikidata: WikiServer) -> None:
    """The real answer wbgetentities gives for a deleted item, served as EntityData's."""
    body = (FIXTURES / "real" / "api" / "wbgetentities-missing-Q10908976.json").read_bytes()
    wikidata.answer("EntityData/Q10908976.json", Canned(body=body))
    with pytest.raises(NotFoundError, match=r"^Q10908976: no such item on Wikidata$"):
        lookup("Q10908976")


def test_an_entity_answer_of_another_shape_is_unexpected(wikidata: WikiServer) -> None:
    wikidata.answer("EntityData/Q1.json", Canned(body={"entities": {"Q1": "x", "Q2": {}}}))
    assert fails(lookup, "Q1").endswith(": unexpected answer for the item Q1")


def test_labels_are_fetched_in_batches_of_at_most_50(wikidata: WikiServer) -> None:
    """A film with 120 cast members, all kept: with a director and three genres, the
    names of 124 ids come in three wbgetentities of 50, 50 and 24."""
    film = json.loads(json.dumps(wikidata.entities[HANDMAIDEN]))
    template = film["claims"]["P161"][0]
    film["claims"]["P161"] = []
    people = []
    for number in range(120):
        item = f"Q99900050{number:02d}" if number < 100 else f"Q9990006{number:03d}"
        statement = json.loads(json.dumps(template))
        statement["mainsnak"]["datavalue"]["value"] = {"entity-type": "item", "id": item}
        film["claims"]["P161"].append(statement)
        people.append(
            {"id": item, "labels": {"en": {"language": "en", "value": f"Person {number}"}}}
        )
    wikidata.add(film, *people)
    found = lookup(HANDMAIDEN, cast=200)
    batches = [seen.query["ids"].split("|") for seen in wikidata.requests if seen.action]
    assert [len(batch) for batch in batches] == [50, 50, 24]
    assert all(seen.query.get("maxlag") == "5" for seen in wikidata.requests if seen.action)
    cast = found.record["cast"]
    assert isinstance(cast, list)
    assert len(cast) == 120
    assert cast[119] == {"name": "Person 119"}
