"""Reminders and exports in the browser and the API: the calendar feed, PDFs, the plan CSV."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from typing import Any

import icalendar
import pypdf
from fastapi.testclient import TestClient

from pmopath.domain.plans import PlanItem
from pmopath.services.plans import records as plans
from tests.e2e.web.conftest import World, page_csrf, sign_in
from tests.support.documents import text_outside_the_page

FEED_URL = re.compile(r'value="(http://testserver/calendar/[A-Za-z0-9_-]+\.ics)"')


def _sams_plan(world: World) -> int:
    with world.runtime.unit_of_work() as uow:
        return uow.plans.for_person(world.person_id("sam"))[0].id or 0


def _post(client: TestClient, path: str, fields: dict[str, str] | None = None) -> Any:
    token = page_csrf(client, "/map")
    return client.post(path, data={**(fields or {}), "csrf_token": token}, follow_redirects=False)


def _api(client: TestClient, method: str, path: str, body: Any = None) -> Any:
    headers = {"X-CSRF-Token": page_csrf(client, "/map")}
    return client.request(method, path, json=body, headers=headers)


def _pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _events(content: bytes) -> list[Any]:
    calendar = icalendar.Calendar.from_ical(content)
    assert calendar["VERSION"] == "2.0" and "PMO Pathways" in str(calendar["PRODID"])
    return list(calendar.walk("VEVENT"))


def test_a_private_calendar_feed_round_trips_and_can_be_revoked(world: World) -> None:
    sam = sign_in(world.client(), "sam")
    sam_id = world.person_id("sam")
    page = sam.get(f"/people/{sam_id}").text
    assert "Create a calendar URL" in page and "None is active" in page
    made = _post(sam, f"/people/{sam_id}/calendar-feed")
    assert made.status_code == 200 and "shown only this once" in made.text
    url = FEED_URL.search(made.text)
    assert url, made.text
    feed = world.client().get(url.group(1))  # a calendar client: no cookies, no sign-in
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    events = _events(feed.content)
    plan_id = _sams_plan(world)
    with world.runtime.unit_of_work() as uow:
        plan = uow.plans.get(plan_id)
    assert plan is not None
    due = sorted(i.due_on for i in plan.items if i.due_on)
    starts = sorted(e.decoded("DTSTART") for e in events if "-item-" in str(e["UID"]))
    assert starts == due and all(type(d) is date for d in starts)  # all-day events
    review = [e for e in events if str(e["UID"]) == f"plan{plan_id}-review@pmopath"]
    assert len(review) == 1 and "Review" in str(review[0]["SUMMARY"])
    for event in events:
        assert event.decoded("DTEND") > event.decoded("DTSTART") and "DTSTAMP" in event
    again = _events(world.client().get(url.group(1)).content)
    assert [str(e["UID"]) for e in again] == [str(e["UID"]) for e in events]  # stable UIDs

    page = sam.get(f"/people/{sam_id}").text
    assert "One is active since" in page and "Replace the calendar URL" in page
    asked = _post(sam, f"/people/{sam_id}/calendar-feed/revoke")
    assert asked.status_code == 200 and "Revoke the calendar URL?" in asked.text
    assert (
        _post(sam, f"/people/{sam_id}/calendar-feed/revoke", {"confirmed": "yes"}).status_code
        == 303
    )
    assert "None is active" in sam.get(f"/people/{sam_id}").text
    assert world.client().get(url.group(1)).status_code == 404


def test_a_new_feed_url_replaces_the_old_one_through_the_api(world: World) -> None:
    sam = sign_in(world.client(), "sam")
    sam_id = world.person_id("sam")
    first = _api(sam, "POST", f"/api/v1/people/{sam_id}/calendar-feed")
    second = _api(sam, "POST", f"/api/v1/people/{sam_id}/calendar-feed")
    assert first.status_code == second.status_code == 201
    assert world.client().get(first.json()["url"]).status_code == 404
    assert world.client().get(second.json()["url"]).status_code == 200
    assert _api(sam, "DELETE", f"/api/v1/people/{sam_id}/calendar-feed").json() == {"revoked": 1}
    assert world.client().get(second.json()["url"]).status_code == 404
    assert world.client().get("/calendar/" + "x" * 200 + ".ics").status_code == 404
    reminders = sam.get(f"/api/v1/people/{sam_id}/reminders").json()
    assert reminders["count"] == len(reminders["data"]) > 0


def test_a_manager_may_not_make_a_reports_feed(world: World) -> None:
    maria = sign_in(world.client(), "maria")
    answer = _api(maria, "POST", f"/api/v1/people/{world.person_id('sam')}/calendar-feed")
    assert answer.status_code == 403


def test_the_plan_as_a_pdf_from_the_page_and_the_api(world: World) -> None:
    sam = sign_in(world.client(), "sam")
    plan_id = _sams_plan(world)
    assert f'href="/plans/{plan_id}/pdf"' in sam.get(f"/plans/{plan_id}").text
    for path in (f"/plans/{plan_id}/pdf", f"/api/v1/plans/{plan_id}/pdf"):
        answer = sam.get(path)
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"] == "application/pdf"
        assert f'filename="plan-{plan_id}.pdf"' in answer.headers["content-disposition"]
        text = _pdf_text(answer.content)
        assert "Development plan of Sam Patel" in text and "Towards PMO Analyst" in text
        assert "Check-ins" in text and "demo review" in text
        assert "the next review is due on" in text
        assert "readiness" in text.lower()  # the trend chart's caption
    assert sign_in(world.client(), "priya").get(f"/plans/{plan_id}/pdf").status_code == 404


def test_a_readiness_pack_tells_evidence_as_star_and_fetches_nothing(world: World) -> None:
    sam = sign_in(world.client(), "sam")
    sam_id = world.person_id("sam")
    hostile = (
        'Weekly reporting was late. <img src="file:///etc/passwd"> '
        '<img src="http://127.0.0.1:9/steal.png"> I had to fix it'
    )
    logged = _api(
        sam,
        "POST",
        f"/api/v1/people/{sam_id}/evidence",
        {
            "title": "Automated the weekly status report",
            "happened_on": "2026-10-01",
            "competencies": ["performance_reporting"],
            "description": hostile,
            "impact": "Reports out on Monday mornings, four hours saved weekly",
        },
    )
    assert logged.status_code == 201, logged.text
    assert "Download the readiness pack" in sam.get(f"/people/{sam_id}").text
    answer = sam.get(f"/people/{sam_id}/pack", params={"role": "pmo_analyst"})
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    text = _pdf_text(answer.content)
    assert "Readiness pack: Sam Patel for PMO Analyst" in text
    for heading in ("Situation", "Task", "Action", "Result", "Certifications"):
        assert heading in text
    assert "Weekly reporting was late." in text and "four hours saved weekly" in text
    assert 'src="file:///etc/passwd"' in text.replace("\n", " ")  # printed as text, not fetched
    assert "root:x:0:0" not in text
    api = sam.get(f"/api/v1/people/{sam_id}/pack")  # the primary target
    assert api.status_code == 200 and "for PMO Analyst" in _pdf_text(api.content)


def test_a_pack_for_an_unknown_role_or_a_long_name_is_refused(world: World) -> None:
    sam = sign_in(world.client(), "sam")
    sam_id = world.person_id("sam")
    unknown = sam.get(f"/api/v1/people/{sam_id}/pack", params={"role": "astronaut"})
    assert unknown.status_code == 400 and "astronaut" in unknown.json()["error"]["message"]
    long = sam.get(f"/api/v1/people/{sam_id}/pack", params={"role": "x" * 200})
    assert long.status_code == 422 and "role" in long.json()["error"]["message"]


def test_the_admin_downloads_every_plan_as_csv_without_formulas(world: World) -> None:
    store = world.runtime.store()
    plan_id = _sams_plan(world)
    with world.runtime.unit_of_work() as uow:
        plan = uow.plans.get(plan_id)
    assert plan is not None
    plans.create_plan(
        store,
        "ella@demo.pmopath.org",
        "pmo_administrator",
        [
            PlanItem(None, None, '=HYPERLINK("http://evil.example","x")'),
            PlanItem(None, None, "@SUM(1)"),
        ],
        actor="test",
    )
    admin = sign_in(world.client(), "admin")
    for path in ("/admin/plans.csv", "/api/v1/admin/plans.csv"):
        answer = admin.get(path)
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
        table = list(csv.DictReader(io.StringIO(answer.text)))
        sams = [r for r in table if r["plan_id"] == str(plan_id)]
        assert len(sams) == len(plan.items) and sams[0]["person"] == "Sam Patel"
        assert {r["plan_status"] for r in sams} == {"submitted"} and sams[0]["version"] == "1"
        texts = {r["description"] for r in table}
        assert '\'=HYPERLINK("http://evil.example","x")' in texts and "'@SUM(1)" in texts
        assert not any(v.startswith(("=", "+", "-", "@")) for r in table for v in r.values())
    assert sign_in(world.client(), "maria").get("/admin/plans.csv").status_code == 403


def test_the_pack_and_the_plan_print_within_the_page(world: World) -> None:
    sam = sign_in(world.client(), "sam")
    sam_id = world.person_id("sam")
    plan_id = _sams_plan(world)
    for path in (f"/people/{sam_id}/pack?role=pmo_manager", f"/plans/{plan_id}/pdf"):
        answer = sam.get(path)
        assert answer.status_code == 200 and answer.content.startswith(b"%PDF")
        assert _pdf_text(answer.content).strip(), path
        assert text_outside_the_page(answer.content) == [], path
