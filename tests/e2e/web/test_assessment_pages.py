"""Pages: the step-by-step self-assessment, its history, person pages, targets and evidence."""

from __future__ import annotations

import html
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient

from pmopath.domain.people import AssessmentSource, RecordedAssessment
from tests.e2e.web.conftest import World, page_csrf, sign_in

FIRST, SECOND = "strategic_alignment", "business_case"


def _count(world: World, key: str) -> int:
    with world.runtime.unit_of_work() as uow:
        return uow.assessments.count_for(world.person_id(key))


def _post(client: TestClient, path: str, data: dict[str, Any]) -> Any:
    token = page_csrf(client, "/map")
    return client.post(path, data={**data, "csrf_token": token}, follow_redirects=False)


def test_the_self_assessment_walks_competencies_and_saves_once(world: World) -> None:
    client = sign_in(world.client(), "sam")
    before = _count(world, "sam")
    first = client.get("/assessment")
    assert first.status_code == 200
    assert "Competency 1 of 28" in first.text
    assert "Strategic alignment" in first.text
    assert "Can name the organisation&#39;s main objectives" in first.text  # an anchor
    assert 'value="strategic_alignment:' in first.text and " checked" not in first.text
    indicators = world.runtime.store().framework.competencies_by_id["strategic_alignment"]
    shown = html.unescape(first.text)
    assert "What this level looks like" in shown
    for level in (1, 5):  # each level's knowledge, practice and example of evidence
        assert indicators.indicators[level].application in shown
        assert indicators.indicators[level].evidence in shown
    with world.runtime.unit_of_work() as uow:  # a PMO Administrator has no level in strategy
        levels = uow.assessments.current_levels(world.person_id("sam"))
    assert "strategic_alignment" not in levels
    held = client.get("/assessment", params={"competency": "information_management"})
    level = levels["information_management"]
    assert f'value="information_management:{level}" checked' in held.text  # sam's current level
    assert 'rel="next"' in first.text and 'rel="prev"' not in first.text
    moved = _post(client, "/assessment", {"a": f"{FIRST}:3", "go": SECOND})
    assert moved.status_code == 303
    location = moved.headers["location"]
    assert parse_qs(urlsplit(location).query) == {"competency": [SECOND], "a": [f"{FIRST}:3"]}
    second = client.get(location)
    assert "Competency 2 of 28" in second.text
    assert f'name="a" value="{FIRST}:3"' in second.text  # carried in a hidden field
    assert 'rel="prev"' in second.text
    assert _count(world, "sam") == before  # nothing saved yet
    back = client.get("/assessment", params={"competency": FIRST, "a": f"{FIRST}:3"})
    assert f'value="{FIRST}:3" checked' in back.text  # my answer, not my current level
    saved = _post(client, "/assessment", {"a": [f"{FIRST}:3", f"{SECOND}:2"], "go": "save"})
    assert saved.headers["location"] == "/assessment/history"
    assert _count(world, "sam") == before + 1
    with world.runtime.unit_of_work() as uow:
        latest = uow.assessments.for_person(world.person_id("sam"))[-1]
    assert latest.source is AssessmentSource.SELF
    assert dict(latest.levels) == {FIRST: 3, SECOND: 2}
    history = client.get("/assessment/history")
    assert "Your self-assessment is saved." in history.text
    assert "self assessment" in history.text and "manager assessment by Maria Lopez" in history.text


def test_bad_steps_and_answers_are_refused_with_the_field_named(world: World) -> None:
    client = sign_in(world.client(), "sam")
    assert client.get("/assessment", params={"competency": "juggling"}).status_code == 404
    before = _count(world, "sam")
    for answer, words in (  # in words: the competency's name, not levels.<id>
        (f"{FIRST}:9", FIRST.replace("_", " ").capitalize() + ":"),
        ("juggling:2", "Juggling: there is no such competency."),
        ("nonsense", "is not competency:level"),
    ):
        refused = _post(client, "/assessment", {"a": answer, "go": "save"})
        assert refused.status_code == 400, answer
        assert words in refused.text and "levels." not in refused.text
        assert client.get("/assessment", params={"a": answer}).status_code == 400
    empty = _post(client, "/assessment", {"go": "save"})
    assert empty.status_code == 400
    assert _count(world, "sam") == before
    admin = sign_in(world.client(), "admin")
    assert admin.get("/assessment").status_code == 404  # no person of their own


def test_history_says_what_changed_since_last_time(world: World) -> None:
    sam = world.person_id("sam")
    now = world.runtime.clock()
    with world.runtime.unit_of_work() as uow:
        previous = [a for a in uow.assessments.for_person(sam) if a.source.value == "self"][-1]
        levels = dict(previous.levels)
        rose, fell = sorted(levels)[:2]
        changed = {**levels, rose: min(5, levels[rose] + 1), fell: max(0, levels[fell] - 1)}
        if changed[fell] == levels[fell]:
            changed[fell] = levels[fell] + 1
        uow.assessments.add(
            RecordedAssessment(
                None, sam, previous.framework_version_id, AssessmentSource.SELF, changed,
                now + timedelta(seconds=1),
            )
        )  # fmt: skip
        uow.readiness.refresh()
        uow.commit()
    page = sign_in(world.client(), "sam").get("/assessment/history")
    assert page.status_code == 200
    section = page.text.split("What changed since last time")[1].split("Every assessment")[0]
    assert section.count("<tr>") == 3  # the header and two changes
    assert "rose" in section


def test_person_pages_show_the_record_to_self_managers_and_admins(world: World) -> None:
    sam = world.person_id("sam")
    own = sign_in(world.client(), "sam").get(f"/people/{sam}")
    assert own.status_code == 200
    assert "Sam Patel" in own.text and "Maria Lopez" in own.text
    assert "Readiness for PMO Analyst" in own.text and "Role history" in own.text
    assert '<span class="tag">primary</span>' in own.text
    assert "Add target" in own.text and "Assess Sam Patel as their manager" not in own.text
    for key in ("maria", "alex"):
        managed = sign_in(world.client(), key).get(f"/people/{sam}")
        assert "Assess Sam Patel as their manager" in managed.text
        assert "Add target" not in managed.text
        assert "Latest assessments" in managed.text and "Maria Lopez</td>" in managed.text
    assert sign_in(world.client(), "admin").get(f"/people/{sam}").status_code == 200
    assert f'href="/people/{sam}"' in sign_in(world.client(), "sam").get("/").text
    priya = sign_in(world.client(), "priya")
    assert priya.get(f"/people/{sam}").status_code == 404
    assert priya.get("/people/987654").status_code == 404
    assert priya.get("/people/not-a-number").status_code == 422
    lena = world.person_id("lena")  # no target: her levels are listed instead of the chart
    untargeted = sign_in(world.client(), "lena").get(f"/people/{lena}")
    assert "Current levels" in untargeted.text and "No primary target role yet." in untargeted.text


def test_a_manager_assesses_a_report_and_a_member_may_not(world: World) -> None:
    sam = world.person_id("sam")
    maria = sign_in(world.client(), "maria")
    before = _count(world, "sam")
    done = _post(maria, f"/people/{sam}/assessment", {"a": [f"{FIRST}:4", ""], "note": "Q4"})
    assert done.headers["location"] == f"/people/{sam}?assessed=1"
    with world.runtime.unit_of_work() as uow:
        latest = uow.assessments.for_person(sam)[-1]
    assert latest.source is AssessmentSource.MANAGER
    assert latest.assessor_id == world.person_id("maria") and dict(latest.levels) == {FIRST: 4}
    assert _count(world, "sam") == before + 1
    assert "is saved" in maria.get(f"/people/{sam}?assessed=1").text
    member = sign_in(world.client(), "sam")
    assert _post(member, f"/people/{sam}/assessment", {"a": f"{FIRST}:5"}).status_code == 403
    assert _post(maria, f"/people/{sam}/assessment", {"a": f"{FIRST}:7"}).status_code == 400
    long_note = {"a": f"{FIRST}:2", "note": "x" * 2001}
    assert _post(maria, f"/people/{sam}/assessment", long_note).status_code == 422


def test_targets_are_added_and_made_primary_by_their_owner(world: World) -> None:
    sam = world.person_id("sam")
    client = sign_in(world.client(), "sam")
    added = _post(client, f"/people/{sam}/targets", {"role": "portfolio_analyst"})
    assert added.status_code == 303
    page = client.get(f"/people/{sam}").text
    assert "Portfolio Analyst" in page and "Make primary" in page
    _post(client, f"/people/{sam}/targets", {"role": "portfolio_analyst", "primary": "true"})
    with world.runtime.unit_of_work() as uow:
        targets = {t.role: t.is_primary for t in uow.targets.for_person(sam)}
    assert targets == {"pmo_analyst": False, "portfolio_analyst": True}
    assert _post(client, f"/people/{sam}/targets", {"role": "astronaut"}).status_code == 400
    maria = sign_in(world.client(), "maria")
    assert _post(maria, f"/people/{sam}/targets", {"role": "pmo_manager"}).status_code == 403


def test_the_evidence_log_adds_checks_and_is_verified_by_a_manager(world: World) -> None:
    client = sign_in(world.client(), "sam")
    page = client.get("/evidence")
    assert page.status_code == 200 and "Rebuilt the weekly RAID log" in page.text
    for part in ("situation", "task", "action", "result"):  # the STAR prompts, one field each
        assert f'<textarea id="{part}" name="{part}"' in page.text
    assert 'type="checkbox"' in page.text
    fields = {
        "title": "Ran the quarterly portfolio review",
        "happened_on": "2026-10-01",
        "description": "Situation: six programmes competing for budget.",
        "impact": "Two projects stopped early.",
        "competencies": ["portfolio_management", "stakeholder_engagement"],
    }
    added = _post(client, "/evidence", fields)
    assert added.headers["location"] == "/evidence"
    listed = client.get("/evidence").text
    assert "Your evidence is logged." in listed and "Ran the quarterly portfolio review" in listed
    blank = _post(client, "/evidence", {**fields, "title": "   "})
    assert blank.status_code == 400
    assert "Say what you achieved" in blank.text and "title:" not in blank.text  # plain words
    assert 'id="title-problem"' in blank.text  # at the field
    assert "Six programmes".lower() in blank.text.lower()  # input kept
    future = _post(client, "/evidence", {**fields, "happened_on": "2999-01-01"})
    assert future.status_code == 400 and 'id="happened_on-problem"' in future.text
    assert "happened_on:" not in future.text
    unknown = _post(client, "/evidence", {**fields, "competencies": ["juggling"]})
    assert unknown.status_code == 400 and "juggling" in unknown.text
    too_long = _post(client, "/evidence", {**fields, "title": "x" * 201})
    assert too_long.status_code == 422 and "Title" in too_long.text
    long_impact = _post(client, "/evidence", {**fields, "impact": "x" * 4001})
    assert long_impact.status_code == 422 and "Impact" in long_impact.text


def test_a_manager_verifies_a_reports_evidence(world: World) -> None:
    sam = world.person_id("sam")
    with world.runtime.unit_of_work() as uow:
        evidence_id = uow.plans.evidence_for(sam)[0].id
    owner = sign_in(world.client(), "sam")
    assert _post(owner, f"/evidence/{evidence_id}/verify", {}).status_code == 403
    priya = sign_in(world.client(), "priya")
    assert _post(priya, f"/evidence/{evidence_id}/verify", {}).status_code == 404
    maria = sign_in(world.client(), "maria")
    assert "Mark verified by me" in maria.get(f"/people/{sam}").text
    done = _post(maria, f"/evidence/{evidence_id}/verify", {})
    assert done.headers["location"] == f"/people/{sam}#evidence"
    assert "Verified by Maria Lopez" in maria.get(f"/people/{sam}").text
    assert "verified by a manager" in owner.get("/evidence").text
    with world.runtime.unit_of_work() as uow:
        audit = [e for e in uow.audit.entries(entity="evidence") if e.action == "evidence.verify"]
    assert [e.actor for e in audit] == ["web:maria@demo.pmopath.org"]
