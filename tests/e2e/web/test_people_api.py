"""The people API: me, a person, their gap, assessments, targets and evidence; limits enforced."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from pmopath.services.accounts import tokens as accounts
from tests.e2e.web.conftest import World, email, page_csrf, sign_in

FIRST = "strategic_alignment"


def _api(world: World, key: str) -> TestClient:
    """A client carrying a bearer token of ``key``'s account (no cookie, no CSRF needed)."""
    with world.runtime.unit_of_work() as uow:
        account = uow.accounts.by_email(email(key))
    assert account is not None
    _, secret = accounts.create_api_token(world.runtime.store(), account, "test")
    client = world.client()
    client.headers["Authorization"] = f"Bearer {secret}"
    return client


def _error(answer: Any) -> str:
    body = answer.json()
    return str(body["error"]["message"])


def test_me_is_my_account_and_my_record(world: World) -> None:
    me = _api(world, "sam").get("/api/v1/me").json()
    assert me["account"]["email"] == email("sam") and me["account"]["role"] == "member"
    assert me["person"]["name"] == "Sam Patel"
    assert me["person"]["manager"]["name"] == "Maria Lopez"
    assert {"role": "pmo_analyst", "primary": True} in me["person"]["targets"]
    admin = _api(world, "admin").get("/api/v1/me").json()
    assert admin["person"] is None and admin["account"]["role"] == "admin"
    assert world.client().get("/api/v1/me").status_code == 401


def test_a_person_and_their_gap_readable_by_self_managers_and_admin(world: World) -> None:
    sam = world.person_id("sam")
    for key in ("sam", "maria", "alex", "admin"):
        answer = _api(world, key).get(f"/api/v1/people/{sam}")
        assert answer.status_code == 200, key
        assert answer.json()["id"] == sam
    priya = _api(world, "priya")
    assert priya.get(f"/api/v1/people/{sam}").status_code == 404
    assert priya.get("/api/v1/people/987654").status_code == 404
    hidden = priya.get(f"/api/v1/people/{sam}/gap")
    unknown = priya.get("/api/v1/people/987654/gap")
    assert hidden.status_code == unknown.status_code == 404
    assert hidden.json()["error"]["type"] == unknown.json()["error"]["type"] == "NotFound"
    client = _api(world, "sam")
    gap = client.get(f"/api/v1/people/{sam}/gap").json()
    assert gap["role"] == "pmo_analyst" and gap["person"]["id"] == sam
    assert 0 <= gap["readiness"] <= 100 and isinstance(gap["gaps"], list)
    other = client.get(f"/api/v1/people/{sam}/gap", params={"role": "pmo_manager"}).json()
    assert other["role"] == "pmo_manager"
    assert client.get(f"/api/v1/people/{sam}/gap", params={"role": "astronaut"}).status_code == 400
    lena = world.person_id("lena")  # has no target
    no_target = _api(world, "lena").get(f"/api/v1/people/{lena}/gap")
    assert no_target.status_code == 400 and "no target role" in _error(no_target)


def test_assessments_are_listed_and_recorded_by_the_right_people(world: World) -> None:
    sam = world.person_id("sam")
    client = _api(world, "sam")
    listed = client.get(f"/api/v1/people/{sam}/assessments").json()
    assert listed["count"] == 2 and {a["source"] for a in listed["data"]} == {"self", "manager"}
    manager_one = next(a for a in listed["data"] if a["source"] == "manager")
    assert manager_one["assessor"] == "Maria Lopez"
    body = {"source": "self", "levels": {FIRST: 3, "business_case": 2}, "note": "November"}
    made = client.post(f"/api/v1/people/{sam}/assessments", json=body)
    assert made.status_code == 201
    assert made.json()["levels"] == {FIRST: 3, "business_case": 2}
    assert made.json()["assessor_id"] is None
    after = client.get(f"/api/v1/people/{sam}/assessments").json()
    assert after["count"] == 3 and after["data"][0]["id"] == made.json()["id"]
    assert isinstance(after["changes"], list)
    manager = {"source": "manager", "levels": {FIRST: 4}}
    refused = client.post(f"/api/v1/people/{sam}/assessments", json=manager)
    assert refused.status_code == 403
    by_maria = _api(world, "maria").post(f"/api/v1/people/{sam}/assessments", json=manager)
    assert by_maria.status_code == 201
    assert by_maria.json()["assessor_id"] == world.person_id("maria")
    assert by_maria.json()["source"] == "manager"
    priya = _api(world, "priya")
    assert priya.post(f"/api/v1/people/{sam}/assessments", json=body).status_code == 404
    assert priya.get(f"/api/v1/people/{sam}/assessments").status_code == 404


def test_assessment_input_is_checked_field_by_field(world: World) -> None:
    sam = world.person_id("sam")
    client = _api(world, "sam")
    path = f"/api/v1/people/{sam}/assessments"
    off_scale = client.post(path, json={"levels": {FIRST: 9}})
    assert off_scale.status_code == 400 and f"levels.{FIRST}" in _error(off_scale)
    unknown = client.post(path, json={"levels": {"juggling": 2}})
    assert unknown.status_code == 400 and "levels.juggling" in _error(unknown)
    bad: dict[str, Any]
    for bad in (
        {"levels": {FIRST: 101}},
        {"levels": {FIRST: -1}},
        {"levels": {}},
        {"levels": {FIRST: 2}, "note": "x" * 2001},
        {"levels": {FIRST: 2}, "source": "peer"},
        {"levels": {"x" * 81: 2}},
        {"levels": {FIRST: 2}, "surprise": True},
    ):
        answer = client.post(path, json=bad)
        assert answer.status_code == 422, bad
        assert answer.json()["error"]["fields"], bad


def test_targets_are_listed_and_set_by_their_owner(world: World) -> None:
    sam = world.person_id("sam")
    client = _api(world, "sam")
    path = f"/api/v1/people/{sam}/targets"
    assert client.get(path).json() == {
        "data": [{"role": "pmo_analyst", "primary": True}],
        "count": 1,
    }
    added = client.post(path, json={"role": "Portfolio Analyst", "primary": False})
    assert added.status_code == 201
    assert added.json()["data"] == [
        {"role": "pmo_analyst", "primary": True},
        {"role": "portfolio_analyst", "primary": False},
    ]
    assert client.post(path, json={"role": "astronaut"}).status_code == 400
    assert client.post(path, json={"role": "x" * 121}).status_code == 422
    assert client.post(path, json={"role": ""}).status_code == 422
    maria = _api(world, "maria")
    assert maria.get(path).status_code == 200
    assert maria.post(path, json={"role": "pmo_manager"}).status_code == 403
    assert _api(world, "priya").get(path).status_code == 404


def test_evidence_is_logged_listed_and_verified(world: World) -> None:
    sam = world.person_id("sam")
    client = _api(world, "sam")
    path = f"/api/v1/people/{sam}/evidence"
    assert client.get(path).json()["count"] == 1
    body = {
        "title": "Set up the benefits register",
        "happened_on": (world.runtime.clock().date() - timedelta(days=1)).isoformat(),
        "description": "Situation and task",
        "impact": "Benefits tracked monthly",
        "competencies": ["benefits_value"],
    }
    made = client.post(path, json=body)
    assert made.status_code == 201, made.text
    evidence_id = made.json()["id"]
    assert made.json()["verified_by_id"] is None
    listed = client.get(path).json()
    assert listed["count"] == 2 and listed["data"][0]["id"] == evidence_id
    for bad, status in (
        ({**body, "title": ""}, 422),
        ({**body, "title": "x" * 201}, 422),
        ({**body, "impact": "x" * 4001}, 422),
        ({**body, "happened_on": "not a date"}, 422),
        ({**body, "title": "   "}, 400),
        ({**body, "competencies": ["juggling"]}, 400),
        ({**body, "happened_on": "2999-01-01"}, 400),
    ):
        assert client.post(path, json=bad).status_code == status, bad
    assert _api(world, "maria").post(path, json=body).status_code == 403
    assert _api(world, "priya").get(path).status_code == 404
    verify = f"/api/v1/evidence/{evidence_id}/verify"
    assert client.post(verify).status_code == 403
    assert _api(world, "priya").post(verify).status_code == 404
    assert _api(world, "admin").post(verify).status_code == 403
    assert _api(world, "maria").post("/api/v1/evidence/987654/verify").status_code == 404
    verified = _api(world, "alex").post(verify)
    assert verified.status_code == 200
    assert verified.json()["verified_by_id"] == world.person_id("alex")


def test_a_cookie_signed_api_write_needs_the_csrf_header(world: World) -> None:
    sam = world.person_id("sam")
    client = sign_in(world.client(), "sam")
    path = f"/api/v1/people/{sam}/targets"
    assert client.post(path, json={"role": "pmo_manager"}).status_code == 403
    token = page_csrf(client, "/map")
    answer = client.post(path, json={"role": "pmo_manager"}, headers={"X-CSRF-Token": token})
    assert answer.status_code == 201
