"""Roles by name (id, title or alias), tracks, and a role described with its routes and actions."""

from __future__ import annotations

from dataclasses import dataclass

from pmopath.domain.errors import InvalidRequest
from pmopath.domain.framework import Action, Framework, Role, Transition
from pmopath.domain.names import find_role, find_track

RoleRef = str | Role
"""A role named by its id, title or alias (any case), or the Role itself."""


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


def resolve_track(framework: Framework, reference: str) -> str:
    """Return the id of the track named by ``reference``; raises UnknownTrack."""
    return find_track(framework, reference)


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
