"""The CLI, driven as a user drives it: every command, its JSON, its errors and exit codes."""

from __future__ import annotations

import json
import re
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
    assert first["steps"][0] == {
        "from": "admin",
        "to": "analyst",
        "kind": "promotion",
        "typical_months": 24,
        "min_months": 12,
        "expected_months": 24.0,
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
    assert "Route 1: about 72 months (typical 72, fastest 42)" in out
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
    }
    assert data["to_reach"] == {
        "target": 80.0,
        "raises": [{"competency": "reporting", "from": 3, "to": 4}],
    }
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
        {"competency": "reporting", "from": 3, "to": 4},
        {"competency": "leadership", "from": 2, "to": 4},
    ]


def test_gap_readable_output(assessment: Path) -> None:
    code, out, _ = run(
        "roles", "gap", "manager", "--assessment", str(assessment), "--framework", SMALL
    )
    assert code == 0
    assert "You are 70% ready for PMO Manager." in out
    assert "What gets you to 80%" in out and "Reporting: 3 → 4" in out


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


def test_bad_assessment_is_located(tmp_path: Path) -> None:
    path = tmp_path / "me.yaml"
    path.write_text("levels:\n  reporting: 9\n", encoding="utf-8")
    code, _, err = run("roles", "gap", "manager", "--assessment", str(path), "--framework", SMALL)
    assert code == 1
    assert f"{path}:2:14: level 9 is outside the scale (0-5)" in err


def test_bad_framework_option_is_located(tmp_path: Path) -> None:
    path = tmp_path / "fw.yaml"
    path.write_text("id: x\nname: [unclosed\n", encoding="utf-8")
    code, _, err = run("roles", "--framework", str(path))
    assert code == 1 and f"{path}:3:1: invalid YAML" in err


def test_framework_validate(tmp_path: Path) -> None:
    code, out, _ = run("framework", "validate", SMALL)
    assert code == 0 and "valid" in out and "5 roles" in out
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        Path(SMALL)
        .read_text(encoding="utf-8")
        .replace("{reporting: 2, planning: 1}", "{reporting: 2, planing: 9}"),
        encoding="utf-8",
    )
    code, out, _ = run("framework", "validate", str(broken))
    assert code == 1
    lines = out.strip().splitlines()
    assert lines[0] == f"{broken}:38:43: unknown competency 'planing' (did you mean 'planning'?)"
    assert lines[1] == f"{broken}:38:43: level 9 is outside the scale (0-5)"
    assert lines[-1] == "2 problem(s) found."
    code, out, _ = run("framework", "validate", str(broken), "--json")
    assert code == 1 and json.loads(out)["valid"] is False


def test_framework_schema_is_json_schema() -> None:
    code, out, _ = run("framework", "schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert {"roles", "competencies", "transitions", "actions", "scale"} <= set(schema["properties"])
    code, out, _ = run("framework", "schema", "--kind", "assessment")
    assert "levels" in json.loads(out)["properties"]


def test_assess_guides_and_writes_a_file(tmp_path: Path) -> None:
    out_file = tmp_path / "me.yaml"
    code, out, err = run(
        "roles",
        "assess",
        "PMO Analyst",
        "--out",
        str(out_file),
        "--framework",
        SMALL,
        "--current-role",
        "admin",
        "--months-in-role",
        "18",
        input="3\n9\n2\n1\n",
    )
    assert code == 0, err
    assert "1/3 Reporting" in out and "a3" in out  # the competency's own anchors are shown
    assert "Saved to" in out and "You are 100% ready for PMO Analyst." in out
    code, data, _ = run(
        "roles", "gap", "analyst", "--assessment", str(out_file), "--framework", SMALL, "--json"
    )
    assert json.loads(data)["readiness"] == 100.0
    text = out_file.read_text(encoding="utf-8")
    assert "current_role: admin" in text and "months_in_role: 18" in text


def test_assess_shows_changes_since_last_time(tmp_path: Path) -> None:
    first = tmp_path / "before.json"
    first.write_text(
        '{"levels": {"reporting": 1, "planning": 2, "leadership": 1}}', encoding="utf-8"
    )
    second = tmp_path / "after.json"
    code, out, err = run(
        "roles",
        "assess",
        "analyst",
        "--out",
        str(second),
        "--previous",
        str(first),
        "--framework",
        SMALL,
        input="3\n\n\n",
    )
    assert code == 0, err
    assert "changed since last time: 1 → 3" in out
    assert json.loads(second.read_text(encoding="utf-8"))["levels"] == {
        "reporting": 3,
        "planning": 2,
        "leadership": 1,
    }


def test_assess_refuses_to_overwrite(tmp_path: Path) -> None:
    existing = tmp_path / "me.yaml"
    existing.write_text("levels: {}\n", encoding="utf-8")
    code, _, err = run(
        "roles",
        "assess",
        "analyst",
        "--out",
        str(existing),
        "--framework",
        SMALL,
        input="1\n1\n1\n",
    )
    assert code == 1 and "already exists" in err
    assert existing.read_text(encoding="utf-8") == "levels: {}\n"


BAD_FRAMEWORKS = {
    "yaml syntax": (
        ("  - {level: 2, label: Supported}", "  - {level: 2, label: Supported"),
        "invalid YAML",
    ),
    "wrong type": (
        ("    seniority: 2\n", "    seniority: two\n"),
        "Input should be a valid integer",
    ),
    "missing field": (("    title: Project Manager\n", ""), "missing required field 'title'"),
    "duplicate id": (("  - id: leadership\n", "  - id: reporting\n"), "duplicate id 'reporting'"),
    "unknown competency": (
        ("{reporting: 2, planning: 1}", "{reporting: 2, planing: 1}"),
        "unknown competency 'planing'",
    ),
    "level outside the scale": (
        ("{reporting: 2, planning: 1}", "{reporting: 6, planning: 1}"),
        "level 6 is outside the scale",
    ),
    "transition to an unknown role": (
        ("{from: pm, to: manager,", "{from: pm, to: boss,"),
        "unknown role 'boss'",
    ),
    "prerequisite cycle": (
        (
            "    develops: {planning: 2}\n",
            "    develops: {planning: 2}\n    prerequisites: [{actions: [practitioner]}]\n",
        ),
        "prerequisite cycle",
    ),
    "action that develops nothing": (
        ("    develops: {reporting: 3}\n", "    develops: {}\n"),
        "develops nothing",
    ),
}


@pytest.mark.parametrize("kind", BAD_FRAMEWORKS)
def test_every_kind_of_bad_framework_is_located_with_exit_1(tmp_path: Path, kind: str) -> None:
    (old, new), message = BAD_FRAMEWORKS[kind]
    text = Path(SMALL).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "bad.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    for command in (("framework", "validate", str(path)), ("roles", "--framework", str(path))):
        code, out, err = run(*command)
        assert code == 1, (command, out, err)
        located = [line for line in (out + err).splitlines() if message in line]
        assert located, (kind, out, err)
        assert re.match(rf"{re.escape(str(path))}:\d+:\d+: ", located[0]), located[0]
        assert "Traceback" not in out + err


def test_bad_json_framework_is_located(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"id": "x",\n "name": }', encoding="utf-8")
    code, out, _ = run("framework", "validate", str(path))
    assert code == 1 and out.startswith(f"{path}:2:10: invalid JSON: Expecting value")


@pytest.mark.parametrize(
    ("name", "value"),
    [("PMOPATH_SESSION_CHECK_THREADS", "maybe"), ("PMOPATH_RESPONSE_CACHE_MB", "-1")],
)
def test_an_unusable_setting_is_named_and_is_bad_input(
    name: str, value: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(name, value)
    code, out, err = run(
        "users",
        "add",
        "x@example.org",
        "--role",
        "member",
        "--password-stdin",
        "--db",
        f"sqlite:///{tmp_path / 's.db'}",
        input="long enough password 1\n",
    )
    assert code == 1, (out, err)
    assert name in out + err and "Internal error" not in out + err
