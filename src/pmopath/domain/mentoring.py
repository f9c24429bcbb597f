"""Mentoring and coaching: offers to mentor, relationships (proposed -> agreed by both -> ended)
with goals and sessions, and the rules of matching mentees to mentors.

A match is scored here and solved elsewhere (services/mentoring/matching.py hands the scores
to the assignment port). The score puts the mentee's larger gaps first (a gap one level larger
always wins), then a mentor in another team, then a mentor who holds the level the role needs;
nobody is ever matched with themselves, someone in their management chain, or a mentor they
already have.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from pmopath.domain.errors import InvalidRequest
from pmopath.domain.framework import Framework
from pmopath.domain.text import usable_text

OFFER_LEVEL = 4
"""The level someone must hold in a competency to offer to mentor it."""
CAPACITY_MAX = 10
AVAILABILITY_MAX = 300
GOALS_MAX = 10
GOAL_TEXT_MAX = 300
NOTES_MAX = 4000
ACTIONS_MAX = 2000
REVIEW_MAX = 2000
MATCHED_GAPS = 3
"""How many of a mentee's largest gaps matching looks for a mentor in."""
COACHING_COMPETENCY = "coaching_mentoring"
"""The shipped framework's coaching and mentoring competency (mentors' evidence names it)."""

GAP_POINTS = 10.0
OTHER_TEAM_POINTS = 5.0
HOLDS_REQUIRED_POINTS = 2.0


class RelationshipStatus(StrEnum):
    PROPOSED = "proposed"
    ACTIVE = "active"
    ENDED = "ended"
    DECLINED = "declined"


LIVE = frozenset({RelationshipStatus.PROPOSED, RelationshipStatus.ACTIVE})
"""A live relationship takes one of the mentor's places."""


@dataclass(frozen=True, slots=True)
class Offer:
    """An offer to mentor: the competencies, how many mentees at once, when (free text)."""

    person_id: int
    competencies: tuple[str, ...]
    capacity: int
    availability: str
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class Goal:
    """An agreed goal; ``plan_id`` is the mentee's plan holding its item (see PlanItem's
    ``mentoring_goal_id``), None until it is in one."""

    text: str
    competency: str | None = None
    plan_id: int | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Relationship:
    id: int | None
    mentor_id: int
    mentee_id: int
    competency: str
    """The gap the pair was matched on."""
    status: RelationshipStatus
    explanation: str
    proposed_at: datetime
    proposed_by_id: int | None = None
    mentor_agreed_at: datetime | None = None
    mentee_agreed_at: datetime | None = None
    started_on: date | None = None
    ended_on: date | None = None
    ended_by_id: int | None = None
    review: str = ""
    shares_progress: bool = False
    """Whether the mentee lets the mentor see their levels and plan items on the goals."""
    goals: tuple[Goal, ...] = ()

    def member(self, person_id: int | None) -> bool:
        return person_id is not None and person_id in (self.mentor_id, self.mentee_id)


@dataclass(frozen=True, slots=True)
class MentoringSession:
    """One session of a pair: notes and actions are the pair's unless the mentee shares them."""

    relationship_id: int
    held_on: date
    notes: str
    actions: str
    shared: bool
    recorded_by_id: int
    id: int | None = None


def check_offer(
    framework: Framework,
    competencies: Sequence[str],
    capacity: int,
    availability: str,
    levels: Mapping[str, int],
) -> tuple[tuple[str, ...], str]:
    """The offer's competencies (deduplicated) and availability (trimmed); InvalidRequest
    naming the field when one is unknown or held below OFFER_LEVEL, the capacity is not 1 to
    CAPACITY_MAX, or the availability is too long."""
    wanted = tuple(dict.fromkeys(c.strip() for c in competencies if c.strip()))
    if not wanted:
        raise InvalidRequest("competencies: choose at least one competency to mentor")
    for competency in wanted:
        known = framework.competencies_by_id.get(competency)
        if known is None:
            raise InvalidRequest(f"competencies: no competency is called {competency!r}")
        held = levels.get(competency, 0)
        if held < OFFER_LEVEL:
            raise InvalidRequest(
                f"competencies: you hold {known.name} at level {held}; "
                f"mentoring needs level {OFFER_LEVEL} or more"
            )
    if isinstance(capacity, bool) or not 1 <= capacity <= CAPACITY_MAX:
        raise InvalidRequest(f"capacity: a whole number of mentees from 1 to {CAPACITY_MAX}")
    text = usable_text("availability", availability).strip()
    if len(text) > AVAILABILITY_MAX:
        raise InvalidRequest(f"availability: at most {AVAILABILITY_MAX} characters")
    return wanted, text


def check_goals(framework: Framework, goals: Sequence[Goal]) -> tuple[Goal, ...]:
    """The goals trimmed; InvalidRequest naming the goal for empty or long text, an unknown
    competency, or more than GOALS_MAX."""
    if len(goals) > GOALS_MAX:
        raise InvalidRequest(f"goals: at most {GOALS_MAX}")
    checked = []
    for number, goal in enumerate(goals, start=1):
        text = usable_text(f"goal {number}", goal.text, lines=False).strip()
        if not text:
            raise InvalidRequest(f"goals: goal {number} says nothing")
        if len(text) > GOAL_TEXT_MAX:
            raise InvalidRequest(f"goals: goal {number} is longer than {GOAL_TEXT_MAX} characters")
        if goal.competency is not None and goal.competency not in framework.competencies_by_id:
            raise InvalidRequest(f"goals: goal {number} names an unknown competency")
        checked.append(Goal(text, goal.competency))
    return tuple(checked)


def check_session(
    notes: str, actions: str, held_on: date, started_on: date | None, today: date
) -> tuple[str, str]:
    """Notes and actions trimmed; InvalidRequest naming the field otherwise."""
    usable_text("notes", notes)
    usable_text("actions", actions)
    if len(notes) > NOTES_MAX:
        raise InvalidRequest(f"notes: at most {NOTES_MAX} characters")
    if len(actions) > ACTIONS_MAX:
        raise InvalidRequest(f"actions: at most {ACTIONS_MAX} characters")
    if not notes.strip() and not actions.strip():
        raise InvalidRequest("notes: say what the session covered, or the actions agreed")
    if held_on > today:
        raise InvalidRequest("held_on: the date cannot be in the future")
    if started_on is not None and held_on < started_on:
        raise InvalidRequest("held_on: before the relationship was agreed")
    return notes.strip(), actions.strip()


def check_review(review: str) -> str:
    text = usable_text("review", review).strip()
    if not text:
        raise InvalidRequest("review: say in a few words what the mentoring achieved")
    if len(text) > REVIEW_MAX:
        raise InvalidRequest(f"review: at most {REVIEW_MAX} characters")
    return text


def coaching_competency(framework: Framework) -> str | None:
    """The framework's coaching and mentoring competency: COACHING_COMPETENCY, else the first
    whose id or name speaks of coaching or mentoring, else None."""
    if COACHING_COMPETENCY in framework.competencies_by_id:
        return COACHING_COMPETENCY
    for competency in framework.competencies:
        words = f"{competency.id} {competency.name}".lower()
        if "coach" in words or "mentor" in words:
            return competency.id
    return None


# ---- matching ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Need:
    """One of a mentee's gaps against their target role; ``size`` is the levels short times
    the requirement's weight."""

    competency: str
    current: int
    required: int
    weight: float
    size: float


@dataclass(frozen=True, slots=True)
class Mentee:
    person_id: int
    name: str
    team: str | None
    target_role: str
    chain: frozenset[int]
    """Their manager, that manager's manager, and so on up."""
    needs: tuple[Need, ...]
    """Their largest gaps, largest first."""
    mentors: frozenset[int] = frozenset()
    """Mentors they already have (proposed or agreed)."""


@dataclass(frozen=True, slots=True)
class Mentor:
    person_id: int
    name: str
    team: str | None
    levels: Mapping[str, int]
    """Their current level in each competency they offer (at OFFER_LEVEL or more)."""
    places: int
    """Mentees they can still take."""


@dataclass(frozen=True, slots=True)
class Candidate:
    need: Need
    level: int
    other_team: bool
    score: float


def largest_needs(
    gaps: Sequence[tuple[str, int, int, float]], *, keep: int = MATCHED_GAPS
) -> tuple[Need, ...]:
    """The ``keep`` largest of (competency, current, required, weight) gaps, largest first
    (ties in the role's order)."""
    needs = [Need(c, cur, req, w, (req - cur) * w) for c, cur, req, w in gaps if req > cur]
    order = sorted(range(len(needs)), key=lambda i: (-needs[i].size, i))
    return tuple(needs[i] for i in order[:keep])


def allowed(mentee: Mentee, mentor: Mentor) -> bool:
    """Never oneself, never someone in one's management chain, never a mentor one has."""
    return (
        mentor.person_id != mentee.person_id
        and mentor.person_id not in mentee.chain
        and mentor.person_id not in mentee.mentors
    )


def candidate(mentee: Mentee, mentor: Mentor) -> Candidate | None:
    """The best need of the mentee this mentor can help with, scored; None when none.

    It runs for every mentee and every mentor offering one of their gaps (some 80,000 times
    for 1,000 mentees and 300 mentors), so it stays plain."""
    if not allowed(mentee, mentor):
        return None
    other_team = mentee.team is None or mentor.team is None or mentee.team != mentor.team
    bonus = OTHER_TEAM_POINTS if other_team else 0.0
    levels = mentor.levels
    best: Need | None = None
    best_level = 0
    best_score = 0.0
    for need in mentee.needs:
        level = levels.get(need.competency)
        if level is None or level <= need.current:
            continue
        score = GAP_POINTS * need.size + bonus
        if level >= need.required:
            score += HOLDS_REQUIRED_POINTS
        if best is None or score > best_score:
            best, best_level, best_score = need, level, score
    if best is None:
        return None
    return Candidate(best, best_level, other_team, best_score)


def explain(
    mentee: Mentee,
    mentor: Mentor,
    chosen: Candidate,
    competency_name: str,
    role_name: str,
    *,
    same_team_only: bool,
) -> str:
    """Why this mentor, in plain words: the gap, the mentor's level, and the rules it met."""
    need = chosen.need
    largest = bool(mentee.needs) and mentee.needs[0].competency == need.competency
    gap = f"{mentee.name}'s largest gap" if largest else f"one of {mentee.name}'s largest gaps"
    holds = f"{mentor.name} holds it at level {chosen.level}"
    if chosen.level >= need.required:
        holds += ", enough for the role"
    parts = [
        f"{competency_name} is {gap} for {role_name} (level {need.current}, "
        f"{need.required} needed).",
        holds + ".",
    ]
    if chosen.other_team:
        team = f"{mentor.name} works in another team"
    elif same_team_only:
        team = f"{mentor.name} is in the same team (nobody in another team had room for it)"
    else:
        team = f"{mentor.name} is in the same team"
    parts.append(f"{team} and is not in {mentee.name}'s line of management.")
    return " ".join(parts)


def active_between(started_on: date | None, ended_on: date | None, start: date, end: date) -> bool:
    """Whether a pair agreed on ``started_on`` (and ended on ``ended_on``, if it did) was
    active on some day from ``start`` to ``end``, both included."""
    return started_on is not None and started_on <= end and (ended_on is None or ended_on >= start)


def people_in(pairs: Collection[tuple[int, int]], person_ids: Collection[int] | None) -> int:
    """How many (mentor, mentee) pairs have either person in ``person_ids`` (all: None)."""
    if person_ids is None:
        return len(pairs)
    wanted = set(person_ids)
    return sum(1 for mentor, mentee in pairs if mentor in wanted or mentee in wanted)
