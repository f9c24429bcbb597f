"""The career map as a picture in Chromium: the graph draws every role from the app's own
files, a role chosen shows its card, the table drives it from the keyboard, and nothing breaks
the CSP."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.browser.conftest import screenshot, sign_in
from tests.e2e.browser.test_accessibility import _serious_problems

pytestmark = pytest.mark.browser


def _watch(page: Page) -> list[str]:
    """Console errors (a CSP violation is one) and failed requests, as they happen."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    return problems


def _wait_for_the_graph(page: Page) -> None:
    canvas = page.locator("#career-graph-canvas")
    expect(canvas).to_have_attribute("data-state", "ready", timeout=15_000)


def test_the_map_draws_every_role_and_a_role_shows_its_card(page: Page, live_server: str) -> None:
    problems = _watch(page)
    sign_in(page, live_server, "priya")
    page.goto(live_server + "/map")
    _wait_for_the_graph(page)
    data = page.evaluate("window.careerMap.data")
    canvas = page.locator("#career-graph-canvas")
    assert canvas.get_attribute("data-roles") == str(len(data["roles"])) != "0"
    assert canvas.get_attribute("data-routes") == str(len(data["routes"]))
    drawn = page.evaluate("window.careerMap.cy.nodes('.role').map(n => n.id()).sort()")
    assert drawn == sorted(r["id"] for r in data["roles"])
    on_route = page.evaluate("window.careerMap.cy.edges('.on-route').length")
    assert on_route == len(data["route"]["steps"]) > 0
    # a more senior role is drawn higher up (seniority as height)
    heights = page.evaluate(
        "window.careerMap.cy.nodes('.role').map(n => [n.data('seniority'), n.position('y')])"
    )
    for low, y_low in heights:
        for high, y_high in heights:
            if high > low:
                assert y_high < y_low
    card = page.locator("#role-card")
    expect(card.get_by_role("heading", name="PMO Analyst")).to_be_visible()  # the current role
    screenshot(page, "career-map-picture")

    # click a role in the picture: its card, with its band and a link to its page
    box = page.evaluate(
        "(() => { const n = window.careerMap.cy.getElementById('head_of_pmo');"
        " const p = n.renderedPosition(); return [p.x, p.y]; })()"
    )
    canvas.click(position={"x": box[0], "y": box[1]})
    expect(card.get_by_role("heading", name="Head of PMO")).to_be_visible()
    expect(card).to_contain_text("Readiness")
    expect(card).to_contain_text("% ready")
    card.get_by_role("link", name="Open Head of PMO").click()
    expect(page).to_have_url(live_server + "/roles/head_of_pmo")
    assert problems == []


def test_the_table_drives_the_card_from_the_keyboard(page: Page, live_server: str) -> None:
    problems = _watch(page)
    sign_in(page, live_server, "sam")
    page.goto(live_server + "/map")
    _wait_for_the_graph(page)
    grid = page.locator("#career-grid")
    assert grid.get_attribute("open") is None  # folded away once the picture is drawn
    grid.locator("summary").click()
    link = page.locator('.grid-role[data-role="pmo_manager"] a.role-link')
    link.focus()
    expect(page.locator("#role-card").get_by_role("heading", name="PMO Manager")).to_be_visible()
    selected = page.evaluate("window.careerMap.cy.$(':selected').map(n => n.id())")
    assert selected == ["pmo_manager"]
    assert problems == []


def test_without_javascript_the_grid_is_the_map(browser: Browser, live_server: str) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(live_server + "/sign-in")
    page.get_by_label("E-mail").fill("sam@demo.pmopath.org")
    page.get_by_label("Password").fill("pathways-demo-2026")
    page.get_by_role("button", name="Sign in").click()
    page.goto(live_server + "/map")
    expect(page.locator("#career-graph")).to_be_hidden()
    expect(page.get_by_role("table")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Seniority")).to_be_visible()
    screenshot(page, "career-map-grid")
    context.close()


def test_the_map_fits_a_phone(browser: Browser, live_server: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    problems = _watch(page)
    sign_in(page, live_server, "sam")
    page.goto(live_server + "/map")
    _wait_for_the_graph(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"/map scrolls sideways by {overflow}px on a phone"
    screenshot(page, "career-map-phone")
    assert problems == []
    context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_drawn_map_has_no_serious_accessibility_problem(
    browser: Browser, live_server: str, width: int
) -> None:
    # axe is injected as a script, which the app's CSP rightly blocks: bypass it for the audit
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
    page = context.new_page()
    sign_in(page, live_server, "sam")
    page.goto(live_server + "/map")
    _wait_for_the_graph(page)
    page.locator("#career-grid summary").click()
    page.locator('.grid-role[data-role="pmo_manager"] a.role-link').focus()  # a card shown
    assert _serious_problems(page) == []
    context.close()
