"""The career map as a picture: every role with the signed-in person's readiness for it, every
route, and what is highlighted: their current role, their target and the best route between."""

from __future__ import annotations

from collections.abc import Mapping

from pmopath.domain.assessment import Assessment
from pmopath.domain.errors import BadInput
from pmopath.domain.framework import Framework
from pmopath.domain.paths import CareerPath
from pmopath.domain.permissions import Viewer
from pmopath.domain.readiness import StoredFigure
from pmopath.services.careers.gaps import figure_of
from pmopath.services.careers.paths import find_paths
from pmopath.services.careers.roles import resolve_role, roles_by_track
from pmopath.services.careers.views import paths_view, shown_percent
from pmopath.services.insight.schemas import (
    BandName,
    CareerMapPicturePublic,
    MapRolePublic,
    MapRoutePublic,
    MapTrackPublic,
)
from pmopath.services.people.access import readable_person
from pmopath.services.ports.store import Store


def career_map_picture(
    store: Store, viewer: Viewer, *, source: str | None = None, target: str | None = None
) -> CareerMapPicturePublic:
    """The map for ``viewer``: readiness per role (the engine's readiness and band), their
    current role and primary target, and the best route between them. ``source`` and
    ``target`` (ids, titles or aliases) replace the person's own; one that names no role raises
    UnknownRole. An account with no person gets the map without readiness."""
    framework = store.framework
    assessment, primary, stored = _own(store, viewer)
    start = resolve_role(framework, source).id if source else None
    end = resolve_role(framework, target).id if target else None
    start = start or (assessment.current_role if assessment else None)
    end = end or primary
    route = _best_route(framework, start, end, assessment)
    on_route = set(route.roles) if route else set()
    steps = {(s.transition.source, s.transition.target) for s in route.steps} if route else set()
    standing = _standing(framework, assessment, stored) if assessment is not None else {}
    roles = []
    for role in roles_by_track(framework):
        readiness, band, label = standing.get(role.id, (None, None, None))
        roles.append(
            MapRolePublic(
                id=role.id,
                title=role.title,
                track=role.track,
                seniority=role.seniority,
                readiness=readiness,
                band=band,
                band_label=label,
                current=role.id == start,
                target=role.id == end,
                on_route=role.id in on_route,
            )
        )
    routes = [
        MapRoutePublic(
            from_=t.source,
            to=t.target,
            kind=t.kind.value,
            typical_months=t.typical_months,
            on_route=(t.source, t.target) in steps,
        )
        for t in framework.transitions
    ]
    return CareerMapPicturePublic(
        tracks=[MapTrackPublic(id=t.id, name=t.name) for t in framework.tracks],
        roles=roles,
        routes=routes,
        current=start,
        target=end,
        route=(
            paths_view(framework.roles_by_id[start], framework.roles_by_id[end], [route]).paths[0]
            if route and start and end
            else None
        ),
    )


def _own(
    store: Store, viewer: Viewer
) -> tuple[Assessment | None, str | None, Mapping[str, StoredFigure]]:
    """The viewer's assessment (levels and current role), primary target and stored figures
    (``DerivedReadiness.figures_of``), if they are a person."""
    if viewer.person_id is None:
        return None, None, {}
    framework = store.framework
    with store.unit_of_work() as uow:
        person = readable_person(uow, viewer, str(viewer.person_id))
        levels = uow.assessments.current_levels(viewer.person_id)
        targets = uow.targets.for_person(viewer.person_id)
        stored = uow.readiness.figures_of(viewer.person_id, framework)
    known = {c: v for c, v in levels.items() if c in framework.competencies_by_id}
    current = person.role if person.role in framework.roles_by_id else None
    primary = next((t.role for t in targets if t.is_primary), None)
    target = primary if primary in framework.roles_by_id else None
    return Assessment(known, current), target, stored


def _best_route(
    framework: Framework, start: str | None, end: str | None, assessment: Assessment | None
) -> CareerPath | None:
    if not start or not end or start == end:
        return None
    try:
        found = find_paths(framework, start, end, assessment=assessment, k=1)
    except BadInput:
        return None
    return found[0] if found else None


def _standing(
    framework: Framework, assessment: Assessment, stored: Mapping[str, StoredFigure]
) -> dict[str, tuple[float, BandName, str]]:
    """Role id -> (readiness shown, band, band in words): the store's figure where it has one
    of the role as defined now, else the engine's."""
    from pmopath.engine import advice  # numpy loads with the first analysis

    found: dict[str, tuple[float, BandName, str]] = {}
    for role in framework.roles:
        figure = figure_of(framework, role, assessment, stored)
        band = advice.stored_band(figure.months, framework.rules)
        found[role.id] = (shown_percent(figure.readiness), band.band.value, band.label)
    return found
