"""The catalogue as a web page to share: one self-contained, accessible HTML file.

The page has its styles inline and no script; it asks for nothing from anywhere when opened,
so it reads the same from a USB stick or an e-mail attachment. Every string from the
catalogue is escaped for HTML text and attributes, and the only links are to Wikipedia,
built from an article's title and percent-encoded.

Notes that give the story away are left out unless asked for; then they are folded in a
closed <details>. The diary is left out unless asked for; then each title says when it was
last watched and the stars it was given.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from html import escape

from tearlist.records import ContentNote, Kind, Person, Title
from tearlist.text import visible, wikipedia_url
from tearlist.viewings import Viewing, rating_number, stars

# Hangul in a font that has it: the system's own, then the usual Korean fonts of macOS,
# Windows, Linux and Android.
KOREAN_FONTS = (
    '"Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans CJK KR", "Noto Sans KR", '
    '"Source Han Sans KR", "Nanum Gothic", "NanumGothic"'
)

STYLE = f"""
:root {{
  color-scheme: light dark;
  --bg: #fbfaf8; --fg: #1d1c1a; --muted: #5a5650; --line: #d9d5ce; --link: #0b57a4;
  --accent: #9b2335;
}}
@media (prefers-color-scheme: dark) {{
  :root {{
    --bg: #141416; --fg: #ebe9e6; --muted: #b5b1ab; --line: #3b3a3e; --link: #9ccaff;
    --accent: #ff9fae;
  }}
}}
* {{ box-sizing: border-box; }}
html {{ background: var(--bg); color: var(--fg); }}
body {{
  margin: 0 auto; max-width: 52rem; padding: 1rem;
  font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    {KOREAN_FONTS}, sans-serif;
  overflow-wrap: anywhere;
}}
:lang(ko) {{ font-family: system-ui, {KOREAN_FONTS}, sans-serif; word-break: keep-all; }}
h1 {{ font-size: 1.75rem; line-height: 1.25; margin: 0.5rem 0; }}
h2 {{ font-size: 1.3rem; line-height: 1.3; margin: 0 0 0.25rem; }}
h2 .ko {{ display: block; font-size: 1.05rem; font-weight: 600; color: var(--muted); }}
.rank {{ color: var(--accent); }}
a {{ color: var(--link); }}
header p, footer {{ color: var(--muted); }}
ol.titles {{ list-style: none; margin: 0; padding: 0; }}
ol.titles > li {{ border-top: 1px solid var(--line); padding: 1.25rem 0; }}
.facts {{ color: var(--muted); margin: 0 0 0.75rem; }}
dl {{ margin: 0.75rem 0 0; }}
dt {{ font-weight: 600; }}
dd {{ margin: 0 0 0.5rem; min-width: 0; }}
dd ul {{ margin: 0; padding-left: 1.25rem; }}
details {{ margin-top: 0.25rem; }}
summary {{ cursor: pointer; color: var(--accent); }}
@media (min-width: 40rem) {{
  body {{ padding: 1.5rem 2rem; }}
  dl {{ display: grid; grid-template-columns: max-content minmax(0, 1fr); column-gap: 1.25rem; }}
  dd {{ margin-bottom: 0.35rem; }}
}}
@media print {{
  :root {{ --bg: #fff; --fg: #000; --muted: #333; --line: #999; --link: #000; --accent: #000; }}
  body {{ max-width: none; padding: 0; font-size: 11pt; }}
  ol.titles > li {{ break-inside: avoid; }}
  a {{ text-decoration: none; }}
  a[href]::after {{ content: " (" attr(href) ")"; font-size: 9pt; }}
}}
"""


def _text(value: str) -> str:
    """Catalogue text escaped for HTML text and attribute values alike."""
    return escape(visible(value, keep_newlines=True), quote=True)


def _korean(value: str, tag: str = "span", css: str = "") -> str:
    """Korean text, marked as such for screen readers and fonts."""
    kind = f' class="{css}"' if css else ""
    return f'<{tag} lang="ko"{kind}>{_text(value)}</{tag}>'


def html_page(
    titles: Sequence[Title],
    *,
    spoilers: bool = False,
    diary: Mapping[int, Sequence[Viewing]] | None = None,
) -> str:
    """The page of these titles: a text of one piece, as a file is written whole."""
    return "".join(html_pieces(titles, spoilers=spoilers, diary=diary))


def html_pieces(
    titles: Sequence[Title],
    *,
    spoilers: bool = False,
    diary: Mapping[int, Sequence[Viewing]] | None = None,
) -> Iterator[str]:
    """The page in pieces: the head, a piece for each title, the end.

    spoilers folds the notes that give the story away in a closed <details> (else they are
    left out); diary, the viewings of each title by rank, adds the latest date and stars.
    """
    count = f"{len(titles)} title{'' if len(titles) == 1 else 's'}"
    yield (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        '<meta name="generator" content="tearlist">\n'
        f"<title>tearlist catalogue: {count}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        "<header>\n<h1>tearlist catalogue</h1>\n"
        f"<p>{count}. {_about(spoilers=spoilers, diary=diary)}</p>\n"
        '</header>\n<main>\n<ol class="titles">\n'
    )
    for title in titles:
        viewings = None if diary is None else diary.get(title.rank, ())
        yield _title(title, spoilers=spoilers, viewings=viewings)
    yield "</ol>\n</main>\n<footer>\n<p>Written by tearlist.</p>\n</footer>\n</body>\n</html>\n"


def _about(*, spoilers: bool, diary: Mapping[int, Sequence[Viewing]] | None) -> str:
    """What the page holds beyond the catalogue, and what it leaves out."""
    if spoilers:
        told = "Content notes that give away the story are folded shut: open them only if"
        told += " you want to know."
    else:
        told = "Content notes that give away the story are left out."
    if diary is not None:
        told += " This page includes a diary of viewings: the day each title was last"
        told += " watched, and the stars it was given."
    return told


def _title(title: Title, *, spoilers: bool, viewings: Sequence[Viewing] | None) -> str:
    heading = f'<span class="rank">{title.rank}.</span> {_text(title.title)}'
    if title.korean_title:
        heading += " " + _korean(title.korean_title, css="ko")
    parts = [f'<li id="title-{title.rank}">\n<article>\n<h2>{heading}</h2>\n']
    facts = _facts(title)
    if facts:
        parts.append(f'<p class="facts">{facts}</p>\n')
    if title.synopsis:
        parts.append(f"<p>{_text(title.synopsis)}</p>\n")
    rows = [row for row in _rows(title, spoilers=spoilers, viewings=viewings) if row[1]]
    if rows:
        parts.append("<dl>\n")
        parts += [f"<dt>{name}</dt><dd>{value}</dd>\n" for name, value in rows]
        parts.append("</dl>\n")
    parts.append("</article>\n</li>\n")
    return "".join(parts)


def _facts(title: Title) -> str:
    """Year, kind, running time or episodes, and age rating, in one line."""
    facts = [str(title.released.year)] if title.released else []
    facts.append(title.kind.value)
    if title.runtime:
        facts.append(f"{title.runtime} min")
    if title.kind is Kind.SERIES and title.episodes:
        facts.append(f"{title.episodes} episodes")
    if title.age_rating:
        facts.append(f"rated {_text(title.age_rating.value)}")
    return " · ".join(facts)


def _rows(
    title: Title, *, spoilers: bool, viewings: Sequence[Viewing] | None
) -> Iterator[tuple[str, str]]:
    """The title's details as (term, HTML) pairs; an empty one is left out."""
    yield "Released", _day(title)
    yield "Directed by", _people(title.directors)
    yield "Cast", _people(title.cast)
    yield "Genres", _text(", ".join(title.genres))
    if title.network:
        yield "Network", _text(title.network)
    yield "Also known as", _text("; ".join(title.alt_titles))
    yield "Based on", _text(title.based_on or "")
    yield "Content notes", _notes(title.content_notes, spoilers=spoilers)
    if title.wikipedia:
        link = escape(wikipedia_url(title.wikipedia), quote=True)
        yield "Wikipedia", f'<a href="{link}">{_text(title.wikipedia)}</a>'
    if viewings is not None:
        yield "Last watched", _last_watched(viewings)


def _day(title: Title) -> str:
    if not title.released:
        return ""
    day = title.released.isoformat()
    return f'<time datetime="{day}">{day}</time>'


def _people(people: Sequence[Person]) -> str:
    return ", ".join(_person(person) for person in people)


def _person(person: Person) -> str:
    name = _text(person.name)
    return f"{name} ({_korean(person.hangul)})" if person.hangul else name


def _notes(notes: Sequence[ContentNote], *, spoilers: bool) -> str:
    """The notes that give nothing away, then (with spoilers) the others, folded."""
    told = [note for note in notes if not note.spoiler]
    hidden = [note for note in notes if note.spoiler] if spoilers else []
    html = _note_list(told) if told else ""
    if hidden:
        what = f"{len(hidden)} note{'' if len(hidden) == 1 else 's'} with spoilers"
        html += f"<details><summary>{what}</summary>{_note_list(hidden)}</details>"
    return html


def _note_list(notes: Sequence[ContentNote]) -> str:
    return "<ul>" + "".join(f"<li>{_text(note.note)}</li>" for note in notes) + "</ul>"


def _last_watched(viewings: Sequence[Viewing]) -> str:
    """The latest viewing's date, and its stars (or the latest stars given before it)."""
    if not viewings:
        return "not yet"
    latest = max(viewings, key=lambda viewing: (viewing.watched, viewing.id))
    day = latest.watched.isoformat()
    text = f'<time datetime="{day}">{day}</time>'
    rated = [viewing for viewing in viewings if viewing.rating is not None]
    if rated:
        halves = max(rated, key=lambda viewing: (viewing.watched, viewing.id)).rating
        label = f"{rating_number(halves)} of 5 stars"
        text += f', <span role="img" aria-label="{label}">{stars(halves)}</span>'
    return text
