"""Data-subject requests through the CLI: export everything, erase what identifies."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pmopath.cli.main import app

DATA = Path(__file__).parents[1] / "data"
runner = CliRunner()


def ok(*args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return json.loads(result.stdout) if result.stdout.lstrip().startswith("{") else {}


def setup(db: str, tmp_path: Path) -> None:
    ok("people", "import", str(DATA / "people.csv"), "--db", db, "--json")
    levels = tmp_path / "l.yaml"
    levels.write_text("levels: {data_analysis: 3}\n", encoding="utf-8")
    runner.invoke(
        app,
        [
            "people",
            "assess",
            "sam@example.org",
            "--from",
            str(levels),
            "--note",
            "Sam's private note",
            "--db",
            db,
        ],
    )
    runner.invoke(
        app,
        [
            "people",
            "assess",
            "priya@example.org",
            "--from",
            str(levels),
            "--source",
            "manager",
            "--assessor",
            "sam@example.org",
            "--db",
            db,
        ],
    )
    ok("people", "target", "sam@example.org", "PMO Analyst", "--db", db, "--json")


def test_export_holds_everything_about_the_person(database_url: str, tmp_path: Path) -> None:
    setup(database_url, tmp_path)
    data = ok("people", "export", "sam@example.org", "--db", database_url)
    assert data["format"] == "pmopath-person-export"
    assert data["person"]["email"] == "sam@example.org"
    assert [h["role"] for h in data["role_history"]] == ["pmo_administrator"]
    assert data["assessments"][0]["levels"] == {"data_analysis": 3}
    assert data["assessments"][0]["note"] == "Sam's private note"
    assert len(data["assessments_given"]) == 1  # Sam rated Priya
    assert [t["role"] for t in data["targets"]] == ["pmo_analyst"]
    assert {a["action"] for a in data["audit"]} >= {"people.import", "assessment.add", "target.set"}
    out = tmp_path / "sam.json"
    runner.invoke(
        app, ["people", "export", "sam@example.org", "--out", str(out), "--db", database_url]
    )
    assert json.loads(out.read_text(encoding="utf-8"))["person"]["name"] == "Sam Smith"


def test_erase_removes_personal_data_and_keeps_figures(database_url: str, tmp_path: Path) -> None:
    setup(database_url, tmp_path)
    refused = runner.invoke(app, ["people", "erase", "sam@example.org", "--db", database_url])
    assert refused.exit_code == 1 and "--yes" in refused.stderr
    erased = ok("people", "erase", "sam@example.org", "--yes", "--db", database_url, "--json")[
        "erased"
    ]
    assert ok("people", "list", "--db", database_url, "--json")["count"] == 3
    gone = runner.invoke(app, ["people", "show", "sam@example.org", "--db", database_url])
    assert gone.exit_code == 1 and "No person" in gone.stderr
    data = ok("people", "export", str(erased), "--db", database_url)
    text = json.dumps(data)
    assert "sam@example.org" not in text and "Sam Smith" not in text and "private note" not in text
    assert data["assessments"][0]["levels"] == {"data_analysis": 3}  # anonymous figures stay
    assert data["role_history"][0]["role"] == "pmo_administrator"
    actions = [a["action"] for a in data["audit"]]
    assert actions[-1] == "person.erase" and "people.import" in actions  # the trail stays whole
    # Sam's rating of Priya survives, without naming Sam
    priya = ok("people", "show", "priya@example.org", "--db", database_url, "--json")
    assert priya["levels"] == {"data_analysis": 3}
