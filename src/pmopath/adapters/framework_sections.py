"""Shape-checking a framework document section by section, item by item."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotated_types import MaxLen, MinLen
from pydantic import BaseModel, ValidationError

from pmopath.adapters.framework_actions import ActionSpec
from pmopath.adapters.framework_format import (
    AreaSpec,
    CompetencySpec,
    FrameworkHeaderSpec,
    FrameworkSpec,
    RoleSpec,
    ScaleLevelSpec,
    ServiceSpec,
    TrackSpec,
    TransitionSpec,
)
from pmopath.adapters.pydantic_problems import problems_from
from pmopath.domain.errors import Problem

SECTIONS: dict[str, type[BaseModel]] = {
    "scale": ScaleLevelSpec,
    "areas": AreaSpec,
    "tracks": TrackSpec,
    "competencies": CompetencySpec,
    "roles": RoleSpec,
    "transitions": TransitionSpec,
    "actions": ActionSpec,
    "services": ServiceSpec,
}
_REFERENCE_KIND = {
    "areas": "area",
    "tracks": "track",
    "competencies": "competency",
    "roles": "role",
    "actions": "action",
    "services": "service",
}


@dataclass
class CheckedSections:
    """What shape-checking found: the problems, the well-formed spec and what was dropped."""

    problems: list[Problem] = field(default_factory=list)
    spec: FrameworkSpec | None = None
    kept: dict[str, list[int]] = field(default_factory=dict)
    broken_ids: set[tuple[str, str]] = field(default_factory=set)
    section_failed: bool = False
    """A whole section was missing or malformed, so no framework can be built."""


def _length_bounds(section: str) -> tuple[int, int | None]:
    metadata = FrameworkSpec.model_fields[section].metadata
    low = next((m.min_length for m in metadata if isinstance(m, MinLen)), 0)
    high = next((m.max_length for m in metadata if isinstance(m, MaxLen)), None)
    return low, high


def check_sections(data: dict[Any, Any]) -> CheckedSections:
    """Validate the header as a whole and every section item on its own."""
    result = CheckedSections()
    header: FrameworkHeaderSpec | None = None
    try:
        header = FrameworkHeaderSpec.model_validate(
            {key: value for key, value in data.items() if key not in SECTIONS}
        )
    except ValidationError as exc:
        result.problems.extend(problems_from(exc))
    sections = {
        section: _check_section(section, model, data.get(section), result)
        for section, model in SECTIONS.items()
    }
    if header is not None and not result.section_failed:
        fields: dict[str, Any] = {**dict(header), **sections}
        result.spec = FrameworkSpec.model_construct(None, **fields)
    return result


def _check_section(
    section: str, model: type[BaseModel], items: Any, result: CheckedSections
) -> list[BaseModel]:
    low, high = _length_bounds(section)
    if items is None:
        if low:
            result.problems.append(Problem(f"missing required field '{section}'", ()))
            result.section_failed = True
        return []
    if not isinstance(items, list):
        result.problems.append(Problem(f"'{section}' must be a list", (section,)))
        result.section_failed = True
        return []
    if len(items) < low or (high is not None and len(items) > high):
        limit = f"at least {low}" if len(items) < low else f"at most {high}"
        result.problems.append(Problem(f"'{section}' must have {limit} items", (section,)))
        return []
    kept: list[BaseModel] = []
    indexes = result.kept.setdefault(section, [])
    for index, item in enumerate(items):
        try:
            kept.append(model.model_validate(item))
        except ValidationError as exc:
            result.problems.extend(problems_from(exc, prefix=(section, index)))
            _remember_broken(section, item, result)
        else:
            indexes.append(index)
    return kept


def _remember_broken(section: str, item: Any, result: CheckedSections) -> None:
    kind = _REFERENCE_KIND.get(section)
    if kind and isinstance(item, dict) and isinstance(item.get("id"), str):
        result.broken_ids.add((kind, item["id"]))
