"""Who may see and change whose records: members, managers and admins."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pmopath.domain.people import AccountRole


@dataclass(frozen=True, slots=True)
class Viewer:
    """The account acting: its role and the person it belongs to (if any)."""

    role: AccountRole
    person_id: int | None


def reports_of(manager_id: int, manager_links: Mapping[int, int]) -> set[int]:
    """Everyone who reports to ``manager_id``, directly or indirectly.

    ``manager_links`` maps person id -> manager id. A loop in the data cannot trap the walk.
    """
    reports_by_manager: dict[int, list[int]] = {}
    for person, manager in manager_links.items():
        reports_by_manager.setdefault(manager, []).append(person)
    found: set[int] = set()
    waiting = [manager_id]
    while waiting:
        for report in reports_by_manager.get(waiting.pop(), []):
            if report not in found and report != manager_id:
                found.add(report)
                waiting.append(report)
    return found


def can_read(viewer: Viewer, person_id: int, manager_links: Mapping[int, int]) -> bool:
    """A member reads their own record; a manager also their reports'; an admin everyone's."""
    if viewer.role is AccountRole.ADMIN:
        return True
    if viewer.person_id is None:
        return False
    if person_id == viewer.person_id:
        return True
    return viewer.role is AccountRole.MANAGER and person_id in reports_of(
        viewer.person_id, manager_links
    )


def can_agree_plan(viewer: Viewer, plan_owner_id: int, manager_links: Mapping[int, int]) -> bool:
    """Plans are agreed by someone the owner reports to (or an admin), never by the owner."""
    if viewer.role is AccountRole.ADMIN:
        return viewer.person_id != plan_owner_id
    return (
        viewer.role is AccountRole.MANAGER
        and viewer.person_id is not None
        and plan_owner_id in reports_of(viewer.person_id, manager_links)
    )
