"""Browser journeys for the team and admin pages: the heatmap, a framework, a CSV, an account."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.browser.conftest import screenshot, sign_in


def test_a_manager_reads_the_team_heatmap(page: Page, live_server: str) -> None:
    sign_in(page, live_server, "maria")
    page.get_by_role("link", name="Team").click()
    expect(page.get_by_role("heading", name="Maria Lopez's team")).to_be_visible()
    heat = page.locator("table.heat")
    expect(heat.get_by_role("link", name="Sam Patel")).to_be_visible()
    expect(heat.locator("td.lvl-met").first).to_be_visible()
    screenshot(page, "team")
    page.get_by_role("link", name="Who is ready for a role?").click()
    page.get_by_label("Role").select_option("pmo_analyst")
    page.get_by_label("At least (%)").fill("0")
    page.get_by_role("button", name="Show").click()
    expect(
        page.get_by_role("heading", name="5 people are at least 0% ready for PMO Analyst")
    ).to_be_visible()
    screenshot(page, "team-ready")


def test_an_admin_activates_a_framework_and_imports_people(
    page: Page, live_server: str, tmp_path: Path
) -> None:
    text = resources.files("pmopath.data").joinpath("default_framework.yaml").read_text("utf-8")
    framework = tmp_path / "framework.yaml"
    framework.write_text(text.replace('version: "2027.1"', 'version: "2027.9"', 1), "utf-8")
    people = tmp_path / "people.csv"
    people.write_text("email,name,current_role\nnew.one@example.org,New One,pmo_analyst\n", "utf-8")
    sign_in(page, live_server, "admin")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Admin").click()
    page.get_by_label("Framework file").set_input_files(framework)
    page.get_by_role("button", name="Check the framework").click()
    expect(page.get_by_text("framework.yaml is valid")).to_be_visible()
    screenshot(page, "admin-framework-preview")
    page.get_by_role("button", name="Activate framework.yaml").click()
    expect(page.get_by_role("status")).to_have_text(
        "Framework 2027.9 is active: every page now uses it."
    )
    page.get_by_label("People CSV").set_input_files(people)
    page.get_by_role("button", name="Check the CSV").click()
    expect(page.get_by_text("1 to create: new.one@example.org")).to_be_visible()
    page.get_by_role("button", name="Import people.csv").click()
    expect(page.get_by_role("status")).to_have_text("People imported: 1 added.")
    screenshot(page, "admin")


def test_an_admin_is_told_the_password_policy(page: Page, live_server: str) -> None:
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server}/admin/accounts")
    page.get_by_label("E-mail", exact=True).fill("new.user@example.org")
    page.get_by_label("Initial password").fill("short")
    page.get_by_role("button", name="Add the account").click()
    expect(page.get_by_text("A password needs at least 12 characters")).to_be_visible()
    expect(page.get_by_label("E-mail", exact=True)).to_have_value("new.user@example.org")
    screenshot(page, "admin-accounts")
