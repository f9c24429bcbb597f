"""Text that cannot be stored (NUL, other control characters) is bad input on every surface,
on SQLite and PostgreSQL alike: 422 from the API, the form again from a page, never a 500."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.e2e.web.conftest import World, csrf_of, page_csrf, sign_in
from tests.e2e.web.test_admin import admin_client, people_count
from tests.e2e.web.test_plans import _sams_plan

UNUSABLE = ["\x00", "\x07", "\x1b[31m", "\x7f"]
IDS = ["NUL", "bell", "escape", "delete"]


def _api(client: TestClient, path: str, body: Any) -> Any:
    return client.post(path, json=body, headers={"X-CSRF-Token": page_csrf(client, "/map")})


def _evidence(world: World, bad: str) -> tuple[Any, str]:
    sam = sign_in(world.client(), "sam")
    body = {"title": "Led the review", "happened_on": "2026-01-05", "description": f"a{bad}b"}
    return _api(sam, f"/api/v1/people/{world.person_id('sam')}/evidence", body), "description"


def _note(world: World, bad: str) -> tuple[Any, str]:
    sam = sign_in(world.client(), "sam")
    competency = next(iter(world.runtime.store().framework.competencies_by_id))
    body = {"source": "self", "levels": {competency: 2}, "note": f"x{bad}"}
    return _api(sam, f"/api/v1/people/{world.person_id('sam')}/assessments", body), "note"


def _checkin(world: World, bad: str) -> tuple[Any, str]:
    maria = sign_in(world.client(), "maria")
    body = {"held_on": "2027-06-30", "notes": f"Good{bad}"}
    return _api(maria, f"/api/v1/plans/{_sams_plan(world)}/checkins", body), "notes"


def _token_label(world: World, bad: str) -> tuple[Any, str]:
    sam = sign_in(world.client(), "sam")
    return _api(sam, "/api/v1/tokens", {"label": f"laptop{bad}"}), "label"


def _account_email(world: World, bad: str) -> tuple[Any, str]:
    client, _ = admin_client(world)
    body = {"email": f"new{bad}@example.org", "role": "member", "password": "plum tractor 42 x"}
    return _api(client, "/api/v1/admin/accounts", body), "email"


def _csv_name(world: World, bad: str) -> tuple[Any, str]:
    client, token = admin_client(world)
    text = f"email,name\nnew.one@example.org,New{bad}One\n"
    answer = client.post(
        "/api/v1/admin/people",
        params={"dry_run": "true"},
        content=text.encode(),
        headers={"content-type": "text/csv", "x-csrf-token": token},
    )
    return answer, "row 2, name"


API_CALLS: list[Callable[[World, str], tuple[Any, str]]] = [
    _evidence,
    _note,
    _checkin,
    _token_label,
    _account_email,
    _csv_name,
]


@pytest.mark.parametrize("bad", UNUSABLE, ids=IDS)
@pytest.mark.parametrize("call", API_CALLS, ids=lambda c: c.__name__.strip("_"))
def test_the_api_refuses_control_characters_with_422(
    world: World, call: Callable[[World, str], tuple[Any, str]], bad: str
) -> None:
    before = people_count(world)
    answer, field = call(world, bad)
    assert answer.status_code == 422, answer.text
    assert field in answer.text and "control character" in answer.text
    assert people_count(world) == before


def test_tab_newline_and_return_stay_allowed_in_free_text(world: World) -> None:
    answer, _ = _evidence(world, "\t\r\n")
    assert answer.status_code == 201, answer.text


def test_the_sign_in_form_refuses_a_nul_in_the_email_at_the_field(world: World) -> None:
    client = world.client()
    token = csrf_of(client.get("/sign-in").text)
    answer = client.post(
        "/sign-in",
        data={"email": "sam\x00@demo.pmopath.org", "password": "whatever 123", "csrf_token": token},
    )
    assert answer.status_code == 422
    assert 'name="email"' in answer.text and "control character" in answer.text


def test_the_evidence_form_comes_back_with_the_message(world: World) -> None:
    sam = sign_in(world.client(), "sam")
    token = page_csrf(sam, "/evidence")
    answer = sam.post(
        "/evidence",
        data={
            "title": "Led\x00 the review",
            "happened_on": "2026-01-05",
            "csrf_token": token,
        },
    )
    assert answer.status_code == 400
    assert "<form" in answer.text and "control character" in answer.text


def test_a_lookup_by_an_email_with_a_nul_is_bad_input_not_a_crash(world: World) -> None:
    admin, _ = admin_client(world)
    answer = admin.get("/api/v1/team", params={"manager": "maria\x00@demo.pmopath.org"})
    assert answer.status_code == 422, answer.text
