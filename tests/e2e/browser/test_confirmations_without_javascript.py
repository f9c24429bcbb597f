"""Issue 16 in Chromium with JavaScript off: destructive actions show a confirmation page before
anything changes, confirming does it and says so, and a refused form keeps what was typed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.browser.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def no_script(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    opened = context.new_page()
    yield opened
    context.close()


def _status(page: Page) -> str:
    return page.locator("strong.status").first.inner_text().strip().lower()


def test_destructive_actions_ask_first_and_refused_forms_keep_input(
    no_script: Page, live_server: str
) -> None:
    page = no_script
    sign_in(page, live_server, "sam")
    page.get_by_role("link", name="My plan", exact=True).click()
    assert _status(page) == "submitted"

    page.get_by_role("button", name="Withdraw to a draft").click()
    expect(page.get_by_role("heading", name="Withdraw this plan?")).to_be_visible()
    screenshot(page, "confirm-withdraw")
    page.get_by_role("link", name="Cancel and go back").click()
    assert _status(page) == "submitted"  # nothing changed before confirming
    page.get_by_role("button", name="Withdraw to a draft").click()
    page.get_by_role("button", name="Withdraw to a draft").click()
    expect(page.get_by_role("status")).to_contain_text("Plan withdrawn")
    assert _status(page) == "draft"

    rows = page.locator("table.plan-items tr").count()
    page.get_by_role("button", name="Remove item 1").click()
    expect(page.get_by_role("heading", name="Remove item 1?")).to_be_visible()
    page.get_by_role("link", name="Cancel and go back").click()
    assert page.locator("table.plan-items tr").count() == rows
    page.get_by_role("button", name="Remove item 1").click()
    page.get_by_role("button", name="Remove item 1").click()
    expect(page.get_by_role("status")).to_contain_text("Item 1 removed.")
    assert page.locator("table.plan-items tr").count() == rows - 1

    page.get_by_text("Add an item").click()
    page.get_by_label("Description").last.fill("Shadow the portfolio board")
    page.locator("#new-start").fill("2027-05-01")
    page.locator("#new-due").fill("2027-03-01")
    page.get_by_role("button", name="Add item").click()
    expect(page.locator("#new-due_on-problem")).to_have_text("Due before it starts.")
    expect(page.locator("#new-text")).to_have_value("Shadow the portfolio board")
    expect(page.locator("#new-start")).to_have_value("2027-05-01")
    screenshot(page, "refused-item")

    page.get_by_role("button", name="Close this plan").click()
    expect(page.get_by_role("heading", name="Close this plan?")).to_be_visible()
    page.get_by_role("link", name="Cancel and go back").click()
    assert _status(page) == "draft"
    page.get_by_role("button", name="Close this plan").click()
    page.get_by_role("button", name="Close this plan").click()
    expect(page.get_by_role("status")).to_contain_text("Plan closed")
    assert _status(page) == "closed"
    page.get_by_role("button", name="Reopen this plan").click()
    expect(page.get_by_role("status")).to_contain_text("Plan reopened")
    assert _status(page) == "draft"
