"""Browser journeys: Sam self-assesses step by step and logs evidence; Maria verifies it and
records her own assessment of Sam from his page."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.browser.conftest import screenshot, sign_in


def test_sam_assesses_himself_one_competency_at_a_time(page: Page, live_server: str) -> None:
    sign_in(page, live_server, "sam")
    page.get_by_role("link", name="Self-assessment").click()
    expect(page.get_by_text("Competency 1 of 28")).to_be_visible()
    expect(page.get_by_role("heading", name="Strategic alignment & prioritisation")).to_be_visible()
    page.get_by_label(re.compile(r"^3 · Independent")).check()
    screenshot(page, "assessment")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Competency 2 of 28")).to_be_visible()
    page.get_by_label(re.compile(r"^2 · Supported")).check()
    page.get_by_role("button", name="Previous").click()
    expect(page.get_by_label(re.compile(r"^3 · Independent"))).to_be_checked()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_label(re.compile(r"^2 · Supported"))).to_be_checked()
    page.get_by_role("button", name="Save assessment").click()
    expect(page.get_by_role("status")).to_have_text("Your self-assessment is saved.")
    expect(page.get_by_role("heading", name="What changed since last time")).to_be_visible()
    screenshot(page, "assessment-history")


def test_sam_logs_evidence_and_maria_verifies_it(page: Page, live_server: str) -> None:
    sign_in(page, live_server, "sam")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Evidence").click()
    page.get_by_label("Title").fill("Ran the quarterly portfolio review")
    page.get_by_text("Or describe it in your own words").click()  # told freely, not as STAR
    page.get_by_label("Description").fill("Six programmes competed for budget.")
    page.get_by_label("Result and impact").fill("Two projects stopped early.")
    page.get_by_label("Portfolio selection & balancing").check()
    page.get_by_role("button", name="Log evidence").click()
    expect(page.get_by_role("status")).to_have_text("Your evidence is logged.")
    expect(page.get_by_role("heading", name="Ran the quarterly portfolio review")).to_be_visible()
    screenshot(page, "evidence")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, "maria")
    page.get_by_role("link", name="Team").click()
    page.get_by_role("link", name="Sam Patel").first.click()
    expect(page.get_by_role("heading", name="Sam Patel", exact=True)).to_be_visible()
    evidence = page.locator("ul.evidence > li", has_text="Ran the quarterly portfolio review")
    evidence.get_by_role("button", name="Mark verified by me").click()
    expect(evidence.get_by_text("Verified by Maria Lopez")).to_be_visible()
    page.get_by_text("Assess Sam Patel as their manager").click()  # the form opens from its heading
    page.get_by_label("Strategic alignment & prioritisation").select_option("strategic_alignment:3")
    page.get_by_label("Note (optional)").fill("Led the review well.")
    page.get_by_role("button", name="Save manager assessment").click()
    expect(page.get_by_role("status")).to_have_text("Your assessment of Sam Patel is saved.")
    screenshot(page, "person")
