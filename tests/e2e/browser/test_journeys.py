"""Journeys in Chromium: sign in, look around, plan a path and make it the target."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser


def test_sign_in_home_map_role(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    expect(page).to_have_url(re.compile(r"/sign-in\?next=/$"))
    screenshot(page, "sign-in")
    sign_in(page, live_server, "sam")
    expect(page.get_by_role("heading", name="Hello, Sam Patel")).to_be_visible()
    expect(
        page.get_by_role("img", name=re.compile(r"^Readiness for PMO Analyst: "))
    ).to_be_visible()
    screenshot(page, "home")
    page.get_by_role("link", name="Career map").click()
    expect(page.get_by_role("heading", name="Career map")).to_be_visible()
    page.get_by_label("Track").select_option("delivery")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="Head of PMO")).to_have_count(0)
    screenshot(page, "career-map")
    # once the picture is drawn the table is folded away, one click from view
    expect(page.locator("#career-grid")).not_to_have_attribute("open", "")
    page.locator("#career-grid > summary").click()
    page.get_by_role("link", name="Project Manager", exact=True).first.click()
    expect(page.get_by_role("heading", name="Requirements")).to_be_visible()
    screenshot(page, "role")


def test_plan_a_path_and_make_it_my_target(page: Page, live_server: str) -> None:
    sign_in(page, live_server, "sam")
    page.get_by_role("link", name="Path planner").click()
    page.get_by_label("To").select_option("pmo_manager")
    page.get_by_role("button", name="Find paths").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Route 1"))).to_be_visible()
    screenshot(page, "path-planner")
    page.get_by_role("button", name="Make PMO Manager my target").click()
    expect(page.get_by_role("link", name="PMO Manager").first).to_be_visible()
    expect(
        page.get_by_role("img", name=re.compile(r"^Readiness for PMO Manager: "))
    ).to_be_visible()


def test_no_console_errors_and_no_csp_violations(page: Page, live_server: str) -> None:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server, "maria")
    for path in ("/", "/map", "/roles/pmo_manager", "/paths?to=head_of_pmo"):
        page.goto(live_server + path)
    assert problems == []


def test_api_docs_render_from_local_assets(page: Page, live_server: str) -> None:
    failures: list[str] = []
    page.on("console", lambda m: failures.append(m.text) if m.type == "error" else None)
    page.goto(live_server + "/api/docs")
    # Swagger UI builds the page from the whole OpenAPI document: slow on a busy machine
    expect(page.get_by_text("/api/v1/roles").first).to_be_visible(timeout=15_000)
    screenshot(page, "api-docs")
    assert failures == []
