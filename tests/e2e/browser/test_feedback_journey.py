"""Feedback by link in Chromium: Sam asks three people; each answers on a phone-width page
without signing in; Sam sees the answers together and turns one example into evidence."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.browser.conftest import screenshot, sign_in
from tests.e2e.browser.test_exports_journey import _serious_problems

pytestmark = pytest.mark.browser

PEOPLE = ("Pat Jones <pat@example.org>", "Lee Chan <lee@example.org>", "Kim Roy <kim@example.org>")
LEVELS = ("Independent", "Advanced", "Independent")


def _ask(page: Page, base: str) -> list[str]:
    sign_in(page, base, "sam")
    page.get_by_role("link", name="Evidence", exact=True).first.click()
    page.get_by_role("link", name="Ask for feedback").click()
    expect(page.get_by_role("heading", name="My feedback requests")).to_be_visible()
    page.get_by_role("link", name="Ask for feedback").click()
    page.get_by_label("Stakeholder engagement & communication").check()
    page.get_by_label("Data analysis & metrics").check()
    page.get_by_label("Your question").fill("What should I keep doing?")
    page.get_by_label("Who to ask").fill("\n".join(PEOPLE))
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("heading", name="Feedback request sent")).to_be_visible()
    links = [page.locator(f"#link-{n}").input_value() for n in (1, 2, 3)]
    assert all(re.fullmatch(re.escape(base) + r"/respond/[A-Za-z0-9_-]{40,}", u) for u in links)
    return links


def _answer_on_a_phone(browser: Browser, url: str, level: str, *, refuse_first: bool) -> None:
    """A respondent with no account and no cookies, on a phone-sized window."""
    context = browser.new_context(bypass_csp=True, viewport={"width": 375, "height": 740})
    phone = context.new_page()
    phone.goto(url)
    expect(phone.get_by_role("heading", name="Feedback for Sam Patel")).to_be_visible()
    assert "/sign-in" not in phone.url
    assert phone.get_by_role("navigation").count() == 0  # the link reaches this form only
    engagement = phone.get_by_role("group", name="Stakeholder engagement & communication")
    engagement.get_by_label(level).check()
    analysis = phone.get_by_role("group", name="Data analysis & metrics")
    analysis.get_by_label("Not observed").check()
    phone.get_by_label("Which competency it shows").select_option(
        label="Stakeholder engagement & communication"
    )
    phone.get_by_label("Situation").fill("The quarterly programme board had lost patience.")
    phone.get_by_label("Task").fill("Win the sponsor back before the stage gate.")
    phone.get_by_label("Action").fill(f"Met the sponsor weekly ({level.lower()} work).")
    if refuse_first:
        phone.get_by_role("button", name="Send my feedback").click()
        expect(phone.locator("#result-problem")).to_have_text("Say what changed because of it.")
        expect(phone.get_by_label("Result")).to_have_attribute("aria-invalid", "true")
        assert phone.get_by_label("Action").input_value().startswith("Met the sponsor weekly")
        screenshot(phone, "feedback-refused-phone")
    phone.get_by_label("Result").fill("The stage gate passed a week early.")
    phone.get_by_label("What should I keep doing?").fill("Keep the weekly sponsor meetings.")
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the answering page scrolls sideways by {overflow}px on a phone"
    assert _serious_problems(phone) == []
    screenshot(phone, "feedback-answer-phone")
    phone.get_by_role("button", name="Send my feedback").click()
    expect(phone.get_by_role("heading", name="Thank you")).to_be_visible()
    phone.goto(url)  # the link is used up: a clear page, not the form
    expect(phone.get_by_text("This link has already been used")).to_be_visible()
    context.close()


def test_sam_asks_three_people_who_answer_on_phones_and_uses_an_example(
    browser: Browser, live_server: str
) -> None:
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    links = _ask(page, live_server)
    page.get_by_role("link", name="See the request").click()
    expect(page.get_by_text("0 of 3 answered", exact=True)).to_be_visible()
    for number, (url, level) in enumerate(zip(links, LEVELS, strict=True)):
        _answer_on_a_phone(browser, url, level, refuse_first=number == 0)
        if number == 1:
            page.reload()
            expect(page.get_by_text("2 of 3 answered", exact=True)).to_be_visible()
            expect(page.get_by_text("Met the sponsor weekly")).to_have_count(0)
    page.reload()
    expect(page.get_by_text("3 of 3 answered", exact=True)).to_be_visible()
    table = page.get_by_role("table")
    expect(table).to_contain_text("2 × Independent, 1 × Advanced")
    expect(table).to_contain_text("Independent")
    answers = page.locator("#answers").inner_text()
    assert not any(name in answers for name in ("Pat Jones", "Lee Chan", "Kim Roy"))
    assert _serious_problems(page) == []
    screenshot(page, "feedback-answers")
    page.get_by_role("button", name="Add to my evidence").first.click()
    expect(page.get_by_text("Added to the evidence log: Feedback example")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Feedback example: Stakeholder engagement")
    ).to_be_visible()
    context.close()
