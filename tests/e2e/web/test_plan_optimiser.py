"""The optimiser through the web: suggest, pin and remove, infeasible input, use this plan;
certification eligibility on the role page and the API; held credentials on the person page."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from fastapi.testclient import TestClient

from tests.e2e.web.conftest import World, page_csrf, sign_in

REVISION = re.compile(r'name="revision" value="(\d+)"')


def _api(client: TestClient, method: str, path: str, body: Any = None) -> Any:
    headers = {"X-CSRF-Token": page_csrf(client, "/map")}
    return client.request(method, path, json=body, headers=headers)


def _post(client: TestClient, path: str, fields: dict[str, Any]) -> Any:
    token = page_csrf(client, "/map")
    return client.post(path, data={**fields, "csrf_token": token}, follow_redirects=False)


def _plans_of(world: World, key: str) -> list[Any]:
    with world.runtime.unit_of_work() as uow:
        return uow.plans.for_person(world.person_id(key))


def test_the_suggestion_shows_the_schedule_readiness_solver_and_why(world: World) -> None:
    grace = sign_in(TestClient(world.app), "grace")
    page = grace.get("/plan/suggest")
    assert page.status_code == 200, page.text
    text = page.text
    assert "The suggested schedule" in text and "Use this plan" in text
    assert "solver: optimal" in text or "solver: time limit" in text
    assert "Without it: readiness" in text
    assert "Certification eligibility" in text
    answer = _api(grace, "POST", "/api/v1/plans/suggest", {"hours_per_month": 10})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["person_id"] == world.person_id("grace")
    assert body["readiness"] >= body["readiness_before"]
    assert body["items"] and all(i["objectives"] for i in body["items"])
    assert all(i["hours_per_month"] > 0 for i in body["items"])
    assert body["budget"] == 1000 and body["cost"] <= 1000


def test_pins_and_removals_are_kept_and_carried_in_the_address(world: World) -> None:
    grace = sign_in(TestClient(world.app), "grace")
    first = _api(grace, "POST", "/api/v1/plans/suggest", {}).json()["items"]
    assert len(first) >= 2
    removed, kept = first[0]["action"], first[1]["action"]
    pin = f"{kept}@{first[1]['start']}"
    again = _api(
        grace, "POST", "/api/v1/plans/suggest", {"pins": [pin], "without": [removed]}
    ).json()["items"]
    assert removed not in {i["action"] for i in again}
    pinned = next(i for i in again if i["action"] == kept)
    assert pinned["pinned"] and pinned["start"] == first[1]["start"]
    query = urlencode([("pin", pin), ("without", removed), ("hours", "10"), ("budget", "1000")])
    page = grace.get(f"/plan/suggest?{query}").text
    assert "Unpin" in page and "Removed: " in page
    assert f'name="without" value="{removed}"' in page
    assert "allow it again" in page


def test_infeasible_input_says_what_to_relax(world: World) -> None:
    grace = sign_in(TestClient(world.app), "grace")
    query = urlencode([("budget", "0"), ("pin", "pfmp")])
    page = grace.get(f"/plan/suggest?{query}")
    assert page.status_code == 422
    assert "What to relax" in page.text
    answer = _api(grace, "POST", "/api/v1/plans/suggest", {"budget": 0, "pins": ["pfmp"]})
    assert 400 <= answer.status_code < 500
    assert "budget" in answer.json()["error"]["message"]
    bad = _api(grace, "POST", "/api/v1/plans/suggest", {"hours_per_month": -1})
    assert bad.status_code == 422 and "hours_per_month" in bad.text
    month = _api(grace, "POST", "/api/v1/plans/suggest", {"by": "2027-13"})
    assert month.status_code == 400 and "by" in month.json()["error"]["message"]


def test_use_this_plan_starts_a_draft_with_the_shown_items(world: World) -> None:
    grace = sign_in(TestClient(world.app), "grace")
    assert not _plans_of(world, "grace")
    asked = {"hours_per_month": 10, "budget": 1000}  # what the page's form then sends
    shown = _api(grace, "POST", "/api/v1/plans/suggest", asked).json()["items"]
    pins = [f"{i['action']}@{i['start']}" for i in shown]
    fields = {"hours": "10", "budget": "1000", "pin": pins}
    answer = _post(grace, "/plan/suggest/use", fields)
    assert answer.status_code == 303 and answer.headers["location"] == "/plan"
    (plan,) = _plans_of(world, "grace")
    assert [i.action_id for i in plan.items] == [i["action"] for i in shown]
    first = plan.items[0]
    assert first.start_on is not None and first.start_on.isoformat()[:7] == shown[0]["start"]
    assert first.due_on is not None and first.due_on.isoformat()[:7] == shown[0]["end"]
    assert first.free_text  # the SMART objectives


def test_use_this_plan_replaces_a_draft_at_its_revision(world: World) -> None:
    sam = sign_in(TestClient(world.app), "sam")
    (demo,) = _plans_of(world, "sam")
    refused = _post(sam, "/plan/suggest/use", {"hours": "10", "revision": str(demo.revision)})
    assert refused.status_code == 400 and "reopen" in refused.text
    assert (
        _post(
            sam, f"/plans/{demo.id}/reopen", {"revision": str(demo.revision), "confirmed": "yes"}
        ).status_code
        == 303
    )
    page = sam.get("/plan/suggest").text
    revision = REVISION.search(page)
    assert revision is not None
    stale = _post(sam, "/plan/suggest/use", {"hours": "10", "revision": "1"})
    assert stale.status_code == 409
    used = _post(sam, "/plan/suggest/use", {"hours": "10", "revision": revision.group(1)})
    assert used.status_code == 303
    (plan,) = _plans_of(world, "sam")
    assert plan.revision > demo.revision
    assert all(i.action_id for i in plan.items)


def test_eligibility_shows_on_the_role_page_and_in_the_api(world: World) -> None:
    jin = sign_in(TestClient(world.app), "jin")
    page = jin.get("/roles/pmo_manager").text
    assert "Your certification eligibility" in page
    assert "PMP" in page
    mine = _api(jin, "GET", f"/api/v1/people/{world.person_id('jin')}/eligibility")
    assert mine.status_code == 200
    entries = {e["action"]: e for e in mine.json()["data"]}
    assert entries["pmp"]["text"].startswith(("eligible for", "not eligible"))
    other = _api(jin, "GET", f"/api/v1/people/{world.person_id('sam')}/eligibility")
    assert other.status_code == 404


def test_held_credentials_change_eligibility_and_the_plan(world: World) -> None:
    grace = sign_in(TestClient(world.app), "grace")
    me = world.person_id("grace")
    saved = _api(
        grace,
        "PUT",
        f"/api/v1/people/{me}/credentials",
        {"certifications": ["mop_foundation"], "education": "degree"},
    )
    assert saved.status_code == 200, saved.text
    assert saved.json() == {
        "person_id": me,
        "certifications": ["mop_foundation"],
        "education": "degree",
        "earned_on": {},
    }
    held = _api(grace, "GET", f"/api/v1/people/{me}/eligibility").json()["data"]
    assert next(e for e in held if e["action"] == "mop_foundation")["held"] is True
    plan = _api(grace, "POST", "/api/v1/plans/suggest", {}).json()
    assert "mop_foundation" not in {i["action"] for i in plan["items"]}
    wrong = _api(grace, "PUT", f"/api/v1/people/{me}/credentials", {"certifications": ["mba"]})
    assert wrong.status_code == 400 and "certifications" in wrong.json()["error"]["message"]
    level = _api(grace, "PUT", f"/api/v1/people/{me}/credentials", {"education": "phd"})
    assert level.status_code == 422 and "education" in level.text
    sam = world.person_id("sam")
    assert _api(grace, "PUT", f"/api/v1/people/{sam}/credentials", {}).status_code == 404


def test_the_person_page_records_credentials(world: World) -> None:
    sam = sign_in(TestClient(world.app), "sam")
    me = world.person_id("sam")
    page = sam.get(f"/people/{me}").text
    assert "Certifications and eligibility" in page and "none recorded" in page
    fields = {"certifications": ["capm", "prince2_foundation"], "education": "secondary"}
    answer = _post(sam, f"/people/{me}/credentials", fields)
    assert answer.status_code == 303
    page = sam.get(f"/people/{me}").text
    assert "CAPM" in page or "capm" in page.lower()
    assert "education: secondary" in page
    exported = _api(sam, "GET", f"/api/v1/people/{me}/credentials").json()
    assert exported["certifications"] == ["capm", "prince2_foundation"]
    bad = _post(sam, f"/people/{me}/credentials", {"education": "phd"})
    assert bad.status_code == 400 and "education" in bad.text


def test_the_plan_page_shows_eligibility_to_its_owner_and_manager(world: World) -> None:
    (demo,) = _plans_of(world, "sam")
    for key in ("sam", "maria"):
        client = sign_in(TestClient(world.app), key)
        page = client.get(f"/plans/{demo.id}").text
        assert "Certification eligibility" in page
        assert "eligible for CAPM" in page or "Certified Associate" in page


def test_the_api_uses_a_suggestion_and_refuses_a_stale_revision(world: World) -> None:
    ruth = sign_in(TestClient(world.app), "ruth")
    started = _api(ruth, "POST", "/api/v1/plans/suggest/use", {"hours_per_month": 12})
    assert started.status_code == 200, started.text
    plan = started.json()
    assert plan["status"] == "draft" and plan["items"]
    body = {"hours_per_month": 10, "budget": 0, "balance": False, "revision": plan["revision"]}
    replaced = _api(ruth, "POST", "/api/v1/plans/suggest/use", body)
    assert replaced.status_code == 200 and replaced.json()["revision"] == plan["revision"] + 1
    stale = _api(ruth, "POST", "/api/v1/plans/suggest/use", body)
    assert stale.status_code == 409
