"""Response models of people: records, gaps, assessments, evidence, targets, credentials,
role history."""

from __future__ import annotations

from datetime import date

from pmopath.domain.framework import Education
from pmopath.domain.people import AssessmentSource
from pmopath.services.careers.schemas import ClosestRolesPublic, GapPublic
from pmopath.services.ports.schemas import Moment, Schema


class PersonRef(Schema):
    """A person named in another record (a plan's owner, who agreed it)."""

    id: int
    name: str


class PersonPublic(Schema):
    """A stored person: current role and since when, manager and team."""

    id: int
    email: str | None
    name: str
    role: str | None
    role_since: date | None
    manager_id: int | None
    team: str | None


class PeoplePublic(Schema):
    data: list[PersonPublic]
    count: int


class RoleSpellPublic(Schema):
    """A role held, from when to when (``ended_on`` null: still held)."""

    role: str
    started_on: date | None
    ended_on: date | None
    kinds: list[str] = []
    """The kinds of work done in it (such as "agile"), which experience needs of a kind count."""


class TargetPublic(Schema):
    """A role the person aims for; at most one is primary."""

    role: str
    primary: bool


class PersonRecordPublic(PersonPublic):
    """A person's record: manager, role history, current levels and targets."""

    manager: PersonPublic | None
    history: list[RoleSpellPublic]
    levels: dict[str, int]
    """Competency -> current level (the latest assessment of each)."""
    targets: list[TargetPublic]
    assessments: int
    """How many assessments are recorded."""


class PersonGapPublic(GapPublic):
    """A person's gaps and readiness against a role."""

    person: PersonPublic


class PersonClosestRolesPublic(ClosestRolesPublic):
    """The roles a person is closest to, best first."""

    person: PersonPublic


class TargetsPublic(Schema):
    data: list[TargetPublic]
    count: int


class AssessmentPublic(Schema):
    """One recorded assessment: whose, by whom, when, and the levels given."""

    id: int | None
    person_id: int
    source: AssessmentSource
    assessed_at: Moment
    assessor_id: int | None
    note: str
    levels: dict[str, int]


class PastAssessmentPublic(AssessmentPublic):
    assessor: str | None
    """The assessor's name (null when unknown)."""


class LevelChangePublic(Schema):
    competency: str
    before: int
    after: int


class AssessmentsPublic(Schema):
    """Every assessment (newest first) and what changed between the two latest self-ones."""

    data: list[PastAssessmentPublic]
    count: int
    changes: list[LevelChangePublic]


class EvidencePublic(Schema):
    """An achievement logged as evidence, tagged to competencies."""

    id: int | None
    person_id: int
    title: str
    happened_on: date
    description: str
    impact: str
    competencies: list[str]
    verified_by_id: int | None
    """The manager who verified it (null: not yet)."""
    situation: str
    """STAR (all four parts, or all empty for evidence told in the description)."""
    task: str
    action: str
    result: str


class EvidenceListPublic(Schema):
    data: list[EvidencePublic]
    count: int


class CredentialsPublic(Schema):
    """The certifications a person holds (action ids) and their highest education."""

    person_id: int
    certifications: list[str]
    education: Education | None
    """Null: not given (taken as met by eligibility, which says so)."""
    earned_on: dict[str, date] = {}
    """Held certification id -> the day it was earned (or last renewed), where known."""


class HistorySpellPublic(Schema):
    """A spell of a person's role history; ``ended_on`` is the last day in the role (inclusive),
    null for the current spell, which follows the person's role."""

    id: int
    role: str
    role_title: str
    started_on: date | None
    ended_on: date | None
    current: bool
    kinds: list[str]


class HistoryPublic(Schema):
    """A person's role history, oldest first, and the kinds a spell may be tagged with."""

    data: list[HistorySpellPublic]
    count: int
    kinds: list[str]


class ImportPublic(Schema):
    """A people import: e-mails created, updated and unchanged, and columns ignored."""

    dry_run: bool
    created: list[str]
    updated: list[str]
    unchanged: list[str]
    ignored_columns: list[str]
