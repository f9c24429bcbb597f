"""A browser journey through the PMO leader's view: an admin reads coverage for the organisation,
narrows it to a manager's tree, reads succession, asks for KPIs over a period (one refused and
kept as typed), and downloads a part as CSV."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.browser.conftest import screenshot, sign_in


def test_a_leader_reads_coverage_succession_and_kpis(page: Page, live_server: str) -> None:
    sign_in(page, live_server, "admin")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="PMO insight").click()
    expect(page.get_by_role("heading", name="Capability coverage", exact=True)).to_be_visible()
    expect(page.get_by_text("For the whole organisation.")).to_be_visible()
    expect(page.get_by_role("heading", name="Single points of failure")).to_be_visible()
    expect(page.get_by_role("heading", name="Centre of excellence")).to_be_visible()
    screenshot(page, "leader-coverage")
    page.get_by_label("Show").select_option(label="Everyone below Maria Lopez")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("For everyone below Maria Lopez.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    assert download.value.suggested_filename == "coverage.csv"
    page.get_by_role("link", name="Succession").click()
    expect(page.get_by_role("heading", name="Succession and bench strength")).to_be_visible()
    expect(page.get_by_text("For everyone below Maria Lopez.")).to_be_visible()
    expect(page.get_by_role("heading", name="PMO Manager")).to_be_visible()
    screenshot(page, "leader-succession")
    page.get_by_role("link", name="Programme KPIs").click()
    page.get_by_label("From", exact=True).fill("2026-03-01")
    page.get_by_label("To", exact=True).fill("2026-02-01")
    page.get_by_role("button", name="Show").last.click()
    expect(page.get_by_text("after it ends")).to_be_visible()
    expect(page.get_by_label("From", exact=True)).to_have_value("2026-03-01")
    page.get_by_label("From", exact=True).fill("2026-01-01")
    page.get_by_label("To", exact=True).fill("2026-03-31")
    page.get_by_role("button", name="Show").last.click()
    expect(page.get_by_text("From 1 January 2026 to 31 March 2026")).to_be_visible()
    expect(page.get_by_role("heading", name="Reviews held on time")).to_be_visible()
    expect(page.get_by_role("heading", name="Promotions")).to_be_visible()
    screenshot(page, "leader-kpis")
