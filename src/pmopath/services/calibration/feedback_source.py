"""The "feedback" column of calibration: stakeholder feedback by link, aggregated per competency.

Calibration reads feedback through ``feedback_levels`` alone: for each person, per competency,
the median of the levels their respondents gave and how many gave one, only from requests whose
answers reached the anonymity threshold (``PMOPATH_FEEDBACK_MIN_RESPONSES``), exactly as the
person sees them. Feedback is a peer rating: it is compared with the other sources and never
becomes anybody's level by itself.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from datetime import datetime

from pmopath.domain.calibration import PeerLevel
from pmopath.domain.feedback import FeedbackPolicy
from pmopath.services.feedback.queries import aggregated_peer_levels_of, released_at_of
from pmopath.services.ports.repositories import UnitOfWork


def feedback_levels(
    uow: UnitOfWork, person_ids: Collection[int], policy: FeedbackPolicy
) -> dict[int, Mapping[str, PeerLevel]]:
    """Each person's feedback levels per competency (median, responses); people with none are
    left out. Never a person's level: calibration only compares it with the others."""
    found = aggregated_peer_levels_of(uow, person_ids, policy)
    released = released_at_of(uow, person_ids, policy)
    converted = {
        person: {
            c: from_feedback(level.median, level.count, released.get(person, {}).get(c))
            for c, level in levels.items()
        }
        for person, levels in found.items()
    }
    return {person: levels for person, levels in converted.items() if levels}


def from_feedback(median: float, responses: int, at: datetime | None = None) -> PeerLevel:
    """A median of responses (a half when their count is even) as a whole level: the lower one
    at a half, as ``domain.calibration.median_level`` takes the lower middle; ``at``, when the
    latest of them were released."""
    return PeerLevel(math.ceil(median - 0.5), responses, at)
