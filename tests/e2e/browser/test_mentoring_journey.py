"""The mentoring journey in Chromium: Omar offers to mentor, Maria matches her team, Sam and
Omar agree, Omar logs a session (Maria sees that it happened, not what was said), Sam ends it
with a review, and the review is Omar's evidence of coaching."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from pmopath.bootstrap.web import open_web_runtime
from tests.conftest import demo_template
from tests.e2e.browser.conftest import _free_port, screenshot, serving, sign_in
from tests.e2e.web.mentoring_world import omar_can_mentor
from tests.support import templates
from tests.support.containers import cheap_container

pytestmark = pytest.mark.browser


@pytest.fixture
def omar_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_templates: templates.Templates
) -> Iterator[tuple[str, list[str]]]:
    """The app on a fresh demo database in which Omar holds Sam's gaps at level 5 (no offer)."""
    monkeypatch.setenv("PMOPATH_SECRET_KEY", "browser-test-secret-" + "y" * 40)
    url = templates.copy(demo_template(database_templates, "sqlite"), str(tmp_path / "browser.db"))
    runtime = open_web_runtime(url, container=cheap_container())
    gaps = omar_can_mentor(runtime.store(), offer=False)
    names = [runtime.store().framework.competencies_by_id[c].name for c in gaps]
    port = _free_port()
    with serving(runtime, port):
        yield f"http://127.0.0.1:{port}", names


def _to_mentoring(page: Page) -> None:
    page.get_by_role("link", name="Mentoring", exact=True).first.click()
    expect(page.get_by_role("heading", name="Mentoring", exact=True)).to_be_visible()


def test_offer_match_agree_log_and_end_with_a_review(
    page: Page, omar_server: tuple[str, list[str]]
) -> None:
    base, gaps = omar_server
    page.on("dialog", lambda dialog: dialog.accept())  # app.js asks before ending
    sign_in(page, base, "omar")
    _to_mentoring(page)
    for name in gaps[:3]:
        page.get_by_label(f"{name} (level 5)").check()
    page.get_by_label("How many mentees at once").fill("5")
    page.get_by_label("When you are available").fill("Tuesday mornings")
    page.get_by_role("button", name="Offer to mentor").click()
    expect(page.get_by_role("status")).to_contain_text("Your offer to mentor is saved")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "maria")
    _to_mentoring(page)
    page.get_by_role("link", name="Match mentors to your group").click()
    sam_with_omar = page.get_by_label(re.compile(r"^Sam Patel with Omar Haddad for "))
    expect(sam_with_omar).to_be_checked()
    expect(
        page.get_by_text(re.compile(r"is Sam Patel.s largest gap.*Omar Haddad holds it at level 5"))
    ).to_be_visible()
    screenshot(page, "mentoring-matching")
    page.get_by_role("button", name="Propose the chosen pairs").click()
    expect(page.get_by_role("status")).to_contain_text("proposed to the people")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "sam")
    _to_mentoring(page)
    page.get_by_role("link", name="Omar Haddad").click()
    expect(page.get_by_role("heading", name="Sam Patel mentored by Omar Haddad")).to_be_visible()
    page.get_by_role("button", name="Agree the mentoring and its goals").click()
    expect(page.get_by_role("status")).to_contain_text("Waiting for the other person")
    relationship = page.url
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "omar")
    page.goto(relationship)
    page.get_by_role("button", name="Agree the mentoring and its goals").click()
    expect(page.get_by_role("status")).to_contain_text("the mentoring has started")
    page.get_by_text("Log a session").click()
    page.get_by_label("Notes (private to the two of you)").fill("Walked through the RAID log")
    page.get_by_label("Actions agreed").fill("Sam drafts next week's report")
    page.get_by_role("button", name="Log the session").click()
    expect(page.get_by_role("status")).to_contain_text("Session logged")
    expect(page.get_by_text("Walked through the RAID log")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "maria")  # Sam's manager: sees the session, not what was said
    page.goto(relationship)
    expect(page.get_by_text("The notes are private to the pair.")).to_be_visible()
    expect(page.get_by_text("Walked through the RAID log")).to_have_count(0)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "sam")
    page.goto(relationship)
    page.get_by_text("End the mentoring").first.click()
    page.get_by_label("A short review: what did the mentoring achieve?").fill(
        "Sam now consolidates the weekly report alone."
    )
    page.get_by_role("button", name="End the mentoring").click()
    expect(page.get_by_role("status")).to_contain_text("Mentoring ended")
    screenshot(page, "mentoring-ended")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "omar")
    page.get_by_role("link", name="Evidence", exact=True).first.click()
    expect(
        page.get_by_role("heading", name=re.compile("^Mentored a colleague in "))
    ).to_be_visible()
    expect(page.get_by_text("Sam now consolidates the weekly report alone.")).to_be_visible()
