"""The framework file format (YAML or JSON) as pydantic models, and its conversion to the domain.

The models are the single source of the published JSON Schema. They check shapes and types;
meaning-level checks (unknown references, levels outside the scale, cycles) live in
``pmopath.domain.validation`` so that every way of building a framework gets them.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
)

from pmopath.adapters.framework_actions import ActionSpec, action_from_spec
from pmopath.adapters.framework_types import (
    Amount,
    Id,
    Level,
    LongText,
    Months,
    ShortText,
    SourceSpec,
    _Model,
    source_from_spec,
)
from pmopath.domain.framework import (
    DEFAULT_MONTHS_TO_LEVEL,
    Area,
    Competency,
    Framework,
    LevelIndicators,
    ReadinessRules,
    Requirement,
    Role,
    RoleScope,
    SalaryBand,
    Scale,
    ScaleLevel,
    Service,
    Track,
    Transition,
    TransitionKind,
)

FORMAT_VERSION = 1
"""The file format's version; bump with a migration note when the format changes."""


def _text_from_number(value: Any) -> Any:
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


class ScaleLevelSpec(_Model):
    level: Level
    label: ShortText
    description: LongText = ""


class AreaSpec(_Model):
    id: Id
    name: ShortText
    description: LongText = ""


class TrackSpec(_Model):
    id: Id
    name: ShortText
    description: LongText = ""


class IndicatorsSpec(_Model):
    knowledge: LongText = ""
    application: LongText = ""
    evidence: LongText = Field(
        default="", description="An example of evidence that shows the level."
    )


class CompetencySpec(_Model):
    id: Id
    name: ShortText
    area: Id
    description: LongText = ""
    anchors: dict[Annotated[int, Field(strict=False)], LongText] = Field(
        default_factory=dict,
        description="Behavioural anchor for each level above 0 (keys are levels).",
    )
    indicators: dict[Annotated[int, Field(strict=False)], IndicatorsSpec] = Field(
        default_factory=dict,
        description="Per level: what the person knows, what they do, an example of evidence.",
    )


class RequirementSpec(_Model):
    level: Level
    weight: Annotated[float, Field(gt=0, le=100)] = 1.0
    critical: StrictBool = False
    core: StrictBool = Field(
        default=False, description="A core competency: two levels short of it, nobody is ready."
    )


class SalarySpec(_Model):
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    low: Amount
    high: Amount
    year: Annotated[StrictInt, Field(ge=1990, le=2100)]
    source: SourceSpec
    note: LongText = ""


def _requirement_shorthand(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return {"level": value}
    return value


RequirementEntry = Annotated[RequirementSpec, BeforeValidator(_requirement_shorthand)]


class RoleSpec(_Model):
    id: Id
    title: ShortText
    track: Id
    seniority: Annotated[StrictInt, Field(ge=0, le=10)]
    aliases: list[ShortText] = Field(default_factory=list, max_length=50)
    summary: LongText = ""
    responsibilities: list[LongText] = Field(default_factory=list, max_length=50)
    requirements: dict[Id, RequirementEntry] = Field(
        default_factory=dict,
        description="Competency id -> level, or {level, weight, critical, core}.",
    )
    scope: Annotated[RoleScope | None, Field(strict=False)] = None
    typical_experience: LongText = ""
    kpis: list[LongText] = Field(default_factory=list, max_length=30)
    salary: SalarySpec | None = None
    critical: StrictBool = Field(
        default=False,
        description="A role the organisation must not leave empty: its successors are tracked.",
    )


class ServiceSpec(_Model):
    id: Id
    name: ShortText
    description: LongText = ""
    needs: dict[Id, Level] = Field(
        min_length=1,
        max_length=50,
        description="Competency id -> the level someone needs to deliver the service.",
    )


class TransitionSpec(_Model):
    model_config = ConfigDict(populate_by_name=True)

    source: Id = Field(alias="from")
    target: Id = Field(alias="to")
    kind: Annotated[TransitionKind, Field(strict=False)]
    typical_months: Months
    min_months: Months
    note: LongText = ""
    drops: dict[Id, ShortText] = Field(
        default_factory=dict,
        description="Competencies whose required level falls along this move, with the reason.",
    )
    jump_reason: LongText = Field(
        default="", description="Why the move may rise more than one seniority level at once."
    )


class RulesSpec(_Model):
    critical_cap: Annotated[float, Field(ge=0, le=100)] = 70.0
    ready_threshold: Annotated[float, Field(ge=0, le=100)] = 80.0
    months_per_level: Annotated[float, Field(ge=0, le=60)] = Field(
        default=2.0,
        description="No longer used (months now come from months_to_level); still accepted.",
    )
    awareness_level: Annotated[StrictInt, Field(ge=0, le=10)] = 1
    months_to_level: dict[
        Annotated[int, Field(strict=False)], Annotated[float, Field(gt=0, le=120)]
    ] = Field(
        default_factory=lambda: dict(DEFAULT_MONTHS_TO_LEVEL),
        description="Months of practice to gain each level (key: the level reached).",
    )
    parallel_competencies: Annotated[float, Field(ge=1, le=30)] = 3.0
    seniority_jump_months: Annotated[float, Field(ge=0, le=120)] = 12.0
    stretch_months: Annotated[float, Field(ge=0, le=240)] = 24.0
    explanations: dict[Annotated[str, Field(max_length=80)], LongText] = Field(
        default_factory=dict, description="Per rule: where its value comes from."
    )


class FrameworkHeaderSpec(_Model):
    """The framework's own fields, without its item lists."""

    format: Literal[1] = Field(1, description="Version of this file format.")
    id: Id
    name: ShortText
    version: Annotated[ShortText, BeforeValidator(_text_from_number)]
    description: LongText = ""
    attribution: LongText = ""
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "GBP"
    rules: RulesSpec = RulesSpec()


class FrameworkSpec(FrameworkHeaderSpec):
    """A PMO Pathways competency framework file."""

    model_config = ConfigDict(title="PMO Pathways framework")

    scale: list[ScaleLevelSpec] = Field(min_length=2, max_length=11)
    areas: list[AreaSpec] = Field(min_length=1, max_length=100)
    tracks: list[TrackSpec] = Field(min_length=1, max_length=100)
    competencies: list[CompetencySpec] = Field(min_length=1, max_length=2000)
    roles: list[RoleSpec] = Field(min_length=1, max_length=20_000)
    transitions: list[TransitionSpec] = Field(default_factory=list, max_length=500_000)
    actions: list[ActionSpec] = Field(default_factory=list, max_length=20_000)
    services: list[ServiceSpec] = Field(
        default_factory=list,
        max_length=200,
        description="The PMO's services, each with the competency levels delivering it needs.",
    )


def framework_from_spec(spec: FrameworkSpec) -> Framework:
    """Build the domain framework from a validated file model."""
    return Framework(
        id=spec.id,
        name=spec.name,
        version=spec.version,
        description=spec.description,
        attribution=spec.attribution,
        currency=spec.currency,
        rules=_rules(spec.rules),
        scale=Scale(tuple(ScaleLevel(s.level, s.label, s.description) for s in spec.scale)),
        areas=tuple(Area(a.id, a.name, a.description) for a in spec.areas),
        tracks=tuple(Track(t.id, t.name, t.description) for t in spec.tracks),
        competencies=tuple(
            Competency(
                c.id,
                c.name,
                c.area,
                c.description,
                dict(c.anchors),
                {
                    level: LevelIndicators(i.knowledge, i.application, i.evidence)
                    for level, i in c.indicators.items()
                },
            )
            for c in spec.competencies
        ),
        roles=tuple(_role(r) for r in spec.roles),
        transitions=tuple(
            Transition(
                t.source,
                t.target,
                t.kind,
                t.typical_months,
                t.min_months,
                t.note,
                dict(t.drops),
                t.jump_reason,
            )
            for t in spec.transitions
        ),
        actions=tuple(action_from_spec(a) for a in spec.actions),
        services=tuple(Service(s.id, s.name, dict(s.needs), s.description) for s in spec.services),
    )


def _role(spec: RoleSpec) -> Role:
    return Role(
        id=spec.id,
        title=spec.title,
        track=spec.track,
        seniority=spec.seniority,
        aliases=tuple(spec.aliases),
        summary=spec.summary,
        responsibilities=tuple(spec.responsibilities),
        requirements=tuple(
            Requirement(competency, req.level, req.weight, req.critical, req.core)
            for competency, req in spec.requirements.items()
        ),
        scope=spec.scope,
        typical_experience=spec.typical_experience,
        kpis=tuple(spec.kpis),
        salary=_salary(spec.salary) if spec.salary is not None else None,
        critical=spec.critical,
    )


def _salary(spec: SalarySpec) -> SalaryBand:
    return SalaryBand(
        spec.currency, spec.low, spec.high, source_from_spec(spec.source), spec.year, spec.note
    )


def _rules(spec: RulesSpec) -> ReadinessRules:
    return ReadinessRules(
        critical_cap=spec.critical_cap,
        ready_threshold=spec.ready_threshold,
        awareness_level=spec.awareness_level,
        months_to_level=dict(spec.months_to_level),
        parallel_competencies=spec.parallel_competencies,
        seniority_jump_months=spec.seniority_jump_months,
        stretch_months=spec.stretch_months,
        explanations=dict(spec.explanations),
    )


def framework_json_schema() -> dict[str, Any]:
    """Return the JSON Schema of the framework file format."""
    schema = FrameworkSpec.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
