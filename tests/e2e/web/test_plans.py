"""Plans in the browser and the API: generate, edit, submit, agree, ask for changes, check in."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from pmopath.domain.plans import PlanStatus
from tests.e2e.web.conftest import World, page_csrf, sign_in

REVISION = re.compile(r'name="revision" value="(\d+)"')


def _sams_plan(world: World) -> int:
    with world.runtime.unit_of_work() as uow:
        found = uow.plans.for_person(world.person_id("sam"))
    return found[0].id or 0


def _stored(world: World, plan_id: int) -> Any:
    with world.runtime.unit_of_work() as uow:
        return uow.plans.get(plan_id)


def _revision(html: str) -> str:
    found = REVISION.search(html)
    assert found, "the page has no revision field"
    return found.group(1)


def _post(client: TestClient, path: str, fields: dict[str, str]) -> Any:
    token = page_csrf(client, "/map")
    return client.post(path, data={**fields, "csrf_token": token}, follow_redirects=False)


def _api(client: TestClient, method: str, path: str, body: Any = None) -> Any:
    headers = {"X-CSRF-Token": page_csrf(client, "/map")}
    return client.request(method, path, json=body, headers=headers)


def _close_sams_demo_plan(sam: TestClient, world: World) -> None:
    demo = _sams_plan(world)
    page = sam.get(f"/plans/{demo}").text
    assert (
        _post(
            sam, f"/plans/{demo}/reopen", {"revision": _revision(page), "confirmed": "yes"}
        ).status_code
        == 303
    )
    page = sam.get(f"/plans/{demo}").text
    assert (
        _post(
            sam, f"/plans/{demo}/close", {"revision": _revision(page), "confirmed": "yes"}
        ).status_code
        == 303
    )


ITEM = {
    "competency": "data_analysis",
    "action_id": "",
    "free_text": "Build the monthly KPI pack",
    "target_level": "3",
    "start_on": "2027-01-04",
    "due_on": "2027-03-31",
    "status": "in_progress",
    "effort_hours": "12.5",
}


def test_sam_generates_edits_submits_and_maria_agrees(world: World) -> None:
    sam = sign_in(world.client(), "sam")
    _close_sams_demo_plan(sam, world)
    start = sam.get("/plan")
    assert "Generate a draft from my gaps" in start.text
    assert _post(sam, "/plan/generate", {}).headers["location"] == "/plan"
    page = sam.get("/plan").text
    assert "Towards PMO Analyst" in page and "Edit item 1" in page
    plan_id = int(re.search(r'action="/plans/(\d+)/submit"', page).group(1))  # type: ignore[union-attr]
    generated = _stored(world, plan_id)
    assert generated.status is PlanStatus.DRAFT and len(generated.items) >= 2
    assert all(i.action_id and i.due_on and i.effort_hours for i in generated.items)

    changed = _post(sam, f"/plans/{plan_id}/items/1", {**ITEM, "revision": _revision(page)})
    assert changed.status_code == 303
    page = sam.get("/plan").text
    added = {**ITEM, "competency": "", "free_text": "Shadow the portfolio office"}
    assert _post(sam, f"/plans/{plan_id}/items", {**added, "revision": _revision(page)}).is_redirect
    page = sam.get("/plan").text
    assert _post(
        sam, f"/plans/{plan_id}/items/2/remove", {"revision": _revision(page), "confirmed": "yes"}
    ).is_redirect
    edited = _stored(world, plan_id)
    first = edited.items[0]
    assert (first.competency, first.target_level, str(first.due_on), first.effort_hours) == (
        "data_analysis",
        3,
        "2027-03-31",
        12.5,
    )
    assert first.status.value == "in_progress"
    assert edited.items[-1].free_text == "Shadow the portfolio office"
    assert len(edited.items) == len(generated.items)  # one added, one removed

    page = sam.get("/plan").text
    assert _post(sam, f"/plans/{plan_id}/submit", {"revision": _revision(page)}).is_redirect

    maria = sign_in(world.client(), "maria")
    inbox = maria.get("/inbox")
    assert "Sam Patel" in inbox.text and f'href="/plans/{plan_id}"' in inbox.text
    review = maria.get(f"/plans/{plan_id}").text
    assert "Request changes" in review
    agreed = _post(maria, f"/plans/{plan_id}/agree", {"revision": _revision(review)})
    assert agreed.status_code == 303
    stored = _stored(world, plan_id)
    assert stored.status is PlanStatus.AGREED
    assert stored.agreed_by_id == world.person_id("maria") and stored.agreed_at is not None

    seen_by_sam = sam.get(f"/plans/{plan_id}").text
    assert "Agreed by Maria Lopez on" in seen_by_sam
    assert (
        "submitted → agreed" in seen_by_sam
        and "UTC · Maria Lopez · submitted → agreed" in seen_by_sam
    )
    assert f'href="/plans/{plan_id}"' not in maria.get("/inbox").text

    # a later check-in does not move who agreed or when
    assert _post(sam, f"/plans/{plan_id}/checkins", {"held_on": "2027-02-01"}).is_redirect
    later = _stored(world, plan_id)
    assert (later.agreed_by_id, later.agreed_at) == (stored.agreed_by_id, stored.agreed_at)
    detail = sam.get(f"/api/v1/plans/{plan_id}").json()
    assert detail["agreed_by"]["name"] == "Maria Lopez"
    assert [(e["from"], e["to"]) for e in detail["history"]][-2:] == [
        ("draft", "submitted"),
        ("submitted", "agreed"),
    ]


def test_a_peer_cannot_see_a_plan_and_the_owner_cannot_agree_it(world: World) -> None:
    plan_id = _sams_plan(world)
    revision = str(_stored(world, plan_id).revision)
    priya = sign_in(world.client(), "priya")
    assert priya.get(f"/plans/{plan_id}").status_code == 404
    assert priya.get(f"/api/v1/plans/{plan_id}").status_code == 404
    assert _post(priya, f"/plans/{plan_id}/agree", {"revision": revision}).status_code == 404
    assert priya.get("/inbox").status_code == 403
    sam = sign_in(world.client(), "sam")
    refused = _post(sam, f"/plans/{plan_id}/agree", {"revision": revision})
    assert refused.status_code == 403 and "cannot agree your own plan" in refused.text
    api = _api(sam, "POST", f"/api/v1/plans/{plan_id}/agree", {"revision": int(revision)})
    assert api.status_code == 403
    assert _stored(world, plan_id).status is PlanStatus.SUBMITTED


def test_a_stale_revision_is_refused_and_nothing_changes(world: World) -> None:
    plan_id = _sams_plan(world)
    sam = sign_in(world.client(), "sam")
    old_page = sam.get(f"/plans/{plan_id}").text
    stale = _revision(old_page)
    assert _post(
        sam, f"/plans/{plan_id}/reopen", {"revision": stale, "confirmed": "yes"}
    ).is_redirect
    before = _stored(world, plan_id)
    answer = _post(sam, f"/plans/{plan_id}/items/1", {**ITEM, "revision": stale})
    assert answer.status_code == 409
    assert "Changed meanwhile" in answer.text and "reload" in answer.text
    api = _api(sam, "PATCH", f"/api/v1/plans/{plan_id}", {"revision": int(stale), "items": []})
    assert api.status_code == 409 and "reload" in api.json()["error"]["message"]
    assert _stored(world, plan_id) == before


def test_changes_need_a_comment_which_both_then_see(world: World) -> None:
    plan_id = _sams_plan(world)
    maria = sign_in(world.client(), "maria")
    revision = _revision(maria.get(f"/plans/{plan_id}").text)
    empty = _post(maria, f"/plans/{plan_id}/request-changes", {"revision": revision})
    assert empty.status_code == 400 and "comment" in empty.text
    sent = _post(
        maria,
        f"/plans/{plan_id}/request-changes",
        {"revision": revision, "comment": "Add a stakeholder action"},
    )
    assert sent.is_redirect
    sam_view = sign_in(world.client(), "sam").get("/plan").text
    assert "changes requested" in sam_view and "Add a stakeholder action" in sam_view
    assert "Edit item 1" in sam_view  # the owner may edit again
    assert "created as draft" in sam_view and "draft → submitted" in sam_view
    assert "submitted → changes requested" in sam_view


def test_a_checkin_is_recorded_and_the_trend_shows_it(world: World) -> None:
    plan_id = _sams_plan(world)
    maria = sign_in(world.client(), "maria")
    before = maria.get(f"/plans/{plan_id}").text
    dots = before.count('class="trend-dot"')
    recorded = _post(
        maria,
        f"/plans/{plan_id}/checkins",
        {"held_on": "2027-06-30", "notes": "Good progress on reporting", "progress_1": "40"},
    )
    assert recorded.status_code == 303
    after = maria.get(f"/plans/{plan_id}").text
    assert after.count('class="trend-dot"') == dots + 1
    assert "<td>30 June 2027</td>" in after and "Good progress on reporting" in after
    assert "item 1: 40%" in after
    listed = maria.get(f"/api/v1/plans/{plan_id}/checkins").json()
    assert listed["count"] == 3 and listed["data"][-1]["progress"] == {"1": 40}
    bad = _post(maria, f"/plans/{plan_id}/checkins", {"held_on": "2027-07-01", "progress_1": "x"})
    assert bad.status_code == 400 and "progress_1" in bad.text
    too_much = _api(
        maria,
        "POST",
        f"/api/v1/plans/{plan_id}/checkins",
        {"held_on": "2027-07-01", "progress": {"1": 150}},
    )
    assert too_much.status_code == 422 and "progress" in too_much.text


def test_the_api_journey_and_its_field_checks(world: World) -> None:
    priya = sign_in(world.client(), "priya")
    assert priya.get("/api/v1/plans").json() == {"data": [], "count": 0}
    created = _api(priya, "POST", "/api/v1/plans", {"from_gaps": True})
    assert created.status_code == 201, created.text
    plan = created.json()
    assert plan["status"] == "draft" and plan["items"] and plan["revision"] == 1
    again = _api(priya, "POST", "/api/v1/plans", {})
    assert again.status_code == 400 and "open plan" in again.json()["error"]["message"]
    no_revision = _api(priya, "PATCH", f"/api/v1/plans/{plan['id']}", {"comment": "x"})
    assert no_revision.status_code == 422 and "revision" in no_revision.text
    too_high = _api(
        priya,
        "PATCH",
        f"/api/v1/plans/{plan['id']}",
        {"revision": 1, "items": [{"free_text": "x", "target_level": 99}]},
    )
    assert too_high.status_code == 422 and "target_level" in too_high.text
    patched = _api(
        priya,
        "PATCH",
        f"/api/v1/plans/{plan['id']}",
        {"revision": 1, "items": [{"competency": "data_analysis", "free_text": "Dashboards"}]},
    )
    assert patched.status_code == 200 and patched.json()["revision"] == 2
    submitted = _api(priya, "POST", f"/api/v1/plans/{plan['id']}/submit", {"revision": 2})
    assert submitted.json()["status"] == "submitted"
    maria = sign_in(world.client(), "maria")
    waiting = maria.get("/api/v1/inbox").json()
    assert plan["id"] in [e["plan_id"] for e in waiting["data"]]
    agreed = _api(maria, "POST", f"/api/v1/plans/{plan['id']}/agree", {"revision": 3})
    assert agreed.json()["agreed_by_id"] == world.person_id("maria")
    assert agreed.json()["agreed_at"]


def test_a_bad_item_field_is_named(world: World) -> None:
    plan_id = _sams_plan(world)
    sam = sign_in(world.client(), "sam")
    revision = _revision(sam.get(f"/plans/{plan_id}").text)
    assert _post(
        sam, f"/plans/{plan_id}/reopen", {"revision": revision, "confirmed": "yes"}
    ).is_redirect
    revision = _revision(sam.get(f"/plans/{plan_id}").text)
    bad = _post(
        sam, f"/plans/{plan_id}/items/1", {**ITEM, "target_level": "lots", "revision": revision}
    )
    assert bad.status_code == 400 and 'value="lots" aria-invalid="true"' in bad.text  # kept
    assert "A whole number from 0 to 10." in bad.text and "target_level:" not in bad.text
    late = {**ITEM, "start_on": "2027-05-01", "due_on": "2027-01-01", "revision": revision}
    assert _post(sam, f"/plans/{plan_id}/items/1", late).status_code == 400
