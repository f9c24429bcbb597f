"""The CLI for plan versions, their comparison, review cadences, overdue reviews and notices."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmopath.bootstrap.container import process_container
from pmopath.bootstrap.database import open_store
from pmopath.bootstrap.web import prepare_server
from pmopath.cli.main import app
from pmopath.services.demo.organisation import DEMO_DOMAIN
from tests.support.containers import CHEAP_HASHER

runner = CliRunner()


@pytest.fixture
def demo_db(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The demo, seeded as ``pmopath serve --demo`` seeds it, with argon2 parameters that cost
    microseconds (the defaults took 10 s for the thirteen accounts; production keeps them)."""
    monkeypatch.setattr(process_container(), "hasher", CHEAP_HASHER)
    assert prepare_server(database_url, demo=True)[1] is not None
    return database_url


def _sams_plan(db: str) -> tuple[int, int]:
    with open_store(db) as store, store.unit_of_work() as uow:
        sam = uow.people.by_email(f"sam@{DEMO_DOMAIN}")
        assert sam is not None and sam.id is not None
        plan = uow.plans.for_person(sam.id)[0]
        assert plan.id is not None
        return plan.id, plan.revision


def _run(*args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_versions_compare_and_cadence(demo_db: str) -> None:
    plan_id, revision = _sams_plan(demo_db)
    listed = _run("plans", "versions", str(plan_id), "--db", demo_db)
    assert listed["count"] >= 1 and listed["data"][-1]["current"] is True
    same = _run("plans", "compare", str(plan_id), "1", "1", "--db", demo_db)
    assert same["added"] == [] and same["removed"] == [] and same["unchanged"] > 0
    stale = runner.invoke(
        app,
        [
            "plans",
            "cadence",
            str(plan_id),
            "monthly",
            "--revision",
            str(revision + 5),
            "--db",
            demo_db,
        ],
    )
    assert stale.exit_code == 1 and "Traceback" not in stale.output
    changed = _run(
        "plans", "cadence", str(plan_id), "monthly", "--revision", str(revision), "--db", demo_db
    )
    assert changed["cadence"] == "monthly"
    bad = runner.invoke(
        app, ["plans", "cadence", str(plan_id), "weekly", "--revision", "1", "--db", demo_db]
    )
    assert bad.exit_code == 2


def test_overdue_reviews_and_notifications(demo_db: str) -> None:
    overdue = _run("plans", "overdue", "--db", demo_db)
    assert overdue["count"] == len(overdue["data"]) and overdue["notified"] == 0
    notices = _run("people", "notifications", f"maria@{DEMO_DOMAIN}", "--db", demo_db)
    assert any("Sam Patel" in n["message"] for n in notices["data"])
    nobody = runner.invoke(app, ["people", "notifications", "nobody@example.org", "--db", demo_db])
    assert nobody.exit_code == 1 and "nobody@example.org" in nobody.output


def test_an_unknown_plan_is_a_clear_error(demo_db: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["plans", "versions", "999999", "--db", demo_db])
    assert result.exit_code == 1
    assert "999999" in result.output
