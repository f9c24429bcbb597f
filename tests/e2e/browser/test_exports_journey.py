"""Reminders and exports in Chromium: Sam makes his calendar URL and downloads his PDFs."""

from __future__ import annotations

import re
import urllib.request

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.browser.conftest import screenshot, sign_in
from tests.e2e.browser.test_accessibility import AXE

pytestmark = pytest.mark.browser


def _serious_problems(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => v.id + ': ' + v.help + ' (' + v.nodes.length + ')')"
    )
    return list(found)


def test_sam_makes_a_calendar_url_and_downloads_his_plan(
    browser: Browser, live_server: str
) -> None:
    # axe is injected as a script, which the app's CSP rightly blocks: bypass it for the audit
    context = browser.new_context(
        bypass_csp=True, accept_downloads=True, viewport={"width": 375, "height": 740}
    )
    page = context.new_page()
    sign_in(page, live_server, "sam")
    page.locator("summary", has_text="Menu").click()  # on a phone the nav is behind "Menu"
    page.get_by_role("link", name="My plan", exact=True).click()
    with page.expect_download() as plan_pdf:
        page.get_by_role("link", name="Download this plan as a PDF").click()
    assert re.fullmatch(r"plan-\d+\.pdf", plan_pdf.value.suggested_filename)
    page.goto(live_server + "/")
    page.get_by_role("link", name="My record, targets and evidence").click()
    expect(page.get_by_role("heading", name="Reminders and exports")).to_be_visible()
    with page.expect_download() as pack:
        page.get_by_role("button", name="Download the readiness pack").click()
    assert re.fullmatch(r"readiness-pack-\d+\.pdf", pack.value.suggested_filename)
    assert _serious_problems(page) == []
    page.get_by_role("button", name="Create a calendar URL").click()
    expect(page.get_by_role("heading", name="Your private calendar URL")).to_be_visible()
    url = page.get_by_label(re.compile("^Calendar URL")).input_value()
    assert _serious_problems(page) == []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the calendar URL page scrolls sideways by {overflow}px on a phone"
    screenshot(page, "calendar-url-phone")
    with urllib.request.urlopen(url, timeout=10) as feed:  # a calendar client, no cookies
        assert feed.read().startswith(b"BEGIN:VCALENDAR")
    context.close()
