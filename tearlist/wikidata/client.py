"""Wikidata over HTTP: bounded, patient, polite requests, and one-line errors when they fail.

Only the standard library's urllib: a client library would cost more to import than the
little it would add here. Every answer is read within a time and a size, every failure
becomes a NetworkError (exit 4) naming the host and what went wrong, and a missing item
a NotFoundError (exit 1).
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from collections.abc import Callable, Mapping
from email.message import Message
from typing import Any

from tearlist.errors import NetworkError, NotFoundError, UsageError
from tearlist.text import describe

BASE_URL = "https://www.wikidata.org"
URL_VARIABLE = "TEARLIST_WIKIDATA_URL"
API_PATH = "/w/api.php"
ENTITY_PATH = "/wiki/Special:EntityData/{}.json"

# Seconds allowed to open a connection, and of silence while waiting for or reading an answer.
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 20.0
# Seconds one answer may take in all, so that a server sending a byte now and then cannot
# hold the command for ever.
TOTAL_TIMEOUT = 60.0
# The largest answer read, before and after gzip: an item with every statement is far smaller.
MAX_BYTES = 16 << 20
# Wikimedia's advice for tools: give up a request when the database replicas lag this much.
MAXLAG = 5
# How often a busy answer (429, 503, maxlag) is retried, and the longest wait tearlist accepts.
RETRIES = 2
MAX_WAIT = 10.0
DEFAULT_WAIT = 2.0
MAX_REDIRECTS = 3
_CHUNK = 1 << 16
_RETRIED = (429, 503)


def user_agent() -> str:
    """tearlist/VERSION (+project URL), as Wikimedia's User-Agent policy asks."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        found = metadata("tearlist")
    except PackageNotFoundError:  # pragma: no cover - run from a checkout never installed
        return "tearlist"
    homepage = None
    for entry in found.get_all("Project-URL") or ():
        label, _, url = entry.partition(",")
        if label.strip().lower() == "homepage":
            homepage = url.strip()
    version = found["Version"]
    return f"tearlist/{version} (+{homepage})" if homepage else f"tearlist/{version}"


def base_url(environ: Mapping[str, str] | None = None) -> str:
    """The Wikidata to ask: TEARLIST_WIKIDATA_URL if set, else www.wikidata.org."""
    environ = os.environ if environ is None else environ
    given = environ.get(URL_VARIABLE, "")
    if not given:
        return BASE_URL
    parts = urllib.parse.urlsplit(given)
    try:
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError:
        parts = parts._replace(scheme="")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(
            f"{URL_VARIABLE}: expected an address such as {BASE_URL}, found {describe(given)}"
        )
    if parts.query or parts.fragment:
        raise UsageError(f"{URL_VARIABLE}: the address must not have a query or a fragment")
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


class _Connection(http.client.HTTPConnection):
    """Connects within the connect timeout, then waits for the answer within the read one."""

    def __init__(self, host: str, *, read_timeout: float, **options: Any) -> None:
        super().__init__(host, **options)
        self.read_timeout = read_timeout

    def connect(self) -> None:
        super().connect()
        self.sock.settimeout(self.read_timeout)


class _TLSConnection(_Connection, http.client.HTTPSConnection):
    """As _Connection, with the TLS handshake inside the connect timeout."""


class _Plain(urllib.request.HTTPHandler):
    def __init__(self, read_timeout: float) -> None:
        super().__init__()
        self.read_timeout = read_timeout

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection: Any = _Connection
        return self.do_open(connection, req, read_timeout=self.read_timeout)


class _Secure(urllib.request.HTTPSHandler):
    def __init__(self, read_timeout: float) -> None:
        super().__init__()
        self.read_timeout = read_timeout

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection: Any = _TLSConnection
        return self.do_open(connection, req, read_timeout=self.read_timeout)


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows a few redirects, to the same host and never from https down to http."""

    max_redirections = max_repeats = MAX_REDIRECTS

    def http_error_302(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
    ) -> Any:
        location = headers.get("Location") or headers.get("URI")
        if location:
            try:
                self._check(req.full_url, location)
            except _Refused:
                fp.close()
                raise
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    @staticmethod
    def _check(old_url: str, location: str) -> None:
        """_Refused unless a redirect stays on the host, on http or https, never less secure."""
        old = urllib.parse.urlsplit(old_url)
        new = urllib.parse.urlsplit(urllib.parse.urljoin(old_url, location))
        if new.scheme not in ("http", "https") or (old.scheme, new.scheme) == ("https", "http"):
            shown = describe(location, limit=60)
            raise _Refused(f"redirected to {shown}, a scheme not followed")
        if new.hostname != old.hostname:
            raise _Refused(f"redirected to another host, {describe(new.hostname or location)}")

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        self._check(req.full_url, newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _Refused(Exception):
    """A redirect tearlist does not follow."""


def _opener(read_timeout: float) -> urllib.request.OpenerDirector:
    # Only these handlers: no file:, ftp: or data: address can be reached, even by a redirect.
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        _Plain(read_timeout),
        _Secure(read_timeout),
        _Redirects(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


class Client:
    """Asks one Wikidata (www.wikidata.org, or the one TEARLIST_WIKIDATA_URL names): its API
    and its items, retrying busy answers; each request is one GET of its _Transport."""

    def __init__(
        self,
        base: str | None = None,
        *,
        sleep: Callable[[float], None] | None = None,
        read_timeout: float | None = None,
        total_timeout: float | None = None,
        max_bytes: int | None = None,
    ) -> None:
        """A client of base (TEARLIST_WIKIDATA_URL or www.wikidata.org by default).

        The bounds default to this module's constants, read when the client is made.
        """
        self.base = base_url() if base is None else base.rstrip("/")
        self.host = urllib.parse.urlsplit(self.base).netloc
        self.sleep = sleep or pause
        self.transport = _Transport(
            self.host,
            read_timeout=READ_TIMEOUT if read_timeout is None else read_timeout,
            total_timeout=TOTAL_TIMEOUT if total_timeout is None else total_timeout,
            max_bytes=MAX_BYTES if max_bytes is None else max_bytes,
        )

    def api(self, **params: str) -> dict[str, Any]:
        """The answer of /w/api.php to an action, with maxlag; an error answer is a failure."""
        query = {**params, "format": "json", "formatversion": "2", "maxlag": str(MAXLAG)}
        url = f"{self.base}{API_PATH}?{urllib.parse.urlencode(query)}"
        answer = self._get_json(url, params.get("action", "api"))
        error = answer.get("error")
        if error is not None:
            info = error.get("info") if isinstance(error, dict) else None
            code = error.get("code") if isinstance(error, dict) else None
            said = describe(info or code or error, limit=100, quote=False)
            raise NetworkError(f"{self.host}: {params.get('action')} failed: {said}")
        return answer

    def entity(self, item: str) -> dict[str, Any]:
        """An item's whole entity, from Special:EntityData; NotFoundError if there is none."""
        url = self.base + ENTITY_PATH.format(urllib.parse.quote(item))
        try:
            answer = self._get_json(url, f"the item {item}", entity=True)
        except _Missing:
            raise NotFoundError(f"{item}: no such item on Wikidata") from None
        entities = answer.get("entities")
        if not isinstance(entities, dict) or not entities:
            raise self.unexpected(f"the item {item}")
        # A redirected item comes under its new id, as the only entity of the answer.
        entity = entities.get(item)
        if entity is None and len(entities) == 1:
            entity = next(iter(entities.values()))
        if not isinstance(entity, dict) or not isinstance(entity.get("id"), str):
            raise self.unexpected(f"the item {item}")
        if "missing" in entity:
            raise NotFoundError(f"{item}: no such item on Wikidata")
        return entity

    def unexpected(self, what: str) -> NetworkError:
        """The error for an answer that is JSON but not of the shape asked for."""
        return NetworkError(f"{self.host}: unexpected answer for {what}")

    def _get_json(self, url: str, what: str, *, entity: bool = False) -> dict[str, Any]:
        """GET a URL and parse its JSON object, retrying busy answers."""
        for attempt in range(RETRIES + 1):
            status, headers, body = self.transport.get(url, what, entity=entity)
            if status in _RETRIED:
                self._wait(headers, attempt, f"HTTP {status}", what)
                continue
            try:
                answer = json.loads(body)
            except (ValueError, RecursionError):  # JSONDecodeError, UnicodeDecodeError
                raise NetworkError(f"{self.host}: the answer for {what} is not JSON") from None
            if not isinstance(answer, dict):
                raise self.unexpected(what)
            error = answer.get("error")
            if isinstance(error, dict) and error.get("code") == "maxlag":
                self._wait(headers, attempt, "its database lags", what)
                continue
            return answer
        raise AssertionError("unreachable")  # pragma: no cover

    def _wait(self, headers: Message, attempt: int, why: str, what: str) -> None:
        """Sleep as Retry-After asks before another try, or give up."""
        asked = _retry_after(headers.get("Retry-After"))
        wait = DEFAULT_WAIT if asked is None else asked
        if attempt >= RETRIES:
            tries = f"{RETRIES + 1} tries"
            raise NetworkError(f"{self.host}: busy ({why}) for {what} after {tries}; try later")
        if wait > MAX_WAIT:
            raise NetworkError(
                f"{self.host}: busy ({why}) for {what}, and asks to wait {wait:.0f} s; try later"
            )
        self.sleep(wait)


class _Transport:
    """One GET at a time to one host, within the time and size bounds, as a User-Agent that
    names tearlist; every failure a NetworkError naming the host."""

    def __init__(
        self, host: str, *, read_timeout: float, total_timeout: float, max_bytes: int
    ) -> None:
        self.host = host
        self.read_timeout = read_timeout
        self.total_timeout = total_timeout
        self.max_bytes = max_bytes
        self.user_agent = user_agent()
        self._opener = _opener(read_timeout)

    def get(self, url: str, what: str, *, entity: bool) -> tuple[int, Message, bytes]:
        """Status, headers and body of one GET; NetworkError for anything but an answer.

        For an entity, 404 and 410 mean that the item does not exist: _Missing.
        """
        request = urllib.request.Request(
            url,
            headers={
                "User-Agent": self.user_agent,
                "Accept": "application/json",
                "Accept-Encoding": "gzip",
            },
        )
        fail = f"{self.host}: {what}:"
        try:
            with self._opener.open(request, timeout=CONNECT_TIMEOUT) as response:
                return response.status, response.headers, self._body(response, what)
        except urllib.error.HTTPError as error:
            error.close()
            if error.code in _RETRIED:
                return error.code, error.headers, b""
            if error.code in (404, 410) and entity:
                raise _Missing from None
            if 300 <= error.code < 400:
                raise NetworkError(f"{fail} too many redirects") from None
            reason = describe(str(error.reason or ""), limit=40, quote=False)
            raise NetworkError(f"{fail} HTTP {error.code} {reason}".rstrip()) from None
        except _Refused as refused:
            raise NetworkError(f"{fail} {refused}") from None
        except urllib.error.URLError as error:
            raise NetworkError(f"{fail} {_reason(error.reason, self.read_timeout)}") from None
        except TimeoutError:
            raise NetworkError(f"{fail} no answer in {self.read_timeout:g} s") from None
        except http.client.IncompleteRead:
            raise NetworkError(f"{fail} the answer was cut short") from None
        except http.client.HTTPException as error:
            said = describe(str(error) or type(error).__name__, limit=60, quote=False)
            raise NetworkError(f"{fail} not a valid HTTP answer ({said})") from None
        except (OSError, ValueError) as error:
            raise NetworkError(f"{fail} {_reason(error, self.read_timeout)}") from None

    def _body(self, response: http.client.HTTPResponse, what: str) -> bytes:
        """The body of an answer, read within the size and time bounds, gunzipped."""
        fail = f"{self.host}: the answer for {what}"
        too_large = NetworkError(f"{fail} is larger than {self.max_bytes >> 20} MiB")
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise too_large
        deadline = time.monotonic() + self.total_timeout
        chunks: list[bytes] = []
        size = 0
        while chunk := response.read1(_CHUNK):
            size += len(chunk)
            if size > self.max_bytes:
                raise too_large
            if time.monotonic() > deadline:
                raise NetworkError(f"{fail} took more than {self.total_timeout:g} s")
            chunks.append(chunk)
        if declared.isdigit() and size < int(declared):
            raise NetworkError(f"{self.host}: {what}: the answer was cut short")
        body = b"".join(chunks)
        encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
        if encoding == "gzip":
            return self._gunzip(body, fail, too_large)
        if encoding not in ("identity", ""):
            raise NetworkError(f"{fail} comes in an unknown encoding, {describe(encoding)}")
        return body

    def _gunzip(self, body: bytes, fail: str, too_large: NetworkError) -> bytes:
        decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        try:
            data = decompressor.decompress(body, self.max_bytes + 1)
        except zlib.error:
            raise NetworkError(f"{fail} is damaged gzip") from None
        if len(data) > self.max_bytes or decompressor.unconsumed_tail:
            raise too_large
        if not decompressor.eof:
            raise NetworkError(f"{fail} was cut short")
        return data


def pause(seconds: float) -> None:
    """Wait before retrying a busy answer (a test may put another function here)."""
    time.sleep(seconds)


class _Missing(Exception):
    """Special:EntityData answered 404: the item does not exist."""


def _retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks to wait: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    from datetime import UTC, datetime

    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _reason(reason: object, read_timeout: float) -> str:
    """What a failed connection says, in a few words."""
    if isinstance(reason, TimeoutError | socket.timeout):
        return f"no answer in {read_timeout:g} s"
    if isinstance(reason, socket.gaierror):
        return "cannot find the host (no network, or a wrong name)"
    if isinstance(reason, ConnectionRefusedError):
        return "cannot connect: connection refused"
    if isinstance(reason, OSError) and reason.strerror:
        return f"cannot connect: {reason.strerror}"
    return f"cannot connect: {describe(str(reason), limit=80, quote=False)}"
