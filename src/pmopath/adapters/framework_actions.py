"""The framework file's development actions (catalogue entries, certifications among them) as
pydantic models, and their conversion to the domain.

Fields added after format 1 was published are optional with defaults, so older files still
load: an action's ``validity_months``, ``renewal``, ``renewal_units``, ``aliases`` and
``sources``; an experience need's ``within_months`` (look-back window) and ``kind`` (which
tagged spells of role history count, e.g. agile work).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictInt

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
    Action,
    ActionKind,
    Education,
    ExperienceNeed,
    PrerequisiteOption,
)


class ExperienceSpec(_Model):
    months: Months
    roles: list[Id] = Field(default_factory=list)
    tracks: list[Id] = Field(default_factory=list)
    description: LongText = ""
    within_months: Annotated[StrictInt, Field(ge=1, le=600)] | None = Field(
        None,
        description="Look-back window: only months in this many months before applying count.",
    )
    kind: Id | None = Field(
        None,
        description="Only role-history spells tagged with this kind of work count (e.g. agile).",
    )


class PrerequisiteSpec(_Model):
    label: LongText = ""
    education: Annotated[Education, Field(strict=False)] = Education.NONE
    experience: list[ExperienceSpec] = Field(default_factory=list)
    actions: list[Id] = Field(
        default_factory=list,
        description="All of these first (training hours are courses named here).",
    )
    any_of_actions: list[Id] = Field(default_factory=list, description="At least one of these.")


class ActionSpec(_Model):
    id: Id
    title: ShortText
    kind: Annotated[ActionKind, Field(strict=False)]
    provider: Annotated[str, Field(max_length=200)] = ""
    description: LongText = ""
    develops: dict[Id, Level] = Field(description="Competency id -> the level it can raise you to.")
    duration_weeks: Annotated[StrictInt, Field(ge=0, le=520)] = 0
    effort_hours: Annotated[float, Field(ge=0, le=10_000)] = 0
    cost: Amount = 0
    prerequisites: list[PrerequisiteSpec] = Field(
        default_factory=list,
        description="Alternative ways to qualify: meeting any one option is enough.",
    )
    suits: list[Id] = Field(default_factory=list)
    validity_months: Annotated[StrictInt, Field(ge=1, le=600)] | None = Field(
        None, description="How long a pass stays current; absent: it does not expire."
    )
    renewal: LongText = Field("", description="How it is kept current or renewed.")
    renewal_units: Annotated[StrictInt, Field(ge=0, le=1000)] | None = Field(
        None,
        description="Development units (PDUs, CPD points) to log per validity period to renew.",
    )
    aliases: list[ShortText] = Field(
        default_factory=list, max_length=20, description="Former or other names."
    )
    sources: list[SourceSpec] = Field(
        default_factory=list,
        max_length=20,
        description="Where its rules, fees, validity and renewal come from, with checked dates.",
    )


def action_from_spec(spec: ActionSpec) -> Action:
    """Build the domain action from its file model."""
    return Action(
        id=spec.id,
        title=spec.title,
        kind=spec.kind,
        provider=spec.provider,
        description=spec.description,
        develops=dict(spec.develops),
        duration_weeks=spec.duration_weeks,
        effort_hours=spec.effort_hours,
        cost=spec.cost,
        suits=tuple(spec.suits),
        prerequisites=tuple(
            PrerequisiteOption(
                label=p.label,
                education=p.education,
                experience=tuple(_experience(e) for e in p.experience),
                actions=tuple(p.actions),
                any_of_actions=tuple(p.any_of_actions),
            )
            for p in spec.prerequisites
        ),
        validity_months=spec.validity_months,
        renewal=spec.renewal,
        renewal_units=spec.renewal_units,
        aliases=tuple(spec.aliases),
        sources=tuple(source_from_spec(s) for s in spec.sources),
    )


def _experience(spec: ExperienceSpec) -> ExperienceNeed:
    return ExperienceNeed(
        spec.months,
        tuple(spec.roles),
        tuple(spec.tracks),
        spec.description,
        within_months=spec.within_months,
        kind=spec.kind or "",
    )
