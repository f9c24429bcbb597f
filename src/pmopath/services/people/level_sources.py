"""Self, manager and peer levels side by side: per competency, the latest level each source
gave, with disagreements of ``APART`` levels or more marked (for a manager calibrating).

Calibration (services/calibration/comparison.py) builds on these: every source's latest levels,
the peers' levels aggregated (each rater's latest, then the median), and when each competency
was last rated."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from pmopath.domain.calibration import APART, PeerLevel, aggregate
from pmopath.domain.framework import Competency
from pmopath.domain.people import AssessmentSource, RecordedAssessment

__all__ = [
    "APART",
    "COMPARED",
    "SourceLevels",
    "latest_by_source",
    "peer_levels",
    "rated_at",
    "side_by_side",
]
COMPARED = (AssessmentSource.SELF, AssessmentSource.MANAGER, AssessmentSource.PEER)


@dataclass(frozen=True, slots=True)
class SourceLevels:
    competency: Competency
    self_level: int | None
    manager_level: int | None
    peer_level: int | None

    @property
    def spread(self) -> int:
        """The widest gap between two of the sources that rated it (0 with fewer than two)."""
        given = [v for v in (self.self_level, self.manager_level, self.peer_level) if v is not None]
        return max(given) - min(given) if len(given) > 1 else 0

    @property
    def disagree(self) -> bool:
        return self.spread >= APART


def latest_by_source(
    recorded: Iterable[RecordedAssessment],
) -> dict[AssessmentSource, dict[str, int]]:
    """Each source's latest level per competency (``recorded`` in any order; the latest
    assessment that rated a competency wins, ties by id)."""
    ordered = sorted(recorded, key=lambda a: (a.assessed_at, a.id or 0))
    latest: dict[AssessmentSource, dict[str, int]] = {s: {} for s in AssessmentSource}
    for assessment in ordered:
        latest[assessment.source].update(assessment.levels)
    return latest


def peer_levels(recorded: Iterable[RecordedAssessment]) -> dict[str, PeerLevel]:
    """The peers' levels per competency: each rater's latest (a peer assessment with no
    assessor counts as a rater of its own), then the median and the number of raters."""
    ordered = sorted(recorded, key=lambda a: (a.assessed_at, a.id or 0))
    by_rater: dict[tuple[str, int], dict[str, int]] = {}
    for assessment in ordered:
        if assessment.source is AssessmentSource.PEER:
            rater = (
                ("person", assessment.assessor_id)
                if assessment.assessor_id is not None
                else ("assessment", assessment.id or 0)
            )
            by_rater.setdefault(rater, {}).update(assessment.levels)
    return aggregate(by_rater.values())


def rated_at(
    recorded: Iterable[RecordedAssessment], sources: Iterable[AssessmentSource]
) -> dict[str, datetime]:
    """When each competency was last rated by one of ``sources``."""
    wanted = set(sources)
    found: dict[str, datetime] = {}
    for assessment in recorded:
        if assessment.source in wanted:
            for competency in assessment.levels:
                if competency not in found or found[competency] < assessment.assessed_at:
                    found[competency] = assessment.assessed_at
    return found


def side_by_side(
    competencies: Sequence[Competency], recorded: Iterable[RecordedAssessment]
) -> list[SourceLevels]:
    """One row per competency any of self, manager or peer rated, in the framework's order."""
    latest = latest_by_source(recorded)
    mine, boss, peer = (latest[s] for s in COMPARED)
    return [
        SourceLevels(c, mine.get(c.id), boss.get(c.id), peer.get(c.id))
        for c in competencies
        if c.id in mine or c.id in boss or c.id in peer
    ]
