"""Plan version snapshots, review cadences and notifications on the fakes and the databases."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from pmopath.bootstrap.database import open_store
from pmopath.bootstrap.files import default_framework
from pmopath.domain.notifications import NoticeKind, Notification
from pmopath.domain.plan_versions import snapshot_of
from pmopath.domain.plans import ItemStatus, PlanItem, PlanStatus
from pmopath.domain.reviews import Cadence
from pmopath.services.plans import records as plans
from pmopath.services.ports.store import Store
from tests.conftest import DATABASES, _fresh_postgres
from tests.integration.test_plans_store import bootstrap_people
from tests.support.fake_ports import fake_store
from tests.support.fakes import FakeState

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
ITEMS = [
    PlanItem("data_analysis", "trend_analysis", target_level=3, due_on=date(2027, 3, 1)),
    PlanItem(None, None, "Read a book", status=ItemStatus.IN_PROGRESS, effort_hours=2.5),
]


@pytest.fixture(params=[pytest.param("fake", id="fake"), *DATABASES])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "fake":
        state = FakeState()
        fake = fake_store(state, default_framework(), NOW)
        bootstrap_people(fake)
        yield fake
        return
    url = f"sqlite:///{tmp_path / 'reviews.db'}" if request.param == "sqlite" else _fresh_postgres()
    with open_store(url) as real:
        bootstrap_people(real)
        yield real


def _person(store: Store) -> int:
    with store.unit_of_work() as uow:
        return next(p.id for p in uow.people.everyone() if p.id is not None)


def test_snapshots_round_trip_and_replace_per_version(store: Store) -> None:
    plan = plans.create_plan(store, str(_person(store)), "pmo_analyst", ITEMS, actor="t")
    assert plan.id is not None
    with store.unit_of_work() as uow:
        agreed = replace(plan, status=PlanStatus.AGREED, agreed_by_id=plan.person_id, agreed_at=NOW)
        uow.plan_versions.keep(snapshot_of(agreed, NOW, "Sam Smith", "Maria Jones"))
        uow.plan_versions.keep(snapshot_of(replace(plan, version=2, items=ITEMS[:1]), NOW))
        uow.commit()
    with store.unit_of_work() as uow:
        first, second = uow.plan_versions.for_plan(plan.id)
    assert (first.version, first.status, first.agreed_at) == (1, PlanStatus.AGREED, NOW)
    assert first.items == snapshot_of(plan).items and first.recorded_at == NOW
    assert (first.owner_name, first.agreed_by_name) == ("Sam Smith", "Maria Jones")
    assert (second.version, len(second.items)) == (2, 1)


def test_cadence_is_stored_with_the_plan(store: Store) -> None:
    plan = plans.create_plan(store, str(_person(store)), "pmo_analyst", ITEMS, actor="t")
    assert plan.id is not None and plan.cadence is Cadence.QUARTERLY
    with store.unit_of_work() as uow:
        uow.plans.save(replace(plan, cadence=Cadence.SIX_WEEKLY), plan.revision)
        uow.commit()
    with store.unit_of_work() as uow:
        found = uow.plans.get(plan.id)
    assert found is not None and found.cadence is Cadence.SIX_WEEKLY


def test_notifications_newest_first_unique_by_key_and_counted(store: Store) -> None:
    person = _person(store)
    with store.unit_of_work() as uow:
        for n in range(3):
            at = NOW + timedelta(minutes=n)
            notice = Notification(person, NoticeKind.PLAN_AGREED, f"m{n}", "/plans/1", at, f"k{n}")
            assert uow.notifications.add(notice) is not None
        again = Notification(person, NoticeKind.PLAN_AGREED, "again", "/", NOW, "k0")
        assert uow.notifications.add(again) is None
        uow.commit()
    with store.unit_of_work() as uow:
        found = uow.notifications.for_person(person)
        assert [n.message for n in found] == ["m2", "m1", "m0"]
        assert uow.notifications.unread_count(person) == 3
        assert found[0].id is not None
        uow.notifications.mark_read(found[0].id, NOW)
        uow.commit()
    with store.unit_of_work() as uow:
        assert uow.notifications.unread_count(person) == 2
        assert uow.notifications.for_person(person, limit=1)[0].read_at == NOW
        assert uow.notifications.mark_all_read(person, NOW) == 2
        uow.commit()
    with store.unit_of_work() as uow:
        assert uow.notifications.unread_count(person) == 0
        assert uow.notifications.get(10**6) is None


def test_erasing_a_person_blanks_versions_and_drops_notices_about_them(store: Store) -> None:
    if store.unit_of_work().__class__.__name__.startswith("Fake"):
        pytest.skip("the fake's erase keeps only the person's name (see FakePersonData)")
    with store.unit_of_work() as uow:
        sam, maria, *_ = uow.people.everyone()
    assert sam.id is not None and maria.id is not None
    plan = plans.create_plan(store, str(sam.id), "pmo_analyst", ITEMS, actor="t")
    with store.unit_of_work() as uow:
        about = f"/plans/{plan.id}"
        for key, to, message, link in (
            ("own", sam.id, "for Sam", "/"),
            ("about", maria.id, "Sam's plan", about),
            ("named", maria.id, f"{sam.name} did something", "/"),
            ("other", maria.id, "unrelated", "/"),
        ):
            uow.notifications.add(Notification(to, NoticeKind.PLAN_AGREED, message, link, NOW, key))
        uow.commit()
    with store.unit_of_work() as uow:
        assert uow.person_data.export(sam.id)["plan_versions"][0]["items"][1]["free_text"]
        uow.person_data.erase(sam.id, NOW)
        uow.readiness.refresh()
        uow.commit()
    with store.unit_of_work() as uow:
        (version,) = uow.plan_versions.for_plan(plan.id or 0)
        assert {i.free_text for i in version.items} == {""}
        assert version.owner_name == f"Erased person #{sam.id}"
        assert [n.key for n in uow.notifications.for_person(maria.id)] == ["other"]
        assert uow.notifications.for_person(sam.id) == []
