"""Role history with kinds and earned dates, through the API and the person page."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.e2e.web.conftest import World, page_csrf, sign_in


def _api(client: TestClient, method: str, path: str, body: Any = None) -> Any:
    headers = {"X-CSRF-Token": page_csrf(client, "/map")}
    return client.request(method, path, json=body, headers=headers)


def _post(client: TestClient, path: str, fields: dict[str, Any]) -> Any:
    token = page_csrf(client, "/map")
    return client.post(path, data={**fields, "csrf_token": token}, follow_redirects=False)


def _acp(client: TestClient, person: int) -> dict[str, Any]:
    found = _api(client, "GET", f"/api/v1/people/{person}/eligibility").json()["data"]
    return next(e for e in found if e["action"] == "pmi_acp")  # type: ignore[no-any-return]


def test_agile_months_entered_through_the_api_make_the_pmi_acp_eligible(world: World) -> None:
    grace = sign_in(TestClient(world.app), "grace")
    me = world.person_id("grace")
    held = {"certifications": [], "education": "secondary"}
    assert _api(grace, "PUT", f"/api/v1/people/{me}/credentials", held).status_code == 200
    before = _acp(grace, me)
    assert "agile project experience" not in before["text"]
    spell = {
        "role": "project_manager",
        "started_on": "2022-06",  # to 2024-05: 24 months, with a 29th of February (see
        "ended_on": "2024-05",  # test_role_history.py on the experience model's months)
        "kinds": ["agile"],
    }
    added = _api(grace, "POST", f"/api/v1/people/{me}/history", spell)
    assert added.status_code == 201, added.text
    body = added.json()
    assert body["role_title"] and body["kinds"] == ["agile"] and body["current"] is False
    assert body["started_on"] == "2022-06-01" and body["ended_on"] == "2024-05-31"
    after = _acp(grace, me)  # the agile route: only the 28 hours of training are left
    assert "24 months of agile project experience" in after["text"], after["text"]
    listed = _api(grace, "GET", f"/api/v1/people/{me}/history").json()
    assert listed["kinds"] == ["agile"] and body in listed["data"]
    assert listed["count"] == len(listed["data"])
    overlap = _api(grace, "POST", f"/api/v1/people/{me}/history", {**spell, "kinds": []})
    assert overlap.status_code == 400 and "started_on" in overlap.json()["error"]["message"]
    for bad, field in (
        ({**spell, "ended_on": "2099-01"}, "ended_on"),
        ({**spell, "started_on": "June 2021"}, "started_on"),
        ({**spell, "role": "astronaut"}, "role"),
        ({**spell, "started_on": "2010-01", "ended_on": "2010-06", "kinds": ["scrum"]}, "kinds"),
    ):
        refused = _api(grace, "POST", f"/api/v1/people/{me}/history", bad)
        assert refused.status_code == 400, refused.text
        assert refused.json()["error"]["message"].startswith(field)
    assert _api(grace, "GET", f"/api/v1/people/{me}/history").json() == listed
    gone = _api(grace, "DELETE", f"/api/v1/people/{me}/history/{body['id']}")
    assert gone.status_code == 200 and gone.json() == body
    assert _api(grace, "DELETE", f"/api/v1/people/{me}/history/{body['id']}").status_code == 404
    assert _acp(grace, me) == before


def test_earned_dates_through_the_api_show_an_expired_certificate(world: World) -> None:
    sam = sign_in(TestClient(world.app), "sam")
    me = world.person_id("sam")
    today = world.runtime.clock().date()
    month = today.year * 12 + today.month - 1 - 37
    earned = f"{month // 12:04d}-{month % 12 + 1:02d}"
    body = {"certifications": ["prince2_foundation"], "earned_on": {"prince2_foundation": earned}}
    saved = _api(sam, "PUT", f"/api/v1/people/{me}/credentials", body)
    assert saved.status_code == 200, saved.text
    assert saved.json()["earned_on"] == {"prince2_foundation": f"{earned}-01"}
    found = _api(sam, "GET", f"/api/v1/people/{me}/eligibility").json()["data"]
    entry = next(e for e in found if e["action"] == "prince2_foundation")
    assert "expired" in entry["text"] and "renew" in entry["text"]
    kept = _api(sam, "PUT", f"/api/v1/people/{me}/credentials", {**body, "earned_on": None})
    assert kept.json()["earned_on"] == {"prince2_foundation": f"{earned}-01"}
    for wrong in ({"capm": "2024-01"}, {"prince2_foundation": "2099-01"}):
        refused = _api(sam, "PUT", f"/api/v1/people/{me}/credentials", {**body, "earned_on": wrong})
        assert refused.status_code == 400
        assert refused.json()["error"]["message"].startswith("earned_on.")


def test_the_person_page_adds_and_removes_spells_and_keeps_a_refused_form(world: World) -> None:
    maria = sign_in(TestClient(world.app), "maria")
    sam = world.person_id("sam")
    fields = {"role": "project_manager", "started_on": "2015-01", "ended_on": "2016-12"}
    added = _post(maria, f"/people/{sam}/history", {**fields, "kinds": "agile"})
    assert added.status_code == 303
    page = maria.get(f"/people/{sam}").text
    assert "January 2015" in page and "December 2016" in page and "agile" in page
    refused = _post(maria, f"/people/{sam}/history", {**fields, "started_on": "2016-06"})
    assert refused.status_code == 400
    assert "Overlaps" in refused.text and 'value="2016-06"' in refused.text
    assert "started_on:" not in refused.text  # plain words, no internal field names
    listed = _api(maria, "GET", f"/api/v1/people/{sam}/history").json()["data"]
    spell = next(s for s in listed if s["started_on"] == "2015-01-01")
    asked = _post(maria, f"/people/{sam}/history/{spell['id']}/remove", {})
    assert asked.status_code == 200 and "Remove this spell?" in asked.text
    assert "January 2015" in maria.get(f"/people/{sam}").text  # nothing removed before confirming
    removed = _post(maria, f"/people/{sam}/history/{spell['id']}/remove", {"confirmed": "yes"})
    assert removed.status_code == 303
    assert "January 2015" not in maria.get(f"/people/{sam}").text


def test_the_person_page_records_earned_dates_and_keeps_a_refused_form(world: World) -> None:
    sam = sign_in(TestClient(world.app), "sam")
    me = world.person_id("sam")
    form = {
        "certifications": ["capm"],
        "earned_for": ["capm", "pmp"],
        "earned": ["2024-05", ""],
    }
    assert _post(sam, f"/people/{me}/credentials", form).status_code == 303
    assert "earned May 2024" in sam.get(f"/people/{me}").text
    refused = _post(sam, f"/people/{me}/credentials", {**form, "earned": ["2024-05", "2023-01"]})
    assert refused.status_code == 400
    assert 'value="2023-01" aria-invalid="true"' in refused.text  # kept, marked at the field
    assert "earned_on." not in refused.text  # plain words, no internal field names
