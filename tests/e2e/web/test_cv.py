"""The PMO CV through the pages and the API: STAR evidence in, choices previewed and saved,
downloads as PDF (read back) and JSON Resume (validated against the official schema), who may
do what, and refused input that keeps what was typed."""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi.testclient import TestClient

from tests.e2e.web.conftest import World, page_csrf, sign_in
from tests.support.documents import pdf_pages, text_outside_the_page
from tests.support.json_resume import resume_problems

STAR = {
    "situation": "The programme's status reports reached the board a week late.",
    "task": "Get a trustworthy report to the board every Monday.",
    "action": "I built the report from the plan data and agreed one template with the leads.",
    "result": "On time for a whole quarter; four hours saved a week.",
}


def _post(client: TestClient, path: str, fields: dict[str, Any]) -> Any:
    token = page_csrf(client, "/map")
    return client.post(path, data={**fields, "csrf_token": token}, follow_redirects=False)


def _api(client: TestClient, method: str, path: str, body: Any = None) -> Any:
    headers = {"X-CSRF-Token": page_csrf(client, "/map")}
    return client.request(method, path, json=body, headers=headers)


def _log_star(world: World, client: TestClient, **fields: Any) -> int:
    sam = world.person_id("sam")
    body = {
        "title": "Automated the board report",
        "happened_on": "2026-09-14",
        "competencies": ["performance_reporting"],
        **STAR,
        **fields,
    }
    answer = _api(client, "POST", f"/api/v1/people/{sam}/evidence", body)
    assert answer.status_code == 201, answer.text
    return int(answer.json()["id"])


def _audit(world: World, action: str) -> list[Any]:
    with world.runtime.unit_of_work() as uow:
        found = uow.audit.entries(entity="person", entity_id=str(world.person_id("sam")))
    return [e for e in found if e.action == action]


def test_star_evidence_is_logged_through_the_form_and_the_api(world: World) -> None:
    sam = sign_in(world.client(), "sam")
    fields = {"title": "Ran the first portfolio review", "happened_on": "2026-10-02", **STAR}
    answer = _post(sam, "/evidence", {**fields, "competencies": ["portfolio_management"]})
    assert answer.status_code == 303
    page = sam.get("/evidence").text
    assert "<dt>Situation</dt><dd>The programme&#39;s status reports" in page
    api = sam.get(f"/api/v1/people/{world.person_id('sam')}/evidence").json()["data"]
    told = next(e for e in api if e["title"] == "Ran the first portfolio review")
    assert {k: told[k] for k in STAR} == STAR
    free = next(e for e in api if e["title"] == "Rebuilt the weekly RAID log")  # the demo's
    assert (free["situation"], free["result"]) == ("", "")  # evidence from before stays valid


def test_half_a_star_is_refused_at_the_missing_part_and_keeps_what_was_typed(
    world: World,
) -> None:
    sam = sign_in(world.client(), "sam")
    typed = {"title": "Half a story", "happened_on": "2026-10-02", "situation": "Late reports"}
    refused = _post(sam, "/evidence", {**typed, "action": "I fixed them"})
    assert refused.status_code == 400
    assert '<p class="field-problem" id="task-problem">' in refused.text
    assert ">Late reports</textarea>" in refused.text and ">I fixed them</textarea>" in refused.text
    api = _api(
        sam,
        "POST",
        f"/api/v1/people/{world.person_id('sam')}/evidence",
        {**typed, "task": "x", "action": "y"},
    )
    assert api.status_code == 400
    assert api.json()["error"]["message"].startswith("result: say what changed")
    long = _api(
        sam,
        "POST",
        f"/api/v1/people/{world.person_id('sam')}/evidence",
        {**typed, **STAR, "situation": "x" * 1001},
    )
    assert long.status_code == 422 and "situation" in long.json()["error"]["message"]
    assert _audit(world, "evidence.add") == []


def test_sam_previews_saves_and_downloads_his_cv(world: World) -> None:
    sam = sign_in(world.client(), "sam")
    sam_id = world.person_id("sam")
    star_id = _log_star(world, sam)
    page = sam.get(f"/people/{sam_id}/cv")
    assert page.status_code == 200 and "Your CV" in page.text
    assert f'href="/people/{sam_id}/cv.pdf"' in page.text
    assert "Automated the board report" in page.text  # the defaults: evidence's competencies
    choices = {
        "summary": "A PMO analyst who makes reporting easy to trust.",
        "competencies": ["performance_reporting", "risk_issue_dependency"],
        "evidence": [str(star_id)],
        "show_levels": "yes",
        "intent": "preview",
    }
    preview = _post(sam, f"/people/{sam_id}/cv", choices)
    assert preview.status_code == 200 and "This is a preview" in preview.text
    assert "A PMO analyst who makes reporting easy to trust." in preview.text
    assert _audit(world, "cv.choose") == []  # a preview keeps nothing
    saved = _post(sam, f"/people/{sam_id}/cv", {**choices, "intent": "save"})
    assert saved.status_code == 303 and saved.headers["location"] == f"/people/{sam_id}/cv"
    assert "Your CV is saved." in sam.get(saved.headers["location"]).text
    assert len(_audit(world, "cv.choose")) == 1

    answer = sam.get(f"/people/{sam_id}/cv.json")
    assert answer.headers["content-type"] == "application/json"
    assert answer.headers["content-disposition"] == 'attachment; filename="cv-sam-patel.json"'
    document = json.loads(answer.content)
    assert resume_problems(document) == []
    assert document["basics"]["summary"] == choices["summary"]
    assert [s["name"] for s in document["skills"]] == [
        "Risk, issue & dependency management",  # level 3 before level 2
        "Performance reporting & insight",
    ]
    assert [p["name"] for p in document["projects"]] == ["Automated the board report"]
    assert document["projects"][0]["highlights"][:2] == [
        f"Action: {STAR['action']}",
        f"Result: {STAR['result']}",
    ]
    pdf = sam.get(f"/people/{sam_id}/cv.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"] == 'attachment; filename="cv-sam-patel.pdf"'
    pages = pdf_pages(pdf.content)
    text = " ".join(" ".join(pages).split())
    assert text.startswith("Sam Patel PMO Administrator, since December 2024")
    for heading in ("Roles held", "Competencies and evidence", "Certifications"):
        assert heading in text
    for part in ("Situation", "Task", "Action", "Result"):
        assert f"{part} {STAR[part.lower()]}" in text
    assert "A PMO analyst who makes reporting easy to trust." in text
    assert "PMO Pathways" not in text  # a CV to send, not a page of the app
    assert text_outside_the_page(pdf.content) == []
    assert [e.after for e in _audit(world, "export.cv")] == [
        {"format": "json_resume"},
        {"format": "pdf"},
    ]


def test_a_refused_choice_shows_the_page_again_with_what_was_typed(world: World) -> None:
    sam = sign_in(world.client(), "sam")
    sam_id = world.person_id("sam")
    star_id = _log_star(world, sam)
    typed = {
        "summary": "Kept as typed",
        "competencies": ["portfolio_management"],
        "evidence": [str(star_id)],
        "intent": "save",
    }
    refused = _post(sam, f"/people/{sam_id}/cv", typed)
    assert refused.status_code == 400
    assert '<p class="field-problem" id="evidence-problem">' in refused.text
    assert "“Automated the board report” shows none of the chosen competencies" in refused.text
    assert ">Kept as typed</textarea>" in refused.text
    assert 'value="portfolio_management" checked' in refused.text
    too_long = _post(sam, f"/people/{sam_id}/cv", {**typed, "summary": "y" * 701})
    assert too_long.status_code == 400 and 'id="summary-problem"' in too_long.text
    assert "At most 700 characters." in too_long.text
    assert _audit(world, "cv.choose") == []


def test_a_manager_reads_and_downloads_a_reports_cv_but_does_not_choose(world: World) -> None:
    sam_id = world.person_id("sam")
    maria = sign_in(world.client(), "maria")
    page = maria.get(f"/people/{sam_id}/cv")
    assert page.status_code == 200 and "CV of Sam Patel" in page.text
    assert "Only Sam Patel chooses what their CV shows." in page.text
    assert 'action="/people/' not in page.text
    forbidden = _post(maria, f"/people/{sam_id}/cv", {"intent": "preview"})
    assert forbidden.status_code == 403
    assert maria.get(f"/api/v1/people/{sam_id}/cv.pdf").status_code == 200
    assert _audit(world, "export.cv")[0].actor == "web:maria@demo.pmopath.org"
    priya = sign_in(world.client(), "priya")
    assert priya.get(f"/people/{sam_id}/cv.json").status_code == 404
    mine = sign_in(world.client(), "sam").get("/cv", follow_redirects=False)
    assert mine.status_code == 303 and mine.headers["location"] == f"/people/{sam_id}/cv"


def test_the_api_reads_and_chooses_what_the_cv_shows(world: World) -> None:
    sam = sign_in(world.client(), "sam")
    sam_id = world.person_id("sam")
    star_id = _log_star(world, sam)
    before = sam.get(f"/api/v1/people/{sam_id}/cv").json()
    assert before["saved"] is False and star_id in before["evidence_ids"]
    assert before["quotes"] == []
    body = {
        "summary": "Reporting lead.",
        "competencies": ["performance_reporting"],
        "evidence_ids": [star_id],
        "show_levels": False,
    }
    answer = _api(sam, "PUT", f"/api/v1/people/{sam_id}/cv", body)
    assert answer.status_code == 200, answer.text
    assert answer.json() | {"quotes": []} == {
        "person_id": sam_id,
        "summary": "Reporting lead.",
        "competencies": ["performance_reporting"],
        "evidence_ids": [star_id],
        "quote_keys": [],
        "show_levels": False,
        "saved": True,
        "quotes": [],
    }
    document = sam.get(f"/api/v1/people/{sam_id}/cv.json").json()
    assert resume_problems(document) == [] and "level" not in document["skills"][0]
    refused = _api(sam, "PUT", f"/api/v1/people/{sam_id}/cv", {**body, "competencies": ["x"]})
    assert refused.status_code == 400
    assert refused.json()["error"]["message"] == "competencies: unknown x"
    too_many = _api(sam, "PUT", f"/api/v1/people/{sam_id}/cv", {**body, "competencies": ["a"] * 13})
    assert too_many.status_code == 422 and "competencies" in too_many.json()["error"]["message"]
    unknown_key = _api(sam, "PUT", f"/api/v1/people/{sam_id}/cv", {**body, "colour": "red"})
    assert unknown_key.status_code == 422
    assert len(_audit(world, "cv.choose")) == 1


def test_a_long_cv_stays_within_the_page_and_escapes_what_people_typed(world: World) -> None:
    sam = sign_in(world.client(), "sam")
    sam_id = world.person_id("sam")
    unbroken = "https://example.org/" + "a" * 300
    hostile = f'<img src="file:///etc/passwd"> {unbroken}'
    ids = [
        _log_star(
            world,
            sam,
            title=f"Story {n} " + "long title " * 12,
            situation=hostile,
            task="T" * 900,
            action=("I did a great many things. " * 36)[:1000],
            competencies=["performance_reporting", "risk_issue_dependency"],
        )
        for n in range(6)
    ]
    body = {
        "summary": "S" * 700,
        "competencies": ["performance_reporting", "risk_issue_dependency"],
        "evidence_ids": ids,
    }
    assert _api(sam, "PUT", f"/api/v1/people/{sam_id}/cv", body).status_code == 200
    content = sam.get(f"/people/{sam_id}/cv.pdf").content
    assert text_outside_the_page(content) == []
    text = " ".join(pdf_pages(content))
    assert 'src="file:///etc/passwd"' in text.replace("\n", " ")  # printed as text, not fetched
    assert "root:x:0:0" not in text
    assert len(re.findall(r"Situation", text)) == 6  # each story told once


def test_a_control_character_is_refused_at_its_field_everywhere(world: World) -> None:
    sam = sign_in(world.client(), "sam")
    sam_id = world.person_id("sam")
    star = _api(
        sam,
        "POST",
        f"/api/v1/people/{sam_id}/evidence",
        {"title": "Bell", "happened_on": "2026-01-05", **STAR, "task": "ring\x07"},
    )
    assert star.status_code == 422 and "task" in star.json()["error"]["message"]
    summary = _api(sam, "PUT", f"/api/v1/people/{sam_id}/cv", {"summary": "a\x00b"})
    assert summary.status_code == 422 and "summary" in summary.json()["error"]["message"]
    page = _post(sam, f"/people/{sam_id}/cv", {"summary": "esc\x1b[31m", "intent": "save"})
    assert page.status_code == 400 and 'id="summary-problem"' in page.text
    assert _audit(world, "cv.choose") == [] and _audit(world, "evidence.add") == []
