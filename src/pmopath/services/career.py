"""Career use cases: paths, gaps and roles; the CLI and the Python API both call these."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pmopath.domain.assessment import Assessment
from pmopath.domain.errors import InvalidRequest, UnknownRole, UnknownTrack
from pmopath.domain.framework import Action, Framework, Role, Transition, normalise_name
from pmopath.domain.names import closest_role_names, find_role, find_track
from pmopath.domain.paths import CareerPath
from pmopath.domain.readiness import (
    GapAnalysis,
    Raise,
    RaiseImpact,
    raise_impacts,
    raises_to_reach,
)
from pmopath.domain.readiness import analyse_gap as _analyse_gap
from pmopath.services.ports import PathSearch

MAX_PATHS = 50
MAX_STEPS = 50
RoleRef = str | Role


@dataclass(frozen=True, slots=True)
class GapReport:
    """A gap analysis with its explanation: what helps most, and what reaches the target."""

    analysis: GapAnalysis
    target: float
    to_reach: tuple[Raise, ...]
    impacts: tuple[RaiseImpact, ...]


@dataclass(frozen=True, slots=True)
class RoleDetail:
    role: Role
    routes_in: tuple[Transition, ...]
    routes_out: tuple[Transition, ...]
    actions: tuple[Action, ...]


def resolve_role(framework: Framework, reference: RoleRef) -> Role:
    """Return the framework's role for an id, title, alias or Role; raises UnknownRole."""
    if isinstance(reference, Role):
        return find_role(framework, reference.id)
    if not isinstance(reference, str):
        raise InvalidRequest(f"a role is named by its id, title or alias, not {reference!r}")
    return find_role(framework, reference)


def _whole_number(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidRequest(f"{name} must be a whole number from {low} to {high}, not {value!r}")
    return value


def check_assessment(framework: Framework, assessment: Assessment) -> Assessment:
    """Return ``assessment`` when every level is a whole number on the framework's scale.

    Files are checked when they are read; this guards assessments built in Python.
    """
    if not isinstance(assessment, Assessment):
        raise InvalidRequest(f"an assessment is expected, not {type(assessment).__name__}")
    low, high = framework.scale.minimum, framework.scale.maximum
    if all(type(level) is int and low <= level <= high for level in assessment.levels.values()):
        return assessment  # the usual case, checked cheaply: this runs on every analysis
    for competency, level in assessment.levels.items():
        _whole_number(f"the level of '{competency}'", level, low, high)
    return assessment


def find_paths(
    framework: Framework,
    from_role: RoleRef,
    to_role: RoleRef,
    *,
    assessment: Assessment | None = None,
    k: int = 3,
    avoid: Iterable[str] = (),
    max_steps: int | None = None,
    search: PathSearch,
) -> list[CareerPath]:
    """Return up to ``k`` best distinct paths between two roles, ranked by expected months.

    ``avoid`` names roles or tracks to route around (never the two ends). Raises UnknownRole,
    UnknownTrack or InvalidRequest on bad input; an empty list means there is no route.
    """
    source = resolve_role(framework, from_role)
    target = resolve_role(framework, to_role)
    if source.id == target.id:
        raise InvalidRequest(f"'{source.title}' is both the start and the destination")
    _whole_number("k", k, 1, MAX_PATHS)
    if max_steps is not None:
        _whole_number("max steps", max_steps, 1, MAX_STEPS)
    if assessment is not None:
        check_assessment(framework, assessment)
    if isinstance(avoid, str):
        avoid = [avoid]
    avoid_roles, avoid_tracks = split_avoid(framework, avoid)
    return search.find(
        framework,
        source,
        target,
        assessment=assessment,
        k=k,
        avoid_roles=avoid_roles,
        avoid_tracks=avoid_tracks,
        max_steps=max_steps,
    )


def split_avoid(framework: Framework, references: Iterable[str]) -> tuple[set[str], set[str]]:
    """Sort --avoid names into role ids and track ids; a track name wins over a role name."""
    roles: set[str] = set()
    tracks: set[str] = set()
    track_names = {
        normalise_name(name): track.id
        for track in framework.tracks
        for name in (track.id, track.name)
    }
    for reference in references:
        track = track_names.get(normalise_name(reference))
        if track is not None:
            tracks.add(track)
            continue
        try:
            roles.add(find_role(framework, reference).id)
        except UnknownRole:
            suggestions = closest_role_names(framework, reference) + [
                t.id for t in framework.tracks if normalise_name(reference) in t.id
            ]
            raise UnknownTrack(reference, suggestions) from None
    return roles, tracks


def resolve_track(framework: Framework, reference: str) -> str:
    """Return the id of the track named by ``reference``; raises UnknownTrack."""
    return find_track(framework, reference)


def analyse_gap(
    framework: Framework, role: RoleRef, assessment: Assessment, *, target: float = 80.0
) -> GapReport:
    """Return the gaps, readiness and explanation of ``assessment`` against ``role``.

    ``target`` is the readiness (0-100) that ``to_reach`` gets to. Raises UnknownRole or
    InvalidRequest.
    """
    resolved = resolve_role(framework, role)
    check_assessment(framework, assessment)
    if isinstance(target, bool) or not isinstance(target, int | float):
        raise InvalidRequest(f"target must be a number from 0 to 100, not {target!r}")
    analysis = _analyse_gap(framework, resolved, assessment)
    return GapReport(
        analysis=analysis,
        target=target,
        to_reach=raises_to_reach(analysis, target),
        impacts=raise_impacts(analysis),
    )


def describe_role(framework: Framework, role: RoleRef) -> RoleDetail:
    """Return a role with its routes in and out and the development actions that suit it."""
    resolved = resolve_role(framework, role)
    return RoleDetail(
        role=resolved,
        routes_in=framework.transitions_to(resolved.id),
        routes_out=framework.transitions_from(resolved.id),
        actions=framework.actions_for_role(resolved.id),
    )


def roles_by_track(framework: Framework) -> list[Role]:
    """Return every role ordered by track (file order) then seniority then title."""
    order = {track.id: index for index, track in enumerate(framework.tracks)}
    return sorted(framework.roles, key=lambda r: (order.get(r.track, 99), r.seniority, r.title))
