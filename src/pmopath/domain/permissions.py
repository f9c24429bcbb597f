"""Who may see and change whose records: members, managers and admins.

Every check takes the person's *management chain* (their manager, that manager's manager, and
so on up), which the store reads in one query, rather than the whole organisation's links.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from pmopath.domain.errors import PermissionDenied
from pmopath.domain.people import AccountRole


@dataclass(frozen=True, slots=True)
class Viewer:
    """The account acting: its role and the person it belongs to (if any)."""

    role: AccountRole
    person_id: int | None

    @property
    def is_admin(self) -> bool:
        return self.role is AccountRole.ADMIN


SYSTEM = Viewer(AccountRole.ADMIN, None)
"""The local operator at the command line: the CLI administers the store it runs on."""


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


def managers_above(person_id: int, manager_links: Mapping[int, int]) -> list[int]:
    """The person's manager, their manager, and so on (nearest first); stops at a loop."""
    chain: list[int] = []
    current = manager_links.get(person_id)
    while current is not None and current != person_id and current not in chain:
        chain.append(current)
        current = manager_links.get(current)
    return chain


def manages(viewer: Viewer, chain: Collection[int]) -> bool:
    """Whether the viewer is a manager somewhere above a person whose chain this is."""
    return (
        viewer.role is AccountRole.MANAGER
        and viewer.person_id is not None
        and viewer.person_id in chain
    )


def can_read(viewer: Viewer, person_id: int, chain: Collection[int]) -> bool:
    """A member reads their own record; a manager also their reports'; an admin everyone's."""
    if viewer.is_admin:
        return True
    if viewer.person_id is None:
        return False
    return person_id == viewer.person_id or manages(viewer, chain)


def can_edit_own(viewer: Viewer, person_id: int) -> bool:
    """Targets, plans, evidence and self-assessments: the person themselves, or an admin."""
    return viewer.is_admin or (viewer.person_id is not None and viewer.person_id == person_id)


def can_agree_plan(viewer: Viewer, plan_owner_id: int, chain: Collection[int]) -> bool:
    """Plans are agreed by someone the owner reports to (or an admin), never by the owner."""
    if viewer.person_id == plan_owner_id:
        return False
    return viewer.is_admin or manages(viewer, chain)


def require_admin(viewer: Viewer) -> None:
    """Raise PermissionDenied unless the viewer is an admin."""
    if not viewer.is_admin:
        raise PermissionDenied("only an admin can do this")
