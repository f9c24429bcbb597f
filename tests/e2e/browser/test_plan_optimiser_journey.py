"""The optimiser in Chromium: suggest a plan, remove an action, re-optimise, use it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser.conftest import screenshot, sign_in

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
    first = page.locator("table.plan-items th[scope=row]").first.inner_text()
    title = first.split("\n")[0].split("  ")[0]
    page.get_by_role("link", name=re.compile(r"^Remove ")).first.click()
    expect(page.get_by_text(re.compile(r"^Removed: "))).to_be_visible()
    expect(page.get_by_role("heading", name="Certification eligibility")).to_be_visible()
    screenshot(page, "plan-optimised")
    page.get_by_role("button", name="Use this plan").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Towards "))).to_be_visible()
    expect(page.get_by_role("button", name="Remove item 1")).to_be_visible()
    assert title not in page.locator("table.plan-items").inner_text() or title == ""
    screenshot(page, "plan-optimised-used")
