"""Calibration: the levels each source gave side by side, disagreements flagged, and the
calibrated level a manager decides, with its reason, alone or in a session over a group.

A calibrated level is append-only: a decision is never changed or removed; a newer one for the
same person and competency supersedes it. It is stored as an assessment of source
``calibrated`` too, so it becomes the person's current level the way every other current
rating does (the newest of self, manager, evidence and calibrated wins; see
``CURRENT_PICTURE_SOURCES`` in domain/people.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pmopath.domain.errors import InvalidRequest
from pmopath.domain.text import usable_text

APART = 2
"""Two sources this many levels apart or more disagree (a flag worth a calibration)."""
REASON_MAX = 500
"""A decision's reason is required and at most this long."""
NAME_MAX = 120
"""A session's name is at most this long."""
GROUP_MAX = 500
"""A calibration (a team's flags or a session) covers at most this many people."""


class GroupKind(StrEnum):
    """Whom a session or a list of flags covers."""

    TEAM = "team"
    MANAGER = "manager"
    ROLE = "role"


@dataclass(frozen=True, slots=True)
class PeerLevel:
    """Several raters' levels for one competency, aggregated: the median and how many gave one."""

    level: int
    responses: int
    at: datetime | None = None
    """When the latest of these ratings became visible (feedback: when its group of answers was
    released), so that new ratings raise a settled flag again."""


@dataclass(frozen=True, slots=True)
class CalibrationDecision:
    """A calibrated level: who decided what, from which level, why, and in which session."""

    id: int | None
    person_id: int
    competency: str
    level: int
    previous_level: int | None
    reason: str
    decided_at: datetime
    actor: str
    """Who decided (the account's e-mail, or the CLI's actor)."""
    decided_by_id: int | None = None
    """The deciding manager's person (None for an admin with no person, or the CLI)."""
    session_id: int | None = None
    assessment_id: int | None = None
    """The ``calibrated`` assessment that carries the level into the current picture."""


@dataclass(frozen=True, slots=True)
class CalibrationSession:
    """A calibration meeting over a group, opened and closed by an admin."""

    id: int | None
    name: str
    kind: GroupKind
    group: str
    """The team's name, the manager's person id, or the role id."""
    opened_at: datetime
    opened_by: str
    closed_at: datetime | None = None
    closed_by: str | None = None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True, slots=True)
class LevelsCompared:
    """One competency of one person: every source's level side by side."""

    competency: str
    self_level: int | None = None
    manager_level: int | None = None
    peer: PeerLevel | None = None
    evidence_level: int | None = None
    feedback: PeerLevel | None = None
    current: int | None = None
    rated_at: datetime | None = None
    """When the newest of the self, manager, peer and evidence ratings compared was given."""
    calibrated: CalibrationDecision | None = None
    """The latest calibrated level, if any (it supersedes every earlier decision)."""

    def given(self) -> dict[str, int]:
        """The sources that rated it and their levels (aggregates by their median)."""
        levels = {
            "self": self.self_level,
            "manager": self.manager_level,
            "peer": self.peer.level if self.peer else None,
            "evidence": self.evidence_level,
            "feedback": self.feedback.level if self.feedback else None,
        }
        return {source: level for source, level in levels.items() if level is not None}

    @property
    def spread(self) -> int:
        """The widest gap between two sources that rated it (0 with fewer than two)."""
        levels = list(self.given().values())
        return max(levels) - min(levels) if len(levels) > 1 else 0

    @property
    def disagree(self) -> bool:
        return self.spread >= APART

    @property
    def flagged(self) -> bool:
        """Disagreeing, and no calibration decided since the newest rating compared."""
        if not self.disagree:
            return False
        if self.calibrated is None:
            return True
        return self.rated_at is not None and self.calibrated.decided_at < self.rated_at


@dataclass(frozen=True, slots=True)
class Outlier:
    """Someone whose level stands ``APART`` or more from their group's median."""

    person_id: int
    competency: str
    level: int
    median: int


def median_level(levels: Iterable[int]) -> int:
    """The middle level (the lower middle of an even count); raises ValueError when empty."""
    ordered = sorted(levels)
    if not ordered:
        raise ValueError("no levels")
    return ordered[(len(ordered) - 1) // 2]


def aggregate(levels_by_rater: Iterable[Mapping[str, int]]) -> dict[str, PeerLevel]:
    """Per competency, the median of the raters' levels and how many raters gave one."""
    gathered: dict[str, list[int]] = {}
    for levels in levels_by_rater:
        for competency, level in levels.items():
            gathered.setdefault(competency, []).append(level)
    return {c: PeerLevel(median_level(v), len(v)) for c, v in gathered.items()}


def latest_decisions(
    decisions: Iterable[CalibrationDecision],
) -> dict[str, CalibrationDecision]:
    """Per competency, the decision that stands: the newest (ties by id) supersedes the rest."""
    ordered = sorted(decisions, key=lambda d: (d.decided_at, d.id or 0))
    return {d.competency: d for d in ordered}


def distribution(levels: Iterable[int], scale: Sequence[int]) -> list[int]:
    """How many people hold each level of ``scale`` (in its order); levels off it are left out."""
    counts = dict.fromkeys(scale, 0)
    for level in levels:
        if level in counts:
            counts[level] += 1
    return [counts[level] for level in scale]


def outliers(levels_by_person: Mapping[int, Mapping[str, int]]) -> list[Outlier]:
    """Everyone whose level of a competency is ``APART`` or more from the group's median of it
    (competencies fewer than three people hold have no meaningful median and are skipped)."""
    by_competency: dict[str, dict[int, int]] = {}
    for person, levels in levels_by_person.items():
        for competency, level in levels.items():
            by_competency.setdefault(competency, {})[person] = level
    found: list[Outlier] = []
    for competency, held in sorted(by_competency.items()):
        if len(held) < 3:
            continue
        middle = median_level(held.values())
        found.extend(
            Outlier(person, competency, level, middle)
            for person, level in sorted(held.items())
            if abs(level - middle) >= APART
        )
    return found


def check_reason(reason: str) -> str:
    """The reason trimmed; raises InvalidRequest (field ``reason``) when empty or too long."""
    text = usable_text("reason", reason).strip()
    if not text:
        raise InvalidRequest("reason: say why this is the level (it is kept with the decision)")
    if len(text) > REASON_MAX:
        raise InvalidRequest(f"reason: at most {REASON_MAX} characters")
    return text


def check_session_name(name: str) -> str:
    """The name trimmed; raises InvalidRequest (field ``name``) when empty or too long."""
    text = usable_text("name", name, lines=False).strip()
    if not text:
        raise InvalidRequest("name: give the session a name, such as 'Reporting team, Q1'")
    if len(text) > NAME_MAX:
        raise InvalidRequest(f"name: at most {NAME_MAX} characters")
    return text
