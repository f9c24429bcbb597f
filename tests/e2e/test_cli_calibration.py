"""``pmopath calibration``: a group's flags as JSON, a calibrated level recorded with its reason
(refused without one, exit 1), and a session opened, read and closed, on the demo database."""

from __future__ import annotations

import json
from typing import Any

from typer.testing import CliRunner

from pmopath.cli.main import app
from pmopath.services.demo.organisation import DEMO_DOMAIN

runner = CliRunner()
SAM = f"sam@{DEMO_DOMAIN}"
C = "governance_assurance"


def _run(db: str, *args: str) -> Any:
    result = runner.invoke(app, ["calibration", *args, "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_flags_record_and_show(demo_database_url: str) -> None:
    db = demo_database_url
    flags = _run(db, "flags", "--manager", f"maria@{DEMO_DOMAIN}")
    assert flags["group"] == "Maria Lopez's team" and flags["count"] == len(flags["data"]) > 0
    (sams,) = [f for f in flags["data"] if f["name"] == "Sam Patel" and f["competency"] == C]
    assert sams["levels"] == {"self": 1, "manager": 3}
    refused = runner.invoke(
        app, ["calibration", "record", SAM, C, "2", "--reason", " ", "--db", db]
    )
    assert refused.exit_code == 1 and "reason" in refused.output
    made = _run(db, "record", SAM, C, "2", "--reason", "Agreed with Maria and Sam")
    assert (made["previous_level"], made["level"]) == (3, 2) and made["person"] == "Sam Patel"
    shown = _run(db, "show", SAM)
    (row,) = [r for r in shown["levels"] if r["competency"] == C]
    assert row["current"] == 2 and not row["flagged"]
    assert shown["decisions"][0]["reason"] == "Agreed with Maria and Sam"
    after = _run(db, "flags", "--team", "PMO")
    assert not [f for f in after["data"] if f["name"] == "Sam Patel" and f["competency"] == C]
    text = runner.invoke(app, ["calibration", "flags", "--team", "PMO", "--db", db])
    assert text.exit_code == 0 and "open in the PMO team" in text.stdout


def test_a_group_is_named_exactly_once(demo_database_url: str) -> None:
    for args in ([], ["--team", "PMO", "--role", "pmo_analyst"]):
        result = runner.invoke(app, ["calibration", "flags", *args, "--db", demo_database_url])
        assert result.exit_code == 1 and "--team" in result.output


def test_a_session_opens_lists_reports_and_closes(demo_database_url: str) -> None:
    db = demo_database_url
    analysts = _run(db, "open", "Analysts", "--role", "pmo_analyst")
    refused = runner.invoke(
        app, ["calibration", "record", SAM, C, "2", "--reason", "r", "--session",
              str(analysts["id"]), "--db", db],
    )  # fmt: skip
    assert refused.exit_code == 1 and "not in the session's group" in refused.output
    opened = _run(db, "open", "Analysts", "--team", "PMO")
    assert opened["is_open"] and opened["kind"] == "team"
    session = str(opened["id"])
    _run(db, "record", SAM, C, "2", "--reason", "in the session", "--session", session)
    report = _run(db, "session", session)
    assert [(d["person"], d["level"]) for d in report["decisions"]] == [("Sam Patel", 2)]
    assert [s["id"] for s in _run(db, "sessions")["data"]] == [opened["id"], analysts["id"]]
    assert _run(db, "close", session)["is_open"] is False
    again = runner.invoke(app, ["calibration", "close", session, "--db", db])
    assert again.exit_code != 0 and "already closed" in again.output
