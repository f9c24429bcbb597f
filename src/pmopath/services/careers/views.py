"""Plain-data views of results, shared by every machine interface (CLI --json, later the API)."""

from __future__ import annotations

import math
from typing import Any

from pmopath.domain.errors import (
    InvalidDocument,
    PmopathError,
    Problem,
    Throttled,
    UnknownRole,
    UnknownTrack,
    WeakPassword,
)
from pmopath.domain.framework import Action, Framework, PrerequisiteOption, Role, Transition
from pmopath.domain.paths import CareerPath
from pmopath.services.careers.gaps import GapReport
from pmopath.services.careers.roles import RoleDetail


def shown_percent(value: float, decimals: int = 1) -> float | int:
    """Round a readiness for display *down*: 99.96% with a gap left must not read as 100%."""
    scale = 10**decimals
    shown = math.floor(value * scale + 1e-9) / scale
    return int(shown) if decimals == 0 else shown


def _months(value: float) -> float:
    return round(value, 1)


def transition_view(transition: Transition) -> dict[str, Any]:
    return {
        "from": transition.source,
        "to": transition.target,
        "kind": transition.kind.value,
        "typical_months": transition.typical_months,
        "min_months": transition.min_months,
    }


def paths_view(source: Role, target: Role, paths: list[CareerPath]) -> dict[str, Any]:
    """The documented JSON of ``pmopath paths``."""
    return {
        "from": source.id,
        "to": target.id,
        "paths": [
            {
                "roles": list(path.roles),
                "steps": [
                    {**transition_view(s.transition), "expected_months": _months(s.expected_months)}
                    for s in path.steps
                ],
                "total_typical_months": path.total_typical_months,
                "total_min_months": path.total_min_months,
                "expected_months": _months(path.expected_months),
            }
            for path in paths
        ],
    }


def gap_view(report: GapReport) -> dict[str, Any]:
    """The documented JSON of ``pmopath gap``."""
    analysis = report.analysis
    return {
        "role": analysis.role.id,
        "readiness": shown_percent(analysis.readiness),
        "raw_readiness": shown_percent(analysis.raw_readiness),
        "capped_by": list(analysis.capped_by),
        "critical_cap": analysis.critical_cap,
        "gaps": [
            {
                "competency": g.competency,
                "required": g.required,
                "current": g.current,
                "gap": g.gap,
                "weight": g.weight,
                "critical": g.critical,
            }
            for g in analysis.gaps
        ],
        "to_reach": {
            "target": report.target,
            "raises": [
                {"competency": r.competency, "from": r.from_level, "to": r.to_level}
                for r in report.to_reach
            ],
        },
        "helps_most": [
            {
                "competency": i.competency,
                "from": i.from_level,
                "to": i.to_level,
                "readiness_after": shown_percent(i.readiness_after),
                "gain": round(i.gain, 1),
            }
            for i in report.impacts
        ],
    }


def role_summary_view(role: Role) -> dict[str, Any]:
    return {
        "id": role.id,
        "title": role.title,
        "track": role.track,
        "seniority": role.seniority,
        "aliases": list(role.aliases),
    }


def roles_view(framework: Framework, roles: list[Role]) -> dict[str, Any]:
    return {
        "framework": {"id": framework.id, "version": framework.version},
        "tracks": [{"id": t.id, "name": t.name} for t in framework.tracks],
        "data": [role_summary_view(role) for role in roles],
        "count": len(roles),
    }


def career_map_view(framework: Framework, roles: list[Role]) -> dict[str, Any]:
    """Roles by track and seniority with every route between them."""
    return {
        **roles_view(framework, roles),
        "transitions": [transition_view(t) for t in framework.transitions],
    }


def _option_view(option: PrerequisiteOption) -> dict[str, Any]:
    return {
        "label": option.label,
        "education": option.education.value,
        "experience": [
            {"months": e.months, "roles": list(e.roles), "tracks": list(e.tracks)}
            for e in option.experience
        ],
        "actions": list(option.actions),
        "any_of_actions": list(option.any_of_actions),
    }


def action_view(action: Action) -> dict[str, Any]:
    return {
        "id": action.id,
        "title": action.title,
        "kind": action.kind.value,
        "provider": action.provider,
        "develops": dict(action.develops),
        "duration_weeks": action.duration_weeks,
        "effort_hours": action.effort_hours,
        "cost": action.cost,
        "prerequisites": [_option_view(o) for o in action.prerequisites],
    }


def role_detail_view(detail: RoleDetail) -> dict[str, Any]:
    role = detail.role
    return {
        **role_summary_view(role),
        "summary": role.summary,
        "responsibilities": list(role.responsibilities),
        "requirements": [
            {
                "competency": r.competency,
                "level": r.level,
                "weight": r.weight,
                "critical": r.critical,
            }
            for r in role.requirements
            if r.level > 0
        ],
        "routes_in": [transition_view(t) for t in detail.routes_in],
        "routes_out": [transition_view(t) for t in detail.routes_out],
        "actions": [action_view(a) for a in detail.actions],
    }


def problem_view(problem: Problem) -> dict[str, Any]:
    """One located problem: file, line, column, message and the path inside the document."""
    return {
        "file": problem.source,
        "line": problem.line,
        "column": problem.column,
        "message": problem.message,
        "path": list(problem.path),
    }


def error_view(error: PmopathError) -> dict[str, Any]:
    """A machine-readable description of an error, with located problems where there are some."""
    view: dict[str, Any] = {"type": type(error).__name__, "message": str(error)}
    if isinstance(error, InvalidDocument):
        view["problems"] = [problem_view(p) for p in error.problems]
    if isinstance(error, UnknownRole | UnknownTrack):
        view["suggestions"] = list(error.suggestions)
    if isinstance(error, WeakPassword):
        view["reasons"] = list(error.problems)
    if isinstance(error, Throttled):
        view["retry_after_seconds"] = error.retry_after_seconds
    return {"error": view}
