"""Response models of the framework: roles, the career map, paths, gaps and framework uploads."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pmopath.domain.framework import ActionKind, Education, TransitionKind
from pmopath.services.ports.schemas import Schema, json_key


class TransitionPublic(Schema):
    """A route from one role to another."""

    from_: Annotated[str, json_key("from")]
    """The role the route leaves."""
    to: str
    """The role it leads to."""
    kind: TransitionKind
    typical_months: int
    min_months: int


class PathStepPublic(TransitionPublic):
    """One step of a path, with the months it is expected to take this person."""

    expected_months: float


class PathPublic(Schema):
    """One route between two roles, step by step."""

    roles: list[str]
    steps: list[PathStepPublic]
    total_typical_months: int
    total_min_months: int
    expected_months: float


class PathsPublic(Schema):
    """Routes from one role to another, ranked by expected months."""

    from_: Annotated[str, json_key("from")]
    to: str
    paths: list[PathPublic]


class CompetencyGapPublic(Schema):
    """A required competency: required and current level, and the gap between them."""

    competency: str
    required: int
    current: int
    gap: int
    weight: float
    critical: bool


class LevelRaisePublic(Schema):
    """One competency raised from a level to another."""

    competency: str
    from_: Annotated[int, json_key("from")]
    to: int


class ToReachPublic(Schema):
    """The raises that reach the target readiness, fewest first."""

    target: float
    raises: list[LevelRaisePublic]


class RaiseImpactPublic(Schema):
    """What raising one competency by a level would do to readiness."""

    competency: str
    from_: Annotated[int, json_key("from")]
    to: int
    readiness_after: float
    gain: float


class GapPublic(Schema):
    """Gaps and readiness (0-100, rounded down) against a role."""

    role: str
    readiness: float
    raw_readiness: float
    """Readiness before the cap for critical gaps."""
    capped_by: list[str]
    """Critical competencies below their requirement, which cap readiness."""
    critical_cap: float
    gaps: list[CompetencyGapPublic]
    to_reach: ToReachPublic
    helps_most: list[RaiseImpactPublic]


class RoleSummaryPublic(Schema):
    """A role as listed: id, title, track and seniority."""

    id: str
    title: str
    track: str
    seniority: int
    aliases: list[str]


class FrameworkRef(Schema):
    """The framework an answer comes from."""

    id: str
    version: str


class TrackPublic(Schema):
    id: str
    name: str


class RolesPublic(Schema):
    """Roles of the active framework, by track and seniority."""

    framework: FrameworkRef
    tracks: list[TrackPublic]
    data: list[RoleSummaryPublic]
    count: int


class CareerMapPublic(RolesPublic):
    """Roles and every route between roles."""

    transitions: list[TransitionPublic]


class ExperiencePublic(Schema):
    """Months of experience needed, in any of the roles or tracks named."""

    months: int
    roles: list[str]
    tracks: list[str]
    within_months: int | None = None
    """Look-back window: only months in this many months before applying count (null: all)."""
    kind: str = ""
    """Only role-history spells tagged with this kind of work count (e.g. agile)."""


class SourcePublic(Schema):
    """Where a fact comes from and when it was last checked there."""

    url: str
    checked_on: date
    title: str


class PrerequisiteOptionPublic(Schema):
    """One way to become eligible for an action (all of it is needed)."""

    label: str
    education: Education
    experience: list[ExperiencePublic]
    actions: list[str]
    any_of_actions: list[str]


class ActionPublic(Schema):
    """A development action: what it develops, how long it takes, what it costs."""

    id: str
    title: str
    kind: ActionKind
    provider: str
    develops: dict[str, int]
    """Competency -> the level it develops up to."""
    duration_weeks: int
    effort_hours: float
    cost: float
    prerequisites: list[PrerequisiteOptionPublic]
    validity_months: int | None = None
    """How long a pass stays current; null: it does not expire."""
    renewal: str = ""
    renewal_units: int | None = None
    """Development units (PDUs, CPD points) per validity period to renew."""
    aliases: list[str] = []
    """Former or other names."""
    sources: list[SourcePublic] = []


class RequirementPublic(Schema):
    competency: str
    level: int
    weight: float
    critical: bool


class RolePublic(RoleSummaryPublic):
    """A role in full: requirements, routes in and out, and actions that develop it."""

    summary: str
    responsibilities: list[str]
    requirements: list[RequirementPublic]
    routes_in: list[TransitionPublic]
    routes_out: list[TransitionPublic]
    actions: list[ActionPublic]


class FrameworkUploadPublic(Schema):
    """A framework file checked (and, when asked, made active): what it holds and changes."""

    valid: bool
    activated: bool
    file: str
    id: str
    name: str
    version: str
    roles: int
    competencies: int
    added: dict[str, list[str]]
    """Kind (roles, competencies...) -> ids the new framework adds."""
    removed: dict[str, list[str]]
    renamed: dict[str, dict[str, str]]
    """Kind -> old id -> new id."""
