"""Whose picture the leader's view shows: a manager's tree (everyone below them), or for an admin
the whole organisation or any manager's tree."""

from __future__ import annotations

from dataclasses import dataclass

from pmopath.domain.errors import InvalidRequest
from pmopath.domain.permissions import Viewer
from pmopath.services.insight.team import require_team_viewer
from pmopath.services.people.access import readable_person
from pmopath.services.ports.store import Store


@dataclass(frozen=True, slots=True)
class Scope:
    """``under`` is the manager whose tree is shown (None: everyone, for an admin)."""

    under: int | None
    label: str
    """"the whole organisation" or "Maria Lopez's tree"."""
    manager_name: str | None = None


def leader_scope(store: Store, viewer: Viewer, manager: str | None = None) -> Scope:
    """The scope ``viewer`` asks for: a manager sees their own tree or that of a manager below
    them; an admin the whole organisation by default, or any manager's tree.

    Raises PermissionDenied for a member, NotFound for a manager they may not see (as for an
    unknown one), InvalidRequest for a manager without a person of their own."""
    require_team_viewer(viewer)
    named = (manager or "").strip()[:254]
    if not named:
        if viewer.is_admin:
            return Scope(None, "the whole organisation")
        if viewer.person_id is None:
            raise InvalidRequest("manager: name the manager whose tree to show (e-mail or id)")
        named = str(viewer.person_id)
    with store.unit_of_work() as uow:
        person = readable_person(uow, viewer, named)
    assert person.id is not None
    return Scope(person.id, f"everyone below {person.name}", person.name)


def person_ids(store: Store, scope: Scope) -> set[int] | None:
    """The ids in the scope (None: everyone), for queries that take a list of people."""
    if scope.under is None:
        return None
    with store.unit_of_work() as uow:
        return uow.people.reports_under(scope.under)
