"""Mentoring's JSON shapes: the API's response models and what the CLI's ``--json`` prints."""

from __future__ import annotations

from datetime import date

from pmopath.domain.mentoring import RelationshipStatus
from pmopath.domain.plans import ItemStatus
from pmopath.services.ports.schemas import Moment, Schema, json_key


class MentoringOfferPublic(Schema):
    """An offer to mentor: competencies (held at level 4 or more), places and availability."""

    person_id: int
    competencies: list[str]
    capacity: int
    """How many mentees at once."""
    availability: str
    updated_at: Moment
    mentees_now: int
    """Proposed or active mentees now."""


class MentoringOffersPublic(Schema):
    data: list[MentoringOfferPublic]
    count: int


class MatchProposalPublic(Schema):
    """A mentor proposed for one of a mentee's largest gaps, with why in words."""

    mentee_id: int
    mentee_name: str
    mentor_id: int
    mentor_name: str
    competency: str
    mentee_level: int
    required_level: int
    mentor_level: int
    other_team: bool
    explanation: str


class UnmatchedPublic(Schema):
    person_id: int
    name: str
    reason: str


class MatchPublic(Schema):
    """Proposals of one matching run (``data``), who got none and why, and the mentors'
    room; ``applied`` lists the relationships proposed to the people when it was applied."""

    data: list[MatchProposalPublic]
    count: int
    unmatched: list[UnmatchedPublic]
    mentors: int
    places: int
    applied: list[int]


class MentoringGoalPublic(Schema):
    id: int | None
    text: str
    competency: str | None
    in_plan: bool
    item_status: ItemStatus | None
    """Its plan item's status, for those who see the mentee's progress (else null)."""
    level: int | None
    """The mentee's level in it, for those who see the mentee's progress (else null)."""


class MentoringSessionPublic(Schema):
    id: int | None
    held_on: date
    notes: str | None
    """Null for anyone but the pair unless the mentee shared it."""
    actions: str | None
    shared: bool
    recorded_by: str


class RelationshipPublic(Schema):
    """A mentoring relationship as the caller may see it."""

    id: int
    mentor_id: int
    mentor_name: str
    mentee_id: int
    mentee_name: str
    competency: str
    status: RelationshipStatus
    explanation: str
    proposed_at: Moment
    mentor_agreed: bool
    mentee_agreed: bool
    started_on: date | None
    ended_on: date | None
    review: str
    shares_progress: bool
    my_part: str
    goals: list[MentoringGoalPublic]
    sessions: list[MentoringSessionPublic]


class RelationshipSummaryPublic(Schema):
    id: int
    my_part: str
    """mentor or mentee"""
    other_name: str
    competency: str
    status: RelationshipStatus
    started_on: date | None
    ended_on: date | None
    waiting_for_me: bool


class RelationshipsPublic(Schema):
    data: list[RelationshipSummaryPublic]
    count: int


class ActivePairsPublic(Schema):
    """Mentoring pairs active on some day of a period."""

    from_: date = json_key("from")
    to: date
    active_pairs: int
