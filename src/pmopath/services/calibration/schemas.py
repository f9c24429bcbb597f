"""Calibration's JSON shapes, shared by the API's response models and the CLI's ``--json``."""

from __future__ import annotations

from pmopath.domain.calibration import GroupKind
from pmopath.services.ports.schemas import Moment, Schema


class PeerLevelPublic(Schema):
    level: int
    """The median of the raters' levels."""
    responses: int


class DecisionPublic(Schema):
    """A calibrated level: the level it replaced, why, who decided, when, in which session."""

    id: int | None
    person_id: int
    person: str
    competency: str
    level: int
    previous_level: int | None
    reason: str
    decided_at: Moment
    decided_by: str
    """The deciding manager's name, else the account that decided."""
    session_id: int | None


class LevelsComparedPublic(Schema):
    """One competency: every source's level side by side and whether they disagree."""

    competency: str
    self_level: int | None
    manager_level: int | None
    peer: PeerLevelPublic | None
    evidence_level: int | None
    feedback: PeerLevelPublic | None
    current: int | None
    spread: int
    flagged: bool
    """Two sources two levels apart or more, and no calibration since the newest rating."""
    calibrated: DecisionPublic | None


class EvidenceCountPublic(Schema):
    logged: int
    verified: int
    """Of those logged, how many a manager verified."""


class PersonCalibrationPublic(Schema):
    person_id: int
    name: str
    may_calibrate: bool
    levels: list[LevelsComparedPublic]
    """Empty for someone who may not calibrate the person (the person themselves)."""
    decisions: list[DecisionPublic]
    """Every calibrated level, newest first (a newer one supersedes the older)."""
    evidence: dict[str, EvidenceCountPublic]
    """Per competency, the evidence logged for it (for those who may calibrate the person)."""


class FlagPublic(Schema):
    person_id: int
    name: str
    competency: str
    levels: dict[str, int]
    """Each source that rated it: self, manager, peer, evidence, feedback."""
    spread: int
    current: int | None


class FlagsPublic(Schema):
    """The open flags in a group, widest first."""

    group: str
    people: int
    calibrated: int
    """Disagreements a calibration has already settled."""
    data: list[FlagPublic]
    count: int


class SessionPublic(Schema):
    id: int | None
    name: str
    kind: GroupKind
    group: str
    opened_at: Moment
    opened_by: str
    closed_at: Moment | None
    closed_by: str | None
    is_open: bool


class SessionsPublic(Schema):
    data: list[SessionPublic]
    count: int


class SpreadPublic(Schema):
    competency: str
    counts: dict[str, int]
    """How many people hold each level (the level as the key)."""
    unrated: int


class OutlierPublic(Schema):
    person_id: int
    name: str
    competency: str
    level: int
    median: int


class SessionReportPublic(Schema):
    """A session: its group's levels per competency, outliers, open flags, decisions made."""

    session: SessionPublic
    group: str
    people: int
    distribution: list[SpreadPublic]
    outliers: list[OutlierPublic]
    flags: list[FlagPublic]
    decisions: list[DecisionPublic]
