"""Team and admin use cases on the fakes: who sees which team, who is ready, admin-only actions."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

import pytest

from pmopath.bootstrap.files import default_framework
from pmopath.domain.accounts import Account
from pmopath.domain.errors import InvalidRequest, NotFound, PermissionDenied, TooLarge
from pmopath.domain.framework import ReadinessRules, Role
from pmopath.domain.people import AccountRole, Person
from pmopath.domain.permissions import Viewer
from pmopath.services.accounts import admin
from pmopath.services.insight import team
from pmopath.services.ports.insight import ReadyPerson, StoredLevels
from pmopath.web import uploads
from tests.support.fake_ports import fake_store, store_on
from tests.support.fakes import FakeState, FakeUnitOfWork

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
BOSS, MANAGER, REPORT, DEEP, OTHER = 1, 2, 3, 4, 5


class FakeInsight:
    """Insight queries over the fake state; ``ready`` is everyone's answer to ready_for."""

    def __init__(self, state: FakeState, levels: Mapping[int, dict[str, int]]) -> None:
        self.state, self.levels = state, levels
        self.ready = [
            ReadyPerson(pid, p.name, p.email, 90.0 - pid) for pid, p in state.people.items()
        ]

    def person(self, reference: str) -> Person | None:
        if reference.isdigit():
            return self.state.people.get(int(reference))
        return next((p for p in self.state.people.values() if p.email == reference), None)

    def stored_levels(self, person: Person) -> StoredLevels:
        return StoredLevels(person, self.levels.get(person.id or 0, {}), "pmo_analyst")

    def team_of(self, manager_id: int) -> list[StoredLevels]:
        reports = [p for p in self.state.people.values() if p.manager_id == manager_id]
        return [self.stored_levels(p) for p in sorted(reports, key=lambda p: p.name)]

    def ready_for(self, role: Role, *, rules: ReadinessRules, at_least: float) -> list[ReadyPerson]:
        return [p for p in self.ready if p.readiness >= at_least]


@pytest.fixture
def state() -> FakeState:
    fake = FakeState()
    for pid, name, manager in (
        (BOSS, "Alex", None),
        (MANAGER, "Maria", BOSS),
        (REPORT, "Sam", MANAGER),
        (DEEP, "Dee", REPORT),
        (OTHER, "Omar", BOSS),
    ):
        fake.people[pid] = Person(
            pid, f"{name.lower()}@example.org", name, "pmo_administrator", None, manager
        )
    return fake


def viewer(role: str, person_id: int | None) -> Viewer:
    return Viewer(AccountRole(role), person_id)


def heat(state: FakeState, who: Viewer, manager: str | None = None) -> team.TeamView:
    levels = {REPORT: {"performance_reporting": 5, "data_analysis": 0}}
    return team.team_view(
        fake_store(state, default_framework(), NOW, insight=FakeInsight(state, levels)),
        who,
        manager,
    )


def test_a_manager_sees_their_own_reports_with_cells_against_the_target(state: FakeState) -> None:
    view = heat(state, viewer("manager", MANAGER))
    assert view.manager.name == "Maria"
    assert [row.person.name for row in view.rows] == ["Sam"]
    sam = view.rows[0]
    assert sam.target == "pmo_analyst" and sam.readiness is not None
    cells = {cell.competency: cell for cell in sam.cells}
    required = default_framework().roles_by_id["pmo_analyst"].required_levels
    assert cells["performance_reporting"].status == "met"
    assert cells["data_analysis"].status == ("none" if required.get("data_analysis") else "")
    unassessed = next(
        c for c in required if required[c] and c not in ("performance_reporting", "data_analysis")
    )
    assert cells[unassessed].level is None and cells[unassessed].status == "none"


def test_heat_cell_statuses() -> None:
    assert team.HeatCell("c", 3, 2).status == "met"
    assert team.HeatCell("c", 1, 2).status == "short"
    assert team.HeatCell("c", 0, 2).status == "none"
    assert team.HeatCell("c", None, 2).status == "none"
    assert team.HeatCell("c", 4, None).status == ""


def test_a_manager_sees_a_team_below_but_not_above_or_beside(state: FakeState) -> None:
    assert heat(state, viewer("manager", BOSS), str(MANAGER)).manager.name == "Maria"
    with pytest.raises(NotFound):
        heat(state, viewer("manager", MANAGER), str(BOSS))
    with pytest.raises(NotFound):
        heat(state, viewer("manager", MANAGER), "omar@example.org")


def test_members_see_no_team_and_an_admin_names_one(state: FakeState) -> None:
    with pytest.raises(PermissionDenied):
        heat(state, viewer("member", REPORT))
    with pytest.raises(InvalidRequest, match="manager"):
        heat(state, viewer("admin", None))
    assert [r.person.name for r in heat(state, viewer("admin", None), str(BOSS)).rows] == [
        "Maria",
        "Omar",
    ]


def ready(state: FakeState, who: Viewer, page: int = 1) -> team.ReadyPage:
    return team.ready_people(
        fake_store(state, default_framework(), NOW, insight=FakeInsight(state, {})),
        who,
        "pmo_manager",
        50,
        page=page,
    )


def test_ready_is_a_managers_reports_direct_and_indirect_or_everyone(state: FakeState) -> None:
    mine = ready(state, viewer("manager", MANAGER))
    assert [p.person_id for p in mine.people] == [REPORT, DEEP] and mine.count == 2
    assert mine.role.id == "pmo_manager"
    assert ready(state, viewer("admin", None)).count == 5
    with pytest.raises(PermissionDenied):
        ready(state, viewer("member", REPORT))
    with pytest.raises(InvalidRequest):
        ready(state, viewer("admin", None), page=0)


def test_ready_pages_hold_fifty(state: FakeState) -> None:
    for pid in range(6, 131):
        state.people[pid] = Person(pid, f"p{pid}@example.org", f"P{pid}", None, None, BOSS)
    insight = FakeInsight(state, {})
    insight.ready = [ReadyPerson(pid, "x", None, 80.0) for pid in range(1, 131)]
    found = team.ready_people(
        fake_store(state, default_framework(), NOW, insight=insight),
        viewer("admin", None),
        "pmo_manager",
        50,
        page=3,
    )
    assert found.count == 130 and found.pages == 3 and len(found.people) == 30
    assert found.people[0].person_id == 101
    data = team.ready_data(found)
    assert data.count == 130 and len(data.data) == 30 and data.per_page == 50


# ---- admin -----------------------------------------------------------------------------------


def add(state: FakeState, who: Viewer, email: str = "new@example.org") -> Account:
    return admin.add_account(
        store_on(lambda: FakeUnitOfWork(state, NOW), NOW),
        who,
        email=email,
        role="member",
        person=" ",
        password="plum tractor velvet 42",
        actor="test",
    )


def test_only_admins_manage_accounts(state: FakeState) -> None:
    for who in (viewer("member", REPORT), viewer("manager", MANAGER)):
        with pytest.raises(PermissionDenied):
            add(state, who)
        with pytest.raises(PermissionDenied):
            admin.list_accounts(store_on(lambda: FakeUnitOfWork(state, NOW), NOW), who)
    made = add(state, viewer("admin", None))
    assert [
        a.email
        for a in admin.list_accounts(
            store_on(lambda: FakeUnitOfWork(state, NOW), NOW), viewer("admin", None)
        )
    ] == ["new@example.org"]
    assert made.person_id is None  # a blank person links nobody


def test_an_admin_cannot_disable_or_demote_themselves(state: FakeState) -> None:
    me = add(state, viewer("admin", None), "me@example.org")
    my_id = me.id
    for change in ({"disabled": True}, {"role": "member"}):
        with pytest.raises(InvalidRequest, match="your own account"):
            admin.update_account(
                store_on(lambda: FakeUnitOfWork(state, NOW), NOW),
                viewer("admin", None),
                my_id,
                actor="t",
                acting_account=my_id,
                **change,  # type: ignore[arg-type]
            )
    kept = admin.update_account(
        store_on(lambda: FakeUnitOfWork(state, NOW), NOW),
        viewer("admin", None),
        my_id,
        actor="t",
        acting_account=my_id,
        role="admin",
    ).account
    assert kept.role is AccountRole.ADMIN


# ---- uploads ---------------------------------------------------------------------------------


def test_upload_checks_kind_type_size_and_text() -> None:
    name, text = uploads.upload_text(
        b"\xef\xbb\xbfformat: 1\n", "C:\\temp\\fw.yaml", "text/yaml", uploads.FRAMEWORK
    )
    assert (name, text) == ("fw.yaml", "format: 1\n")
    assert (
        uploads.upload_text(b"{}", None, "application/json", uploads.FRAMEWORK)[0]
        == "framework.json"
    )
    assert (
        uploads.upload_text(
            b"a,b", "../../etc/people.csv", "application/vnd.ms-excel", uploads.PEOPLE_CSV
        )[0]
        == "people.csv"
    )
    with pytest.raises(InvalidRequest, match="must end in"):
        uploads.upload_text(b"x", "fw.exe", "", uploads.FRAMEWORK)
    with pytest.raises(InvalidRequest, match="cannot be of type"):
        uploads.upload_text(b"x", "fw.yaml", "image/png", uploads.FRAMEWORK)
    with pytest.raises(InvalidRequest, match="empty"):
        uploads.upload_text(b"  \n", "fw.yaml", "", uploads.FRAMEWORK)
    with pytest.raises(InvalidRequest, match="not UTF-8"):
        uploads.upload_text(b"\xff\xfe", "people.csv", "text/csv", uploads.PEOPLE_CSV)
    with pytest.raises(TooLarge):
        uploads.upload_text(b"x" * (uploads.MAX_UPLOAD_BYTES + 1), "fw.yaml", "", uploads.FRAMEWORK)
