"""The exported web page in a real browser: Debian's chromium, driven by Playwright.

Each page is opened from a file, as from a USB stick, at a phone's width and a laptop's, and
checked with axe-core (from npm: tests/browser/package.json, installed with npm ci). Nothing
is downloaded: chromium is the system's, and Playwright's own browsers are never installed.

A screenshot of each width is kept outside the repository: in TEARLIST_ARTIFACTS if set,
else in pytest's temporary folder (the path is printed).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Run

HERE = Path(__file__).parent
AXE = HERE / "browser" / "node_modules" / "axe-core" / "axe.min.js"
HOSTILE = HERE / "data" / "hostile.yaml"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
WIDTHS = (390, 1280)

# .ci/run sets this where it installed chromium and axe-core: there, nothing is skipped.
REQUIRED = os.environ.get("TEARLIST_BROWSER_TESTS") == "required"

if REQUIRED:
    import playwright.sync_api as playwright_api
else:
    playwright_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')"
    )
    pytestmark = [
        pytest.mark.skipif(
            CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
        ),
        pytest.mark.skipif(
            not AXE.is_file(), reason="axe-core is not installed (npm ci --prefix tests/browser)"
        ),
    ]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM)
        yield launched
        launched.close()


class Opened:
    """A page opened from a file, with every request and dialog it made."""

    def __init__(self, browser: Any, path: Path, width: int, scheme: str = "light") -> None:
        self.context = browser.new_context(
            viewport={"width": width, "height": 800}, color_scheme=scheme
        )
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", self._dialog)
        self.url = path.as_uri()
        self.page.goto(self.url)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def others(self) -> list[str]:
        """Every request but the one for the page itself."""
        return [url for url in self.requests if url != self.url]

    def axe_violations(self) -> list[dict[str, Any]]:
        self.page.add_script_tag(path=str(AXE))
        found: list[dict[str, Any]] = self.page.evaluate(
            "async () => (await axe.run(document)).violations"
        )
        return found

    def overflows(self) -> bool:
        return bool(
            self.page.evaluate(
                "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
            )
        )

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def pages(cli: Run, tmp_path: Path) -> dict[str, Path]:
    """The bundled catalogue's page with the diary and spoilers, without, and a hostile one."""
    assert cli("log", "5", "--on", "2025-11-20", "--rating", "4.5").code == 0
    made = {
        "full": cli("export", str(tmp_path / "full.html"), "--spoilers", "--with-diary"),
        "plain": cli("export", str(tmp_path / "plain.html")),
        "hostile": cli(
            "--data", str(HOSTILE), "export", str(tmp_path / "hostile.html"), "--spoilers"
        ),
    }
    for result in made.values():
        assert result.code == 0, result.err
    return {name: tmp_path / f"{name}.html" for name in made}


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    named = os.environ.get("TEARLIST_ARTIFACTS")
    folder = Path(named) if named else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _described(violations: list[dict[str, Any]]) -> str:
    return json.dumps(
        [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]} for v in violations]
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_page_has_no_accessibility_violations(
    browser: Any, pages: dict[str, Path], width: int, scheme: str
) -> None:
    """axe-core finds nothing wrong, in the light scheme and the dark, with every part shown."""
    opened = Opened(browser, pages["full"], width, scheme)
    try:
        violations = opened.axe_violations()
        assert violations == [], _described(violations)
        opened.page.evaluate(
            "() => document.querySelectorAll('details').forEach(d => d.open = true)"
        )
        violations = opened.axe_violations()
        assert violations == [], _described(violations)
    finally:
        opened.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_page_asks_for_nothing_and_fits_the_width(
    browser: Any, pages: dict[str, Path], artifacts: Path, width: int
) -> None:
    """Opened from a file it makes no request, scrolls only down, and is kept as a screenshot."""
    for name in ("full", "plain", "hostile"):
        opened = Opened(browser, pages[name], width)
        try:
            opened.page.wait_for_load_state("networkidle")
            assert opened.requests == [opened.url], name
            assert not opened.overflows(), name
            if name == "full":
                shot = artifacts / f"tears-{width}.png"
                opened.page.screenshot(path=str(shot), full_page=True)
                print(f"screenshot: {shot}")
                assert shot.stat().st_size > 0
        finally:
            opened.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_hostile_catalogue_runs_nothing(browser: Any, pages: dict[str, Path], width: int) -> None:
    """Markup in every field shows as text: no dialog, no script, no element it tried to make."""
    opened = Opened(browser, pages["hostile"], width)
    try:
        page = opened.page
        opened.page.wait_for_load_state("networkidle")
        assert opened.dialogs == []
        assert opened.others() == []
        counts = page.evaluate(
            """() => ({
                scripts: document.scripts.length,
                made: document.querySelectorAll('img, svg, iframe, object, b, body style').length,
                ran: 'ran' in window,
                handlers: [...document.querySelectorAll('*')].filter(
                    e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
                links: [...document.links].map(a => a.protocol + '//' + a.host),
            })"""
        )
        assert counts == {
            "scripts": 0,
            "made": 0,
            "ran": False,
            "handlers": 0,
            "links": ["https://en.wikipedia.org", "https://en.wikipedia.org"],
        }
        text = page.inner_text("main")
        assert "<img src=x onerror=alert(1)>" in text
        assert '"><script>alert(document.domain)</script>' in text
    finally:
        opened.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_spoilers_stay_folded_until_opened(
    browser: Any, pages: dict[str, Path], width: int
) -> None:
    """Every <details> is closed and its notes hidden; the summary says how many there are."""
    opened = Opened(browser, pages["full"], width)
    try:
        page = opened.page
        details = page.locator("details")
        assert details.count() > 0
        for number in range(details.count()):
            one = details.nth(number)
            assert one.evaluate("d => d.open") is False
            assert one.locator("li").first.is_visible() is False
            assert "with spoilers" in one.locator("summary").inner_text()
        assert page.get_by_text("a father's execution").is_visible() is False
        details.first.locator("summary").click()
        assert details.first.locator("li").first.is_visible()
    finally:
        opened.close()


KOREAN_FAMILIES = ("CJK KR", "KR", "Gothic", "Hangul", "Nanum", "Malgun", "Han Sans")


def _is_korean(family: str) -> bool:
    return any(mark in family for mark in KOREAN_FAMILIES)


@pytest.mark.parametrize("width", WIDTHS)
def test_hangul_is_set_in_a_font_that_has_it(
    browser: Any, pages: dict[str, Path], width: int
) -> None:
    """Every Hangul syllable of a Korean title and name is drawn with a Korean font, not as a box."""
    opened = Opened(browser, pages["plain"], width)
    try:
        session = opened.context.new_cdp_session(opened.page)
        session.send("DOM.enable")
        session.send("CSS.enable")
        root = session.send("DOM.getDocument")["root"]["nodeId"]
        for selector in ("h2 [lang=ko]", "dd [lang=ko]"):
            found = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})
            text = opened.page.inner_text(selector)
            hangul = sum(1 for char in text if "\uac00" <= char <= "\ud7a3")
            assert hangul, text
            fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": found["nodeId"]})
            drawn = {font["familyName"]: font["glyphCount"] for font in fonts["fonts"]}
            korean = sum(count for family, count in drawn.items() if _is_korean(family))
            assert korean >= hangul, (text, drawn)
    finally:
        opened.close()
