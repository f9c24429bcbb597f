"""The leader's view's queries on SQLite and PostgreSQL: coverage, benches and the KPIs' events
match what a plain reading of the same records gives, for the organisation (counted in the
database) and for a tree (read whole), and with stale stored figures (computed live)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import update

from pmopath.adapters.db import leader_scope
from pmopath.adapters.db.tables import RoleReadinessBasisRow
from pmopath.domain.assessment import Assessment
from pmopath.domain.credentials import Credentials
from pmopath.domain.framework import Framework
from pmopath.domain.leader import succession_bucket
from pmopath.domain.plans import CheckIn, ItemStatus, Plan, PlanItem, PlanStatus
from pmopath.engine.advice import readiness_band
from pmopath.engine.readiness import analyse_gap
from tests.support.insight_world import NOW, Db, Someone, add_people, current, erase

HORIZON = date(2027, 11, 22)


def _world(db: Db) -> dict[str, object]:
    """A head, two managers with reports (random levels, a few strong people), an erased one,
    agreed plans that close some needs, role history and certifications."""
    framework = db.framework
    rng = random.Random(18)
    competencies = [c.id for c in framework.competencies]
    roles = [r.id for r in framework.roles]
    strong = dict.fromkeys(competencies, 5)
    people = [
        Someone("head@example.org", "Head", "head_of_pmo", None, (strong,)),
        Someone("boss@example.org", "Boss", "pmo_manager", "head@example.org", (strong,)),
        Someone("other@example.org", "Other", "pmo_manager", "head@example.org"),
    ]
    for manager, size in (("boss", 7), ("other", 5)):
        for index in range(size):
            levels = {c: rng.choice([1, 2, 3, 3, 4, 4, 5]) for c in competencies}
            people.append(
                Someone(
                    f"{manager}.{index}@example.org",
                    f"{manager.title()} report {index}",
                    rng.choice(roles),
                    f"{manager}@example.org",
                    (levels,),
                    rng.choice(roles),
                )
            )
    stored = add_people(db, people)
    erase(db, stored["other.4@example.org"])
    ids = {email: p.id for email, p in stored.items()}
    gaps = {}
    plan_agreed = NOW - timedelta(days=200)
    with db.store.unit_of_work() as uow:
        for email in ("boss.0@example.org", "boss.1@example.org", "other.0@example.org"):
            person = ids[email]
            assert person is not None
            levels = current(next(p for p in people if p.email == email))
            low = sorted(levels, key=lambda c: (levels[c], c))[:4]
            gaps[email] = low
            items = tuple(
                PlanItem(c, target_level=5, due_on=date(2027, 3, 1), status=ItemStatus.PLANNED)
                for c in low
            ) + (PlanItem(low[0], target_level=5, due_on=date(2029, 1, 1)),)
            plan = uow.plans.add(
                Plan(
                    None,
                    person,
                    "pmo_manager",
                    db.store.framework_version_id,
                    PlanStatus.AGREED,
                    items,
                )
            )
            assert plan.id is not None
            plan = uow.plans.save(  # add stores a new plan; agreeing it is a save
                replace(plan, agreed_by_id=ids["boss@example.org"], agreed_at=plan_agreed),
                plan.revision,
            )
            assert plan.id is not None
            for days, readiness in ((150, 55.0), (60, 62.5), (10, 81.0)):
                uow.plans.add_checkin(
                    CheckIn(plan.id, NOW.date() - timedelta(days=days), "", {}, {}, readiness)
                )
            role = next(p.role for p in people if p.email == email)
            assert role is not None
            uow.people.start_role(person, role, NOW.date() - timedelta(days=400))
            uow.people.start_role(person, "reporting_lead", NOW.date() - timedelta(days=30))
            uow.credentials.save(
                person,
                Credentials(("pmp",), None, {"pmp": NOW.date() - timedelta(days=40)}),
                NOW,
            )
        uow.commit()
    return {"people": people, "ids": ids, "gaps": gaps}


def _levels_now(db: Db, world: dict[str, object], scope: set[int]) -> dict[int, dict[str, int]]:
    people = world["people"]
    ids = world["ids"]
    assert isinstance(people, list) and isinstance(ids, dict)
    return {ids[p.email]: current(p) for p in people if ids[p.email] in scope}


def _scope(world: dict[str, object], manager: str | None) -> set[int]:
    ids = world["ids"]
    assert isinstance(ids, dict)
    erased = ids["other.4@example.org"]
    if manager is None:
        return {i for i in ids.values() if i != erased}
    return {i for e, i in ids.items() if e.startswith(f"{manager}.") and i != erased}


def _expected(framework: Framework, levels: dict[int, dict[str, int]]) -> dict[str, int]:
    return {
        s.id: sum(
            1 for held in levels.values() if all(held.get(c, 0) >= n for c, n in s.needs.items())
        )
        for s in framework.services
    }


@pytest.mark.parametrize("manager", [None, "boss", "other"])
@pytest.mark.parametrize("read_whole", [True, False])
def test_coverage_counts_who_meets_each_service_now_and_once_plans_complete(
    db: Db, manager: str | None, read_whole: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not read_whole:  # a tree asked of the database like the organisation
        monkeypatch.setattr(leader_scope, "FEW", 0)
    world = _world(db)
    ids = world["ids"]
    assert isinstance(ids, dict)
    scope = _scope(world, manager)
    now = _levels_now(db, world, scope)
    later = {p: dict(held) for p, held in now.items()}
    gaps = world["gaps"]
    assert isinstance(gaps, dict)
    for email, low in gaps.items():
        if ids[email] in later:
            later[ids[email]].update(dict.fromkeys(low, 5))
    under = ids[f"{manager}@example.org"] if manager else None
    services = db.framework.services
    counts = db.queries.coverage(services, under=under, planned_by=HORIZON)
    assert {s: h.count for s, h in counts.services.items()} == _expected(db.framework, now)
    assert counts.later_services is not None and counts.later_needs is not None
    assert {s: h.count for s, h in counts.later_services.items()} == _expected(db.framework, later)
    for (competency, level), held in counts.needs.items():
        meeting = sorted(p for p, lv in now.items() if lv.get(competency, 0) >= level)
        assert held.count == len(meeting)
        assert held.sole == (meeting[0] if len(meeting) == 1 else None)
        soon = sorted(p for p, lv in later.items() if lv.get(competency, 0) >= level)
        assert counts.later_needs[(competency, level)].count == len(soon)


def test_coverage_is_the_same_when_the_stored_counts_are_stale(db: Db) -> None:
    world = _world(db)
    before = db.queries.coverage(db.framework.services, under=None, planned_by=HORIZON)
    with db.engine.begin() as connection:
        connection.execute(
            update(RoleReadinessBasisRow)
            .where(RoleReadinessBasisRow.role.like("service:%"))
            .values(fingerprint="stale")
        )
    after = db.queries.coverage(db.framework.services, under=None, planned_by=HORIZON)
    assert after == before
    assert world


@pytest.mark.parametrize("manager", [None, "boss"])
@pytest.mark.parametrize("stale", [False, True])
def test_benches_put_everyone_but_the_holders_in_their_band(
    db: Db, manager: str | None, stale: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = _world(db)
    ids = world["ids"]
    people = world["people"]
    assert isinstance(ids, dict) and isinstance(people, list)
    if stale:
        with db.engine.begin() as connection:
            connection.execute(update(RoleReadinessBasisRow).values(fingerprint="stale"))
    framework = db.framework
    critical = [r for r in framework.roles if r.critical]
    scope = _scope(world, manager)
    under = ids[f"{manager}@example.org"] if manager else None
    with db.store.unit_of_work() as uow:
        roles = {i: p.role for i, p in uow.people.by_ids(scope).items()}
    for read_whole in (True, False):
        monkeypatch.setattr(leader_scope, "FEW", 2_000 if read_whole else 0)
        found = db.queries.benches(critical, rules=framework.rules, under=under, limit=None)
        for role in critical:
            expected: dict[str, list[int]] = {"ready_now": [], "about_a_year": [], "two_years": []}
            for someone in people:
                person = ids[someone.email]
                if person not in scope or roles[person] == role.id:
                    continue
                band = readiness_band(analyse_gap(framework, role, Assessment(current(someone))))
                bucket = succession_bucket(band.months)
                if bucket is not None:
                    expected[bucket.value].append(person)
            bench = found[role.id]
            assert bench.incumbents == sum(1 for r in roles.values() if r == role.id)
            assert bench.counts == {b: len(p) for b, p in expected.items()}
            for bucket, named in bench.named.items():
                assert sorted(s.person_id for s in named) == sorted(expected[bucket])
                order = [(s.months, -s.readiness, s.person_id) for s in named]
                assert order == sorted(order)


def test_the_kpis_events_are_those_of_the_scope_and_period(
    db: Db, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = _world(db)
    ids = world["ids"]
    people = world["people"]
    assert isinstance(ids, dict) and isinstance(people, list)
    roles = {p.email: p.role for p in people}
    boss = ids["boss@example.org"]
    start, end = NOW.date() - timedelta(days=90), NOW.date()
    everyone = db.queries.check_ins(under=None, start=start, end=end)
    assert {c.person_id for c in everyone} == {
        ids["boss.0@example.org"],
        ids["boss.1@example.org"],
        ids["other.0@example.org"],
    }
    assert len(everyone) == 9  # each plan's earlier check-ins come too
    assert all(c.target_role == "pmo_manager" and c.cadence == "quarterly" for c in everyone)
    mine = db.queries.check_ins(under=boss, start=start, end=end)
    assert {c.person_id for c in mine} == {ids["boss.0@example.org"], ids["boss.1@example.org"]}
    assert db.queries.check_ins(under=boss, start=end + timedelta(days=1), end=end) == []
    for read_whole in (True, False):
        monkeypatch.setattr(leader_scope, "FEW", 2_000 if read_whole else 0)
        moves = db.queries.role_moves(under=boss, start=start, end=end)
        assert sorted((m.person_id, m.previous, m.role) for m in moves) == [
            (ids["boss.0@example.org"], roles["boss.0@example.org"], "reporting_lead"),
            (ids["boss.1@example.org"], roles["boss.1@example.org"], "reporting_lead"),
        ]
        assert db.queries.role_moves(under=None, start=start, end=start) == []
    earned = db.queries.certifications_earned(under=None, start=start, end=end)
    assert sorted(p for p, _, _ in earned) == sorted(
        ids[e] for e in ("boss.0@example.org", "boss.1@example.org", "other.0@example.org")
    )
    assert db.queries.certifications_earned(under=None, start=end, end=end) == []

    today = datetime.now(UTC).date()  # the store dates the people it adds by its own clock
    everyone = db.queries.plan_coverage(under=None, days=[today])
    assert everyone == {today: (len(_scope(world, None)), 3)}
    long_ago = start - timedelta(days=400)
    mine = db.queries.plan_coverage(under=boss, days=[long_ago, end, today])
    assert mine == {long_ago: (0, 0), end: (0, 2), today: (7, 2)}  # people dated by the clock
    assert db.queries.names([boss]) == {boss: "Boss"}
