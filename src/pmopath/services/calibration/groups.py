"""Whom a calibration covers: a team, a manager's tree or a role, within what the viewer may
reach (a manager their own tree, an admin everyone)."""

from __future__ import annotations

from dataclasses import dataclass

from pmopath.domain.calibration import GROUP_MAX, GroupKind
from pmopath.domain.errors import InvalidRequest, NotFound, PermissionDenied
from pmopath.domain.framework import Framework
from pmopath.domain.people import AccountRole, Person
from pmopath.domain.permissions import Viewer
from pmopath.services.people.access import readable_person
from pmopath.services.ports.repositories import UnitOfWork


@dataclass(frozen=True, slots=True)
class Group:
    """The people a calibration covers and how to name them on a page."""

    kind: GroupKind | None
    reference: str
    label: str
    people: tuple[Person, ...]


def require_calibrator(viewer: Viewer) -> None:
    """Raise PermissionDenied unless the viewer is a manager or an admin."""
    if not (viewer.is_admin or viewer.role is AccountRole.MANAGER):
        raise PermissionDenied("only a manager or an admin calibrates levels")


def parse_kind(text: str) -> GroupKind:
    """The group kind named; raises InvalidRequest (field ``kind``) otherwise."""
    try:
        return GroupKind(text.strip())
    except ValueError:
        raise InvalidRequest("kind: choose team, manager or role") from None


def group_of(
    uow: UnitOfWork,
    framework: Framework,
    viewer: Viewer,
    kind: GroupKind | None,
    reference: str,
) -> Group:
    """The group named, narrowed to the viewer's tree for a manager.

    No kind: a manager's (or an admin's own) tree. Raises InvalidRequest for an empty or
    unknown group or one too large, NotFound for a manager the viewer cannot read, and
    PermissionDenied for a member.
    """
    require_calibrator(viewer)
    reference = reference.strip()
    if kind is None:
        if viewer.person_id is None:
            raise InvalidRequest("kind: choose a team, a manager or a role to calibrate")
        kind, reference = GroupKind.MANAGER, str(viewer.person_id)
    people, label, reference = _members(uow, framework, viewer, kind, reference)
    if not viewer.is_admin:
        tree = uow.people.reports_under(viewer.person_id or 0)
        people = [p for p in people if p.id in tree]
    if len(people) > GROUP_MAX:
        raise InvalidRequest(
            f"group: {len(people)} people; calibrate at most {GROUP_MAX} at a time "
            "(choose a team or a manager's tree)"
        )
    return Group(kind, reference, label, tuple(sorted(people, key=lambda p: (p.name, p.id or 0))))


def _members(
    uow: UnitOfWork, framework: Framework, viewer: Viewer, kind: GroupKind, reference: str
) -> tuple[list[Person], str, str]:
    """The group's people, its name on a page and its reference as stored (a manager's id)."""
    if not reference:
        raise InvalidRequest(f"group: name the {kind.value}")
    if kind is GroupKind.TEAM:
        people = uow.people.everyone(team=reference)
        if not people:
            raise InvalidRequest(f"group: nobody is in the team '{reference}'")
        return people, f"the {reference} team", reference
    if kind is GroupKind.ROLE:
        role = framework.roles_by_id.get(reference)
        if role is None:
            raise InvalidRequest(f"group: there is no role '{reference}'")
        return (
            uow.calibration.people_in_role(role.id),
            f"everyone in the role {role.title}",
            role.id,
        )
    try:
        manager = readable_person(uow, viewer, reference)
    except NotFound:
        raise InvalidRequest(f"group: no manager '{reference[:80]}' that you can see") from None
    assert manager.id is not None
    people = list(uow.people.by_ids(uow.people.reports_under(manager.id)).values())
    return people, f"{manager.name}'s team", str(manager.id)


def in_group(uow: UnitOfWork, kind: GroupKind, reference: str, person: Person) -> bool:
    """Whether the person belongs to the group (checked when a decision joins a session)."""
    if kind is GroupKind.TEAM:
        return person.team == reference
    if kind is GroupKind.ROLE:
        return person.role == reference
    return reference.isdigit() and int(reference) in uow.people.managers_above(person.id or 0)
