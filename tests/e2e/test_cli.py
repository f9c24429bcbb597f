"""The CLI, driven as a user drives it: roles, the map, paths and gaps, their JSON, errors and
exit codes (framework files, the guided assessment and settings: test_cli_files.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmopath.cli.main import app

SMALL = str(Path(__file__).parents[1] / "data" / "small_framework.yaml")
runner = CliRunner()


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def run_json(*args: str) -> dict:  # type: ignore[type-arg]
    code, out, err = run(*args, "--json")
    assert code == 0, (out, err)
    return json.loads(out)  # type: ignore[no-any-return]


@pytest.fixture
def assessment(tmp_path: Path) -> Path:
    path = tmp_path / "me.yaml"
    path.write_text("levels: {reporting: 3, planning: 3, leadership: 2}\n", encoding="utf-8")
    return path


def test_paths_json_has_the_documented_shape() -> None:
    data = run_json(
        "roles",
        "paths",
        "--from",
        "project support officer",
        "--to",
        "PMO MANAGER",
        "--framework",
        SMALL,
    )
    assert data["from"] == "admin" and data["to"] == "manager"
    assert len(data["paths"]) == 3
    first = data["paths"][0]
    assert set(first) >= {"steps", "total_typical_months", "total_min_months", "expected_months"}
    via_analyst = next(p for p in data["paths"] if p["steps"][0]["to"] == "analyst")
    assert via_analyst["steps"][0] == {
        "from": "admin",
        "to": "analyst",
        "kind": "promotion",
        "typical_months": 24,
        "min_months": 12,
        "expected_months": 12.0,  # the tenure: planning 1 -> 2 (3 months) makes them ready
    }
    assert [p["expected_months"] for p in data["paths"]] == sorted(
        p["expected_months"] for p in data["paths"]
    )


def test_paths_options(assessment: Path) -> None:
    data = run_json(
        "roles",
        "paths",
        "--from",
        "admin",
        "--to",
        "manager",
        "-k",
        "5",
        "--avoid",
        "analyst",
        "--max-steps",
        "3",
        "--assessment",
        str(assessment),
        "--framework",
        SMALL,
    )
    assert [[s["to"] for s in p["steps"]] for p in data["paths"]] == [
        ["coordinator", "pm", "manager"]
    ]
    data = run_json(
        "roles",
        "paths",
        "--from",
        "admin",
        "--to",
        "manager",
        "--avoid",
        "Delivery",
        "--framework",
        SMALL,
    )
    assert len(data["paths"]) == 1


def test_paths_readable_output() -> None:
    code, out, _ = run("roles", "paths", "--from", "admin", "--to", "manager", "--framework", SMALL)
    assert code == 0
    assert "Route 1: about 54 months (typical " in out
    assert "PMO Administrator → PMO Analyst" in out


def test_no_route_says_so() -> None:
    code, out, _ = run("roles", "paths", "--from", "manager", "--to", "admin", "--framework", SMALL)
    assert code == 0
    assert "No route from PMO Manager to PMO Administrator" in out
    assert (
        run_json("roles", "paths", "--from", "manager", "--to", "admin", "--framework", SMALL)[
            "paths"
        ]
        == []
    )


def test_gap_json_has_the_documented_shape(assessment: Path) -> None:
    data = run_json(
        "roles", "gap", "PMO Manager", "--assessment", str(assessment), "--framework", SMALL
    )
    assert data["role"] == "manager"
    assert (
        data["readiness"] == 70.0
        and data["raw_readiness"] == 75.0
        and data["capped_by"] == ["reporting"]
    )
    assert data["gaps"][0] == {
        "competency": "reporting",
        "required": 4,
        "current": 3,
        "gap": 1,
        "weight": 2.0,
        "critical": True,
        "core": True,
    }
    assert data["blockers"] == [
        {"competency": "reporting", "reason": "critical", "short_by": 1, "levels_to_unblock": 1}
    ]
    assert data["to_reach"] == {
        "target": 80.0,
        "raises": [{"competency": "reporting", "from": 3, "to": 4, "months": 9.0}],
    }
    assert data["band"]["band"] == "ready_in" and data["band"]["months"] == 9
    assert data["band"]["label"] == "Ready in about 9 months"
    assert [(i["competency"], i["to"], i["blocking"]) for i in data["helps_most"]] == [
        ("reporting", 4, "critical"),
        ("leadership", 3, None),
    ]
    higher = run_json(
        "roles",
        "gap",
        "manager",
        "--assessment",
        str(assessment),
        "--target",
        "100",
        "--framework",
        SMALL,
    )
    assert higher["to_reach"]["raises"] == [
        {"competency": "reporting", "from": 3, "to": 4, "months": 9.0},
        {"competency": "leadership", "from": 2, "to": 4, "months": 15.0},
    ]


def test_gap_readable_output(assessment: Path) -> None:
    code, out, _ = run(
        "roles", "gap", "manager", "--assessment", str(assessment), "--framework", SMALL
    )
    assert code == 0
    assert "You are 70% ready for PMO Manager: ready in about 9 months." in out
    assert "Readiness is held at 70% (it would be 75%)" in out
    assert "Reporting: 1 level short (critical)" in out
    assert "Reporting 3 → 4: clears this critical blocker (the last one)" in out
    assert "What gets you to 80%" in out
    assert "Reporting: 3 → 4 (about 9 months of practice)" in out


def test_roles_and_role() -> None:
    data = run_json("roles", "--framework", SMALL)
    assert data["count"] == 5
    assert [r["id"] for r in data["data"]][:2] == ["admin", "analyst"]
    assert run_json("roles", "--track", "delivery", "--framework", SMALL)["count"] == 2
    assert run_json("roles", "list", "--track", "delivery", "--framework", SMALL)["count"] == 2
    role = run_json("roles", "show", "pmo analyst", "--framework", SMALL)
    assert role["id"] == "analyst"
    assert [t["to"] for t in role["routes_out"]] == ["manager", "pm"]
    assert [t["from"] for t in role["routes_in"]] == ["admin"]
    assert {a["id"] for a in role["actions"]} == {"report_course", "foundation"}
    code, out, _ = run("roles", "show", "analyst", "--framework", SMALL)
    assert code == 0 and "Routes out" in out and "PMO Manager" in out


def test_map() -> None:
    code, out, _ = run("roles", "map", "--framework", SMALL)
    assert code == 0 and "Career map" in out and "→ PMO Analyst" in out
    data = run_json("roles", "map", "--framework", SMALL)
    assert len(data["transitions"]) == 6


def test_unknown_role_is_bad_input_with_suggestions() -> None:
    code, out, err = run("roles", "show", "PMO Analsyt", "--framework", SMALL)
    assert code == 1
    assert "Unknown role 'PMO Analsyt'. Did you mean: PMO Analyst" in err
    assert "Traceback" not in out + err
    code, out, _ = run("roles", "show", "PMO Analsyt", "--framework", SMALL, "--json")
    assert code == 1
    assert json.loads(out)["error"]["suggestions"][0] == "PMO Analyst"


def test_unknown_avoid_is_bad_input() -> None:
    code, _, err = run(
        "roles",
        "paths",
        "--from",
        "admin",
        "--to",
        "manager",
        "--avoid",
        "marketing",
        "--framework",
        SMALL,
    )
    assert code == 1 and "'marketing' is neither a role nor a track" in err


def test_same_start_and_end_is_bad_input() -> None:
    code, _, err = run(
        "roles", "paths", "--from", "admin", "--to", "Project Support Officer", "--framework", SMALL
    )
    assert code == 1 and "both the start and the destination" in err


@pytest.mark.parametrize(
    "args",
    [
        ("roles", "paths", "--from", "admin"),  # missing --to
        ("roles", "paths", "--from", "admin", "--to", "manager", "-k", "0"),
        ("roles", "gap", "manager", "--assessment", "x.yaml", "--target", "120"),
        ("roles", "gap", "manager"),  # missing --assessment
        ("people", "gap"),  # missing PERSON
        ("nonsense",),
        ("framework", "schema", "--kind", "cv"),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    code, out, err = run(*args)
    assert code == 2
    assert "Traceback" not in out + err


def test_closest_roles(tmp_path: Path) -> None:
    me = tmp_path / "me.yaml"
    me.write_text(
        "levels: {reporting: 3, planning: 2, leadership: 1}\ncurrent_role: coordinator\n",
        encoding="utf-8",
    )
    data = run_json("roles", "closest", "-a", str(me), "--framework", SMALL)
    roles = [r["role"] for r in data["roles"]]
    # coordinator is their own role; admin is at the same seniority and no move leads there
    assert "coordinator" not in roles and "admin" not in roles
    assert roles[0] == "analyst" and data["roles"][0]["band"]["band"] == "ready_now"
    months = [r["band"]["months"] for r in data["roles"]]
    assert months == sorted(months)
    manager = next(r for r in data["roles"] if r["role"] == "manager")
    assert manager["blockers"] == ["reporting"]  # planning is one level short: not blocking
    code, out, _ = run("roles", "closest", "-a", str(me), "--limit", "2", "--framework", SMALL)
    assert code == 0 and "Roles you are closest to" in out and "Ready now" in out
    code, _, err = run("roles", "closest", "-a", str(me), "--limit", "0", "--framework", SMALL)
    assert code != 0 and "--limit" in err
