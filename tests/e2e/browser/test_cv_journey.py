"""The CV journey in Chromium: Sam logs evidence as STAR, chooses what his CV shows, is told at
the field when a choice does not fit, previews, saves and downloads it as JSON Resume and PDF."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.browser.conftest import screenshot, sign_in
from tests.e2e.browser.test_accessibility import _serious_problems
from tests.support.json_resume import resume_problems

pytestmark = pytest.mark.browser

TITLE = "Automated the programme board report"
STAR = {
    "Situation": "The programme's status reports reached the board a week late.",
    "Task": "Get a trustworthy report to the board every Monday.",
    "Action": "I built the report from the plan data and agreed one template with the leads.",
    "Result": "On time for a whole quarter; four hours saved a week.",
}
SUMMARY = "A PMO analyst who makes programme reporting easy to trust."


def test_sam_writes_star_evidence_chooses_previews_and_downloads_his_cv(
    browser: Browser, live_server: str, tmp_path: Path
) -> None:
    context = browser.new_context(
        bypass_csp=True, accept_downloads=True, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    sign_in(page, live_server, "sam")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Evidence").click()
    page.get_by_label("Title").fill(TITLE)
    for part, text in STAR.items():
        page.get_by_label(part, exact=True).fill(text)
    page.get_by_label("Performance reporting & insight").check()
    page.get_by_role("button", name="Log evidence").click()
    expect(page.get_by_role("status")).to_have_text("Your evidence is logged.")
    logged = page.locator("ul.evidence > li", has_text=TITLE)
    expect(logged.locator("dd").first).to_have_text(STAR["Situation"])

    page.get_by_role("link", name="Choose what goes on your CV").click()
    expect(page.get_by_role("heading", name="Your CV", exact=True)).to_be_visible()
    page.get_by_label("Summary").fill(SUMMARY)
    competencies = page.get_by_role("group", name="Competencies")
    for box in competencies.get_by_role("checkbox").all():
        box.uncheck()
    competencies.get_by_role("checkbox", name=re.compile("^Risk, issue")).check()
    evidence = page.get_by_role("group", name="Evidence")
    for box in evidence.get_by_role("checkbox").all():
        box.uncheck()
    evidence.get_by_role("checkbox", name=re.compile(TITLE)).check()
    page.get_by_role("button", name="Save the CV").click()  # its competency is not chosen
    expect(page.get_by_role("alert")).to_contain_text("Please check the form")
    problem = page.locator("#evidence-problem")
    expect(problem).to_contain_text(f"“{TITLE}” shows none of the chosen competencies")
    expect(page.get_by_label("Summary")).to_have_value(SUMMARY)  # what was typed is kept

    competencies.get_by_role("checkbox", name=re.compile("^Performance reporting")).check()
    page.get_by_label("Show assessed levels beside the competencies").uncheck()
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("status")).to_contain_text("This is a preview")
    preview = page.locator(".cv-preview")
    expect(preview.get_by_text(SUMMARY)).to_be_visible()
    expect(preview.get_by_text(STAR["Result"])).to_be_visible()
    expect(preview.get_by_text("level 2")).to_have_count(0)  # levels hidden
    screenshot(page, "cv-preview")
    assert _serious_problems(page) == []

    page.get_by_role("button", name="Save the CV").click()
    expect(page.get_by_role("status")).to_have_text("Your CV is saved.")
    with page.expect_download() as as_json:
        page.get_by_role("link", name="Download as JSON Resume").click()
    assert as_json.value.suggested_filename == "cv-sam-patel.json"
    saved = tmp_path / "cv.json"
    as_json.value.save_as(saved)
    document = json.loads(saved.read_text(encoding="utf-8"))
    assert resume_problems(document) == []
    assert document["basics"]["summary"] == SUMMARY
    assert all("level" not in skill for skill in document["skills"])
    assert [p["name"] for p in document["projects"]] == [TITLE]
    with page.expect_download() as as_pdf:
        page.get_by_role("link", name="Download the CV (PDF)").click()
    assert as_pdf.value.suggested_filename == "cv-sam-patel.pdf"
    pdf = tmp_path / "cv.pdf"
    as_pdf.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    context.close()
