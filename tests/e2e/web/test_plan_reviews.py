"""Plan versions, notifications and reviews through the pages and the API."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from pmopath.domain.plans import TREND_DAYS, CheckIn, PlanStatus
from pmopath.domain.reviews import add_months
from pmopath.services.insight.formats import day
from pmopath.services.plans import records as plans
from tests.e2e.web.conftest import World, page_csrf, sign_in

REVISION = re.compile(r'name="revision" value="(\d+)"')


def _sams_plan(world: World) -> int:
    with world.runtime.unit_of_work() as uow:
        found = uow.plans.for_person(world.person_id("sam"))
    return found[0].id or 0


def _revision(client: TestClient, plan_id: int) -> str:
    found = REVISION.search(client.get(f"/plans/{plan_id}").text)
    assert found, "the page has no revision field"
    return found.group(1)


def _post(client: TestClient, path: str, fields: dict[str, str]) -> Any:
    token = page_csrf(client, "/map")
    return client.post(path, data={**fields, "csrf_token": token}, follow_redirects=False)


def _api(client: TestClient, method: str, path: str, body: Any = None) -> Any:
    headers = {"X-CSRF-Token": page_csrf(client, "/map")}
    return client.request(method, path, json=body, headers=headers)


def _move(client: TestClient, plan_id: int, action: str, **fields: str) -> None:
    fields = {"revision": _revision(client, plan_id), "confirmed": "yes", **fields}
    answer = _post(client, f"/plans/{plan_id}/{action}", fields)
    assert answer.status_code == 303, answer.text


def _kinds(client: TestClient) -> list[str]:
    answer = client.get("/api/v1/notifications")
    assert answer.status_code == 200
    return [n["kind"] for n in answer.json()["data"]]


def test_edit_and_reagree_then_compare_the_two_versions(world: World) -> None:
    sam, maria = sign_in(world.client(), "sam"), sign_in(world.client(), "maria")
    plan_id = _sams_plan(world)
    _move(maria, plan_id, "agree")
    _move(sam, plan_id, "reopen")
    added = {"free_text": "Shadow the PMO lead", "revision": _revision(sam, plan_id)}
    assert _post(sam, f"/plans/{plan_id}/items", added).status_code == 303
    change = _api(sam, "GET", f"/api/v1/plans/{plan_id}").json()["items"][0]
    change.update(target_level=(change["target_level"] or 0) + 1, status="in_progress")
    change.pop("number")
    fields = {k: "" if v is None else str(v) for k, v in change.items()}
    fields["revision"] = _revision(sam, plan_id)
    assert _post(sam, f"/plans/{plan_id}/items/1", fields).status_code == 303
    _move(sam, plan_id, "submit")
    _move(maria, plan_id, "agree")

    versions = maria.get(f"/api/v1/plans/{plan_id}/versions").json()
    assert versions["count"] == 2
    first, second = versions["data"]
    assert (first["version"], first["status"], first["current"]) == (1, "agreed", False)
    assert first["agreed_by"]["name"] == "Maria Lopez" and first["agreed_at"]
    assert first["owner"]["name"] == "Sam Patel"
    assert (second["version"], second["status"], second["current"]) == (2, "agreed", True)
    assert second["agreed_at"] >= first["agreed_at"]

    diff = sam.get(f"/api/v1/plans/{plan_id}/compare", params={"a": 1, "b": 2}).json()
    assert [i["free_text"] for i in diff["added"]] == ["Shadow the PMO lead"]
    assert diff["removed"] == []
    (changed,) = diff["changed"]
    assert {c["field"] for c in changed["changes"]} == {"target_level", "status"}
    assert {"field": "status", "before": "planned", "after": "in_progress"} in changed["changes"]

    page = sam.get(f"/plans/{plan_id}/versions", params={"a": 1, "b": 2})
    assert page.status_code == 200
    assert "From version 1 to version 2" in page.text and "Shadow the PMO lead" in page.text
    assert "Maria Lopez" in page.text and "target level" in page.text
    assert f'href="/plans/{plan_id}/versions"' in sam.get(f"/plans/{plan_id}").text


def test_versions_refuse_unknown_versions_and_strangers(world: World) -> None:
    sam, priya = sign_in(world.client(), "sam"), sign_in(world.client(), "priya")
    plan_id = _sams_plan(world)
    assert sam.get(f"/api/v1/plans/{plan_id}/compare", params={"a": 1, "b": 7}).status_code == 404
    assert sam.get(f"/plans/{plan_id}/versions", params={"a": 1, "b": 7}).status_code == 404
    bad = sam.get(f"/api/v1/plans/{plan_id}/compare", params={"a": 0, "b": 1})
    assert bad.status_code == 422 and "a" in bad.text
    assert priya.get(f"/api/v1/plans/{plan_id}/versions").status_code == 404
    assert priya.get(f"/plans/{plan_id}/versions").status_code == 404


def test_notifications_reach_the_right_people_and_not_others(world: World) -> None:
    sam, maria = sign_in(world.client(), "sam"), sign_in(world.client(), "maria")
    alex, priya = sign_in(world.client(), "alex"), sign_in(world.client(), "priya")
    plan_id = _sams_plan(world)  # the demo submitted it: Sam's managers were told
    assert _kinds(maria) == ["plan_submitted"] and _kinds(alex) == ["plan_submitted"]
    assert _kinds(sam) == [] and _kinds(priya) == []
    assert 'class="badge">1<' in maria.get("/").text
    assert 'class="badge"' not in priya.get("/").text

    _move(maria, plan_id, "request-changes", comment="Add a mentoring item")
    (notice,) = maria_free = sam.get("/api/v1/notifications").json()["data"]
    assert notice["kind"] == "changes_requested" and "Add a mentoring item" in notice["message"]
    assert notice["link"] == f"/plans/{plan_id}" and maria_free
    assert _kinds(priya) == [] and _kinds(maria) == ["plan_submitted"]

    _move(sam, plan_id, "submit")
    _move(alex, plan_id, "agree")
    assert _kinds(sam) == ["plan_agreed", "changes_requested"]
    assert "Alex Morgan agreed" in sam.get("/notifications").text
    checkin = {"held_on": "2026-12-01", "notes": "On track"}
    assert _post(maria, f"/plans/{plan_id}/checkins", checkin).status_code == 303
    assert _kinds(sam)[0] == "checkin_recorded"
    assert _post(sam, f"/plans/{plan_id}/checkins", checkin).status_code == 303  # own: silent
    assert _kinds(maria).count("checkin_recorded") == 0 and _kinds(priya) == []

    unread = sam.get("/api/v1/notifications").json()
    assert unread["unread"] == 3
    first = unread["data"][0]["id"]
    assert _api(priya, "POST", f"/api/v1/notifications/{first}/read").status_code == 404
    assert _api(maria, "POST", f"/api/v1/notifications/{first}/read").status_code == 404
    marked = _api(sam, "POST", f"/api/v1/notifications/{first}/read")
    assert marked.status_code == 200 and marked.json()["read_at"]
    assert sam.get("/api/v1/notifications").json()["unread"] == 2
    assert _post(sam, "/notifications/read-all", {}).status_code == 303
    assert sam.get("/api/v1/notifications").json()["unread"] == 0
    assert 'class="badge"' not in sam.get("/").text


def test_an_overdue_review_shows_on_marias_team_page(world: World) -> None:
    plan_id = _sams_plan(world)
    store = world.runtime.store()
    long_ago = replace(store, clock=lambda: datetime(2026, 1, 5, 9, tzinfo=UTC))
    with world.runtime.unit_of_work() as uow:
        maria_id = world.person_id("maria")
        account = uow.accounts.by_person(maria_id)
        assert account is not None
    from pmopath.domain.permissions import Viewer

    plan = plans.update_plan(
        long_ago,
        plan_id,
        _stored_revision(world, plan_id),
        status=PlanStatus.AGREED,
        actor="test",
        viewer=Viewer(account.role, maria_id),
    )
    assert plan.agreed_at is not None and plan.agreed_at.date() == date(2026, 1, 5)

    maria, sam, priya = (sign_in(world.client(), k) for k in ("maria", "sam", "priya"))
    assert "Reviews overdue" not in maria.get("/team").text  # the demo's last check-in is recent
    _move(maria, plan_id, "cadence", cadence="monthly")
    with world.runtime.unit_of_work() as uow:
        last = max(c.held_on for c in uow.plans.checkins(plan_id))
    due = add_months(last, 1).isoformat()
    shown = day(due)  # pages write dates in words: "7 December 2026"
    team = maria.get("/team").text
    assert "Reviews overdue" in team and "Sam Patel" in team
    assert f"overdue since {shown}" in team
    assert f"overdue since {shown}" in sam.get(f"/plans/{plan_id}").text
    assert f"Review overdue since {shown}" in sam.get("/").text
    overdue = maria.get("/api/v1/reviews/overdue").json()
    assert [(o["person"]["name"], o["due_on"]) for o in overdue["data"]] == [("Sam Patel", due)]
    assert priya.get("/api/v1/reviews/overdue").json()["count"] == 0
    assert "review_overdue" in _kinds(sam) and "review_overdue" in _kinds(maria)
    assert "review_overdue" not in _kinds(priya)
    # a check-in today restarts the count: nothing overdue any more
    today = world.runtime.clock().date().isoformat()
    assert _post(sam, f"/plans/{plan_id}/checkins", {"held_on": today}).status_code == 303
    review = sam.get(f"/api/v1/plans/{plan_id}/review").json()
    assert review["state"] == "upcoming" and review["cadence"] == "monthly"
    assert "Reviews overdue" not in maria.get("/team").text


def _stored_revision(world: World, plan_id: int) -> int:
    with world.runtime.unit_of_work() as uow:
        plan = uow.plans.get(plan_id)
    assert plan is not None
    return plan.revision


def test_cadence_is_set_from_the_page_and_the_api(world: World) -> None:
    sam, maria = sign_in(world.client(), "sam"), sign_in(world.client(), "maria")
    plan_id = _sams_plan(world)
    _move(maria, plan_id, "agree")
    assert "Reviewed quarterly" in sam.get(f"/plans/{plan_id}").text
    _move(maria, plan_id, "cadence", cadence="monthly")
    assert "Reviewed monthly" in sam.get(f"/plans/{plan_id}").text
    revision = _stored_revision(world, plan_id)
    answer = _api(
        sam,
        "PUT",
        f"/api/v1/plans/{plan_id}/cadence",
        {"revision": revision, "cadence": "six_weekly"},
    )
    assert answer.status_code == 200 and answer.json()["cadence"] == "six_weekly"
    assert sam.get(f"/api/v1/plans/{plan_id}/review").json()["cadence"] == "six_weekly"
    stale = _api(
        sam, "PUT", f"/api/v1/plans/{plan_id}/cadence", {"revision": revision, "cadence": "monthly"}
    )
    assert stale.status_code == 409
    bad = _api(
        sam,
        "PUT",
        f"/api/v1/plans/{plan_id}/cadence",
        {"revision": revision + 1, "cadence": "weekly"},
    )
    assert bad.status_code == 422 and "cadence" in bad.text
    page = _post(
        sam, f"/plans/{plan_id}/cadence", {"revision": str(revision + 1), "cadence": "weekly"}
    )
    assert page.status_code == 400 and 'id="cadence-cadence-problem"' in page.text


def test_a_checkin_with_new_levels_changes_current_levels(world: World) -> None:
    sam, maria = sign_in(world.client(), "sam"), sign_in(world.client(), "maria")
    plan_id = _sams_plan(world)
    sam_id = world.person_id("sam")
    competency = _api(sam, "GET", f"/api/v1/plans/{plan_id}").json()["items"][0]["competency"]
    assert competency, "the demo plan's first item names a competency"
    before = sam.get(f"/api/v1/people/{sam_id}").json()["levels"].get(competency, 0)
    wanted = 4 if before != 4 else 3
    form = {"held_on": "2026-11-22", f"level_{competency}": str(wanted), "progress_1": "40"}
    assert f'name="level_{competency}"' in maria.get(f"/plans/{plan_id}").text
    assert _post(maria, f"/plans/{plan_id}/checkins", form).status_code == 303
    after = sam.get(f"/api/v1/people/{sam_id}").json()
    assert after["levels"][competency] == wanted
    history = sam.get(f"/api/v1/people/{sam_id}/assessments").json()["data"][0]
    assert history["source"] == "manager"
    checkins = sam.get(f"/api/v1/plans/{plan_id}/checkins").json()["data"]
    assert checkins[-1]["levels"][competency] == wanted
    # by the owner through the API: a self-assessment
    body = {"held_on": "2026-11-23", "levels": {competency: wanted - 1}}
    assert _api(sam, "POST", f"/api/v1/plans/{plan_id}/checkins", body).status_code == 201
    history = sam.get(f"/api/v1/people/{sam_id}/assessments").json()["data"][0]
    assert history["source"] == "self"
    bad = _api(
        sam,
        "POST",
        f"/api/v1/plans/{plan_id}/checkins",
        {"held_on": "2026-11-23", "levels": {competency: 99}},
    )
    assert bad.status_code == 422 and "levels" in bad.text
    bad_form = {"held_on": "2026-11-22", f"level_{competency}": "many"}
    answer = _post(maria, f"/plans/{plan_id}/checkins", bad_form)
    assert answer.status_code == 400 and f"level_{competency}" in answer.text
    # the home page now charts the readiness trend
    home = sam.get("/").text
    assert "Readiness over time" in home and 'class="trend"' in home


def test_demo_plan_item_is_kept_in_version_one(world: World) -> None:
    """The version table holds what the demo's submitted plan held, item for item."""
    plan_id = _sams_plan(world)
    sam = sign_in(world.client(), "sam")
    (version,) = sam.get(f"/api/v1/plans/{plan_id}/versions").json()["data"]
    plan = sam.get(f"/api/v1/plans/{plan_id}").json()
    assert [i["free_text"] for i in version["items"]] == [i["free_text"] for i in plan["items"]]


def test_the_home_trend_shows_one_reading_a_day_for_the_latest_days(world: World) -> None:
    """A plan checked in many times draws a bounded chart: one dot a day (the day's last
    check-in) for the latest TREND_DAYS days, and says where the rest are."""
    plan_id = _sams_plan(world)
    sam = sign_in(world.client(), "sam")
    first = date(2027, 1, 1)
    with world.runtime.unit_of_work() as uow:
        for offset in range(TREND_DAYS + 4):
            held_on = first + timedelta(days=offset)
            uow.plans.add_checkin(CheckIn(plan_id, held_on, "", {}, {}, 10.0))
        last_day = first + timedelta(days=TREND_DAYS + 3)
        for readiness in (20.0, 77.0):  # two more on the last day: the later one is charted
            uow.plans.add_checkin(CheckIn(plan_id, last_day, "", {}, {}, readiness))
        uow.commit()
    home = sam.get("/").text
    assert home.count('class="trend-dot"') == TREND_DAYS
    assert f"<title>{day(last_day)}: 77%</title>" in home and f"{day(last_day)}: 20%" not in home
    assert f"The latest {TREND_DAYS} days with a check-in" in home
    assert f'<a href="/plans/{plan_id}">the plan</a> lists them all' in home
    plan_page = sam.get(f"/plans/{plan_id}").text  # the plan lists every check-in
    assert plan_page.count(f"<td>{day(last_day)}</td>") >= 3


def test_a_trend_of_exactly_the_days_it_shows_says_nothing_of_earlier_ones(world: World) -> None:
    plan_id = _sams_plan(world)
    with world.runtime.unit_of_work() as uow:
        already = len(uow.plans.readiness_by_day(plan_id, TREND_DAYS + 1))
        first = date(2028, 1, 1)
        for offset in range(TREND_DAYS - already):
            uow.plans.add_checkin(
                CheckIn(plan_id, first + timedelta(days=offset), "", {}, {}, 30.0)
            )
        uow.commit()
    home = sign_in(world.client(), "sam").get("/").text
    assert home.count('class="trend-dot"') == TREND_DAYS
    assert "days with a check-in" not in home
