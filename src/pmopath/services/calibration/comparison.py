"""Every source's level side by side, per person and competency, and the flags among them.

Builds on services/people/level_sources.py (the latest level per source, the peers' median)
and adds evidence, feedback (``feedback_source.feedback_levels``), the current level and the
calibrated level that stands.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from pmopath.domain.calibration import (
    CalibrationDecision,
    LevelsCompared,
    PeerLevel,
    latest_decisions,
)
from pmopath.domain.feedback import FeedbackPolicy
from pmopath.domain.framework import Competency
from pmopath.domain.people import AssessmentSource, Person, RecordedAssessment
from pmopath.services.calibration.feedback_source import feedback_levels
from pmopath.services.people.level_sources import latest_by_source, peer_levels, rated_at
from pmopath.services.ports.repositories import UnitOfWork

RATINGS = (
    AssessmentSource.SELF,
    AssessmentSource.MANAGER,
    AssessmentSource.PEER,
    AssessmentSource.EVIDENCE,
)
"""The ratings a calibration compares (the calibrated level is its outcome, not one of them)."""


@dataclass(frozen=True, slots=True)
class Flag:
    """A person's competency whose sources disagree by ``APART`` levels or more, undecided."""

    person: Person
    row: LevelsCompared


def compare_levels(
    competencies: Sequence[Competency],
    recorded: Iterable[RecordedAssessment],
    current: Mapping[str, int],
    decisions: Iterable[CalibrationDecision],
    feedback: Mapping[str, PeerLevel],
) -> list[LevelsCompared]:
    """One row per competency (in the framework's order) that any source rated or that was
    calibrated: each source's latest level, the peers' and feedback's medians, the current
    level, the decision that stands and when it was last rated."""
    recorded = list(recorded)
    latest = latest_by_source(recorded)
    peers = peer_levels(recorded)
    when = rated_at(recorded, RATINGS)
    for c, given in feedback.items():  # a new group of feedback answers is a new rating too
        if given.at is not None and (c not in when or when[c] < given.at):
            when[c] = given.at
    standing = latest_decisions(decisions)
    rows = []
    for competency in competencies:
        c = competency.id
        row = LevelsCompared(
            c,
            latest[AssessmentSource.SELF].get(c),
            latest[AssessmentSource.MANAGER].get(c),
            peers.get(c),
            latest[AssessmentSource.EVIDENCE].get(c),
            feedback.get(c),
            current.get(c),
            when.get(c),
            standing.get(c),
        )
        if row.given() or row.calibrated is not None:
            rows.append(row)
    return rows


def compare_people(
    uow: UnitOfWork,
    competencies: Sequence[Competency],
    person_ids: Collection[int],
    feedback_policy: FeedbackPolicy,
) -> dict[int, list[LevelsCompared]]:
    """Every person's comparison, read in a fixed number of queries (however many people)."""
    recorded = uow.calibration.assessments_of(person_ids)
    current = uow.assessments.current_levels_of(person_ids)
    feedback = feedback_levels(uow, person_ids, feedback_policy)
    decisions: dict[int, list[CalibrationDecision]] = {}
    for decision in uow.calibration.decisions_for(person_ids):
        decisions.setdefault(decision.person_id, []).append(decision)
    return {
        person: compare_levels(
            competencies,
            recorded.get(person, []),
            current.get(person, {}),
            decisions.get(person, []),
            feedback.get(person, {}),
        )
        for person in person_ids
    }


def flags_among(
    people: Iterable[Person], compared: Mapping[int, list[LevelsCompared]]
) -> list[Flag]:
    """The open flags, widest disagreement first, then by name and the framework's order."""
    found = [
        Flag(person, row)
        for person in people
        for row in compared.get(person.id or 0, [])
        if row.flagged
    ]
    return sorted(found, key=lambda f: (-f.row.spread, f.person.name))
