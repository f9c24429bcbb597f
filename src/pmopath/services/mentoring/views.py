"""Mentoring's response models built from results (the API and the CLI's --json)."""

from __future__ import annotations

from collections.abc import Sequence

from pmopath.domain.mentoring import Offer, Relationship
from pmopath.services.mentoring.matching import MatchResult
from pmopath.services.mentoring.overview import MyMentoring, PairLine, RelationshipView
from pmopath.services.mentoring.schemas import (
    MatchProposalPublic,
    MatchPublic,
    MentoringGoalPublic,
    MentoringOfferPublic,
    MentoringSessionPublic,
    RelationshipPublic,
    RelationshipsPublic,
    RelationshipSummaryPublic,
    UnmatchedPublic,
)


def offer_view(offer: Offer, mentees_now: int) -> MentoringOfferPublic:
    return MentoringOfferPublic(
        person_id=offer.person_id,
        competencies=list(offer.competencies),
        capacity=offer.capacity,
        availability=offer.availability,
        updated_at=offer.updated_at,
        mentees_now=mentees_now,
    )


def match_view(result: MatchResult, applied: Sequence[Relationship] = ()) -> MatchPublic:
    return MatchPublic(
        data=[
            MatchProposalPublic(
                mentee_id=p.mentee_id,
                mentee_name=p.mentee_name,
                mentor_id=p.mentor_id,
                mentor_name=p.mentor_name,
                competency=p.competency,
                mentee_level=p.mentee_level,
                required_level=p.required,
                mentor_level=p.mentor_level,
                other_team=p.other_team,
                explanation=p.explanation,
            )
            for p in result.proposals
        ],
        count=len(result.proposals),
        unmatched=[
            UnmatchedPublic(person_id=u.person_id, name=u.name, reason=u.reason)
            for u in result.unmatched
        ],
        mentors=result.mentors,
        places=result.places,
        applied=[r.id for r in applied if r.id is not None],
    )


def relationship_view_public(view: RelationshipView) -> RelationshipPublic:
    r = view.relationship
    assert r.id is not None
    return RelationshipPublic(
        id=r.id,
        mentor_id=r.mentor_id,
        mentor_name=view.mentor_name,
        mentee_id=r.mentee_id,
        mentee_name=view.mentee_name,
        competency=r.competency,
        status=r.status,
        explanation=r.explanation,
        proposed_at=r.proposed_at,
        mentor_agreed=r.mentor_agreed_at is not None,
        mentee_agreed=r.mentee_agreed_at is not None,
        started_on=r.started_on,
        ended_on=r.ended_on,
        review=r.review,
        shares_progress=r.shares_progress,
        my_part=view.part.value,
        goals=[
            MentoringGoalPublic(
                id=g.id,
                text=g.text,
                competency=g.competency,
                in_plan=g.in_plan,
                item_status=g.item_status,
                level=g.level,
            )
            for g in view.goals
        ],
        sessions=[
            MentoringSessionPublic(
                id=s.id,
                held_on=s.held_on,
                notes=s.notes,
                actions=s.actions,
                shared=s.shared,
                recorded_by=s.recorded_by,
            )
            for s in view.sessions
        ],
    )


def _summary(line: PairLine, part: str) -> RelationshipSummaryPublic:
    r = line.relationship
    assert r.id is not None
    return RelationshipSummaryPublic(
        id=r.id,
        my_part=part,
        other_name=line.other_name,
        competency=r.competency,
        status=r.status,
        started_on=r.started_on,
        ended_on=r.ended_on,
        waiting_for_me=line.waiting_for_me,
    )


def my_mentoring_view(mine: MyMentoring) -> RelationshipsPublic:
    data = [_summary(line, "mentor") for line in mine.as_mentor]
    data += [_summary(line, "mentee") for line in mine.as_mentee]
    return RelationshipsPublic(data=data, count=len(data))
