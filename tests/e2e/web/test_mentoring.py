"""Mentoring through the API and the pages: an offer refused with the field named, matching
explained, the relationship from request to review, and who reads a pair's notes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.e2e.web.conftest import World, page_csrf, signed_in_world
from tests.e2e.web.mentoring_world import omar_can_mentor, store_of

SIGNED_IN = ("sam", "priya", "maria", "alex", "omar", "admin")


@pytest.fixture
def world(request: pytest.FixtureRequest, database_kind: str) -> Iterator[World]:
    """The demo world with Sam, Omar (a possible mentor), managers and the admin signed in."""
    yield from signed_in_world(request, SIGNED_IN)


def _api(client: TestClient, method: str, path: str, body: Any = None) -> Any:
    headers = {"X-CSRF-Token": page_csrf(client, "/map")}
    return client.request(method, "/api/v1" + path, json=body, headers=headers)


def _post(client: TestClient, path: str, fields: dict[str, Any]) -> Any:
    token = page_csrf(client, "/map")
    return client.post(path, data={**fields, "csrf_token": token}, follow_redirects=False)


def test_an_offer_below_level_four_is_refused_at_its_field(world: World) -> None:
    sam = world.signed_in("sam")
    page = sam.get("/mentoring")
    assert page.status_code == 200 and "Find a mentor" in page.text
    refused = _post(
        sam,
        "/mentoring/offer",
        {"competencies": ["data_analysis"], "capacity": "2", "availability": "Fridays"},
    )
    assert refused.status_code == 400
    assert "mentoring needs level 4 or more" in refused.text
    answer = _api(
        sam,
        "PUT",
        f"/people/{world.person_id('sam')}/mentoring-offer",
        {"competencies": ["data_analysis"], "capacity": 1},
    )
    assert answer.status_code == 400
    assert answer.json()["error"]["message"].startswith(
        "competencies: you hold Data analysis & metrics at level"
    )
    too_many = _api(
        sam,
        "PUT",
        f"/people/{world.person_id('sam')}/mentoring-offer",
        {"competencies": ["data_analysis"], "capacity": 11},
    )
    assert too_many.status_code == 422


def test_an_offer_saved_and_withdrawn_on_the_page(world: World) -> None:
    gaps = omar_can_mentor(store_of(world), offer=False)
    omar = world.signed_in("omar")
    saved = _post(
        omar,
        "/mentoring/offer",
        {"competencies": gaps[:2], "capacity": "3", "availability": "Mondays"},
    )
    assert saved.status_code == 303
    got = _api(omar, "GET", f"/people/{world.person_id('omar')}/mentoring-offer").json()
    assert got["competencies"] == gaps[:2] and got["capacity"] == 3
    asked = _post(omar, "/mentoring/offer/withdraw", {})
    assert asked.status_code == 200 and "Nothing has changed yet" in asked.text
    gone = _post(omar, "/mentoring/offer/withdraw", {"confirmed": "yes"})
    assert gone.status_code == 303
    missing = _api(omar, "GET", f"/people/{world.person_id('omar')}/mentoring-offer")
    assert missing.status_code == 404


def test_matching_proposes_explains_and_applies(world: World) -> None:
    omar_can_mentor(store_of(world))
    maria = world.signed_in("maria")
    page = maria.get("/mentoring/matching")
    assert page.status_code == 200 and "Sam Patel" in page.text and "Omar Haddad" in page.text
    assert "line of management." in page.text and "holds it at level 5" in page.text
    sam, omar = world.person_id("sam"), world.person_id("omar")
    bad = _post(maria, "/mentoring/matching", {"pair": ["nonsense"]})
    assert bad.status_code == 400 and "could not be read" in bad.text
    accepted = _post(maria, "/mentoring/matching", {"pair": [f"{sam}-{omar}"]})
    assert accepted.status_code == 303
    mine = _api(world.signed_in("sam"), "GET", "/mentoring").json()
    assert [(r["my_part"], r["other_name"], r["status"]) for r in mine["data"]] == [
        ("mentee", "Omar Haddad", "proposed")
    ]
    assert _api(world.signed_in("sam"), "POST", "/mentoring/match", {}).status_code == 403
    team = _api(maria, "POST", "/mentoring/match", {"team": "Nowhere"})
    assert team.status_code == 400 and team.json()["error"]["message"].startswith("team: nobody")


def test_the_relationship_from_request_to_review_and_who_reads_notes(world: World) -> None:
    omar_can_mentor(store_of(world))
    sam, omar = world.signed_in("sam"), world.signed_in("omar")
    asked = _api(sam, "POST", "/mentoring/requests")
    assert asked.status_code == 201, asked.text
    rid = asked.json()["id"]
    assert asked.json()["mentor_name"] == "Omar Haddad" and asked.json()["mentee_agreed"]
    started = _api(omar, "POST", f"/mentoring/{rid}/agree").json()
    assert started["status"] == "active" and started["goals"][0]["in_plan"]
    future = _api(
        omar,
        "POST",
        f"/mentoring/{rid}/sessions",
        {"held_on": "2999-01-01", "notes": "x"},
    )
    assert future.status_code == 400 and future.json()["error"]["message"].startswith("held_on:")
    logged = _post(
        omar,
        f"/mentoring/{rid}/sessions",
        {
            "held_on": started["started_on"],
            "notes": "Talked about the RAID log",
            "actions": "Draft",
        },
    )
    assert logged.status_code == 303
    for key in ("maria", "alex", "admin"):
        seen = _api(world.signed_in(key), "GET", f"/mentoring/{rid}").json()
        assert seen["sessions"][0]["notes"] is None, key
        assert "Talked about the RAID log" not in world.signed_in(key).get(f"/mentoring/{rid}").text
    assert _api(world.signed_in("priya"), "GET", f"/mentoring/{rid}").status_code == 404
    mentor_view = _api(omar, "GET", f"/mentoring/{rid}").json()
    assert mentor_view["sessions"][0]["notes"] == "Talked about the RAID log"
    assert mentor_view["goals"][0]["level"] is None  # Sam shares no progress yet
    session_id = mentor_view["sessions"][0]["id"]
    assert (
        _api(omar, "PUT", f"/mentoring/sessions/{session_id}/sharing", {"shared": True}).status_code
        == 403
    )
    assert (
        _api(sam, "PUT", f"/mentoring/sessions/{session_id}/sharing", {"shared": True}).status_code
        == 200
    )
    assert _api(world.signed_in("maria"), "GET", f"/mentoring/{rid}").json()["sessions"][0]["notes"]
    _api(sam, "PUT", f"/mentoring/{rid}/progress-sharing", {"shared": True})
    assert _api(omar, "GET", f"/mentoring/{rid}").json()["goals"][0]["level"] is not None
    blank = _post(sam, f"/mentoring/{rid}/end", {"review": "  "})
    assert blank.status_code == 400, blank.text
    assert "what the mentoring achieved" in blank.text, blank.text[-3000:]
    ended = _post(
        sam, f"/mentoring/{rid}/end", {"review": "Sam now runs the cycle.", "confirmed": "yes"}
    )
    assert ended.status_code == 303
    evidence = _api(omar, "GET", f"/people/{world.person_id('omar')}/evidence").json()["data"]
    assert evidence[0]["title"].startswith("Mentored a colleague in ")
    assert "Sam" not in evidence[0]["title"] + evidence[0]["description"]  # nor their goals
    assert "coaching_mentoring" in evidence[0]["competencies"]
    assert evidence[0]["impact"] == "Sam now runs the cycle."
    audit = _api(world.signed_in("admin"), "GET", "/audit?kind=mentoring").json()
    actions = {e["action"] for e in audit["data"]}
    assert {"mentoring.request", "mentoring.start", "mentoring.session", "mentoring.end"} <= actions
