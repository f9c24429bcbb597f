"""Browser journeys of calibration: Maria settles a disagreement about Sam with a reason and his
readiness moves; Sam reads the reason; an admin runs a session over Maria's team (its chart,
outliers and decisions, checked with axe), decides in it and closes it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.browser.conftest import screenshot, sign_in
from tests.e2e.browser.test_accessibility import _serious_problems

COMPETENCY = "Governance, controls & assurance"  # the demo's Sam: self 1, Maria 3


def _readiness(page: Page) -> str:
    return str(page.locator("figure.gauge text.gauge-text").first.text_content())


def _governance_level(page: Page) -> str:
    """Sam's current level of the competency, from the levels chart's table."""
    row = page.locator("figure.bars + div.sr-only tr", has_text=COMPETENCY).first
    return row.locator("td").nth(1).text_content() or ""


@pytest.fixture
def audited(browser: Browser) -> Iterator[Page]:
    """A page whose context lets axe's script in (the app's CSP rightly blocks it)."""
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_maria_calibrates_sams_level_and_his_readiness_moves(page: Page, live_server: str) -> None:
    sign_in(page, live_server, "maria")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Team").click()
    page.get_by_role("link", name="Sam Patel").first.click()
    before = _readiness(page)
    assert _governance_level(page) == "3"

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Calibration").click()
    card = page.locator("tr.flag", has_text="Sam Patel").filter(has_text=COMPETENCY)
    expect(card.get_by_text("Self 1")).to_be_visible()
    expect(card.get_by_text("Manager 3")).to_be_visible()
    expect(card.get_by_text("2 levels apart")).to_be_visible()
    screenshot(page, "calibration-team")
    card.locator("summary").click()
    card.get_by_label("Calibrated level", exact=True).select_option("1")
    card.get_by_role("button", name="Record calibrated level").click()  # no reason yet
    expect(page.get_by_role("alert")).to_contain_text("Say why this is the level")
    expect(page.get_by_label("Calibrated level", exact=True)).to_have_value(
        "1"
    )  # what was chosen is kept
    page.get_by_label("Reason", exact=True).fill("Has not yet run a stage-gate review on his own.")
    page.get_by_role("button", name="Record calibrated level").click()
    expect(page.get_by_role("status")).to_have_text(
        f"Calibrated {COMPETENCY} at level 1; it is now the current level."
    )
    expect(
        page.get_by_role("cell", name="Has not yet run a stage-gate review on his own.")
    ).to_be_visible()
    page.get_by_role("link", name="Back to Sam Patel").click()
    after = _readiness(page)
    assert after != before and int(after.rstrip("%")) < int(before.rstrip("%"))
    assert _governance_level(page) == "1"
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Calibration").click()
    expect(page.locator("tr.flag", has_text="Sam Patel").filter(has_text=COMPETENCY)).to_have_count(
        0
    )
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, "sam")
    page.goto(live_server + "/calibration")  # a member is sent to his own calibrated levels
    expect(page.get_by_role("heading", name="Sam Patel: calibrated levels")).to_be_visible()
    expect(page.get_by_text("Has not yet run a stage-gate review on his own.")).to_be_visible()
    expect(page.get_by_text("Every source side by side")).to_have_count(0)
    screenshot(page, "calibration-own")


def test_an_admin_runs_a_session_over_marias_team(audited: Page, live_server: str) -> None:
    page = audited
    page.on("dialog", lambda dialog: dialog.accept())  # app.js asks before closing
    sign_in(page, live_server, "admin")
    page.goto(live_server + "/calibration/sessions")
    page.get_by_label("Name").fill("PMO team, first quarter")
    page.get_by_label("Group").select_option("manager")
    page.get_by_label("Which one").fill("nobody@demo.pmopath.org")
    page.get_by_role("button", name="Open session").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("Name")).to_have_value("PMO team, first quarter")  # kept
    page.get_by_label("Which one").fill("maria@demo.pmopath.org")
    page.get_by_role("button", name="Open session").click()
    expect(page.get_by_role("status")).to_have_text("Session opened: PMO team, first quarter.")
    expect(page.get_by_role("heading", name="PMO team, first quarter")).to_be_visible()
    expect(page.get_by_text("Maria Lopez's team · 5 people")).to_be_visible()
    expect(
        page.get_by_role("img", name="People in the group by level, per competency")
    ).to_be_visible()
    assert _serious_problems(page) == []
    screenshot(page, "calibration-session")

    card = page.locator("tr.flag", has_text="Sam Patel").filter(has_text=COMPETENCY)
    card.locator("summary").click()
    card.get_by_label("Calibrated level", exact=True).select_option("2")
    card.get_by_label("Reason", exact=True).fill(
        "Agreed in the session: solid on controls, new to audits."
    )
    card.get_by_role("button", name="Record calibrated level").click()
    expect(page.get_by_role("status")).to_contain_text("at level 2")
    decided = page.locator("#decisions tr", has_text="Sam Patel")
    expect(decided).to_contain_text("Agreed in the session: solid on controls, new to audits.")
    expect(decided.locator("td").nth(2)).to_have_text("3")  # from
    expect(decided.locator("td").nth(3)).to_have_text("2")  # to
    expect(decided).to_contain_text("admin@demo.pmopath.org")  # who (an admin has no person)
    page.get_by_role("button", name="Close the session").click()
    expect(page.get_by_role("status")).to_have_text("Session closed: PMO team, first quarter.")
    expect(page.get_by_role("button", name="Record calibrated level")).to_have_count(0)
    assert _serious_problems(page) == []
