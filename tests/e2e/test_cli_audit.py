"""``pmopath audit list`` on the demo organisation, on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from pmopath.cli.main import app

runner = CliRunner()


def _run(db: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["audit", "list", *args, "--db", db])
    return result.exit_code, result.stdout, result.stderr


def test_the_log_as_json_a_table_and_csv(demo_database_url: str) -> None:
    code, out, err = _run(demo_database_url, "--kind", "development", "--json", "--per-page", "5")
    assert code == 0, err
    found = json.loads(out)
    assert found["total"] > 5 and len(found["data"]) == 5 and found["pages"] > 1
    assert all(
        e["action"].startswith(("assessment.", "evidence.", "plan.", "checkin.", "calibration."))
        for e in found["data"]
    )

    code, out, _ = _run(demo_database_url, "--actor", "sam@", "--kind", "development")
    assert code == 0 and "sam@" in out and "maria@" not in out

    code, out, _ = _run(demo_database_url, "--kind", "development", "--csv")
    table = list(csv.reader(io.StringIO(out)))
    assert code == 0 and table[0][:3] == ["at", "actor", "action"]
    assert len(table) - 1 == found["total"]
    code, out, _ = _run(demo_database_url, "--action", "export.audit_log", "--json")
    recorded = json.loads(out)["data"]
    assert len(recorded) == 1 and recorded[0]["actor"].startswith("cli:")


def test_bad_filters_exit_1_naming_the_option(demo_database_url: str) -> None:
    code, out, err = _run(demo_database_url, "--since", "2026-12-07", "--until", "2026-12-01")
    assert code == 1 and "until" in err and "Traceback" not in out + err
    code, out, err = _run(demo_database_url, "--kind", "everything")
    assert code == 1 and "no kind of entry is called 'everything'" in err
    code, out, err = _run(demo_database_url, "--since", "yesterday")
    assert code == 2 and "since" in err.lower()
