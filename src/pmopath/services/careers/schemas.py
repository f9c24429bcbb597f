"""Response models of the framework: roles, the career map, paths, gaps and framework uploads."""

from __future__ import annotations

from typing import Annotated, Literal

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
    core: bool
    """A core competency of the role: two levels short of it, nobody is ready."""


class LevelRaisePublic(Schema):
    """One competency raised from a level to another."""

    competency: str
    from_: Annotated[int, json_key("from")]
    to: int
    months: float | None = None
    """Months of practice the raise takes on its own (the framework's months_to_level); none
    for a raise an action in a plan makes, which takes the action's own dates."""


class ToReachPublic(Schema):
    """The raises that reach the target readiness, fewest first."""

    target: float
    raises: list[LevelRaisePublic]


class RaiseImpactPublic(Schema):
    """What raising one competency by one level would do to readiness."""

    competency: str
    from_: Annotated[int, json_key("from")]
    to: int
    readiness_after: float
    gain: float
    """Change in readiness: 0 while another blocker remains."""
    raw_gain: float
    """What the level adds before the cap: what it counts for once nothing blocks."""
    blocking: Literal["critical", "core"] | None
    """Set when the step narrows a gap that keeps readiness under the cap."""
    unblocks: bool
    """True when this step ends that competency's block."""


class BlockerPublic(Schema):
    """A gap that keeps readiness under the cap: a critical gap, or a core gap of two levels."""

    competency: str
    reason: Literal["critical", "core"]
    short_by: int
    levels_to_unblock: int


class BandPublic(Schema):
    """Where the person stands: ready now, ready in about N months, or a stretch."""

    band: Literal["ready_now", "ready_in", "stretch"]
    label: str
    months: int
    """Months of practice to reach the threshold (0 when ready now)."""
    threshold: float
    stretch_months: float
    explanation: str
    raises: list[LevelRaisePublic]
    """The fewest raises that reach the threshold: what the months are worked out from."""


class GapPublic(Schema):
    """Gaps and readiness (0-100, rounded down) against a role."""

    role: str
    readiness: float
    raw_readiness: float
    """Readiness before the cap."""
    band: BandPublic
    capped_by: list[str]
    """Competencies that block readiness (see blockers), which cap it."""
    blockers: list[BlockerPublic]
    critical_cap: float
    """The cap on readiness while anything blocks it."""
    gaps: list[CompetencyGapPublic]
    """Requirements above the awareness level: the ones that count."""
    awareness: list[CompetencyGapPublic]
    """Requirements at the awareness level not met yet: shown, not counted."""
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
