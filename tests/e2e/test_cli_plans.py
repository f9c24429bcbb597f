"""pmopath plans suggest and pmopath people eligibility on stored people."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pmopath.cli.main import app
from pmopath.services.plans.schemas import EligibilitiesPublic, SuggestionPublic

DATA = Path(__file__).parents[1] / "data"
runner = CliRunner()


def run(db: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--db", db])
    return result.exit_code, result.stdout, result.stderr


def stored_sam(db: str, tmp_path: Path) -> None:
    assert run(db, "people", "import", str(DATA / "people.csv"))[0] == 0
    levels = tmp_path / "sam.yaml"
    levels.write_text("levels: {performance_reporting: 2, data_analysis: 1}\n", encoding="utf-8")
    assert (
        run(db, "people", "assess", "sam@example.org", "--from", str(levels), "--source", "self")[0]
        == 0
    )
    assert run(db, "people", "target", "sam@example.org", "PMO Analyst")[0] == 0


def test_suggest_keeps_the_limits_and_explains_itself(database_url: str, tmp_path: Path) -> None:
    stored_sam(database_url, tmp_path)
    code, out, err = run(
        database_url,
        "plans",
        "suggest",
        "sam@example.org",
        "--hours-per-month",
        "24",  # Essentials is a three-day course: 21 hours in its month
        "--budget",
        "1200",
        "--pin",
        "essentials_pmo_analysts",
        "--without",
        "report_consolidation",
        "--time-limit",
        "5",
        "--json",
    )
    assert code == 0, err
    plan = json.loads(out)
    SuggestionPublic.model_validate(plan)  # the API's answer, the same model
    assert isinstance(plan["person_id"], int)
    assert plan["target_role"] == "pmo_analyst" and plan["months"] == 12
    assert plan["readiness"] > plan["readiness_before"]
    assert plan["cost"] <= 1200 and max(plan["hours_by_month"]) <= 24
    actions = [item["action"] for item in plan["items"]]
    assert "essentials_pmo_analysts" in actions and "report_consolidation" not in actions
    assert all(item["objectives"] for item in plan["items"] if item["raises"])
    code, out, _ = run(  # a roomy time limit: under load the default 0.8 s may find nothing
        database_url,
        "plans",
        "suggest",
        "sam@example.org",
        "--hours-per-month",
        "20",
        "--time-limit",
        "5",
    )
    assert code == 0 and "Readiness" in out and "Objectives:" in out


def test_suggest_the_soonest_plan_to_a_goal_with_another_balance(
    database_url: str, tmp_path: Path
) -> None:
    stored_sam(database_url, tmp_path)
    args = ["plans", "suggest", "sam@example.org", "--hours-per-month", "30", "--goal", "60"]
    code, out, err = run(
        database_url, *args, "--balance", "50/25/25", "--tolerance", "20", "--json"
    )
    assert code == 0, err
    plan = json.loads(out)
    assert plan["readiness"] >= 60 and plan["months"] <= 36
    shares = plan["effort_by_category"]
    total = sum(shares.values())
    assert total == 0 or 0.3 <= shares["experience"] / total <= 0.7
    code, _, err = run(database_url, *args, "--balance", "80/30/10")
    assert code == 1 and "--balance takes" in err


def test_impossible_plans_say_what_to_relax(database_url: str, tmp_path: Path) -> None:
    stored_sam(database_url, tmp_path)
    code, _, err = run(
        database_url, "plans", "suggest", "sam@example.org", "--hours-per-month", "0"
    )
    assert code == 1 and "give the hours you can spend each month" in err
    code, _, err = run(
        database_url, "plans", "suggest", "sam@example.org", "--pin", "mba", "--budget", "100"
    )
    assert code == 1 and "raise the budget to at least 30000" in err
    code, _, err = run(database_url, "plans", "suggest", "alex@example.org")
    assert code == 1 and "no primary target role" in err


def test_eligibility_from_the_stored_role_history(database_url: str, tmp_path: Path) -> None:
    stored_sam(database_url, tmp_path)
    code, out, err = run(
        database_url, "people", "eligibility", "priya@example.org", "--held", "capm", "--json"
    )
    assert code == 0, err
    EligibilitiesPublic.model_validate_json(out)  # the API's answer, the same model
    found = {e["action"]: e for e in json.loads(out)["data"]}
    assert found["capm"]["held"] is True
    assert found["pmp"]["eligible_from"] is not None and found["pmp"]["needs"] == []
    assert found["prince2_practitioner"]["needs"] == []  # the CAPM counts instead
    assert found["msp_practitioner"]["needs"] == ["msp_foundation"]
    code, out, _ = run(database_url, "people", "eligibility", "sam@example.org")
    assert code == 0 and "certification eligibility" in out
