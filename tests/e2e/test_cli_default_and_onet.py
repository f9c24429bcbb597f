"""The CLI on the shipped framework, on an O*NET import, and the Python API beside it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pmopath
from pmopath.cli.main import app

runner = CliRunner()
ONET = Path(
    os.environ.get("PMOPATH_SHARED_DIR", Path(__file__).resolve().parents[2].parent / "shared")
)
ONET = ONET / "data" / "onet-29.3-subset"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_sam_sees_the_routes_from_pmo_administrator(tmp_path: Path) -> None:
    sam = tmp_path / "sam.yaml"
    sam.write_text(
        "levels: {performance_reporting: 2, information_management: 3, stakeholder_engagement: 2}\n"
        "current_role: PMO Administrator\nmonths_in_role: 18\n",
        encoding="utf-8",
    )
    code, out, err = run(
        "roles",
        "paths",
        "--from",
        "PMO Administrator",
        "--to",
        "Head of PMO",
        "-a",
        str(sam),
        "--json",
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["from"] == "pmo_administrator" and data["to"] == "head_of_pmo"
    assert len(data["paths"]) == 3
    assert all(p["steps"][0]["from"] == "pmo_administrator" for p in data["paths"])
    assert all(p["steps"][-1]["to"] == "head_of_pmo" for p in data["paths"])
    code, out, _ = run(
        "roles",
        "paths",
        "--from",
        "PMO Administrator",
        "--to",
        "Head of PMO",
        "--avoid",
        "delivery",
        "--json",
    )
    for path in json.loads(out)["paths"]:
        assert not {s["to"] for s in path["steps"]} & {
            "project_manager",
            "programme_manager",
            "project_coordinator",
        }


def test_priya_measures_herself_against_pmo_manager(tmp_path: Path) -> None:
    priya = tmp_path / "priya.json"
    priya.write_text(
        json.dumps({"levels": {"planning_scheduling": 4, "risk_issue_dependency": 4}}),
        encoding="utf-8",
    )
    code, out, _ = run("roles", "gap", "pmo manager", "--assessment", str(priya), "--json")
    assert code == 0
    data = json.loads(out)
    assert 0 < data["readiness"] < 80
    assert data["to_reach"]["raises"]
    code, out, _ = run("roles", "gap", "pmo manager", "--assessment", str(priya))
    assert "ready for PMO Manager" in out and "What gets you to 80%" in out


def test_role_page_for_the_default_framework() -> None:
    code, out, _ = run("roles", "show", "Director of PMO", "--json")
    data = json.loads(out)
    assert code == 0 and data["id"] == "head_of_pmo"
    assert data["routes_in"] and data["actions"] and data["requirements"]
    code, out, _ = run("roles", "show", "Project Manager")
    assert code == 0 and "Needs first" in out
    assert "GAC-accredited" in out and "gac degree" not in out  # education in words
    pm = json.loads(run("roles", "show", "Project Manager", "--json")[1])
    pmp = next(a for a in pm["actions"] if a["id"] == "pmp")
    # a GAC-accredited degree, a degree, secondary education; each in the last eight years
    assert sorted(o["experience"][0]["months"] for o in pmp["prerequisites"]) == [24, 36, 60]
    assert {o["experience"][0]["within_months"] for o in pmp["prerequisites"]} == {96}
    assert pmp["validity_months"] == 36 and pmp["renewal_units"] == 60 and pmp["sources"]


def test_demo_is_the_main_job() -> None:
    code, out, err = run("demo")
    assert code == 0, err
    assert "Career map" in out and "best route(s) from PMO Administrator to Head of PMO" in out
    assert "Sam has been a PMO Administrator for 18 months" in out
    assert "months for you" in out and "ready for PMO Analyst" in out
    code, out, _ = run("demo", "--json")
    data = json.loads(out)
    assert code == 0 and data["count"] == 29
    assert (
        data["sample_paths"]["to"] == "head_of_pmo" and data["sample_gap"]["role"] == "pmo_analyst"
    )


def test_the_shipped_framework_validates_through_the_cli() -> None:
    from importlib import resources

    path = str(resources.files("pmopath.data").joinpath("default_framework.yaml"))
    code, out, _ = run("framework", "validate", path)
    assert code == 0 and "valid" in out


def test_onet_import_then_every_command_works_on_it(tmp_path: Path) -> None:
    assert ONET.is_dir(), f"the O*NET subset is missing at {ONET} (set PMOPATH_SHARED_DIR)"
    out_file = tmp_path / "onet.yaml"
    code, out, err = run("framework", "import-onet", str(ONET), "--out", str(out_file))
    assert code == 0, err
    assert "Wrote" in out and out_file.exists()
    fw = ["--framework", str(out_file)]
    assert run("framework", "validate", str(out_file))[0] == 0
    roles = json.loads(run("roles", *fw, "--json")[1])
    assert roles["count"] == 25
    code, out, _ = run("roles", "show", "13-1082.00", *fw, "--json")
    assert code == 0 and json.loads(out)["title"] == "Project Management Specialists"
    code, out, _ = run(
        "roles",
        "paths",
        "--from",
        "Executive Secretaries and Executive Administrative Assistants",
        "--to",
        "Chief Executives",
        *fw,
        "--json",
    )
    assert code == 0
    assert json.loads(out)["paths"], "expected a route through related occupations"
    me = tmp_path / "me.yaml"
    me.write_text("levels: {reading_comprehension: 3, speaking: 2}\n", encoding="utf-8")
    code, out, _ = run(
        "roles", "gap", "Management Analysts", "--assessment", str(me), *fw, "--json"
    )
    assert code == 0 and 0 < json.loads(out)["readiness"] < 100
    code, out, _ = run("roles", "map", *fw)
    assert code == 0
    code, out, _ = run(
        "framework", "import-onet", str(ONET), "--out", str(tmp_path / "onet.json"), "--json"
    )
    assert code == 0 and json.loads(out)["roles"] == 25


def test_onet_import_of_a_bad_folder_writes_nothing(tmp_path: Path) -> None:
    out_file = tmp_path / "onet.yaml"
    code, _, err = run("framework", "import-onet", str(tmp_path), "--out", str(out_file))
    assert code == 1 and "Occupation Data.txt" in err
    assert not out_file.exists()


def test_the_python_api(tmp_path: Path) -> None:
    framework = pmopath.default_framework()
    me_path = tmp_path / "me.yaml"
    me_path.write_text("levels: {performance_reporting: 3}\n", encoding="utf-8")
    me = pmopath.load_assessment(me_path, framework)
    paths = pmopath.find_paths(framework, "pmo analyst", "Head of PMO", assessment=me, k=2)
    assert len(paths) == 2 and paths[0].roles[0] == "pmo_analyst"
    assert paths[0].expected_months <= paths[1].expected_months
    report = pmopath.analyse_gap(framework, "PMO Manager", me)
    assert 0 < report.analysis.readiness < 100
    with pytest.raises(pmopath.UnknownRole) as caught:
        pmopath.find_paths(framework, "PMO Anlyst", "Head of PMO")
    assert "PMO Analyst" in caught.value.suggestions
    with pytest.raises(pmopath.FrameworkError):
        pmopath.load_framework(tmp_path / "missing.yaml")


def test_the_installed_command_runs_without_a_traceback() -> None:
    script = Path(sys.executable).with_name("pmopath")
    result = subprocess.run(
        [str(script), "roles", "show", "Unknown Role"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert "Unknown role 'Unknown Role'" in result.stderr and "Traceback" not in result.stderr
