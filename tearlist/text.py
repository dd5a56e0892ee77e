"""Small text helpers shared by loading and output: quoting, escaping, an article's address."""

from __future__ import annotations

from typing import Any

# Control characters become visible symbols: C0 and DEL as Unicode control pictures,
# C1 (which some terminals obey as escape sequences) as the replacement character.
_VISIBLE = {code: 0x2400 + code for code in range(0x20)}
_VISIBLE[0x7F] = 0x2421
_VISIBLE.update(dict.fromkeys(range(128, 160), 65533))
# Bidirectional overrides and isolates can make text read differently from what it is.
_VISIBLE.update(dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)], 0xFFFD))
# The line and paragraph separators end a line for Python's splitlines and for JavaScript,
# like the C0 and C1 line breaks above: as ␤, so one record or message stays one line.
_VISIBLE.update(dict.fromkeys([0x2028, 0x2029], 0x2424))
_VISIBLE_KEEP_LINES = {code: symbol for code, symbol in _VISIBLE.items() if code != 0x0A}


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """Replace control characters (ESC, BEL, tabs, bidi overrides...) with visible symbols."""
    return text.translate(_VISIBLE_KEEP_LINES if keep_newlines else _VISIBLE)


def describe(value: Any, *, limit: int = 40, quote: bool = True) -> str:
    """Name a value for a message without ever printing much of it."""
    if isinstance(value, str):
        short = value if len(value) <= limit else value[:limit] + "…"
        return repr(short) if quote else visible(short)
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {'true' if value else 'false'}"
    if isinstance(value, int | float):
        shown = str(value)
        return f"the number {shown if len(shown) <= limit else shown[:limit] + '…'}"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'' if len(value) == 1 else 's'}"
    if isinstance(value, dict):
        return f"a mapping of {len(value)} key{'' if len(value) == 1 else 's'}"
    return f"a value of type {type(value).__name__}"


def wikipedia_url(article: str) -> str:
    """The address of an English Wikipedia article from its title."""
    from urllib.parse import quote

    return "https://en.wikipedia.org/wiki/" + quote(article.replace(" ", "_"), safe="_(),'.-:!")


def wikidata_url(item: str) -> str:
    """The address of a Wikidata item from its id."""
    return f"https://www.wikidata.org/wiki/{item}"


def imdb_url(title: str) -> str:
    """The address of an IMDb title from its id."""
    return f"https://www.imdb.com/title/{title}/"
