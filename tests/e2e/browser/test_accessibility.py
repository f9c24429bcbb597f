"""Accessibility: axe-core (from the npm registry) finds no serious or critical problem on
the main pages, and the pages fit a phone's width without sideways scrolling."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.browser.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"
PAGES = {
    "sam": [
        "/",
        "/map",
        "/roles/pmo_manager",
        "/paths?to=pmo_manager",
        "/assessment",
        "/assessment/history",
        "/plan",
        "/evidence",
    ],
    "maria": ["/team", "/inbox"],
    "admin": ["/admin", "/admin/accounts"],
}


@pytest.fixture(params=[1280, 375], ids=["desktop", "phone"])
def audited_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    # axe is injected as a script, which the app's CSP rightly blocks: bypass it for the audit
    size = {"width": request.param, "height": 900}
    context = browser.new_context(bypass_csp=True, viewport=size)
    yield context.new_page()
    context.close()


def _serious_problems(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => v.id + ': ' + v.help + ' (' + v.nodes.length + ')')"
    )
    return list(found)


@pytest.mark.parametrize("who", sorted(PAGES))
def test_no_serious_accessibility_problems(audited_page: Page, live_server: str, who: str) -> None:
    assert AXE.exists(), "axe-core is missing: make installs it from the npm registry"
    sign_in(audited_page, live_server, who)
    problems = {}
    for path in PAGES[who]:
        audited_page.goto(live_server + path)
        found = _serious_problems(audited_page)
        if found:
            problems[path] = found
    assert problems == {}


def test_pages_fit_a_phone(browser: Browser, live_server: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    sign_in(page, live_server, "sam")
    for path in PAGES["sam"]:
        page.goto(live_server + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px on a phone"
    page.goto(live_server + "/")
    screenshot(page, "home-phone")
    context.close()
