"""Each source's levels for a person: per competency, the latest level each source gave, the
peers' levels aggregated (each rater's latest, then the median), and when each competency was
last rated. Calibration (services/calibration/comparison.py) sets them side by side."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from pmopath.domain.calibration import APART, PeerLevel, aggregate
from pmopath.domain.people import AssessmentSource, RecordedAssessment

__all__ = [
    "APART",
    "latest_by_source",
    "peer_levels",
    "rated_at",
]


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
