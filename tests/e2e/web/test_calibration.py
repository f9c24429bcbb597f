"""Calibration through the pages and the API: a manager's flags, a calibrated level that becomes
the current one everywhere (gap, stored readiness, cached answers), refused input kept, the
person's own view, and an admin's session."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from tests.e2e.web.conftest import World, page_csrf, sign_in

C = "governance_assurance"  # the demo's Sam: self 1, Maria 3 (current 3); PMO Analyst needs 3


def _sams_flag(maria: TestClient, sam: int) -> dict[str, Any]:
    flags = maria.get("/api/v1/calibration/flags").json()
    (flag,) = [f for f in flags["data"] if f["person_id"] == sam and f["competency"] == C]
    return dict(flag)


def _gap_level(client: TestClient, sam: int) -> int:
    gap = client.get(f"/api/v1/people/{sam}/gap", params={"role": "pmo_analyst"}).json()
    (row,) = [g for g in gap["gaps"] + gap["awareness"] if g["competency"] == C]
    return int(row["current"])


def _home_readiness(client: TestClient) -> str:
    found = re.search(r'class="gauge-text">([^<]+)<', client.get("/").text)
    assert found
    return found.group(1)


def _readiness(client: TestClient, sam: int) -> float:
    ready = client.get("/api/v1/ready", params={"role": "pmo_analyst", "at_least": 0}).json()
    return float(next(p["readiness"] for p in ready["data"] if p["person_id"] == sam))


def test_a_managers_calibration_becomes_the_current_level_everywhere(world: World) -> None:
    maria = sign_in(world.client(), "maria")
    sam = world.person_id("sam")
    flag = _sams_flag(maria, sam)
    assert flag["levels"] == {"self": 1, "manager": 3} and flag["spread"] == 2
    page = maria.get("/calibration")
    assert page.status_code == 200 and "Sam Patel" in page.text and "2 levels apart" in page.text
    before_gap, before_ready = _gap_level(maria, sam), _readiness(maria, sam)
    assert before_gap == 3
    mine = sign_in(world.client(), "sam")
    home_before = _home_readiness(mine)  # his home page (a cached answer) before
    answer = maria.post(
        f"/people/{sam}/calibration",
        data={
            "csrf_token": page_csrf(maria, "/calibration"),
            "competency": C,
            "level": "1",
            "reason": "Has not yet run a stage-gate review on his own",
            "return_to": "team",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/calibration"
    shown = maria.get("/calibration").text
    assert "it is now the current level" in shown
    assert not [f for f in maria.get("/api/v1/calibration/flags").json()["data"]
                if f["person_id"] == sam and f["competency"] == C]  # fmt: skip
    assert _gap_level(maria, sam) == 1  # the gap (a cached answer) moved with it
    assert _readiness(maria, sam) < before_ready  # so did the stored readiness
    assert _gap_level(mine, sam) == 1
    assert _home_readiness(mine) != home_before
    own = mine.get(f"/people/{sam}/calibration")
    assert own.status_code == 200
    assert "Has not yet run a stage-gate review on his own" in own.text
    assert "Every source side by side" not in own.text  # the comparison is for his manager
    assert mine.get("/calibration", follow_redirects=False).headers["location"] == (
        f"/people/{sam}/calibration"
    )
    admin = sign_in(world.client(), "admin")
    audit = admin.get("/api/v1/audit", params={"action": "calibration.record"}).json()
    (entry,) = audit["data"]
    assert entry["before"]["level"] == 3 and entry["after"]["level"] == 1


def test_a_refused_calibration_keeps_what_was_typed_and_writes_nothing(world: World) -> None:
    maria = sign_in(world.client(), "maria")
    sam = world.person_id("sam")
    csrf = page_csrf(maria, f"/people/{sam}/calibration")
    typed = "Weighed his two reports & the peers' view"
    no_level = maria.post(
        f"/people/{sam}/calibration",
        data={"csrf_token": csrf, "competency": C, "level": "", "reason": typed},
    )
    assert no_level.status_code == 400
    assert "Choose the calibrated level" in no_level.text
    assert "Weighed his two reports &amp; the peers&#39; view</textarea>" in no_level.text
    no_reason = maria.post(
        f"/people/{sam}/calibration",
        data={"csrf_token": csrf, "competency": C, "level": "2", "reason": "  "},
    )
    assert no_reason.status_code == 400 and "Say why this is the level" in no_reason.text
    assert re.search(r'<option value="2" selected>', no_reason.text)
    too_long = maria.post(
        f"/people/{sam}/calibration",
        data={"csrf_token": csrf, "competency": C, "level": "2", "reason": "x" * 501},
    )
    assert too_long.status_code == 400 and "At most 500 characters" in too_long.text
    assert _sams_flag(maria, sam)["current"] == 3  # nothing was written


def test_the_api_refuses_bad_input_at_its_field_and_members_cannot_calibrate(
    world: World,
) -> None:
    maria = sign_in(world.client(), "maria")
    sam = world.person_id("sam")
    headers = {"X-CSRF-Token": page_csrf(maria)}
    url = f"/api/v1/people/{sam}/calibration"
    for body, field in (
        ({"competency": "nope", "level": 2, "reason": "why"}, "competency"),
        ({"competency": C, "level": 9, "reason": "why"}, "level"),
        ({"competency": C, "level": 2, "reason": ""}, "reason"),
    ):
        answer = maria.post(url, json=body, headers=headers)
        assert answer.status_code == 400, answer.text
        assert answer.json()["error"]["message"].startswith(f"{field}: ")
    made = maria.post(url, json={"competency": C, "level": 2, "reason": "halfway"}, headers=headers)
    assert made.status_code == 201
    assert made.json()["previous_level"] == 3 and made.json()["decided_by"] == "Maria Lopez"
    shown = maria.get(url).json()
    (row,) = [r for r in shown["levels"] if r["competency"] == C]
    assert row["current"] == 2 and row["calibrated"]["reason"] == "halfway" and not row["flagged"]
    assert shown["evidence"]  # the demo's evidence of Sam's, counted per competency
    assert all(e["verified"] <= e["logged"] for e in shown["evidence"].values())
    sam_client = sign_in(world.client(), "sam")
    refused = sam_client.post(
        url,
        json={"competency": C, "level": 5, "reason": "me"},
        headers={"X-CSRF-Token": page_csrf(sam_client)},
    )
    assert refused.status_code == 403
    assert sam_client.get("/api/v1/calibration/flags").status_code == 403


def test_an_admin_session_lists_the_spread_outliers_and_what_changed(world: World) -> None:
    admin = sign_in(world.client(), "admin")
    headers = {"X-CSRF-Token": page_csrf(admin)}
    bad = admin.post(
        "/api/v1/calibration/sessions",
        json={"name": "", "kind": "team", "group": "PMO"},
        headers=headers,
    )
    assert bad.status_code == 400 and bad.json()["error"]["message"].startswith("name: ")
    opened = admin.post(
        "/api/v1/calibration/sessions",
        json={"name": "PMO, first quarter", "kind": "manager", "group": "maria@demo.pmopath.org"},
        headers=headers,
    )
    assert opened.status_code == 201, opened.text
    session = opened.json()["id"]
    report = admin.get(f"/api/v1/calibration/sessions/{session}").json()
    assert report["people"] == 5 and report["group"] == "Maria Lopez's team"
    assert report["distribution"] and report["flags"] and report["decisions"] == []
    spread = report["distribution"][0]
    assert sum(spread["counts"].values()) + spread["unrated"] == 5
    maria = sign_in(world.client(), "maria")
    sam = world.person_id("sam")
    decided = maria.post(
        f"/api/v1/people/{sam}/calibration",
        json={
            "competency": C,
            "level": 2,
            "reason": "agreed in the session",
            "session_id": session,
        },
        headers={"X-CSRF-Token": page_csrf(maria)},
    )
    assert decided.status_code == 201, decided.text
    report = admin.get(f"/api/v1/calibration/sessions/{session}").json()
    (change,) = report["decisions"]
    assert (change["person"], change["previous_level"], change["level"]) == ("Sam Patel", 3, 2)
    assert change["decided_by"] == "Maria Lopez"
    page = admin.get(f"/calibration/sessions/{session}")
    assert page.status_code == 200 and "agreed in the session" in page.text
    assert 'role="img"' in page.text  # the chart of levels per competency
    closed = admin.post(f"/api/v1/calibration/sessions/{session}/close", headers=headers)
    assert closed.status_code == 200 and closed.json()["is_open"] is False
    again = admin.post(f"/api/v1/calibration/sessions/{session}/close", headers=headers)
    assert again.status_code == 409
    late = maria.post(
        f"/api/v1/people/{sam}/calibration",
        json={"competency": C, "level": 3, "reason": "late", "session_id": session},
        headers={"X-CSRF-Token": page_csrf(maria)},
    )
    assert late.status_code == 400 and late.json()["error"]["message"].startswith("session: ")
    audit = admin.get("/api/v1/audit", params={"action": "calibration.session"}).json()
    assert {e["action"] for e in audit["data"]} == {
        "calibration.session_open",
        "calibration.session_close",
    }


def test_a_refused_session_form_keeps_what_was_typed(world: World) -> None:
    admin = sign_in(world.client(), "admin")
    answer = admin.post(
        "/calibration/sessions",
        data={
            "csrf_token": page_csrf(admin, "/calibration/sessions"),
            "name": "Nobody's review",
            "kind": "team",
            "group": "No such team",
        },
    )
    assert answer.status_code == 400
    assert "Nobody is in the team" in answer.text
    assert 'value="Nobody&#39;s review"' in answer.text and 'value="No such team"' in answer.text
