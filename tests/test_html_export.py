"""export to a web page: one self-contained, semantic, escaped HTML file (read as a parser reads it).

The page in a real browser is tested in test_html_browser.py.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import Run

from tearlist.formats import html_text
from tearlist.loading import load
from tearlist.webpage import html_page

HOSTILE = Path(__file__).parent / "data" / "hostile.yaml"
HANGUL = re.compile("[\uac00-\ud7a3]")
# What the page is made of: nothing that loads, runs or embeds anything.
ELEMENTS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "p", "main", "ol", "li",
    "article", "h2", "span", "dl", "dt", "dd", "ul", "details", "summary", "a", "time", "footer",
}  # fmt: skip
ATTRIBUTES = {
    "lang", "charset", "name", "content", "class", "id", "href", "datetime", "role", "aria-label",
}  # fmt: skip


class Page(HTMLParser):
    """A page parsed: its elements with their attributes, its text, and where Hangul is."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.open: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.korean_outside_ko: list[str] = []
        self.headings: list[int] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append(int(tag[1]))
        if tag not in ("meta",):
            self.open.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        inside = [tag for tag, _ in self.open]
        if "style" in inside:
            return
        if HANGUL.search(data) and not any(a.get("lang") == "ko" for _, a in self.open):
            self.korean_outside_ko.append(data)

    def all_text(self) -> str:
        return "".join(self.text)


def exported(cli: Run, tmp_path: Path, *args: str, data: Path | None = None) -> str:
    target = tmp_path / "tears.html"
    before = ("--data", str(data)) if data else ()
    result = cli(*before, "export", str(target), *args)
    assert result.code == 0, result.err
    return target.read_text(encoding="utf-8")


def test_the_page_is_one_semantic_file(cli: Run, tmp_path: Path) -> None:
    """A doctype, English with Korean marked, a title, headings in order, an ordered list."""
    text = exported(cli, tmp_path)
    assert text.startswith('<!doctype html>\n<html lang="en">')
    page = Page(text)
    assert {tag for tag, _ in page.elements} <= ELEMENTS
    assert {name for _, attrs in page.elements for name in attrs} <= ATTRIBUTES
    assert page.headings == [1] + [2] * 10
    assert page.korean_outside_ko == []
    assert sum(1 for tag, _ in page.elements if tag == "li" and "id" in _) == 10
    assert "<title>tearlist catalogue: 10 titles</title>" in text
    assert 'lang="ko" class="ko">부산행</span>' in text
    assert 'Gong Yoo (<span lang="ko">공유</span>)' in text
    for word in ("Train to Busan", "2016", "118 min", "action, horror, thriller", "rated 15"):
        assert word in page.all_text()


def test_the_page_asks_for_nothing(cli: Run, tmp_path: Path) -> None:
    """No script, no style or image from elsewhere: the only addresses are Wikipedia links."""
    text = exported(cli, tmp_path, "--spoilers", "--with-diary")
    page = Page(text)
    assert "<script" not in text and "url(" not in text and "@import" not in text
    found = re.findall(r'(?:https?:|//|data:|javascript:)[^\s"<>]*', text)
    addresses = {html.unescape(address) for address in found}
    links = [attrs["href"] for tag, attrs in page.elements if tag == "a"]
    assert len(links) == sum(1 for title in load(None) if title.wikipedia) > 0
    assert all(link and link.startswith("https://en.wikipedia.org/wiki/") for link in links)
    assert set(addresses) == set(links)


def test_a_hostile_catalogue_is_text_on_the_page(cli: Run, tmp_path: Path) -> None:
    """Markup in every field is escaped; links are built from the article title, encoded."""
    text = exported(cli, tmp_path, "--spoilers", data=HOSTILE)
    page = Page(text)
    assert {tag for tag, _ in page.elements} <= ELEMENTS
    assert {name for _, attrs in page.elements for name in attrs} <= ATTRIBUTES
    shown = page.all_text()
    for written in (
        "<img src=x onerror=alert(1)>",
        '"><script>alert(document.domain)</script>',
        "' onmouseover='alert(1)",
        "<svg onload=alert(1)>",
        "ANOTHER-TWIST &amp; <details open>",
    ):
        assert written in shown
    links = [attrs["href"] for tag, attrs in page.elements if tag == "a"]
    assert links == [
        "https://en.wikipedia.org/wiki/javascript:alert(1)",
        "https://en.wikipedia.org/wiki/data:text%2Fhtml,%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    ]
    assert [attrs for tag, attrs in page.elements if tag == "details"] == [{}, {}]


def test_spoilers_are_left_out_unless_asked_for(cli: Run, tmp_path: Path) -> None:
    """Without --spoilers no word of a spoiler note; with it, folded in a closed <details>."""
    hidden = "a father's execution"
    without = Page(exported(cli, tmp_path))
    assert hidden not in without.all_text()
    assert "false accusation of killing a child" in without.all_text()
    assert "details" not in {tag for tag, _ in without.elements}
    assert "are left out" in without.all_text()
    text = exported(cli, tmp_path, "--spoilers", "--force")
    assert (
        "<details><summary>2 notes with spoilers</summary>"
        "<ul><li>a father&#x27;s execution</li><li>cleared only after his death</li></ul>"
        "</details>"
    ) in text
    assert "<details open" not in text


def test_the_diary_is_shared_only_when_asked(cli: Run, tmp_path: Path) -> None:
    """--with-diary adds each title's latest date and stars and says so; without, nothing."""
    cli("log", "5", "--on", "2025-11-20", "--rating", "4.5", "--note", "PRIVATE NOTE")
    cli("log", "5", "--on", "2025-12-01")
    without = exported(cli, tmp_path)
    assert "2025-1" not in without and "★" not in without and "diary" not in without
    text = exported(cli, tmp_path, "--with-diary", "--force")
    assert "This page includes a diary of viewings" in text
    assert (
        '<dt>Last watched</dt><dd><time datetime="2025-12-01">2025-12-01</time>, '
        '<span role="img" aria-label="4.5 of 5 stars">★★★★½</span></dd>'
    ) in text
    assert text.count("<dt>Last watched</dt><dd>not yet</dd>") == 9
    assert "PRIVATE NOTE" not in text


def test_the_filters_and_format_option_apply(cli: Run, tmp_path: Path) -> None:
    result = cli("export", "-", "--format", "html", "--kind", "series")
    assert result.code == 0
    page = Page(result.out)
    assert page.headings == [1, 2]
    assert "Good Doctor" in page.all_text() and "Train to Busan" not in page.all_text()
    written = cli("export", str(tmp_path / "page.htm"), "--avoid", "suicide")
    assert written.err == "wrote 8 titles to " + str(tmp_path / "page.htm") + "\n"


def test_with_diary_is_for_the_web_page_only(cli: Run, tmp_path: Path) -> None:
    result = cli("export", str(tmp_path / "tears.md"), "--with-diary")
    assert (result.code, result.out) == (2, "")
    assert "--with-diary applies only to the html format" in result.err
    assert not (tmp_path / "tears.md").exists()


def test_an_existing_page_is_replaced_only_with_force(cli: Run, tmp_path: Path) -> None:
    target = tmp_path / "tears.html"
    target.write_text("mine", encoding="utf-8")
    result = cli("export", str(target))
    assert result.code == 4 and "already exists; use --force" in result.err
    assert target.read_text(encoding="utf-8") == "mine"
    assert cli("export", str(target), "--force").code == 0
    assert target.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_ascii_output_keeps_every_character_as_a_reference() -> None:
    """For a standard output that is not UTF-8, Hangul is written as character references."""
    text = "".join(html_text([html_page(load(None)[4:5])], ascii_only=True))
    assert text.isascii()
    assert "&#48512;&#49328;&#54665;" in text  # 부산행


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--format", "json"],
        ["show", "5", "--format", "json"],
        ["export", "-", "--format", "markdown"],
        ["diary", "list", "--format", "json"],
        ["stats", "--by", "decade"],
    ],
)
def test_other_commands_do_not_load_the_new_code(cli: Run, args: list[str]) -> None:
    """Only export --format html and diary review import the web page and the review."""
    cli("log", "5", "--on", "2025-11-20")
    lean = (
        "import sys\nfrom tearlist.__main__ import run\nrun(sys.argv[1:])\n"
        "names = ('tearlist.webpage', 'tearlist.review', 'tearlist.review_view')\n"
        "print('loaded:', *sorted(m for m in names if m in sys.modules), file=sys.stderr)\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", lean, *args], capture_output=True, text=True, timeout=60
    )
    assert ran.stderr.splitlines()[-1] == "loaded:"
    html = subprocess.run(
        [sys.executable, "-c", lean, "export", "-", "--format", "html"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert html.stderr.splitlines()[-1] == "loaded: tearlist.webpage"


def test_export_text_writes_the_page_with_its_defaults() -> None:
    """The library's export_text makes the same page: no spoilers, no diary."""
    from tearlist.formats import ExportFormat, export_text

    titles = load(None)
    assert export_text(titles, ExportFormat.HTML) == html_page(titles)
    assert "a father&#x27;s execution" not in html_page(titles)
