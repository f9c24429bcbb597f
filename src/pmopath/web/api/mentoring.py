"""Mentoring as JSON: offers to mentor, my mentoring, asking for a mentor, matching a group,
and one relationship (goals, agreement, sessions, sharing, the end review)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from pmopath.domain import mentoring as rules
from pmopath.domain.errors import NotFound
from pmopath.domain.mentoring import Goal
from pmopath.services.mentoring import matching, offers, overview, relationships, sessions
from pmopath.services.mentoring.schemas import (
    MatchPublic,
    MentoringOfferPublic,
    MentoringSessionPublic,
    RelationshipPublic,
    RelationshipsPublic,
)
from pmopath.services.mentoring.views import (
    match_view,
    my_mentoring_view,
    offer_view,
    relationship_view_public,
)
from pmopath.web.api.routing import ApiRouter
from pmopath.web.deps import ApiCaller, StoreDep
from pmopath.web.errors import error_responses

router = ApiRouter(tags=["mentoring"])
CHANGE = error_responses(400, 403)

CompetencyId = Annotated[str, StringConstraints(min_length=1, max_length=80)]
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]


class OfferUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    competencies: list[CompetencyId] = Field(max_length=50)
    capacity: int = Field(ge=1, le=rules.CAPACITY_MAX)
    availability: str = Field("", max_length=rules.AVAILABILITY_MAX)


class MatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    team: str | None = Field(None, min_length=1, max_length=200)
    apply: bool = False
    """Propose the pairs to the people (each then agrees or declines)."""
    pairs: list[tuple[Id, Id]] | None = Field(None, max_length=matching.MAX_MENTEES)
    """With ``apply``: only these (mentee id, mentor id) pairs of the proposals."""


class GoalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=rules.GOAL_TEXT_MAX)
    competency: CompetencyId | None = None


class GoalsUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    goals: list[GoalIn] = Field(min_length=1, max_length=rules.GOALS_MAX)


class Sharing(BaseModel):
    model_config = ConfigDict(extra="forbid")
    shared: bool


class SessionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    held_on: date
    notes: str = Field("", max_length=rules.NOTES_MAX)
    actions: str = Field("", max_length=rules.ACTIONS_MAX)
    shared: bool = False
    """Share the notes and actions beyond the pair (the mentee's choice only)."""


class EndReview(BaseModel):
    model_config = ConfigDict(extra="forbid")
    review: str = Field(min_length=1, max_length=rules.REVIEW_MAX)


@router.get("/people/{person_id}/mentoring-offer")
def get_offer(caller: ApiCaller, store: StoreDep, person_id: int) -> MentoringOfferPublic:
    """The person's offer to mentor (404 when they made none)."""
    picture = offers.offer_picture(store, caller.viewer, str(person_id))
    if picture.offer is None:
        raise NotFound("mentoring offer", str(person_id))
    return offer_view(picture.offer, picture.mentees_now)


@router.put("/people/{person_id}/mentoring-offer", responses=CHANGE)
def put_offer(
    caller: ApiCaller, store: StoreDep, person_id: int, body: OfferUpdate
) -> MentoringOfferPublic:
    """Offer to mentor competencies held at level 4 or more, or change the offer."""
    offers.offer_to_mentor(
        store,
        caller.viewer,
        str(person_id),
        competencies=body.competencies,
        capacity=body.capacity,
        availability=body.availability,
        actor=caller.actor,
    )
    return get_offer(caller, store, person_id)


@router.delete("/people/{person_id}/mentoring-offer", responses=error_responses(403))
def delete_offer(caller: ApiCaller, store: StoreDep, person_id: int) -> MentoringOfferPublic:
    """Withdraw the offer (mentees the person has now keep them); answers the offer withdrawn."""
    taken = offers.offer_picture(store, caller.viewer, str(person_id)).mentees_now
    gone = offers.withdraw_offer(store, caller.viewer, str(person_id), actor=caller.actor)
    return offer_view(gone, taken)


@router.get("/mentoring")
def my_mentoring(caller: ApiCaller, store: StoreDep) -> RelationshipsPublic:
    """My mentoring relationships, as mentor and as mentee, newest first."""
    return my_mentoring_view(overview.my_mentoring(store, caller.viewer))


@router.post("/mentoring/requests", status_code=201, responses=error_responses(400, 403, 404))
def request_mentor(caller: ApiCaller, store: StoreDep) -> RelationshipPublic:
    """Ask for a mentor: the best mentor with room for one of my largest gaps is proposed."""
    made = relationships.request_mentor(
        store, caller.viewer, str(caller.viewer.person_id or ""), actor=caller.actor
    )
    assert made.id is not None
    return _relationship(caller, store, made.id)


@router.post("/mentoring/match", responses=CHANGE)
def match(caller: ApiCaller, store: StoreDep, body: MatchRequest) -> MatchPublic:
    """Propose mentors for my group's largest gaps (managers: everyone under them; admins:
    everyone or a team), explained; with ``apply``, propose them to the people."""
    result = matching.match_group(store, caller.viewer, team=body.team)
    applied = []
    if body.apply:
        chosen = [(a, b) for a, b in body.pairs] if body.pairs is not None else None
        applied = relationships.accept_proposals(
            store, caller.viewer, actor=caller.actor, team=body.team, chosen=chosen
        )
    return match_view(result, applied)


@router.get("/mentoring/{relationship_id}")
def get_relationship(
    caller: ApiCaller, store: StoreDep, relationship_id: int
) -> RelationshipPublic:
    """One relationship as I may see it: session notes only for the pair unless shared."""
    return _relationship(caller, store, relationship_id)


@router.put("/mentoring/{relationship_id}/goals", responses=CHANGE)
def put_goals(
    caller: ApiCaller, store: StoreDep, relationship_id: int, body: GoalsUpdate
) -> RelationshipPublic:
    """Change a proposed relationship's goals (the pair); both agree again."""
    goals = [Goal(g.text, g.competency) for g in body.goals]
    relationships.set_goals(store, caller.viewer, relationship_id, goals, actor=caller.actor)
    return _relationship(caller, store, relationship_id)


@router.post("/mentoring/{relationship_id}/agree", responses=CHANGE)
def agree(caller: ApiCaller, store: StoreDep, relationship_id: int) -> RelationshipPublic:
    """Agree the relationship and its goals (the mentor or the mentee)."""
    relationships.agree(store, caller.viewer, relationship_id, actor=caller.actor)
    return _relationship(caller, store, relationship_id)


@router.post("/mentoring/{relationship_id}/decline", responses=CHANGE)
def decline(caller: ApiCaller, store: StoreDep, relationship_id: int) -> RelationshipPublic:
    """Decline a proposed relationship (the mentor or the mentee)."""
    relationships.decline(store, caller.viewer, relationship_id, actor=caller.actor)
    return _relationship(caller, store, relationship_id)


@router.put("/mentoring/{relationship_id}/progress-sharing", responses=CHANGE)
def share_progress(
    caller: ApiCaller, store: StoreDep, relationship_id: int, body: Sharing
) -> RelationshipPublic:
    """Let my mentor see my levels and plan items on our goals, or stop (the mentee)."""
    relationships.share_progress(
        store, caller.viewer, relationship_id, body.shared, actor=caller.actor
    )
    return _relationship(caller, store, relationship_id)


@router.post("/mentoring/{relationship_id}/plan", responses=CHANGE)
def add_to_plan(caller: ApiCaller, store: StoreDep, relationship_id: int) -> RelationshipPublic:
    """Put the goals not yet in a plan into my open plan (the mentee)."""
    relationships.add_goals_to_plan(store, caller.viewer, relationship_id, actor=caller.actor)
    return _relationship(caller, store, relationship_id)


@router.post("/mentoring/{relationship_id}/sessions", status_code=201, responses=CHANGE)
def log_session(
    caller: ApiCaller, store: StoreDep, relationship_id: int, body: SessionCreate
) -> MentoringSessionPublic:
    """Log a session (the pair): its notes and actions stay with the pair unless shared."""
    saved = sessions.log_session(
        store,
        caller.viewer,
        relationship_id,
        held_on=body.held_on,
        notes=body.notes,
        actions=body.actions,
        shared=body.shared,
        actor=caller.actor,
    )
    view = _relationship(caller, store, relationship_id)
    return next(s for s in view.sessions if s.id == saved.id)


@router.put("/mentoring/sessions/{session_id}/sharing", responses=CHANGE)
def share_session(
    caller: ApiCaller, store: StoreDep, session_id: int, body: Sharing
) -> MentoringSessionPublic:
    """Share a session's notes and actions beyond the pair, or take them back (the mentee)."""
    saved = sessions.share_session(
        store, caller.viewer, session_id, body.shared, actor=caller.actor
    )
    view = _relationship(caller, store, saved.relationship_id)
    return next(s for s in view.sessions if s.id == saved.id)


@router.post("/mentoring/{relationship_id}/end", responses=CHANGE)
def end(
    caller: ApiCaller, store: StoreDep, relationship_id: int, body: EndReview
) -> RelationshipPublic:
    """End active mentoring with a short review (the pair); it becomes the mentor's evidence."""
    relationships.end_relationship(
        store, caller.viewer, relationship_id, body.review, actor=caller.actor
    )
    return _relationship(caller, store, relationship_id)


def _relationship(caller: ApiCaller, store: StoreDep, relationship_id: int) -> RelationshipPublic:
    view = overview.relationship_view(store, caller.viewer, relationship_id)
    return relationship_view_public(view)
