"""The "feedback" column of calibration: stakeholder feedback by link, aggregated per competency.

THE MERGE POINT for stakeholder feedback (services/feedback, issue 18's first deliverable).
Calibration reads feedback through ``feedback_levels`` alone. Until feedback is merged it
answers with the peer assessments' aggregate (each rater's latest, then the median), which is
what feedback responses will be: peer ratings. At the merge its body becomes (feedback's
``PeerLevel`` has ``median: float`` and ``count``; ``from_feedback`` makes it a level)::

    from pmopath.services.feedback.queries import aggregated_peer_levels

    found = {
        p: {c: from_feedback(v.median, v.count) for c, v in aggregated_peer_levels(uow, p).items()}
        for p in person_ids
    }
    return {p: levels for p, levels in found.items() if levels}

``aggregated_peer_levels(uow, person_id) -> Mapping[str, PeerLevel]`` gives, per competency, the
median level and the number of responses, only from requests that reached the anonymity
threshold.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping

from pmopath.domain.calibration import PeerLevel
from pmopath.services.people.level_sources import peer_levels
from pmopath.services.ports.repositories import UnitOfWork


def feedback_levels(
    uow: UnitOfWork, person_ids: Collection[int]
) -> dict[int, Mapping[str, PeerLevel]]:
    """Each person's feedback levels per competency (median, responses); people with none are
    left out. Never a person's level: calibration only compares it with the others."""
    recorded = uow.calibration.assessments_of(person_ids)
    found = {person: peer_levels(assessments) for person, assessments in recorded.items()}
    return {person: levels for person, levels in found.items() if levels}


def from_feedback(median: float, responses: int) -> PeerLevel:
    """A median of responses (a half when their count is even) as a whole level: the lower one
    at a half, as ``domain.calibration.median_level`` takes the lower middle."""
    return PeerLevel(math.ceil(median - 0.5), responses)
