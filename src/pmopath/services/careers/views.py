"""Response models built from results, shared by every machine interface (CLI --json, the API)."""

from __future__ import annotations

import math

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
from pmopath.domain.framework_change import FrameworkChange
from pmopath.domain.paths import CareerPath, Step
from pmopath.domain.readiness import CompetencyGap, Raise
from pmopath.services.careers.gaps import GapReport
from pmopath.services.careers.roles import RoleDetail
from pmopath.services.careers.schemas import (
    ActionPublic,
    BandPublic,
    BlockerPublic,
    CareerMapPublic,
    CompetencyGapPublic,
    ExperiencePublic,
    FrameworkRef,
    FrameworkUploadPublic,
    GapPublic,
    LevelRaisePublic,
    PathPublic,
    PathsPublic,
    PathStepPublic,
    PrerequisiteOptionPublic,
    RaiseImpactPublic,
    RequirementPublic,
    RolePublic,
    RolesPublic,
    RoleSummaryPublic,
    ToReachPublic,
    TrackPublic,
    TransitionPublic,
)
from pmopath.services.ports.schemas import ErrorDetail, ErrorPublic, ProblemPublic


def shown_percent(value: float, decimals: int = 1) -> float | int:
    """Round a readiness for display *down*: 99.96% with a gap left must not read as 100%."""
    scale = 10**decimals
    shown = math.floor(value * scale + 1e-9) / scale
    return int(shown) if decimals == 0 else shown


def _months(value: float) -> float:
    return round(value, 1)


def transition_view(transition: Transition) -> TransitionPublic:
    return TransitionPublic(
        from_=transition.source,
        to=transition.target,
        kind=transition.kind,
        typical_months=transition.typical_months,
        min_months=transition.min_months,
    )


def _step_view(step: Step) -> PathStepPublic:
    transition = step.transition
    return PathStepPublic(
        from_=transition.source,
        to=transition.target,
        kind=transition.kind,
        typical_months=transition.typical_months,
        min_months=transition.min_months,
        expected_months=_months(step.expected_months),
    )


def paths_view(source: Role, target: Role, paths: list[CareerPath]) -> PathsPublic:
    """The documented JSON of ``pmopath paths``."""
    return PathsPublic(
        from_=source.id,
        to=target.id,
        paths=[
            PathPublic(
                roles=list(path.roles),
                steps=[_step_view(s) for s in path.steps],
                total_typical_months=path.total_typical_months,
                total_min_months=path.total_min_months,
                expected_months=_months(path.expected_months),
            )
            for path in paths
        ],
    )


def _competency_gap_view(g: CompetencyGap) -> CompetencyGapPublic:
    return CompetencyGapPublic(
        competency=g.competency,
        required=g.required,
        current=g.current,
        gap=g.gap,
        weight=g.weight,
        critical=g.critical,
        core=g.core,
    )


def _raise_view(r: Raise) -> LevelRaisePublic:
    return LevelRaisePublic(
        competency=r.competency, from_=r.from_level, to=r.to_level, months=round(r.months, 1)
    )


def gap_view(report: GapReport) -> GapPublic:
    """The documented JSON of ``pmopath gap``."""
    analysis, band = report.analysis, report.band
    return GapPublic(
        role=analysis.role.id,
        readiness=shown_percent(analysis.readiness),
        raw_readiness=shown_percent(analysis.raw_readiness),
        band=BandPublic(
            band=band.band.value,
            label=band.label,
            months=band.months,
            threshold=band.threshold,
            stretch_months=band.stretch_months,
            explanation=band.explanation,
            raises=[_raise_view(r) for r in band.raises],
        ),
        capped_by=list(analysis.capped_by),
        blockers=[
            BlockerPublic(
                competency=b.competency,
                reason=b.reason.value,
                short_by=b.short_by,
                levels_to_unblock=b.levels_to_unblock,
            )
            for b in analysis.blockers
        ],
        critical_cap=analysis.critical_cap,
        gaps=[_competency_gap_view(g) for g in analysis.gaps],
        awareness=[_competency_gap_view(g) for g in analysis.awareness],
        to_reach=ToReachPublic(
            target=report.target, raises=[_raise_view(r) for r in report.to_reach]
        ),
        helps_most=[
            RaiseImpactPublic(
                competency=i.competency,
                from_=i.from_level,
                to=i.to_level,
                readiness_after=shown_percent(i.readiness_after),
                gain=round(i.gain, 1),
                raw_gain=round(i.raw_gain, 1),
                blocking=i.blocking.value if i.blocking else None,
                unblocks=i.unblocks,
            )
            for i in report.impacts
        ],
    )


def role_summary_view(role: Role) -> RoleSummaryPublic:
    return RoleSummaryPublic(
        id=role.id,
        title=role.title,
        track=role.track,
        seniority=role.seniority,
        aliases=list(role.aliases),
    )


def roles_view(framework: Framework, roles: list[Role]) -> RolesPublic:
    return RolesPublic(
        framework=FrameworkRef(id=framework.id, version=framework.version),
        tracks=[TrackPublic(id=t.id, name=t.name) for t in framework.tracks],
        data=[role_summary_view(role) for role in roles],
        count=len(roles),
    )


def career_map_view(framework: Framework, roles: list[Role]) -> CareerMapPublic:
    """Roles by track and seniority with every route between them."""
    return CareerMapPublic(
        **dict(roles_view(framework, roles)),
        transitions=[transition_view(t) for t in framework.transitions],
    )


def _option_view(option: PrerequisiteOption) -> PrerequisiteOptionPublic:
    return PrerequisiteOptionPublic(
        label=option.label,
        education=option.education,
        experience=[
            ExperiencePublic(months=e.months, roles=list(e.roles), tracks=list(e.tracks))
            for e in option.experience
        ],
        actions=list(option.actions),
        any_of_actions=list(option.any_of_actions),
    )


def action_view(action: Action) -> ActionPublic:
    return ActionPublic(
        id=action.id,
        title=action.title,
        kind=action.kind,
        provider=action.provider,
        develops=dict(action.develops),
        duration_weeks=action.duration_weeks,
        effort_hours=action.effort_hours,
        cost=action.cost,
        prerequisites=[_option_view(o) for o in action.prerequisites],
    )


def role_detail_view(detail: RoleDetail) -> RolePublic:
    role = detail.role
    return RolePublic(
        **dict(role_summary_view(role)),
        summary=role.summary,
        responsibilities=list(role.responsibilities),
        requirements=[
            RequirementPublic(
                competency=r.competency, level=r.level, weight=r.weight, critical=r.critical
            )
            for r in role.requirements
            if r.level > 0
        ],
        routes_in=[transition_view(t) for t in detail.routes_in],
        routes_out=[transition_view(t) for t in detail.routes_out],
        actions=[action_view(a) for a in detail.actions],
    )


def framework_upload_view(
    framework: Framework, change: FrameworkChange, file: str, *, activated: bool
) -> FrameworkUploadPublic:
    """A checked framework file: what it holds and what it changes (made active or not)."""
    return FrameworkUploadPublic(
        valid=True,
        activated=activated,
        file=file,
        id=framework.id,
        name=framework.name,
        version=framework.version,
        roles=len(framework.roles),
        competencies=len(framework.competencies),
        added=change.added,
        removed=change.removed,
        renamed=change.renamed,
    )


def problem_view(problem: Problem) -> ProblemPublic:
    """One located problem: file, line, column, message and the path inside the document."""
    return ProblemPublic(
        file=problem.source,
        line=problem.line,
        column=problem.column,
        message=problem.message,
        path=list(problem.path),
    )


def error_view(error: PmopathError) -> ErrorPublic:
    """A machine-readable description of an error, with located problems where there are some."""
    detail = ErrorDetail(
        type=type(error).__name__,
        message=str(error),
        problems=(
            [problem_view(p) for p in error.problems]
            if isinstance(error, InvalidDocument)
            else None
        ),
        suggestions=(
            list(error.suggestions) if isinstance(error, UnknownRole | UnknownTrack) else None
        ),
        reasons=list(error.problems) if isinstance(error, WeakPassword) else None,
        retry_after_seconds=(error.retry_after_seconds if isinstance(error, Throttled) else None),
    )
    return ErrorPublic(error=detail)
