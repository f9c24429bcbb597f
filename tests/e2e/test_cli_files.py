"""The CLI on files and settings: bad assessment and framework files located, framework
validate and schema, the guided assessment, and unusable settings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.e2e.test_cli import SMALL, run


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
    assert lines[0] == f"{broken}:45:43: unknown competency 'planing' (did you mean 'planning'?)"
    assert lines[1] == f"{broken}:45:43: level 9 is outside the scale (0-5)"
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
    assert "Saved to" in out and "You are 100% ready for PMO Analyst: ready now." in out
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


def test_framework_validate_groups_a_repeated_problem(tmp_path: Path) -> None:
    text = Path(SMALL).read_text(encoding="utf-8")
    broken = tmp_path / "typo.yaml"
    broken.write_text(re.sub(r"\bplanning: ", "planing: ", text), encoding="utf-8")
    code, out, _ = run("framework", "validate", str(broken))
    assert code == 1
    lines = out.strip().splitlines()
    typo = [line for line in lines if "unknown competency 'planing'" in line]
    assert len(typo) == 1, out
    assert typo[0].endswith("(at 7 places: line 45, 50, 55, 60, 67, …)")
    assert lines[-1] == "7 problem(s) found. (1 distinct)"
