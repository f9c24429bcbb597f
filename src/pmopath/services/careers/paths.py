"""Career paths between two roles, ranked by the months a person can expect (the engine's
expected-months model and search)."""

from __future__ import annotations

from collections.abc import Iterable

from pmopath.domain.assessment import Assessment
from pmopath.domain.errors import InvalidRequest, UnknownRole, UnknownTrack
from pmopath.domain.framework import Framework, normalise_name
from pmopath.domain.names import closest_role_names, find_role
from pmopath.domain.paths import CareerPath
from pmopath.services.careers.gaps import check_assessment, whole_number
from pmopath.services.careers.roles import RoleRef, resolve_role

MAX_PATHS = 50
MAX_STEPS = 50


def find_paths(
    framework: Framework,
    from_role: RoleRef,
    to_role: RoleRef,
    *,
    assessment: Assessment | None = None,
    k: int = 3,
    avoid: Iterable[str] = (),
    max_steps: int | None = None,
) -> list[CareerPath]:
    """Return up to ``k`` best distinct paths between two roles, ranked by expected months.

    ``avoid`` names roles or tracks to route around (never the two ends). Raises UnknownRole,
    UnknownTrack or InvalidRequest on bad input; an empty list means there is no route.
    """
    source = resolve_role(framework, from_role)
    target = resolve_role(framework, to_role)
    if source.id == target.id:
        raise InvalidRequest(f"'{source.title}' is both the start and the destination")
    whole_number("k", k, 1, MAX_PATHS)
    if max_steps is not None:
        whole_number("max steps", max_steps, 1, MAX_STEPS)
    if assessment is not None:
        check_assessment(framework, assessment)
    if isinstance(avoid, str):
        avoid = [avoid]
    avoid_roles, avoid_tracks = split_avoid(framework, avoid)
    from pmopath.engine import paths  # igraph and numpy load with the first search, not before

    return paths.find_paths(
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
