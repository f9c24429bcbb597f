"""``pmopath insight kpis|coverage|succession`` on the demo organisation: JSON, CSV and tables,
a manager's tree, and bad input refused naming the option (exit 1)."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from pmopath.cli.main import app

runner = CliRunner()


def _run(db: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["insight", *args, "--db", db])
    return result.exit_code, result.stdout, result.stderr


def test_kpis_over_a_period_as_json_csv_and_a_table(demo_database_url: str) -> None:
    code, out, err = _run(
        demo_database_url, "kpis", "--from", "2026-01-01", "--to", "2026-03-31", "--json"
    )
    assert code == 0, err
    found = json.loads(out)
    assert (found["from"], found["to"], found["previous_to"]) == (
        "2026-01-01",
        "2026-03-31",
        "2025-12-31",
    )
    assert found["scope"]["label"] == "the whole organisation"
    ids = [k["id"] for k in found["data"]]
    assert ids[:3] == ["agreed_plans", "reviews_on_time", "readiness_change"] and len(ids) >= 7
    code, out, _ = _run(demo_database_url, "kpis", "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["kpi"] for r in rows] == ids
    code, out, _ = _run(demo_database_url, "kpis", "--manager", "maria@demo.pmopath.org")
    assert code == 0 and "Reviews held on time" in out and "Maria Lopez" in out


def test_a_bad_period_exits_1_naming_the_option(demo_database_url: str) -> None:
    code, out, err = _run(demo_database_url, "kpis", "--from", "2026-03-01", "--to", "2026-02-01")
    assert code == 1 and "from: the period starts on 2026-03-01" in err
    assert "Traceback" not in out + err
    code, _, err = _run(demo_database_url, "kpis", "--to", "31/03/2026")
    assert code == 1 and "--to: '31/03/2026' is not a date" in err
    code, _, err = _run(demo_database_url, "kpis", "--manager", "nobody@example.org")
    assert code == 1 and "nobody@example.org" in err


def test_coverage_and_succession(demo_database_url: str) -> None:
    code, out, err = _run(demo_database_url, "coverage", "--json")
    assert code == 0, err
    coverage = json.loads(out)
    assert coverage["count"] == 7 and coverage["data"][0]["id"] == "reporting"
    code, out, _ = _run(demo_database_url, "coverage")
    assert code == 0 and "Centre of excellence" in out
    code, out, _ = _run(demo_database_url, "coverage", "--csv")
    assert code == 0 and out.startswith("service,service_name,meeting_now")
    code, out, _ = _run(demo_database_url, "succession", "--json")
    succession = json.loads(out)
    assert code == 0 and "head_of_pmo" in [r["role"] for r in succession["data"]]
    code, out, _ = _run(demo_database_url, "succession")
    assert code == 0 and "Head of PMO" in out
    code, out, _ = _run(demo_database_url, "succession", "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and {r["role"] for r in rows} == {r["role"] for r in succession["data"]}
