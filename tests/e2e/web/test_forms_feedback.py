"""Issue 16: refused forms keep what was typed and say why at the field, in plain words; every
change says what it did on the next page; destructive actions ask first, without JavaScript."""

from __future__ import annotations

import inspect
import re
from typing import Any

from fastapi.testclient import TestClient

from pmopath.domain.plans import PlanStatus
from tests.e2e.web.conftest import World, page_csrf, sign_in

REVISION = re.compile(r'name="revision" value="(\d+)"')
INTERNAL = re.compile(r"\b(item \d+|target_role|levels|comment|progress_\d+|due_on|title):")


def _post(client: TestClient, path: str, fields: dict[str, Any]) -> Any:
    token = page_csrf(client, "/map")
    return client.post(path, data={**fields, "csrf_token": token}, follow_redirects=False)


def _plan(world: World, key: str = "sam") -> Any:
    with world.runtime.unit_of_work() as uow:
        return uow.plans.for_person(world.person_id(key))[0]


def _draft(world: World, sam: TestClient) -> Any:
    """Sam's demo plan, withdrawn to a draft (confirmed), as stored now."""
    plan = _plan(world)
    if plan.status is PlanStatus.SUBMITTED:
        fields = {"revision": plan.revision, "confirmed": "yes"}
        assert _post(sam, f"/plans/{plan.id}/reopen", fields).status_code == 303
    return _plan(world)


def _no_internal_names(html: str) -> None:
    main = html.split('<main id="main"', 1)[1]
    assert not INTERNAL.search(main), INTERNAL.search(main)


def test_a_refused_item_keeps_what_was_typed_and_says_why_at_the_due_date(world: World) -> None:
    sam = sign_in(world.client(), "sam")
    plan = _draft(world, sam)
    typed = {
        "revision": plan.revision,
        "free_text": "Shadow the portfolio board",
        "start_on": "2027-05-01",
        "due_on": "2027-03-01",
        "effort_hours": "12",
    }
    refused = _post(sam, f"/plans/{plan.id}/items", typed)
    assert refused.status_code == 400
    page = refused.text
    assert 'value="Shadow the portfolio board"' in page and 'value="2027-05-01"' in page
    assert 'value="2027-03-01" aria-invalid="true"' in page
    assert '<p class="field-problem" id="new-due_on-problem">Due before it starts.</p>' in page
    assert '<details class="past" open>' in page  # the add form is open, not hidden
    _no_internal_names(page)
    assert len(_plan(world).items) == len(plan.items)  # nothing was added

    number = len(plan.items)
    edit = {**typed, "free_text": "Changed"}
    refused = _post(sam, f"/plans/{plan.id}/items/{number}", edit)
    assert refused.status_code == 400
    assert f'id="item{number}-due_on-problem"' in refused.text and 'value="Changed"' in refused.text
    _no_internal_names(refused.text)


def test_a_refused_check_in_keeps_its_notes_and_progress(world: World) -> None:
    sam = sign_in(world.client(), "sam")
    plan = _plan(world)
    fields = {
        "held_on": "2027-01-10",
        "notes": "Good month",
        "progress_1": "40",
        "progress_99": "5",
    }
    refused = _post(sam, f"/plans/{plan.id}/checkins", fields)
    assert refused.status_code == 400
    assert "Good month" in refused.text and 'value="40"' in refused.text
    assert "No item 99 in this plan" in refused.text
    _no_internal_names(refused.text)


def test_asking_for_changes_without_saying_what_keeps_the_page(world: World) -> None:
    maria = sign_in(world.client(), "maria")
    plan = _plan(world)
    refused = _post(maria, f"/plans/{plan.id}/request-changes", {"revision": plan.revision})
    assert refused.status_code == 400
    assert 'id="changes-comment-problem">Say what should change.</p>' in refused.text
    _no_internal_names(refused.text)
    assert _plan(world).status is PlanStatus.SUBMITTED


def _someone_without_a_target(world: World) -> str:
    with world.runtime.unit_of_work() as uow:
        for account in uow.accounts.everyone():
            person = account.person_id
            if person is None or uow.plans.for_person(person):
                continue
            if not any(t.is_primary for t in uow.targets.for_person(person)):
                return str(account.email).split("@")[0]
    raise AssertionError("the demo has nobody without a target")


def test_generate_is_offered_only_with_a_target_and_a_refusal_says_why(world: World) -> None:
    key = _someone_without_a_target(world)
    member = sign_in(world.client(), key)
    start = member.get("/plan").text
    assert "Generate a draft from my gaps" not in start  # no button that cannot work
    assert "you have none yet" in start and 'href="/paths"' in start
    refused = _post(member, "/plan/generate", {})
    assert refused.status_code == 400
    assert "Choose a target role first." in refused.text and 'id="generate-problem"' in refused.text
    _no_internal_names(refused.text)

    sam = sign_in(world.client(), "sam")
    plan = _draft(world, sam)
    assert _post(sam, f"/plans/{plan.id}/close", {"revision": plan.revision, "confirmed": "yes"})
    start = sam.get("/plan").text
    assert "Generate a draft from my gaps" in start and "your primary target" in start
    made = _post(sam, "/plan/generate", {})
    assert made.status_code == 303 and "Your draft plan is ready" in sam.get("/plan").text


def test_a_manager_assessment_with_nothing_rated_keeps_the_note(world: World) -> None:
    maria = sign_in(world.client(), "maria")
    sam = world.person_id("sam")
    refused = _post(maria, f"/people/{sam}/assessment", {"note": "Discussed at the 1:1", "a": ""})
    assert refused.status_code == 400
    assert "Discussed at the 1:1" in refused.text and 'id="assess-problem"' in refused.text
    assert "Choose a rating for at least one competency" in refused.text
    _no_internal_names(refused.text)


def test_a_self_assessment_saved_with_nothing_answered_shows_the_step_again(world: World) -> None:
    sam = sign_in(world.client(), "sam")
    refused = _post(sam, "/assessment", {"go": "save", "here": "business_case"})
    assert refused.status_code == 400
    assert 'id="assessment-problem"' in refused.text and "Business case" in refused.text
    _no_internal_names(refused.text)


def test_each_change_says_what_it_did_once_on_the_next_page(world: World) -> None:
    sam = sign_in(world.client(), "sam")
    plan = _draft(world, sam)
    shown = sam.get(f"/plans/{plan.id}").text
    assert '<div class="flash" role="status"><p class="notice">Plan withdrawn' in shown
    assert 'role="status"' not in sam.get(f"/plans/{plan.id}").text.split("<h1>")[0]  # once
    done = _post(sam, f"/plans/{plan.id}/submit", {"revision": plan.revision + 0})
    assert done.status_code == 303
    assert "Plan submitted" in sam.get(done.headers["location"]).text
    signed_out = _post(sam, "/sign-out", {})
    assert "You are signed out." in sam.get(signed_out.headers["location"]).text


def test_a_forged_message_cookie_is_ignored(world: World) -> None:
    sam = sign_in(world.client(), "sam")
    sam.cookies.set("pmopath_flash", "WW91IHdvbiE.99999999999.deadbeef")
    assert "You won" not in sam.get("/plan").text


def test_closing_asks_first_then_closes_and_the_plan_reopens(world: World) -> None:
    sam = sign_in(world.client(), "sam")
    plan = _draft(world, sam)
    asked = _post(sam, f"/plans/{plan.id}/close", {"revision": plan.revision})
    assert asked.status_code == 200 and "Close this plan?" in asked.text
    assert 'name="confirmed" value="yes"' in asked.text and 'name="csrf_token"' in asked.text
    assert _plan(world).status is PlanStatus.DRAFT  # nothing changed yet
    closed = _post(sam, f"/plans/{plan.id}/close", {"revision": plan.revision, "confirmed": "yes"})
    assert closed.status_code == 303 and _plan(world).status is PlanStatus.CLOSED
    page = sam.get(f"/plans/{plan.id}").text
    assert "Plan closed" in page and "Reopen this plan" in page
    again = {"revision": _plan(world).revision}
    assert _post(sam, f"/plans/{plan.id}/reopen", again).status_code == 303  # no need to ask
    assert _plan(world).status is PlanStatus.DRAFT
    assert "Plan reopened as a draft." in sam.get(f"/plans/{plan.id}").text


def test_removing_an_item_and_withdrawing_ask_first(world: World) -> None:
    sam = sign_in(world.client(), "sam")
    plan = _plan(world)
    asked = _post(sam, f"/plans/{plan.id}/reopen", {"revision": plan.revision})
    assert asked.status_code == 200 and "Withdraw this plan?" in asked.text
    assert _plan(world).status is PlanStatus.SUBMITTED
    plan = _draft(world, sam)
    asked = _post(sam, f"/plans/{plan.id}/items/1/remove", {"revision": plan.revision})
    assert asked.status_code == 200 and "Remove item 1?" in asked.text
    assert len(_plan(world).items) == len(plan.items)
    fields = {"revision": plan.revision, "confirmed": "yes"}
    assert _post(sam, f"/plans/{plan.id}/items/1/remove", fields).status_code == 303
    assert len(_plan(world).items) == len(plan.items) - 1
    assert "Item 1 removed." in sam.get(f"/plans/{plan.id}").text


def test_a_stranger_gets_no_confirmation_page(world: World) -> None:
    priya = sign_in(world.client(), "priya")
    plan = _plan(world)
    assert _post(priya, f"/plans/{plan.id}/close", {"revision": plan.revision}).status_code == 404


def test_a_bad_date_comes_back_with_the_form_not_a_dead_end(world: World) -> None:
    sam = sign_in(world.client(), "sam")
    plan = _plan(world)
    fields = {"held_on": "31/01/2027", "notes": "Typed with care"}
    refused = _post(sam, f"/plans/{plan.id}/checkins", fields)
    assert refused.status_code == 400 and "Typed with care" in refused.text
    assert 'id="checkin-held_on-problem">A date such as 2027-03-31.</p>' in refused.text
    logged = {"title": "Ran the portfolio board", "happened_on": "yesterday", "description": "Kept"}
    refused = _post(sam, "/evidence", logged)
    assert refused.status_code == 400 and 'value="Ran the portfolio board"' in refused.text
    assert 'id="happened_on-problem"' in refused.text and 'value="yesterday"' in refused.text
    _no_internal_names(refused.text)


# Every page form that ends, removes or revokes something asks first: a new one must be added
# here and take a ``confirmed`` field (web/forms.py), or this fails.
ASKS_FIRST = {
    "/admin/accounts/{account_id}": "disable an account",
    "/admin/accounts/{account_id}/tokens/{token_id}/revoke": "revoke an account's API token",
    "/admin/accounts/{account_id}/identities/unlink": "unlink a single sign-on identity",
    "/feedback/{request_id}/withdraw": "withdraw a feedback request (its links stop working)",
    "/people/{person_id}/calendar-feed/revoke": "revoke a calendar feed",
    "/people/{person_id}/history/{spell_id}/remove": "remove a past role",
    "/plans/{plan_id}/close": "close a plan",
    "/plans/{plan_id}/items/{number}/remove": "remove an item",
    "/plans/{plan_id}/reopen": "withdraw a submitted plan, revise an agreed one",
    "/calibration/sessions/{session_id}/close": "close a calibration session",
    "/mentoring/offer/withdraw": "withdraw an offer to mentor",
    "/mentoring/{relationship_id}/decline": "decline a proposed mentoring",
    "/mentoring/{relationship_id}/end": "end a mentoring with its review",
}
DESTRUCTIVE_WORDS = re.compile(r"/(?:remove|close|revoke|withdraw|disable|delete|erase|reopen)\b")


def test_every_destructive_page_form_takes_a_confirmation(world: World) -> None:
    from fastapi.routing import APIRoute

    posts = [
        r
        for prefix, router in world.app.state.mounted_routers
        if not prefix  # the pages' routers
        for r in router.routes
        if isinstance(r, APIRoute) and "POST" in r.methods
    ]
    asking = {r.path for r in posts if "confirmed" in inspect.signature(r.endpoint).parameters}
    assert asking == set(ASKS_FIRST)
    worded = {r.path for r in posts if DESTRUCTIVE_WORDS.search(r.path)}
    assert worded <= asking, f"destructive by name, not asking first: {sorted(worded - asking)}"
