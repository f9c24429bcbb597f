"""Mentoring relationships: proposed (by matching or a mentee's request), agreed by both with
their goals, ended with a short review; the goals go into the mentee's plan as mentoring items,
and the review becomes evidence of the mentor's coaching."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta

from pmopath.domain.errors import InvalidRequest
from pmopath.domain.framework import Framework
from pmopath.domain.mentoring import (
    Goal,
    Relationship,
    RelationshipStatus,
    check_goals,
    check_review,
    coaching_competency,
)
from pmopath.domain.people import AuditEntry
from pmopath.domain.permissions import Viewer
from pmopath.domain.plans import Evidence, Plan, PlanItem, PlanStatus
from pmopath.services.mentoring.access import Part, of_the_pair
from pmopath.services.mentoring.matching import Proposal, group_of, match_people
from pmopath.services.mentoring.notices import notify_pair
from pmopath.services.people.access import own_person
from pmopath.services.people.evidence import check_evidence
from pmopath.services.plans.records import MAX_ITEMS
from pmopath.services.plans.versions import keep_version
from pmopath.services.ports.repositories import UnitOfWork
from pmopath.services.ports.store import Store

MENTORING_ACTION = "find_a_mentor"
"""The shipped framework's development action of working with a mentor (a plan item's kind)."""


def first_goal(framework: Framework, proposal: Proposal) -> Goal:
    """The goal a proposal starts with (the pair may change it before agreeing)."""
    name = framework.competencies_by_id[proposal.competency].name
    text = f"Raise {name} from level {proposal.mentee_level} to {proposal.required}"
    return Goal(text, proposal.competency)


def _new(store: Store, proposal: Proposal, by: int | None, now: datetime) -> Relationship:
    return Relationship(
        None,
        proposal.mentor_id,
        proposal.mentee_id,
        proposal.competency,
        RelationshipStatus.PROPOSED,
        proposal.explanation,
        now,
        by,
        goals=(first_goal(store.framework, proposal),),
    )


def accept_proposals(
    store: Store,
    viewer: Viewer,
    *,
    actor: str,
    team: str | None = None,
    chosen: Collection[tuple[int, int]] | None = None,
) -> list[Relationship]:
    """Propose the chosen (mentee, mentor) pairs of a fresh match over the viewer's group (all
    its proposals when ``chosen`` is None) to both people, who each agree or decline.

    Raises PermissionDenied (not a manager or admin), InvalidRequest when a chosen pair is no
    longer proposed (offers or relationships changed since)."""
    now = store.clock()
    with store.unit_of_work() as uow:
        result = match_people(store, uow, group_of(uow, viewer, team))
        proposals = {(p.mentee_id, p.mentor_id): p for p in result.proposals}
        wanted = list(proposals) if chosen is None else list(dict.fromkeys(chosen))
        gone = [pair for pair in wanted if pair not in proposals]
        if gone:
            raise InvalidRequest(
                f"proposals: {len(gone)} of the chosen pairs are no longer proposed "
                "(offers or mentoring changed since); run matching again"
            )
        made = []
        for pair in wanted:
            relationship = uow.mentoring.add(_new(store, proposals[pair], viewer.person_id, now))
            _audit(uow, now, actor, "mentoring.propose", relationship)
            notify_pair(
                uow, store.framework, relationship, "proposed", by=viewer.person_id, now=now
            )
            made.append(relationship)
        uow.commit()
    return made


def request_mentor(store: Store, viewer: Viewer, reference: str, *, actor: str) -> Relationship:
    """A mentee asks for a mentor: the best mentor with room for one of their largest gaps is
    proposed, the mentee having agreed already. Raises InvalidRequest (why nobody could be
    proposed), NotFound, PermissionDenied."""
    now = store.clock()
    with store.unit_of_work() as uow:
        person = own_person(uow, viewer, reference)
        assert person.id is not None
        result = match_people(store, uow, [person])
        if not result.proposals:
            reason = result.unmatched[0].reason if result.unmatched else "no mentor has room"
            raise InvalidRequest(f"request: no mentor can be proposed: {person.name} {reason}")
        proposal = result.proposals[0]
        relationship = replace(_new(store, proposal, person.id, now), mentee_agreed_at=now)
        saved = uow.mentoring.add(relationship)
        _audit(uow, now, actor, "mentoring.request", saved)
        notify_pair(uow, store.framework, saved, "proposed", by=person.id, now=now)
        uow.commit()
    return saved


def set_goals(
    store: Store, viewer: Viewer, relationship_id: int, goals: Sequence[Goal], *, actor: str
) -> Relationship:
    """Change a proposed relationship's goals (the mentor or the mentee); both agree again."""
    checked = check_goals(store.framework, goals)
    if not checked:
        raise InvalidRequest("goals: set at least one goal")
    now = store.clock()
    with store.unit_of_work() as uow:
        relationship, _ = of_the_pair(uow, viewer, relationship_id)
        _must_be(relationship, RelationshipStatus.PROPOSED, "goals: agreed goals stay as agreed")
        changed = replace(relationship, goals=checked, mentor_agreed_at=None, mentee_agreed_at=None)
        saved = uow.mentoring.save(changed)
        _audit(uow, now, actor, "mentoring.goals", saved, {"goals": len(relationship.goals)})
        uow.commit()
    return saved


def agree(store: Store, viewer: Viewer, relationship_id: int, *, actor: str) -> Relationship:
    """The mentor or the mentee agrees the relationship and its goals; once both have, it is
    active from today and its goals go into the mentee's open plan (if they have one)."""
    now = store.clock()
    with store.unit_of_work() as uow:
        relationship, part = of_the_pair(uow, viewer, relationship_id)
        _must_be(
            relationship, RelationshipStatus.PROPOSED, "status: it is not waiting to be agreed"
        )
        if not relationship.goals:
            raise InvalidRequest("goals: set at least one goal before agreeing")
        if part is Part.MENTOR:
            changed = replace(relationship, mentor_agreed_at=now)
        else:
            changed = replace(relationship, mentee_agreed_at=now)
        if changed.mentor_agreed_at and changed.mentee_agreed_at:
            changed = replace(changed, status=RelationshipStatus.ACTIVE, started_on=now.date())
        saved = uow.mentoring.save(changed)
        action = (
            "mentoring.start" if saved.status is RelationshipStatus.ACTIVE else "mentoring.agree"
        )
        _audit(uow, now, actor, action, saved, {"status": relationship.status.value})
        if saved.status is RelationshipStatus.ACTIVE:
            saved = link_goals_to_plan(store, uow, saved, actor=actor)
            notify_pair(uow, store.framework, saved, "started", by=viewer.person_id, now=now)
        uow.commit()
    return saved


def decline(store: Store, viewer: Viewer, relationship_id: int, *, actor: str) -> Relationship:
    """The mentor or the mentee declines a proposed relationship (it ends before it starts)."""
    now = store.clock()
    with store.unit_of_work() as uow:
        relationship, _ = of_the_pair(uow, viewer, relationship_id)
        _must_be(relationship, RelationshipStatus.PROPOSED, "status: only a proposal is declined")
        changed = replace(
            relationship,
            status=RelationshipStatus.DECLINED,
            ended_on=now.date(),
            ended_by_id=viewer.person_id,
        )
        saved = uow.mentoring.save(changed)
        _audit(uow, now, actor, "mentoring.decline", saved, {"status": "proposed"})
        uow.commit()
    return saved


def share_progress(
    store: Store, viewer: Viewer, relationship_id: int, shares: bool, *, actor: str
) -> Relationship:
    """The mentee lets the mentor see their levels and plan items on the goals, or stops."""
    now = store.clock()
    with store.unit_of_work() as uow:
        relationship, _ = of_the_pair(uow, viewer, relationship_id, only=Part.MENTEE)
        saved = uow.mentoring.save(replace(relationship, shares_progress=shares))
        before = {"shares_progress": relationship.shares_progress}
        _audit(uow, now, actor, "mentoring.share_progress", saved, before)
        uow.commit()
    return saved


def add_goals_to_plan(
    store: Store, viewer: Viewer, relationship_id: int, *, actor: str
) -> Relationship:
    """Put an active relationship's goals not yet in a plan into the mentee's open plan (the
    mentee does). Raises InvalidRequest when they have no open plan or nothing is left."""
    with store.unit_of_work() as uow:
        relationship, _ = of_the_pair(uow, viewer, relationship_id, only=Part.MENTEE)
        _must_be(relationship, RelationshipStatus.ACTIVE, "status: the mentoring is not active")
        if all(goal.plan_id is not None for goal in relationship.goals):
            raise InvalidRequest("goals: every goal is in a plan already")
        if open_plan(uow, relationship.mentee_id) is None:
            raise InvalidRequest("plan: start a development plan first (My plan)")
        saved = link_goals_to_plan(store, uow, relationship, actor=actor)
        uow.commit()
    return saved


def open_plan(uow: UnitOfWork, person_id: int) -> Plan | None:
    """The person's newest plan that is not closed."""
    plans = [p for p in uow.plans.for_person(person_id) if p.status is not PlanStatus.CLOSED]
    return max(plans, key=lambda p: p.id or 0, default=None)


def link_goals_to_plan(
    store: Store, uow: UnitOfWork, relationship: Relationship, *, actor: str
) -> Relationship:
    """Add a mentoring item for each goal not yet in a plan to the mentee's open plan, whatever
    its status (both people agreed it, and it costs nothing; the plan's history shows it).
    Nothing changes when the mentee has no open plan or it is full."""
    plan = open_plan(uow, relationship.mentee_id)
    waiting = [g for g in relationship.goals if g.plan_id is None]
    if plan is None or plan.id is None or not waiting:
        return relationship
    if len(plan.items) + len(waiting) > MAX_ITEMS:
        return relationship
    mentor = uow.people.by_id(relationship.mentor_id)
    items = tuple(
        _item(store.framework, goal, mentor.name if mentor else "a mentor", store.clock().date())
        for goal in waiting
    )
    saved_plan = uow.plans.save(replace(plan, items=plan.items + items), plan.revision)
    keep_version(uow, saved_plan, store.clock())
    uow.audit.record(
        AuditEntry(
            store.clock(),
            actor,
            "plan.update",
            "plan",
            str(plan.id),
            {"items": len(plan.items)},
            {"items": len(saved_plan.items), "mentoring": relationship.id},
        )
    )
    goals = tuple(
        replace(g, plan_id=plan.id) if g.plan_id is None else g for g in relationship.goals
    )
    return uow.mentoring.save(replace(relationship, goals=goals))


def _item(framework: Framework, goal: Goal, mentor: str, today: date) -> PlanItem:
    action = framework.actions_by_id.get(MENTORING_ACTION)
    weeks = action.duration_weeks if action is not None else 26
    return PlanItem(
        goal.competency,
        action.id if action is not None else None,
        f"Mentoring with {mentor}: {goal.text}"[:1000],
        None,
        today,
        today + timedelta(weeks=weeks or 26),
        effort_hours=action.effort_hours if action is not None else 0.0,
        mentoring_goal_id=goal.id,
    )


def end_relationship(
    store: Store, viewer: Viewer, relationship_id: int, review: str, *, actor: str
) -> Relationship:
    """The mentor or the mentee ends an active relationship with a short review, which is
    logged as evidence of the mentor's coaching (the framework's coaching competency)."""
    text = check_review(review)
    now = store.clock()
    with store.unit_of_work() as uow:
        relationship, _ = of_the_pair(uow, viewer, relationship_id)
        _must_be(relationship, RelationshipStatus.ACTIVE, "status: only active mentoring ends")
        changed = replace(
            relationship,
            status=RelationshipStatus.ENDED,
            ended_on=now.date(),
            ended_by_id=viewer.person_id,
            review=text,
        )
        saved = uow.mentoring.save(changed)
        _audit(uow, now, actor, "mentoring.end", saved, {"status": "active"})
        notify_pair(uow, store.framework, saved, "ended", by=viewer.person_id, now=now)
        _mentors_evidence(store, uow, saved, now, actor)
        uow.commit()
    return saved


def _mentors_evidence(
    store: Store, uow: UnitOfWork, relationship: Relationship, now: datetime, actor: str
) -> None:
    """The mentor's evidence of coaching. It names neither the mentee nor their goals (the
    pair's own, and the mentor's evidence can reach their CV): the subject, the time and how
    often they met."""
    sessions = len(uow.mentoring.sessions(relationship.id or 0))
    coaching = coaching_competency(store.framework)
    competencies = tuple(dict.fromkeys(c for c in (coaching, relationship.competency) if c))
    known = store.framework.competencies_by_id
    subject = known[relationship.competency].name if relationship.competency in known else ""
    started = relationship.started_on or now.date()
    description = (
        f"Mentored a colleague{f' in {subject}' if subject else ''} from {_day(started)} to "
        f"{_day(now.date())}, over {sessions} session{'s' if sessions != 1 else ''}."
    )
    title = f"Mentored a colleague{f' in {subject}' if subject else ''}"[:200]
    draft = Evidence(
        relationship.mentor_id, title, now.date(), competencies, description, relationship.review
    )
    saved = uow.plans.add_evidence(check_evidence(store, draft, now.date()))
    uow.audit.record(
        AuditEntry(
            now,
            actor,
            "evidence.add",
            "evidence",
            str(saved.id),
            None,
            {"person_id": relationship.mentor_id, "mentoring": relationship.id},
        )
    )


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _must_be(relationship: Relationship, status: RelationshipStatus, message: str) -> None:
    if relationship.status is not status:
        raise InvalidRequest(f"{message} (it is {relationship.status.value})")


def _audit(
    uow: UnitOfWork,
    now: datetime,
    actor: str,
    action: str,
    relationship: Relationship,
    before: Mapping[str, object] | None = None,
) -> None:
    uow.audit.record(
        AuditEntry(
            now,
            actor,
            action,
            "mentoring",
            str(relationship.id),
            before,
            {
                "status": relationship.status.value,
                "mentor_id": relationship.mentor_id,
                "mentee_id": relationship.mentee_id,
                "goals": len(relationship.goals),
            },
        )
    )
