"""People, their roles over time, their aspirations and the assessments made of them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class AssessmentSource(StrEnum):
    """Who gave a rating. Peer ratings inform calibration but not the current picture; a
    calibrated level is a manager's decision after comparing the others (domain/calibration.py),
    recorded only through calibration, with its reason."""

    SELF = "self"
    MANAGER = "manager"
    PEER = "peer"
    EVIDENCE = "evidence"
    CALIBRATED = "calibrated"


CURRENT_PICTURE_SOURCES = frozenset(
    {
        AssessmentSource.SELF,
        AssessmentSource.MANAGER,
        AssessmentSource.EVIDENCE,
        AssessmentSource.CALIBRATED,
    }
)


class AccountRole(StrEnum):
    MEMBER = "member"
    MANAGER = "manager"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class Person:
    id: int | None
    email: str | None
    name: str
    role: str | None = None
    role_since: date | None = None
    manager_id: int | None = None
    team: str | None = None


@dataclass(frozen=True, slots=True)
class RoleSpell:
    """A period in one role; ``kinds`` tags the kind of work done in it (e.g. "agile"), which
    experience needs of that kind count (see pmopath.domain.experience)."""

    role: str
    started_on: date | None
    ended_on: date | None = None
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RecordedAssessment:
    """An assessment as stored: append-only, with who gave it, when and against which framework."""

    id: int | None
    person_id: int
    framework_version_id: int
    source: AssessmentSource
    levels: Mapping[str, int]
    assessed_at: datetime
    assessor_id: int | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Target:
    role: str
    is_primary: bool


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    before: Mapping[str, object] | None = None
    after: Mapping[str, object] | None = None


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """Everything shown about one person: who they are, their roles, levels and targets."""

    person: Person
    manager: Person | None
    history: tuple[RoleSpell, ...] = ()
    levels: Mapping[str, int] = field(default_factory=dict)
    targets: tuple[Target, ...] = ()
    assessments: int = 0
