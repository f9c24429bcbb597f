"""The role history repository's contract (spells with ids and kinds) and earned dates of held
certifications, on the in-memory fake and the real databases alike."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from pmopath.domain.credentials import Credentials
from pmopath.domain.framework import Education
from pmopath.domain.people import Person, RoleSpell
from pmopath.services.ports.repositories import UnitOfWork
from tests.integration.test_credentials_repositories import NOW, new_uow  # noqa: F401
from tests.support.fakes import FakeUnitOfWork


def test_spells_are_added_with_kinds_listed_by_start_and_removed(
    new_uow: Callable[[], UnitOfWork],  # noqa: F811
) -> None:
    with new_uow() as uow:
        sam = uow.people.add(Person(None, "sam@example.org", "Sam"))
        ella = uow.people.add(Person(None, "ella@example.org", "Ella"))
        assert sam.id and ella.id
        uow.people.start_role(sam.id, "pmo_analyst", date(2024, 1, 1))
        agile = RoleSpell("project_manager", date(2020, 1, 1), date(2022, 1, 1), ("agile",))
        added = uow.role_history.add(sam.id, agile)
        early = uow.role_history.add(sam.id, RoleSpell("pmo_analyst", date(2018, 1, 1), None))
        uow.readiness.refresh()
        uow.commit()
    assert added.spell == agile and added.id != early.id
    with new_uow() as uow:
        spells = uow.role_history.spells(sam.id)
        assert [s.spell.started_on for s in spells] == [
            date(2018, 1, 1),
            date(2020, 1, 1),
            date(2024, 1, 1),
        ]
        assert spells[1] == added
        assert agile in uow.people.history(sam.id)  # eligibility reads the kinds too
        assert uow.role_history.spells(ella.id) == []
        assert uow.role_history.remove(ella.id, added.id) is False  # not hers
        assert uow.role_history.remove(sam.id, early.id) is True
        uow.commit()
    with new_uow() as uow:
        assert [s.id for s in uow.role_history.spells(sam.id)][0] == added.id
        assert uow.role_history.remove(sam.id, early.id) is False


def test_earned_dates_are_kept_for_held_certifications_only(
    new_uow: Callable[[], UnitOfWork],  # noqa: F811
) -> None:
    with new_uow() as uow:
        sam = uow.people.add(Person(None, "sam@example.org", "Sam"))
        assert sam.id
        earned = {"capm": date(2024, 5, 1), "pmp": date(2020, 1, 2)}
        uow.credentials.save(sam.id, Credentials(("capm",), Education.DEGREE, earned), NOW)
        uow.readiness.refresh()
        uow.commit()
    with new_uow() as uow:
        found = uow.credentials.for_person(sam.id)
        assert found == Credentials(("capm",), Education.DEGREE, {"capm": date(2024, 5, 1)})
        uow.credentials.save(sam.id, Credentials(("capm", "pmp")), NOW)
        uow.commit()
    with new_uow() as uow:
        assert uow.credentials.for_person(sam.id).earned_on == {}


def test_export_holds_kinds_and_earned_dates(
    new_uow: Callable[[], UnitOfWork],  # noqa: F811
) -> None:
    if isinstance(new_uow(), FakeUnitOfWork):
        pytest.skip("export of person data is the SQL person data's")
    with new_uow() as uow:
        sam = uow.people.add(Person(None, "sam@example.org", "Sam"))
        assert sam.id
        spell = RoleSpell("project_manager", date(2020, 1, 1), date(2022, 1, 1), ("agile",))
        uow.role_history.add(sam.id, spell)
        held = Credentials(("capm",), None, {"capm": date(2024, 5, 1)})
        uow.credentials.save(sam.id, held, NOW)
        uow.readiness.refresh()
        uow.commit()
    with new_uow() as uow:
        exported = uow.person_data.export(sam.id)
        (row,) = exported["role_history"]
        assert row["kinds"] == ["agile"] and row["ended_on"] == "2022-01-01"
        (cred,) = exported["credentials"]
        assert cred["earned_on"] == {"capm": "2024-05-01"}
        uow.person_data.erase(sam.id, NOW)
        uow.readiness.refresh()
        uow.commit()
    with new_uow() as uow:
        assert uow.person_data.export(sam.id)["credentials"] == []
