"""Reading assessment files: shape checks and meaning checks together, every problem located."""

from __future__ import annotations

from difflib import get_close_matches
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError

from pmopath.adapters.framework_files import parse_located, read_text_file
from pmopath.adapters.pydantic_problems import problems_from
from pmopath.domain.assessment import Assessment
from pmopath.domain.errors import AssessmentError, Problem
from pmopath.domain.framework import ActionKind, Framework, normalise_name
from pmopath.domain.names import closest_role_names


class AssessmentSpec(BaseModel):
    """A PMO Pathways assessment file: levels, and optionally the current role and history."""

    model_config = ConfigDict(extra="forbid", strict=True, title="PMO Pathways assessment")

    levels: dict[Annotated[str, Field(max_length=80)], StrictInt] = Field(max_length=5000)
    current_role: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    months_in_role: Annotated[StrictInt, Field(ge=0, le=720)] | None = None
    certifications: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        default_factory=list, max_length=200
    )


def parse_assessment(text: str, source: str, framework: Framework) -> Assessment:
    """Parse an assessment and check it against ``framework``; raises AssessmentError.

    Shape problems (types, unknown fields) and meaning problems (unknown competencies, roles or
    certifications, levels outside the scale) are reported together.
    """
    document = parse_located(text, source, AssessmentError)
    data = document.data
    if not isinstance(data, dict):
        problem = Problem("an assessment must be a mapping with 'levels'")
        raise AssessmentError(source, [document.locate(problem)])
    problems: list[Problem] = []
    spec = None
    try:
        spec = AssessmentSpec.model_validate(data)
    except ValidationError as exc:
        problems.extend(problems_from(exc))
    meaning = _Meaning(framework)
    meaning.check(data)
    problems.extend(meaning.problems)
    if problems or spec is None:
        raise AssessmentError(source, [document.locate(p) for p in problems])
    return Assessment(
        dict(spec.levels), meaning.role_id, spec.months_in_role, tuple(meaning.certifications)
    )


def load_assessment_file(path: Path, framework: Framework) -> Assessment:
    """Load an assessment file and check it against ``framework``."""
    return parse_assessment(read_text_file(path, "assessment"), str(path), framework)


class _Meaning:
    """Checks what the values mean, on whatever parts of the data have the right shape."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self.problems: list[Problem] = []
        self.role_id: str | None = None
        self.certifications: list[str] = []

    def check(self, data: dict[Any, Any]) -> None:
        levels = data.get("levels")
        if isinstance(levels, dict):
            for competency, level in levels.items():
                self._level(competency, level)
        role = data.get("current_role")
        if isinstance(role, str):
            self._role(role)
        certifications = data.get("certifications")
        if isinstance(certifications, list):
            for index, name in enumerate(certifications):
                if isinstance(name, str):
                    self._certification(index, name)

    def _level(self, competency: Any, level: Any) -> None:
        known = self.framework.competencies_by_id
        low, high = self.framework.scale.minimum, self.framework.scale.maximum
        where = ("levels", competency)
        if isinstance(competency, str) and competency not in known:
            close = get_close_matches(competency, list(known), n=3, cutoff=0.6)
            hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
            self.problems.append(Problem(f"unknown competency '{competency}'{hint}", where))
        elif isinstance(level, int) and not isinstance(level, bool) and not low <= level <= high:
            self.problems.append(
                Problem(f"level {level} is outside the scale ({low}-{high})", where)
            )

    def _role(self, name: str) -> None:
        self.role_id = self.framework.role_name_index.get(normalise_name(name))
        if self.role_id is None:
            close = closest_role_names(self.framework, name)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            self.problems.append(Problem(f"unknown role '{name}'{hint}", ("current_role",)))

    def _certification(self, index: int, name: str) -> None:
        wanted = normalise_name(name)
        for action in self.framework.actions:
            if action.kind is ActionKind.CERTIFICATION and wanted in (
                normalise_name(action.id),
                normalise_name(action.title),
            ):
                if action.id not in self.certifications:
                    self.certifications.append(action.id)
                return
        self.problems.append(Problem(f"unknown certification '{name}'", ("certifications", index)))


def assessment_json_schema() -> dict[str, Any]:
    """Return the JSON Schema of the assessment file format."""
    schema = AssessmentSpec.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
