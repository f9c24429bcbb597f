"""Activating the shipped 2027.1 framework over a store that runs 2026.1 loses nothing.

The store is seeded with the 2026.1 framework (kept at tests/data/default_framework_2026.1.yaml)
and the demo organisation; `pmopath framework activate` then moves it to the shipped framework,
with the shipped mapping when there is one.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from pmopath.bootstrap.database import open_store
from pmopath.cli.main import app
from pmopath.services.demo.organisation import seed_demo
from tests.support.containers import cheap_container

DATA = Path(__file__).parents[1] / "data"
OLD = DATA / "default_framework_2026.1.yaml"
MAPPING = "mapping_2026.1_to_2027.1.yaml"
runner = CliRunner()


def _shipped(name: str) -> Path:
    return Path(str(resources.files("pmopath.data").joinpath(name)))


def _snapshot(url: str) -> dict[str, Any]:
    """Everything stored about people that refers to the framework: roles, levels, targets,
    plans (their items), check-ins and evidence, by e-mail."""
    with open_store(url, container=cheap_container()) as store:
        version = store.framework.version
        with store.unit_of_work() as uow:
            people: dict[str, Any] = {}
            for person in uow.people.everyone():
                assert person.id is not None
                plans = uow.plans.for_person(person.id)
                people[person.email] = {
                    "role": person.role,
                    "history": [spell.role for spell in uow.people.history(person.id)],
                    "levels": uow.assessments.current_levels(person.id),
                    "assessments": len(uow.assessments.for_person(person.id)),
                    "targets": sorted(t.role for t in uow.targets.for_person(person.id)),
                    "plans": [
                        (
                            plan.target_role,
                            plan.status,
                            [(i.competency, i.action_id) for i in plan.items],
                            len(uow.plans.checkins(plan.id or 0)),
                        )
                        for plan in plans
                    ],
                    "evidence": [
                        (e.title, e.competencies) for e in uow.plans.evidence_for(person.id)
                    ],
                }
    return {"version": version, "people": people}


def test_2027_activates_over_the_2026_demo_and_loses_nothing(database_url: str) -> None:
    with open_store(database_url, OLD, container=cheap_container()) as store:
        assert store.framework.version == "2026.1"
        assert seed_demo(store) is not None
    before = _snapshot(database_url)
    assert before["version"] == "2026.1" and len(before["people"]) >= 12
    assert any(p["plans"] for p in before["people"].values())

    mapping = _shipped(MAPPING)
    extra = ["--mapping", str(mapping)] if mapping.is_file() else []
    args = ["framework", "activate", "--shipped", *extra]  # the file this version ships
    result = runner.invoke(app, [*args, "--db", database_url, "--json"])
    assert result.exit_code == 0, (result.stdout, result.stderr)
    change = json.loads(result.stdout)
    assert change["activated"] is True
    assert change["removed"]["role"] == [] and change["removed"]["competency"] == []

    after = _snapshot(database_url)
    assert after["version"] == "2027.1"
    assert after["people"] == before["people"]

    with open_store(database_url, container=cheap_container()) as store:
        for person in after["people"].values():
            assert store.framework.role(person["role"])  # every stored role is still a role
            for competency in person["levels"]:
                assert competency in store.framework.competencies_by_id


def test_activate_wants_a_file_or_shipped_not_both(database_url: str) -> None:
    for args in (["framework", "activate"], ["framework", "activate", str(OLD), "--shipped"]):
        result = runner.invoke(app, [*args, "--db", database_url])
        assert result.exit_code != 0 and "--shipped" in result.stderr
