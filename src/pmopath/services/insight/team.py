"""The team page for managers and admins: reports' heatmap, and who is ready for a role.

These wrap ``services.insight`` with the viewer's rights: a manager sees the team of
themselves or of a manager below them; an admin sees anyone's, and everyone's readiness.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pmopath.domain.errors import InvalidRequest, PermissionDenied
from pmopath.domain.framework import Role
from pmopath.domain.people import AccountRole, Person
from pmopath.domain.permissions import Viewer
from pmopath.services.careers.roles import RoleRef, resolve_role
from pmopath.services.insight import levels as insight
from pmopath.services.insight.schemas import (
    HeatCellPublic,
    ReadyPersonPublic,
    ReadyPublic,
    TeamManager,
    TeamPublic,
    TeamRowPublic,
)
from pmopath.services.people.access import readable_person
from pmopath.services.ports.insight import ReadyPerson
from pmopath.services.ports.store import Store

PER_PAGE = 50
Status = Literal["met", "short", "none", ""]
"""Against the target's requirement: met, below it, nothing at all; "" when not required."""


@dataclass(frozen=True, slots=True)
class HeatCell:
    competency: str
    level: int | None
    """None: never assessed."""
    required: int | None
    """None: the target does not require this competency (or there is no target)."""

    @property
    def status(self) -> Status:
        if not self.required:
            return ""
        if not self.level:
            return "none"
        return "met" if self.level >= self.required else "short"


@dataclass(frozen=True, slots=True)
class TeamRow:
    person: Person
    target: str | None
    """The primary target's role id (None without one)."""
    readiness: float | None
    """Readiness (0-100) for the target; None without a target the framework still has."""
    cells: tuple[HeatCell, ...]


@dataclass(frozen=True, slots=True)
class TeamView:
    manager: Person
    competencies: tuple[str, ...]
    rows: tuple[TeamRow, ...]


@dataclass(frozen=True, slots=True)
class ReadyPage:
    role: Role
    at_least: float
    count: int
    """How many the viewer may see reach the threshold (all pages)."""
    page: int
    people: tuple[ReadyPerson, ...]
    """This page's people, most ready first."""

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // PER_PAGE))


def require_team_viewer(viewer: Viewer) -> None:
    """Raise PermissionDenied unless the viewer is a manager or an admin."""
    if viewer.role not in (AccountRole.MANAGER, AccountRole.ADMIN):
        raise PermissionDenied("team views are for managers and admins")


def team_view(store: Store, viewer: Viewer, manager: str | None = None) -> TeamView:
    """Return the heatmap of ``manager``'s direct reports (default: the viewer's own).

    A manager may name themselves or a manager below them; anyone else is NotFound, as for
    an unknown id. Raises PermissionDenied for a member, InvalidRequest for an admin without
    a person of their own who names no manager.
    """
    require_team_viewer(viewer)
    if manager is None or not manager.strip():
        if viewer.person_id is None:
            raise InvalidRequest("manager: name the manager whose team to show (e-mail or id)")
        manager = str(viewer.person_id)
    with store.unit_of_work() as uow:
        boss = readable_person(uow, viewer, manager[:254])
    framework = store.framework
    heat = insight.team_heatmap(store.insight, framework, boss)
    rows = []
    for row in heat.rows:
        role = framework.roles_by_id.get(row.role or "")
        required = role.required_levels if role is not None else {}
        cells = tuple(
            HeatCell(c, row.levels.get(c), required.get(c) or None) for c in heat.competencies
        )
        rows.append(TeamRow(row.person, row.role, row.readiness, cells))
    return TeamView(heat.manager, heat.competencies, tuple(rows))


def ready_people(
    store: Store,
    viewer: Viewer,
    role: RoleRef,
    at_least: float,
    *,
    page: int = 1,
) -> ReadyPage:
    """Return who is at least ``at_least``% ready for ``role``: a manager's reports (direct and
    indirect), or everyone for an admin; ``PER_PAGE`` a page, most ready first.

    Raises PermissionDenied for a member, UnknownRole, InvalidRequest for a bad threshold/page.
    """
    require_team_viewer(viewer)
    if page < 1:
        raise InvalidRequest("page: pages are numbered from 1")
    resolved = resolve_role(store.framework, role)
    found = insight.ready_for(store.insight, store.framework, resolved, at_least)
    if not viewer.is_admin:
        with store.unit_of_work() as uow:
            mine = uow.people.reports_under(viewer.person_id) if viewer.person_id else set()
        found = [p for p in found if p.person_id in mine]
    start = (page - 1) * PER_PAGE
    shown = tuple(found[start : start + PER_PAGE])
    return ReadyPage(resolved, at_least, len(found), page, shown)


def _person_id(person: Person) -> int:
    assert person.id is not None, "only stored people are shown"
    return person.id


def team_data(view: TeamView) -> TeamPublic:
    """The heatmap for the API: one entry per report, in the usual envelope."""
    data = [
        TeamRowPublic(
            person_id=_person_id(row.person),
            name=row.person.name,
            role=row.person.role,
            target=row.target,
            readiness=row.readiness,
            levels={
                cell.competency: HeatCellPublic(
                    level=cell.level, required=cell.required, status=cell.status or None
                )
                for cell in row.cells
            },
        )
        for row in view.rows
    ]
    return TeamPublic(
        manager=TeamManager(person_id=_person_id(view.manager), name=view.manager.name),
        competencies=list(view.competencies),
        data=data,
        count=len(data),
    )


def ready_data(found: ReadyPage) -> ReadyPublic:
    """Who is ready: ``count`` is the total, ``data`` this page."""
    return ReadyPublic(
        role=found.role.id,
        at_least=found.at_least,
        page=found.page,
        per_page=PER_PAGE,
        count=found.count,
        data=[
            ReadyPersonPublic(
                person_id=p.person_id, name=p.name, email=p.email, readiness=p.readiness
            )
            for p in found.people
        ],
    )
