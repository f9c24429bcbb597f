"""Recorded role history and earned dates: the domain's checks, the use cases on the fakes, and
the eligibility they give (the PMI-ACP's agile route, an expired PRINCE2 Foundation)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from pmopath.bootstrap.files import default_framework
from pmopath.domain.credentials import Credentials
from pmopath.domain.eligibility import certification_eligibility, eligibility_for
from pmopath.domain.errors import InvalidRequest, NotFound, PermissionDenied
from pmopath.domain.framework import Education
from pmopath.domain.people import AccountRole, Person, RoleSpell
from pmopath.domain.permissions import Viewer
from pmopath.domain.role_history import (
    StoredSpell,
    checked_kinds,
    overlapping,
    parse_when,
    past_spell,
    spell_text,
    with_current_role,
)
from pmopath.services.people import credentials as person_credentials
from pmopath.services.people import role_history
from pmopath.services.ports.store import Store
from tests.support.fake_ports import fake_store
from tests.support.fakes import FakeState

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
TODAY = NOW.date()
MARIA, SAM, PRIYA = 1, 2, 3
SAM_V = Viewer(AccountRole.MEMBER, SAM)
MARIA_V = Viewer(AccountRole.MANAGER, MARIA)
PRIYA_V = Viewer(AccountRole.MEMBER, PRIYA)


@pytest.fixture
def store() -> Store:
    state = FakeState()
    state.people[MARIA] = Person(MARIA, "maria@example.org", "Maria")
    state.people[SAM] = Person(
        SAM, "sam@example.org", "Sam", "pmo_analyst", date(2025, 1, 1), manager_id=MARIA
    )
    state.people[PRIYA] = Person(PRIYA, "priya@example.org", "Priya", manager_id=MARIA)
    return fake_store(state, default_framework(), NOW)


# ---- the domain ------------------------------------------------------------------------------
def test_months_and_days_are_read_and_a_last_month_ends_on_its_last_day() -> None:
    assert parse_when("2024-05", "x") == (date(2024, 5, 1), True)
    assert parse_when("2024-02", "x", last=True) == (date(2024, 2, 29), True)
    assert parse_when("2024-12", "x", last=True) == (date(2024, 12, 31), True)
    assert parse_when(" 2024-05-17 ", "x") == (date(2024, 5, 17), False)
    for bad in ("2024", "05/2024", "2024-13", "2024-02-30", "", "2024-5"):
        with pytest.raises(InvalidRequest, match="^x: "):
            parse_when(bad, "x")


def test_a_past_spell_is_checked_field_by_field() -> None:
    spell = past_spell("project_manager", "2020-01", "2021-12", ["Agile", "agile"], TODAY)
    assert spell == RoleSpell("project_manager", date(2020, 1, 1), date(2022, 1, 1), ("agile",))
    assert spell_text(StoredSpell(1, spell)) == "2020-01 to 2021-12"
    with pytest.raises(InvalidRequest, match="^ended_on: .* before started_on"):
        past_spell("project_manager", "2021-01", "2020-12", [], TODAY)
    with pytest.raises(InvalidRequest, match="^started_on: .* future"):
        past_spell("project_manager", "2027-01", "2027-02", [], TODAY)
    with pytest.raises(InvalidRequest, match="^ended_on: .* future"):
        past_spell("project_manager", "2026-01", "2027-01", [], TODAY)
    with pytest.raises(InvalidRequest, match="^ended_on: .* future"):
        past_spell("project_manager", "2026-01", "2026-12-31", [], TODAY)
    assert past_spell("project_manager", "2026-01", "2026-12", [], TODAY).ended_on == date(
        2027, 1, 1
    )  # this month is allowed as a month; its future days count only once they pass
    with pytest.raises(InvalidRequest, match="^started_on: .* before 1950"):
        past_spell("project_manager", "1900-01", "1901-01", [], TODAY)
    with pytest.raises(InvalidRequest, match="^kinds: one of agile, not 'waterfall'"):
        checked_kinds(["waterfall"])


def test_overlaps_are_found_against_past_and_current_spells() -> None:
    old = StoredSpell(1, RoleSpell("pmo_analyst", date(2018, 1, 1), date(2020, 1, 1)))
    now = StoredSpell(2, RoleSpell("pmo_analyst", date(2022, 1, 1)))
    unknown = StoredSpell(3, RoleSpell("pmo_analyst", None))
    others = [old, now, unknown]
    assert overlapping(RoleSpell("x", date(2019, 6, 1), date(2019, 9, 1)), others) == old
    assert overlapping(RoleSpell("x", date(2020, 1, 1), date(2022, 1, 1)), others) is None
    assert overlapping(RoleSpell("x", date(2021, 6, 1), date(2022, 1, 2)), others) == now


def test_the_current_role_is_added_when_no_open_spell_is_recorded() -> None:
    past = RoleSpell("project_manager", date(2019, 1, 1), date(2021, 1, 1))
    assert with_current_role([past], "pmo_analyst", date(2021, 1, 1)) == (
        past,
        RoleSpell("pmo_analyst", date(2021, 1, 1)),
    )
    current = RoleSpell("pmo_analyst", date(2021, 1, 1))
    assert with_current_role([past, current], "pmo_analyst", None) == (past, current)
    assert with_current_role([], None, None) == ()


# ---- eligibility -----------------------------------------------------------------------------
def test_24_agile_months_within_five_years_meet_the_pmi_acp_agile_route() -> None:
    framework = default_framework()
    acp = framework.actions_by_id["pmi_acp"]
    # 2023-06 to 2025-05: 24 calendar months, 731 days (two years of 365 days are 23.98 of the
    # experience model's months of 365.25 / 12 days)
    agile = RoleSpell("project_manager", date(2023, 6, 1), date(2025, 6, 1), ("agile",))
    untagged = RoleSpell("project_manager", date(2023, 6, 1), date(2025, 6, 1))
    now = RoleSpell("pmo_analyst", date(2025, 6, 1))
    held = frozenset({"agile_training_28h"})
    met = eligibility_for(framework, acp, [agile, now], held, Education.SECONDARY, TODAY)
    assert met.eligible_from == date(2026, 12, 1) and not met.needs
    assert "24 months of agile" in met.reason
    unmet = eligibility_for(framework, acp, [untagged, now], held, Education.SECONDARY, TODAY)
    assert unmet.needs == ("pmp",)  # only the route through the PMP is left
    old = RoleSpell("project_manager", date(2015, 6, 1), date(2017, 6, 1), ("agile",))
    too_old = eligibility_for(framework, acp, [old, now], held, Education.SECONDARY, TODAY)
    assert too_old.needs == ("pmp",)  # the agile months left the five-year window


def test_a_prince2_foundation_earned_37_months_ago_shows_expired_with_its_renewal() -> None:
    framework = default_framework()
    found = certification_eligibility(
        framework,
        [],
        frozenset({"prince2_foundation"}),
        None,
        TODAY,
        earned={"prince2_foundation": date(2023, 11, 1)},  # 37 months before 2026-12
    )
    entry = next(e for e in found if e.action.id == "prince2_foundation")
    assert entry.held and entry.expired and entry.expires_on == date(2026, 11, 1)
    assert entry.text().startswith("PRINCE2") or "expired 2026-11" in entry.text()
    assert "expired 2026-11: Current for three years" in entry.held_text()


# ---- the use cases ---------------------------------------------------------------------------
def test_a_person_and_their_manager_record_past_spells_and_others_cannot(store: Store) -> None:
    added = role_history.add_spell(
        store, "2", "Project Manager", "2020-01", "2021-12", ["agile"], actor="sam", viewer=SAM_V
    )
    assert added.spell == RoleSpell(
        "project_manager", date(2020, 1, 1), date(2022, 1, 1), ("agile",)
    )
    role_history.add_spell(
        store, "2", "pmo_analyst", "2018-01", "2019-12", actor="maria", viewer=MARIA_V
    )
    with pytest.raises(NotFound):
        role_history.add_spell(
            store, "2", "pmo_analyst", "2016-01", "2016-12", actor="priya", viewer=PRIYA_V
        )
    found = role_history.history_of(store, "2", viewer=SAM_V)
    assert [s.spell.started_on for s in found.spells] == [date(2018, 1, 1), date(2020, 1, 1)]
    assert found.kinds == ("agile",)
    removed = role_history.remove_spell(store, "2", added.id, actor="sam", viewer=SAM_V)
    assert removed == added
    assert len(role_history.history_of(store, "2").spells) == 1
    with pytest.raises(NotFound):
        role_history.remove_spell(store, "2", added.id, actor="sam", viewer=SAM_V)


def test_a_refused_spell_writes_nothing(store: Store) -> None:
    role_history.add_spell(store, "2", "pmo_analyst", "2018-01", "2019-12", actor="t")
    cases = {
        ("pmo_analyst", "2019-06", "2020-06"): "^started_on: overlaps the spell as PMO Analyst",
        ("no_such_role", "2010-01", "2010-06"): "^role: Unknown role",
        ("pmo_analyst", "2010-06", "2010-01"): "^ended_on:",
        ("pmo_analyst", "2030-01", "2030-06"): "^started_on: .* future",
    }
    for (role, start, end), message in cases.items():
        with pytest.raises(InvalidRequest, match=message):
            role_history.add_spell(store, "2", role, start, end, actor="t")
    assert len(role_history.history_of(store, "2").spells) == 1
    with store.unit_of_work() as uow:
        audit = [e.action for e in uow.audit.entries(entity="person", entity_id="2")]
    assert audit.count("person.history.add") == 1


def test_the_current_spell_is_not_removed_here(store: Store) -> None:
    with store.unit_of_work() as uow:
        uow.people.start_role(SAM, "pmo_analyst", date(2025, 1, 1))
        uow.commit()
    (current,) = role_history.history_of(store, "2").spells
    with pytest.raises(InvalidRequest, match="^spell: the current role"):
        role_history.remove_spell(store, "2", current.id, actor="t")


def test_earned_dates_are_checked_kept_and_count_for_expiry(store: Store) -> None:
    saved = person_credentials.set_credentials(
        store,
        "2",
        ["prince2_foundation", "capm"],
        None,
        actor="sam",
        viewer=SAM_V,
        earned={"prince2_foundation": "2023-11", "capm": ""},
    )
    assert saved.earned_on == {"prince2_foundation": date(2023, 11, 1)}
    kept = person_credentials.set_credentials(
        store, "2", ["prince2_foundation"], "degree", actor="sam", viewer=SAM_V
    )
    assert kept.earned_on == {"prince2_foundation": date(2023, 11, 1)}
    dropped = person_credentials.set_credentials(store, "2", ["capm"], None, actor="sam")
    assert dropped == Credentials(("capm",), None, {})
    with pytest.raises(InvalidRequest, match="^earned_on.pmp: 'pmp' is not among"):
        person_credentials.set_credentials(
            store, "2", ["capm"], None, actor="sam", earned={"pmp": "2024-01"}
        )
    with pytest.raises(InvalidRequest, match="^earned_on.capm: '2027-01' is in the future"):
        person_credentials.set_credentials(
            store, "2", ["capm"], None, actor="sam", earned={"capm": "2027-01"}
        )
    with pytest.raises(InvalidRequest, match="^earned_on.capm: a date as YYYY-MM-DD"):
        person_credentials.set_credentials(
            store, "2", ["capm"], None, actor="sam", earned={"capm": "May 2024"}
        )
    with pytest.raises(PermissionDenied):
        person_credentials.set_credentials(store, "2", ["capm"], None, actor="m", viewer=MARIA_V)
    person_credentials.set_credentials(
        store,
        "2",
        ["prince2_foundation"],
        None,
        actor="s",
        earned={"prince2_foundation": "2023-11"},
    )
    panel = person_credentials.credentials_panel(store, SAM_V, "2", TODAY)
    entry = next(e for e in panel.eligibility if e.action.id == "prince2_foundation")
    assert entry.expired and "renew" in entry.held_text()
