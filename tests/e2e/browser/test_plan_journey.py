"""The plan journey in Chromium: generate a draft, edit it, submit; the manager agrees; check in."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser


def test_generate_submit_agree_and_check_in(page: Page, live_server: str) -> None:
    sign_in(page, live_server, "sam")
    page.on("dialog", lambda dialog: dialog.accept())  # app.js asks before withdrawing, closing
    page.get_by_role("link", name="My plan", exact=True).click()
    expect(page.get_by_role("heading", name="My development plan")).to_be_visible()
    page.get_by_role("button", name="Withdraw to a draft").click()
    expect(page.get_by_role("status")).to_contain_text("Plan withdrawn")
    page.get_by_role("button", name="Close this plan").click()
    expect(page.locator(".status-closed")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Plan closed")
    page.get_by_role("link", name="My plan", exact=True).click()
    page.get_by_role("button", name="Generate a draft from my gaps").click()
    expect(page.get_by_role("heading", name="Towards PMO Analyst")).to_be_visible()
    expect(page.get_by_role("button", name="Remove item 1")).to_be_visible()
    page.get_by_text("Add an item").click()
    page.locator("#new-text").fill("Shadow the portfolio office for a week")
    page.get_by_role("button", name="Add item").click()
    expect(page.get_by_role("cell", name="Shadow the portfolio office for a week")).to_be_visible()
    screenshot(page, "plan-draft")
    page.get_by_role("button", name="Submit to my manager").click()
    expect(page.locator(".status-submitted")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, "maria")
    page.get_by_role("link", name="Inbox", exact=True).click()
    page.get_by_role("link", name=re.compile(r"^Review plan #")).last.click()
    expect(page.get_by_role("heading", name="Sam Patel's development plan")).to_be_visible()
    screenshot(page, "plan-review")
    page.get_by_role("button", name="Agree", exact=True).click()
    expect(page.get_by_text(re.compile(r"Agreed by Maria Lopez on"))).to_be_visible()
    page.get_by_text("Record a check-in").click()
    page.get_by_label("Notes").fill("A good start")
    page.locator("#progress_1").fill("30")
    page.get_by_role("button", name="Record check-in").click()
    expect(page.get_by_role("img", name=re.compile("Readiness for PMO Analyst"))).to_be_visible()
    expect(page.get_by_role("cell", name="A good start")).to_be_visible()
    screenshot(page, "plan-agreed")
