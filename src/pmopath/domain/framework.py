"""The competency framework as plain, immutable domain objects."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cached_property

_SEPARATORS = re.compile(r"[\s_\-/&.,]+")


def normalise_name(name: str) -> str:
    """Fold case, separators and surrounding space so 'PMO-Analyst' matches 'pmo_analyst'."""
    return _SEPARATORS.sub(" ", name.casefold()).strip()


class TransitionKind(StrEnum):
    """How a move between two roles is usually described."""

    PROMOTION = "promotion"
    LATERAL = "lateral"
    SPECIALISATION = "specialisation"
    ENTRY = "entry"


class RoleScope(StrEnum):
    """How far a role's work reaches: kept apart from proficiency, so that a level says how well
    and the scope says over what (a Chief Project Officer plans an organisation's portfolio, not
    a project's tasks)."""

    TASKS = "tasks"
    """Their own tasks and their immediate team's."""
    TEAM = "team"
    """A project, a team or a PMO service."""
    PROGRAMME = "programme"
    """A programme, a portfolio, a PMO or a business function."""
    ORGANISATION = "organisation"
    """The whole organisation (or a division run as one)."""


class ActionKind(StrEnum):
    """What sort of development action something is."""

    CERTIFICATION = "certification"
    COURSE = "course"
    ASSIGNMENT = "assignment"
    MENTORING = "mentoring"
    READING = "reading"


class Education(StrEnum):
    """Highest education, as certification bodies distinguish it (in this order: a higher one
    meets an option asking for a lower one)."""

    NONE = "none"
    SECONDARY = "secondary"
    DEGREE = "degree"
    GAC_DEGREE = "gac_degree"
    """A degree from a programme accredited by PMI's Global Accreditation Center (GAC): PMI
    asks for less experience from its holders (PMP 24 months, PgMP and PfMP 36)."""


@dataclass(frozen=True, slots=True)
class ScaleLevel:
    level: int
    label: str
    description: str


@dataclass(frozen=True, slots=True)
class Scale:
    """The proficiency scale; levels are consecutive integers from ``minimum``."""

    levels: tuple[ScaleLevel, ...]

    @property
    def minimum(self) -> int:
        return self.levels[0].level if self.levels else 0

    @property
    def maximum(self) -> int:
        return self.levels[-1].level if self.levels else 0

    def label(self, level: int) -> str:
        """Return the label of ``level`` (e.g. ``Independent``), or the number as text."""
        for entry in self.levels:
            if entry.level == level:
                return entry.label
        return str(level)


@dataclass(frozen=True, slots=True)
class Area:
    id: str
    name: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Source:
    """Where a fact about the outside world comes from, and when it was last checked there."""

    url: str
    checked_on: date
    title: str = ""


@dataclass(frozen=True, slots=True)
class LevelIndicators:
    """What a level of one competency looks like: what the person knows, what they do with it,
    and an example of evidence that shows it."""

    knowledge: str = ""
    application: str = ""
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class Competency:
    id: str
    name: str
    area: str
    description: str = ""
    anchors: Mapping[int, str] = field(default_factory=dict)
    indicators: Mapping[int, LevelIndicators] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Requirement:
    competency: str
    level: int
    weight: float = 1.0
    critical: bool = False
    core: bool = False
    """One of the role's core competencies: more than one level short of it, nobody is ready."""


@dataclass(frozen=True, slots=True)
class SalaryBand:
    """A pay range for a role, with where it comes from (a published survey or statistic)."""

    currency: str
    low: float
    high: float
    source: Source
    year: int
    note: str = ""


@dataclass(frozen=True)
class Role:
    id: str
    title: str
    track: str
    seniority: int
    aliases: tuple[str, ...] = ()
    summary: str = ""
    """The role's purpose, in a sentence or two."""
    responsibilities: tuple[str, ...] = ()
    requirements: tuple[Requirement, ...] = ()
    scope: RoleScope | None = None
    typical_experience: str = ""
    kpis: tuple[str, ...] = ()
    """What the role is judged by."""
    salary: SalaryBand | None = None
    critical: bool = False
    """A role the organisation cannot leave empty: the leader's view shows its successors."""

    @cached_property
    def required_levels(self) -> Mapping[str, int]:
        """Competency id -> required level, for requirements above zero."""
        return {req.competency: req.level for req in self.requirements if req.level > 0}

    def names(self) -> tuple[str, ...]:
        """Every name the role answers to: id, title and aliases."""
        return (self.id, self.title, *self.aliases)


@dataclass(frozen=True, slots=True)
class Transition:
    source: str
    target: str
    kind: TransitionKind
    typical_months: int
    min_months: int
    note: str = ""
    drops: Mapping[str, str] = field(default_factory=dict)
    """Competencies whose requirement falls along this move, each with the reason."""
    jump_reason: str = ""
    """Why this move may rise more than one seniority level at once (without a reason such a
    jump costs ``ReadinessRules.seniority_jump_months`` for each level skipped)."""


@dataclass(frozen=True, slots=True)
class ExperienceNeed:
    """Months of experience in any of the listed roles or tracks (none listed: any role).

    ``within_months`` is the look-back window: only months in the last ``within_months`` before
    the application count (None: every recorded month). ``kind`` narrows which months count to
    spells of role history recorded with that kind of work (``RoleSpell.kinds``, e.g. "agile"),
    in the listed roles or tracks; the way of working is not a role, so it is a tag on a spell.
    """

    months: int
    roles: tuple[str, ...] = ()
    tracks: tuple[str, ...] = ()
    description: str = ""
    within_months: int | None = None
    kind: str = ""


@dataclass(frozen=True, slots=True)
class PrerequisiteOption:
    """One way to qualify for an action; every part of the option must hold.

    Training hours (35 hours of project management education, 10 hours of PMO education, 28
    hours of agile training) are prerequisite *actions*: courses whose title says the hours and
    topic, named in ``actions`` (or ``any_of_actions`` where a certificate may stand in for them,
    as the CAPM does for the PMP's 35 hours).
    """

    label: str = ""
    education: Education = Education.NONE
    experience: tuple[ExperienceNeed, ...] = ()
    actions: tuple[str, ...] = ()
    any_of_actions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Action:
    """A development action; ``prerequisites`` are alternatives (meet any one option)."""

    id: str
    title: str
    kind: ActionKind
    develops: Mapping[str, int]
    provider: str = ""
    description: str = ""
    duration_weeks: int = 0
    effort_hours: float = 0.0
    cost: float = 0.0
    prerequisites: tuple[PrerequisiteOption, ...] = ()
    suits: tuple[str, ...] = ()
    validity_months: int | None = None
    """How long a pass stays current (None: it does not expire)."""
    renewal: str = ""
    """How it is kept current or renewed, in a sentence."""
    renewal_units: int | None = None
    """Professional development units to log per validity period to renew without an exam (PMI
    PDUs, PeopleCert CPD points: an hour each); None when renewal is by exam or not set."""
    aliases: tuple[str, ...] = ()
    """Former or other names (PeopleCert's 2024 names keep the old ones here)."""
    sources: tuple[Source, ...] = ()
    """Where its rules, fees, validity and renewal come from, each with when it was checked."""

    def names(self) -> tuple[str, ...]:
        """The title and every alias."""
        return (self.title, *self.aliases)

    def prerequisite_actions(self) -> frozenset[str]:
        """Every action id named by any prerequisite option."""
        return frozenset(
            action_id
            for option in self.prerequisites
            for action_id in (*option.actions, *option.any_of_actions)
        )


DEFAULT_MONTHS_TO_LEVEL: Mapping[int, float] = {1: 1.0, 2: 4.0, 3: 9.0, 4: 18.0, 5: 30.0}


@dataclass(frozen=True, slots=True)
class ReadinessRules:
    """Tunable numbers of the readiness and expected-months models (documented where they are
    computed: pmopath.engine.readiness and pmopath.engine.months), each with where it comes from
    in ``explanations``."""

    critical_cap: float = 70.0
    """Readiness while someone is not ready (a critical gap, or a core one of two levels)."""
    ready_threshold: float = 80.0
    awareness_level: int = 1
    """Requirements at or below this level are shown but do not count towards readiness."""
    months_to_level: Mapping[int, float] = field(
        default_factory=lambda: dict(DEFAULT_MONTHS_TO_LEVEL)
    )
    """Months of practice to gain each level (key: the level reached), per competency."""
    parallel_competencies: float = 3.0
    """How many competencies a person can develop at the same time."""
    seniority_jump_months: float = 12.0
    """Added for each seniority level a move skips without a ``jump_reason``."""
    stretch_months: float = 24.0
    """Beyond this many months of development, a role is a stretch, not "ready in N months"."""
    explanations: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Service:
    """A service the PMO offers (reporting, risk, ...) and the competency levels someone needs
    to deliver it: the leader's view counts who meets them, now and once plans complete."""

    id: str
    name: str
    needs: Mapping[str, int]
    """Competency id -> the level needed (every one of them, at or above it)."""
    description: str = ""


@dataclass(frozen=True, slots=True)
class Track:
    id: str
    name: str
    description: str = ""


@dataclass(frozen=True, eq=False)
class Framework:
    """One version of a competency framework: scale, competencies, roles, routes and actions.

    Compared and hashed by identity: a framework is a loaded document, and caches
    (such as the career graph) hang off the object.
    """

    id: str
    name: str
    version: str
    scale: Scale
    areas: tuple[Area, ...]
    competencies: tuple[Competency, ...]
    tracks: tuple[Track, ...]
    roles: tuple[Role, ...]
    transitions: tuple[Transition, ...]
    actions: tuple[Action, ...]
    rules: ReadinessRules = ReadinessRules()
    description: str = ""
    currency: str = "GBP"
    attribution: str = ""
    services: tuple[Service, ...] = ()
    """The PMO's services and what delivering each needs (none: coverage is not shown)."""

    @cached_property
    def roles_by_id(self) -> Mapping[str, Role]:
        return {role.id: role for role in self.roles}

    @cached_property
    def competencies_by_id(self) -> Mapping[str, Competency]:
        return {competency.id: competency for competency in self.competencies}

    @cached_property
    def actions_by_id(self) -> Mapping[str, Action]:
        return {action.id: action for action in self.actions}

    @cached_property
    def tracks_by_id(self) -> Mapping[str, Track]:
        return {track.id: track for track in self.tracks}

    @cached_property
    def role_name_index(self) -> Mapping[str, str]:
        """Normalised id, title and alias -> role id (the first role wins on a clash)."""
        index: dict[str, str] = {}
        for role in self.roles:
            for name in role.names():
                index.setdefault(normalise_name(name), role.id)
        return index

    def role(self, role_id: str) -> Role:
        """Return the role with this exact id (KeyError otherwise; use lookup for user input)."""
        return self.roles_by_id[role_id]

    @cached_property
    def _routes(
        self,
    ) -> tuple[Mapping[str, tuple[Transition, ...]], Mapping[str, tuple[Transition, ...]]]:
        out: dict[str, list[Transition]] = {}
        into: dict[str, list[Transition]] = {}
        for transition in self.transitions:
            out.setdefault(transition.source, []).append(transition)
            into.setdefault(transition.target, []).append(transition)
        return (
            {role: tuple(found) for role, found in out.items()},
            {role: tuple(found) for role, found in into.items()},
        )

    def transitions_from(self, role_id: str) -> tuple[Transition, ...]:
        """Routes out of a role, in file order."""
        return self._routes[0].get(role_id, ())

    def transitions_to(self, role_id: str) -> tuple[Transition, ...]:
        """Routes into a role, in file order."""
        return self._routes[1].get(role_id, ())

    def actions_for_role(self, role_id: str) -> tuple[Action, ...]:
        """Actions whose ``suits`` names the role.

        A framework that names no suitable roles at all gets, instead, the actions that develop
        one of the role's critical competencies to at least its required level.
        """
        if any(action.suits for action in self.actions):
            return tuple(action for action in self.actions if role_id in action.suits)
        critical = {r.competency: r.level for r in self.role(role_id).requirements if r.critical}
        return tuple(
            action
            for action in self.actions
            if any(action.develops.get(c, 0) >= level for c, level in critical.items())
        )
