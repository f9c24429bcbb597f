"""Mentoring on the fakes: offers, the matching rules (places, never the line of management,
another team preferred, the largest gap first, explained) and a relationship from request to
review, with who sees which notes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from pmopath.bootstrap.files import default_framework
from pmopath.domain.errors import InvalidRequest, NotFound, PermissionDenied
from pmopath.domain.mentoring import Goal, RelationshipStatus
from pmopath.domain.people import AccountRole, Person, Target
from pmopath.domain.permissions import Viewer
from pmopath.domain.plans import Plan, PlanStatus
from pmopath.services.mentoring import kpi, matching, offers, overview, relationships, sessions
from pmopath.services.mentoring.access import Part
from pmopath.services.ports.store import Store
from tests.support.fake_ports import fake_store
from tests.support.fakes import FakeState, FakeUnitOfWork

FW = default_framework()
NOW = datetime(2027, 3, 1, 9, tzinfo=UTC)
BOSS, MARIA, SAM, OMAR, PAT, RUTH, DEV = 1, 2, 3, 4, 5, 6, 7
ADMIN = Viewer(AccountRole.ADMIN, None)


ROLE = FW.roles_by_id["pmo_analyst"]
LARGEST, SECOND = "performance_reporting", "data_analysis"
REQUIRED = dict(ROLE.required_levels)
MENTEE_LEVELS = {**REQUIRED, LARGEST: 0, SECOND: REQUIRED[SECOND] - 1}
"""Sam and Ruth meet PMO analyst but for two gaps: LARGEST (all of it) and SECOND (a level)."""


@pytest.fixture
def state() -> FakeState:
    fake = FakeState()
    for pid, name, manager, team in (
        (BOSS, "Alex", None, "Leadership"),
        (MARIA, "Maria", BOSS, "PMO"),
        (SAM, "Sam", MARIA, "PMO"),
        (OMAR, "Omar", BOSS, "Change"),
        (PAT, "Pat", BOSS, "PMO"),
        (RUTH, "Ruth", MARIA, "PMO"),
        (DEV, "Dev", OMAR, "Change"),
    ):
        fake.people[pid] = Person(
            pid, f"{name.lower()}@example.org", name, "pmo_administrator", None, manager, team
        )
    for mentee in (SAM, RUTH):
        fake.targets[mentee] = [Target("pmo_analyst", True)]
        _levels(fake, mentee, MENTEE_LEVELS)
    return fake


def _levels(state: FakeState, person: int, levels: dict[str, int]) -> None:
    state.current[person] = {c: (v, NOW - timedelta(days=1)) for c, v in levels.items()}


def _store(state: FakeState) -> Store:
    return fake_store(state, FW, NOW)


def _me(person: int, role: AccountRole = AccountRole.MEMBER) -> Viewer:
    return Viewer(role, person)


def _offer(store: Store, person: int, competencies: list[str], capacity: int = 2) -> None:
    offers.offer_to_mentor(
        store,
        _me(person),
        str(person),
        competencies=competencies,
        capacity=capacity,
        availability="Tuesdays",
        actor="test",
    )


def test_an_offer_needs_level_four_and_says_which_field(state: FakeState) -> None:
    _levels(state, PAT, {LARGEST: 3, SECOND: 4})
    store = _store(state)
    with pytest.raises(InvalidRequest, match=r"^competencies: you hold .* at level 3; "):
        _offer(store, PAT, [LARGEST])
    with pytest.raises(InvalidRequest, match=r"^capacity: "):
        _offer(store, PAT, [SECOND], capacity=0)
    with pytest.raises(InvalidRequest, match=r"^availability: at most 300"):
        offers.offer_to_mentor(
            store,
            _me(PAT),
            str(PAT),
            competencies=[SECOND],
            capacity=1,
            availability="x" * 301,
            actor="t",
        )
    assert state.mentoring.offers == {}  # nothing kept from a refused offer
    _offer(store, PAT, [SECOND, SECOND])
    assert state.mentoring.offers[PAT].competencies == (SECOND,)
    with pytest.raises(PermissionDenied):  # a manager does not offer for a report
        offers.offer_to_mentor(
            store,
            _me(MARIA, AccountRole.MANAGER),
            str(SAM),
            competencies=[SECOND],
            capacity=1,
            availability="",
            actor="t",
        )
    offers.withdraw_offer(store, _me(PAT), str(PAT), actor="test")
    assert state.mentoring.offers == {}
    actions = [e.action for e in state.audit]
    assert actions == ["mentoring.offer", "mentoring.offer_withdraw"]


def test_never_the_line_manager_nor_anyone_above(state: FakeState) -> None:
    for boss in (MARIA, BOSS):
        _levels(state, boss, {LARGEST: 5, SECOND: 5})
    store = _store(state)
    _offer(store, MARIA, [LARGEST, SECOND])
    _offer(store, BOSS, [LARGEST, SECOND])
    result = matching.match_group(store, ADMIN)
    assert all(p.mentee_id not in (SAM, RUTH) for p in result.proposals)
    sam = next(u for u in result.unmatched if u.person_id == SAM)
    assert "nobody with room offers their largest gaps" in sam.reason


def test_prefers_a_mentor_in_another_team_and_explains_why(state: FakeState) -> None:
    _levels(state, PAT, {LARGEST: 4})
    _levels(state, OMAR, {LARGEST: 4})
    store = _store(state)
    _offer(store, PAT, [LARGEST], capacity=1)
    _offer(store, OMAR, [LARGEST], capacity=1)
    found = {p.mentee_id: p for p in matching.match_group(store, ADMIN).proposals}
    assert {found[SAM].mentor_id, found[RUTH].mentor_id} == {PAT, OMAR}  # both placed
    _offer(store, PAT, [LARGEST], capacity=1)
    with FakeUnitOfWork(state, NOW) as uow:
        (proposal,) = matching.match_people(store, uow, [state.people[SAM]]).proposals
    assert proposal.mentor_id == OMAR and proposal.other_team
    name = FW.competencies_by_id[LARGEST].name
    assert proposal.explanation.startswith(f"{name} is Sam's largest gap for PMO Analyst")
    assert "Omar holds it at level 4" in proposal.explanation
    assert "works in another team" in proposal.explanation
    assert "not in Sam's line of management" in proposal.explanation


def test_the_largest_gap_wins_over_the_team(state: FakeState) -> None:
    _levels(state, PAT, {LARGEST: 5})
    _levels(state, OMAR, {SECOND: 5})
    store = _store(state)
    _offer(store, PAT, [LARGEST], capacity=1)
    _offer(store, OMAR, [SECOND], capacity=1)
    with FakeUnitOfWork(state, NOW) as uow:
        (proposal,) = matching.match_people(store, uow, [state.people[SAM]]).proposals
    assert proposal.competency == LARGEST and proposal.mentor_id == PAT
    assert "Pat is in the same team and is not in" in proposal.explanation


def test_places_are_respected_and_a_live_mentee_takes_one(state: FakeState) -> None:
    _levels(state, OMAR, {LARGEST: 5, SECOND: 5})
    store = _store(state)
    _offer(store, OMAR, [LARGEST, SECOND], capacity=1)
    result = matching.match_group(store, ADMIN)
    assert [p.mentor_id for p in result.proposals] == [OMAR]
    assert result.places == 1
    left = [u for u in result.unmatched if u.person_id in (SAM, RUTH)]
    assert len(left) == 1 and "taken" in left[0].reason
    relationships.accept_proposals(store, ADMIN, actor="test")
    again = matching.match_group(store, ADMIN)
    assert again.proposals == () and again.places == 0


def test_members_do_not_match_groups_and_managers_match_their_tree(state: FakeState) -> None:
    _levels(state, OMAR, {LARGEST: 5})
    store = _store(state)
    _offer(store, OMAR, [LARGEST], capacity=3)
    with pytest.raises(PermissionDenied):
        matching.match_group(store, _me(SAM))
    mine = matching.match_group(store, _me(MARIA, AccountRole.MANAGER))
    assert {p.mentee_id for p in mine.proposals} == {SAM, RUTH}
    with pytest.raises(InvalidRequest, match="^team: nobody"):
        matching.match_group(store, _me(MARIA, AccountRole.MANAGER), team="Nowhere")


def _active(state: FakeState, store: Store) -> int:
    _levels(state, OMAR, {LARGEST: 5})
    _offer(store, OMAR, [LARGEST], capacity=2)
    asked = relationships.request_mentor(store, _me(SAM), str(SAM), actor="sam")
    assert asked.mentor_id == OMAR and asked.mentee_agreed_at is not None
    assert asked.id is not None
    relationships.agree(store, _me(OMAR), asked.id, actor="omar")
    return asked.id


def test_a_relationship_from_request_to_review(state: FakeState) -> None:
    store = _store(state)
    state.plans[1] = Plan(1, SAM, "pmo_analyst", 1, PlanStatus.AGREED, ())
    rid = _active(state, store)
    started = state.mentoring.relationships[rid]
    assert started.status is RelationshipStatus.ACTIVE and started.started_on == NOW.date()
    notices = [(n.person_id, n.message) for n in state.notifications.values()]
    assert (
        OMAR,
        "You are proposed as Sam's mentor for Performance reporting: agree or decline.",
    ) in notices or any(
        p == OMAR and m.startswith("You are proposed as Sam's mentor") for p, m in notices
    )
    assert (SAM, "Your mentoring with Omar has started.") in notices
    assert not any(p == SAM and "proposed" in m for p, m in notices)  # Sam asked: no notice
    (item,) = state.plans[1].items  # the goal is a mentoring item of Sam's open plan
    assert item.action_id == "find_a_mentor" and item.mentoring_goal_id == started.goals[0].id
    assert item.free_text.startswith("Mentoring with Omar: Raise ")
    assert state.plans[1].status is PlanStatus.AGREED
    sessions.log_session(
        store, _me(OMAR), rid, held_on=NOW.date(), notes="private words", actions="read", actor="o"
    )
    with pytest.raises(InvalidRequest, match="^held_on: the date cannot be in the future"):
        sessions.log_session(
            store,
            _me(SAM),
            rid,
            held_on=NOW.date() + timedelta(days=1),
            notes="x",
            actions="",
            actor="s",
        )
    with pytest.raises(InvalidRequest, match="^review: "):
        relationships.end_relationship(store, _me(SAM), rid, "  ", actor="s")
    ended = relationships.end_relationship(
        store, _me(SAM), rid, "Sam runs the cycle now.", actor="s"
    )
    assert ended.status is RelationshipStatus.ENDED and ended.ended_on == NOW.date()
    (evidence,) = [e for e in state.evidence if e.person_id == OMAR]
    assert evidence.title.startswith("Mentored a colleague")  # never the mentee's name
    assert "Sam" not in evidence.title + evidence.description
    assert "coaching_mentoring" in evidence.competencies
    assert (
        evidence.impact == "Sam runs the cycle now." and "private words" not in evidence.description
    )
    with FakeUnitOfWork(state, NOW) as uow:
        assert kpi.active_pairs(uow, date(2027, 1, 1), date(2027, 3, 1)) == 1
        assert kpi.active_pairs(uow, date(2027, 3, 2), date(2027, 4, 1)) == 0
        assert kpi.active_pairs(uow, date(2027, 1, 1), date(2027, 3, 1), [DEV]) == 0
        assert kpi.active_pairs(uow, date(2027, 1, 1), date(2027, 3, 1), [SAM]) == 1
        with pytest.raises(InvalidRequest, match="^to: "):
            kpi.active_pairs(uow, date(2027, 3, 1), date(2027, 1, 1))


def test_private_notes_stay_with_the_pair_until_the_mentee_shares(state: FakeState) -> None:
    store = _store(state)
    rid = _active(state, store)
    logged = sessions.log_session(
        store,
        _me(OMAR),
        rid,
        held_on=NOW.date(),
        notes="private",
        actions="todo",
        shared=True,
        actor="o",
    )
    assert not logged.shared  # only the mentee shares
    for viewer in (_me(MARIA, AccountRole.MANAGER), ADMIN, _me(BOSS, AccountRole.MANAGER)):
        (line,) = overview.relationship_view(store, viewer, rid).sessions
        assert line.notes is None and line.actions is None
    for viewer in (_me(SAM), _me(OMAR)):
        (line,) = overview.relationship_view(store, viewer, rid).sessions
        assert line.notes == "private"
    with pytest.raises(NotFound):
        overview.relationship_view(store, _me(PAT), rid)
    assert logged.id is not None
    with pytest.raises(PermissionDenied):
        sessions.share_session(store, _me(OMAR), logged.id, True, actor="o")
    sessions.share_session(store, _me(SAM), logged.id, True, actor="s")
    (line,) = overview.relationship_view(store, _me(MARIA, AccountRole.MANAGER), rid).sessions
    assert line.notes == "private"


def test_the_mentor_sees_progress_only_when_shared(state: FakeState) -> None:
    store = _store(state)
    rid = _active(state, store)
    mentor_view = overview.relationship_view(store, _me(OMAR), rid)
    assert mentor_view.part is Part.MENTOR and not mentor_view.sees_progress
    assert all(g.level is None for g in mentor_view.goals)
    with pytest.raises(PermissionDenied):
        relationships.share_progress(store, _me(OMAR), rid, True, actor="o")
    relationships.share_progress(store, _me(SAM), rid, True, actor="s")
    shared = overview.relationship_view(store, _me(OMAR), rid)
    assert shared.sees_progress and shared.goals[0].level == 0


def test_goals_change_only_while_proposed_and_agreement_starts_again(state: FakeState) -> None:
    _levels(state, OMAR, {LARGEST: 5})
    store = _store(state)
    _offer(store, OMAR, [LARGEST])
    asked = relationships.request_mentor(store, _me(SAM), str(SAM), actor="s")
    assert asked.id is not None
    with pytest.raises(InvalidRequest, match="^goals: goal 1 says nothing"):
        relationships.set_goals(store, _me(OMAR), asked.id, [Goal("  ")], actor="o")
    changed = relationships.set_goals(
        store, _me(OMAR), asked.id, [Goal("Run a reporting cycle", LARGEST)], actor="o"
    )
    assert changed.mentee_agreed_at is None and changed.goals[0].text == "Run a reporting cycle"
    with pytest.raises(PermissionDenied):
        relationships.agree(store, _me(MARIA, AccountRole.MANAGER), asked.id, actor="m")
    relationships.agree(store, _me(OMAR), asked.id, actor="o")
    started = relationships.agree(store, _me(SAM), asked.id, actor="s")
    assert started.status is RelationshipStatus.ACTIVE
    with pytest.raises(InvalidRequest, match="^goals: agreed goals stay"):
        relationships.set_goals(store, _me(SAM), asked.id, [Goal("new")], actor="s")
    with pytest.raises(InvalidRequest, match="^plan: start a development plan first"):
        relationships.add_goals_to_plan(store, _me(SAM), asked.id, actor="s")


def test_a_goals_plan_item_keeps_its_link_through_edits(state: FakeState) -> None:
    from dataclasses import replace

    from pmopath.domain.plans import PlanItem
    from pmopath.services.plans import records as plans

    store = _store(state)
    state.plans[1] = Plan(
        1, SAM, "pmo_analyst", 1, PlanStatus.DRAFT, (PlanItem(None, None, "Read"),)
    )
    rid = _active(state, store)
    goal = state.mentoring.relationships[rid].goals[0]
    assert state.mentoring.relationships[rid].goals[0].plan_id == 1
    mentoring_item = state.plans[1].items[1]
    assert mentoring_item.mentoring_goal_id == goal.id
    # the pages and the API send items without the link: the service keeps it
    sent = [replace(i, mentoring_goal_id=None, id=None) for i in state.plans[1].items]
    sent[1] = replace(sent[1], free_text="Mentoring with Omar, renamed")
    saved = plans.update_plan(
        store, 1, state.plans[1].revision, items=list(reversed(sent)), actor="s", viewer=_me(SAM)
    )
    assert [i.mentoring_goal_id for i in saved.items] == [goal.id, None]
    view = overview.relationship_view(store, _me(SAM), rid)
    assert view.goals[0].in_plan and view.goals[0].item_status is not None


def test_shared_notes_reach_the_mentees_managers_and_admins_never_the_mentors() -> None:
    from pmopath.services.mentoring.access import Part, sees_notes

    for part in (Part.MENTOR, Part.MENTEE):
        assert sees_notes(part, shared=False) and sees_notes(part, shared=True)
    for part in (Part.MENTEES_MANAGER, Part.ADMIN):
        assert not sees_notes(part, shared=False) and sees_notes(part, shared=True)
    assert not sees_notes(Part.MENTORS_MANAGER, shared=True)
    assert not sees_notes(Part.MENTORS_MANAGER, shared=False)
