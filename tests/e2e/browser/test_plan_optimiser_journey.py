"""The optimiser in Chromium: suggest a plan, remove an action, re-optimise, use it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.browser.conftest import screenshot, sign_in
from tests.e2e.browser.test_accessibility import _serious_problems

pytestmark = pytest.mark.browser


def test_suggest_remove_and_use_this_plan(page: Page, live_server: str) -> None:
    sign_in(page, live_server, "grace")
    page.get_by_role("link", name="My plan", exact=True).click()
    page.get_by_role("link", name="Optimise a plan for me").click()
    expect(page.get_by_role("heading", name="An optimised plan for me")).to_be_visible()
    page.get_by_label("Hours per month").fill("12")
    page.get_by_role("button", name="Optimise").click()
    expect(page.get_by_role("heading", name="The suggested schedule")).to_be_visible()
    expect(page.get_by_text(re.compile(r"solver: (optimal|time limit)"))).to_be_visible()
    first = page.locator(".tl-item").first
    title = first.locator(".tl-line strong").inner_text()
    first.locator("summary", has_text="Why, and change it").click()
    first.get_by_role("link", name=re.compile(r"^Remove ")).click()
    expect(page.get_by_text(re.compile(r"^Removed: "))).to_be_visible()
    expect(page.get_by_role("heading", name="Certification eligibility")).to_be_visible()
    screenshot(page, "plan-optimised")
    page.get_by_role("button", name="Use this plan").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Towards "))).to_be_visible()
    expect(page.get_by_role("button", name="Remove item 1")).to_be_visible()
    assert title not in page.locator("table.plan-items").inner_text() or title == ""
    screenshot(page, "plan-optimised-used")


def test_optimiser_and_credentials_pages_pass_axe_and_fit_a_phone(
    browser: Browser, live_server: str
) -> None:
    context = browser.new_context(bypass_csp=True, viewport={"width": 375, "height": 800})
    page = context.new_page()
    try:
        sign_in(page, live_server, "jin")
        for path in ("/plan/suggest", "/roles/pmo_manager"):
            page.goto(live_server + path)
            assert _serious_problems(page) == [], path
        page.goto(live_server + "/plan/suggest")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.get_by_role("link", name="your page").click()
        page.get_by_text("Record certifications and education").click()
        expect(page.get_by_label("Highest education")).to_be_visible()
        assert _serious_problems(page) == []
        # the person page's assessment table is wider than a phone; the credentials section is not
        right = page.evaluate(
            "Math.max(...Array.from(document.querySelectorAll('section[aria-labelledby=cred-h] *'))"
            ".map(e => e.getBoundingClientRect().right))"
        )
        assert right <= 375
        screenshot(page, "person-credentials-phone")
    finally:
        context.close()
