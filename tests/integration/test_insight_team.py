"""Insight queries on SQLite and PostgreSQL: team heatmaps hold the right people and levels, no
query count grows with the team, and one person's readiness matches the stored gap."""

from __future__ import annotations

import random

import pytest

from pmopath.domain.assessment import Assessment
from pmopath.domain.errors import InvalidRequest, NotFound, UnknownRole
from pmopath.domain.framework import Framework
from pmopath.engine.readiness import analyse_gap
from pmopath.services.insight import levels as insight
from pmopath.services.people.records import person_gap
from tests.support.insight_world import Db, Someone, add_people, current, erase
from tests.support.statements import counting


def team(manager: str, size: int, framework: Framework, seed: int) -> list[Someone]:
    rng = random.Random(seed)
    competencies = [c.id for c in framework.competencies]
    roles = [r.id for r in framework.roles]
    return [
        Someone(
            f"{manager}.{index}@example.org",
            f"{manager.title()} report {index:02}",
            rng.choice(roles),
            f"{manager}@example.org",
            tuple({c: rng.randint(0, 5) for c in competencies} for _ in range(2)),
            rng.choice(roles) if index % 4 else None,
        )
        for index in range(size)
    ]


def test_team_heatmap_holds_the_reports_their_levels_and_readiness(db: Db) -> None:
    people = add_people(
        db,
        [
            Someone("head@example.org", "Head", "head_of_pmo"),
            Someone("boss@example.org", "Boss", "pmo_manager", "head@example.org"),
            *team("boss", 5, db.framework, 1),
            Someone("other@example.org", "Other", "pmo_manager", "head@example.org"),
            *team("other", 3, db.framework, 2),
        ],
    )
    erase(db, people["boss.4@example.org"])
    reports = team("boss", 5, db.framework, 1)[:4]
    heatmap = insight.team_heatmap(db.queries, db.framework, "BOSS@example.org")
    assert heatmap.manager == people["boss@example.org"]
    assert heatmap.competencies == tuple(c.id for c in db.framework.competencies)
    assert [row.person.email for row in heatmap.rows] == [r.email for r in reports]
    for row, someone in zip(heatmap.rows, reports, strict=True):
        assert row.levels == current(someone)
        assert row.role == someone.target
        if someone.target is None:
            assert row.readiness is None
        else:
            expected = analyse_gap(
                db.framework, db.framework.role(someone.target), Assessment(current(someone))
            )
            assert row.readiness == expected.readiness
    by_person = insight.team_heatmap(db.queries, db.framework, people["boss@example.org"])
    assert by_person == heatmap
    against = insight.team_heatmap(db.queries, db.framework, "boss@example.org", role="PMO Manager")
    assert {row.role for row in against.rows} == {"pmo_manager"}
    assert all(row.readiness is not None for row in against.rows)
    top = insight.team_heatmap(db.queries, db.framework, "head@example.org")
    assert [row.person.name for row in top.rows] == ["Boss", "Other"]
    assert insight.team_heatmap(db.queries, db.framework, "boss.0@example.org").rows == ()


def test_team_heatmap_of_an_unknown_manager(db: Db) -> None:
    with pytest.raises(NotFound):
        insight.team_heatmap(db.queries, db.framework, "nobody@example.org")
    with pytest.raises(UnknownRole):
        insight.team_heatmap(db.queries, db.framework, "nobody@example.org", role="astronaut")


def test_heatmap_query_count_does_not_grow_with_the_team(db: Db) -> None:
    add_people(
        db,
        [
            Someone("small@example.org", "Small"),
            *team("small", 3, db.framework, 3),
            Someone("large@example.org", "Large"),
            *team("large", 12, db.framework, 4),
        ],
    )
    counts = []
    for manager, size in (("small", 3), ("large", 12)):
        with counting(db.engine) as statements:
            heatmap = insight.team_heatmap(db.queries, db.framework, f"{manager}@example.org")
        assert len(heatmap.rows) == size
        counts.append(len(statements))
    assert counts[0] == counts[1] == 4  # the manager, the reports, their levels, their targets


# ---- one person ----------------------------------------------------------------------------


def test_person_readiness_matches_the_stored_gap_in_three_queries(db: Db) -> None:
    people = team("boss", 8, db.framework, 5)
    add_people(db, [Someone("boss@example.org", "Boss"), *people])
    for someone in people:
        if someone.target is None:
            with pytest.raises(InvalidRequest, match="no target role"):
                insight.person_readiness(db.queries, db.framework, someone.email)
            continue
        with counting(db.engine) as statements:
            person, report = insight.person_readiness(db.queries, db.framework, someone.email)
        assert len(statements) == 3
        stored_person, stored_report = person_gap(db.store, someone.email)
        assert person == stored_person
        assert report == stored_report
    person, report = insight.person_readiness(
        db.queries, db.framework, people[0].email, "project_manager"
    )
    assert report.analysis.role.id == "project_manager"
    with pytest.raises(NotFound):
        insight.person_readiness(db.queries, db.framework, "ghost@example.org")
