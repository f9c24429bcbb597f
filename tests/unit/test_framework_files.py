"""Framework and assessment files: every kind of mistake is found, all at once, with its place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pmopath.bootstrap.files import load_assessment, load_framework
from pmopath.domain.errors import AssessmentError, FrameworkError
from pmopath.domain.framework import Framework

SMALL = Path(__file__).parents[1] / "data" / "small_framework.yaml"


def problems_of(text: str, tmp_path: Path, name: str = "fw.yaml") -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FrameworkError) as caught:
        load_framework(path)
    return [p.located().removeprefix(f"{path}:") for p in caught.value.problems]


def small_text() -> str:
    return SMALL.read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_the_small_framework_is_valid() -> None:
    framework = load_framework(SMALL)
    assert [r.id for r in framework.roles] == ["admin", "analyst", "coordinator", "pm", "manager"]


def test_yaml_syntax_error_is_located(tmp_path: Path) -> None:
    text = small_text().replace(
        "  - {level: 2, label: Supported}", "  - {level: 2, label: Supported"
    )
    problems = problems_of(text, tmp_path)
    assert len(problems) == 1
    assert problems[0].startswith(f"{line_of(text, 'level: 3')}:")
    assert "invalid YAML" in problems[0]


def test_json_syntax_error_is_located(tmp_path: Path) -> None:
    problems = problems_of('{\n  "id": "x",\n  "name": oops\n}\n', tmp_path, "fw.json")
    assert problems == ["3:11: invalid JSON: Expecting value"]


def test_json_framework_loads_like_yaml(tmp_path: Path, small_framework: Framework) -> None:
    import yaml

    data = yaml.safe_load(small_text())
    path = tmp_path / "small.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    loaded = load_framework(path)
    assert [r.id for r in loaded.roles] == [r.id for r in small_framework.roles]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = (
        small_text()
        .replace("    seniority: 2\n", "    seniority: two\n")  # wrong type
        .replace("    title: Project Manager\n", "")  # missing field
        .replace("  - id: leadership\n", "  - id: reporting\n")  # duplicate id
        .replace("{reporting: 2, planning: 1}", "{reporting: 2, planing: 1}")  # unknown competency
        .replace(
            "requirements: {reporting: 2, planning: 2}", "requirements: {reporting: 7, planning: 2}"
        )
        .replace("{from: pm, to: manager,", "{from: pm, to: director,")  # unknown role
        .replace("    develops: {reporting: 3}\n", "    develops: {}\n")  # develops nothing
        .replace("      - actions: [foundation]\n", "      - actions: [foundation]\n")
    )
    text += "    extra_field: 1\n"  # unknown field in the last action
    problems = problems_of(text, tmp_path)
    expected = {
        "roles[1].seniority: Input should be a valid integer": line_of(text, "seniority: two"),
        "missing required field 'title' in roles[3]": line_of(text, "  - id: pm"),
        "duplicate id 'reporting'": None,  # located in its own test below
        "unknown competency 'planing'": line_of(text, "planing"),
        "level 7 is outside the scale (0-5)": line_of(text, "reporting: 7"),
        "unknown role 'director'": line_of(text, "to: director"),
        "action 'report_course' develops nothing": line_of(text, "develops: {}"),
        "unknown field 'extra_field'": line_of(text, "extra_field"),
    }
    for message, line in expected.items():
        matching = [p for p in problems if message in p]
        assert matching, f"{message!r} not in {problems}"
        if line is not None:
            assert matching[0].startswith(f"{line}:"), matching[0]
    assert len(problems) >= len(expected)


def test_duplicate_id_points_at_the_second_definition(tmp_path: Path) -> None:
    text = small_text().replace("  - id: leadership\n", "  - id: reporting\n")
    problems = problems_of(text, tmp_path)
    second = [n for n, line in enumerate(text.splitlines(), 1) if line == "  - id: reporting"][1]
    assert any(p.startswith(f"{second}:") and "duplicate id 'reporting'" in p for p in problems), (
        problems
    )


def test_prerequisite_cycle(tmp_path: Path) -> None:
    text = small_text().replace(
        "    develops: {planning: 2}\n",
        "    develops: {planning: 2}\n    prerequisites: [{actions: [practitioner]}]\n",
    )
    problems = problems_of(text, tmp_path)
    assert len(problems) == 1
    assert "prerequisite cycle: foundation -> practitioner -> foundation" in problems[0]
    assert problems[0].startswith(f"{line_of(text, 'prerequisites: [{actions: [practitioner]}]')}:")


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    text = small_text().replace(
        "name: Small test framework\n", "name: Small test framework\nname: Again\n"
    )
    problems = problems_of(text, tmp_path)
    assert problems == [f"{line_of(text, 'name: Again')}:1: duplicate key 'name'"]


def test_transition_problems(tmp_path: Path) -> None:
    text = (
        small_text()
        .replace(
            "{from: admin, to: coordinator, kind: lateral, typical_months: 12, min_months: 6}",
            "{from: admin, to: admin, kind: sideways, typical_months: 12, min_months: 6}",
        )
        .replace(
            "{from: coordinator, to: pm, kind: promotion, typical_months: 24, min_months: 12}",
            "{from: coordinator, to: pm, kind: promotion, typical_months: 12, min_months: 24}",
        )
    )
    problems = problems_of(text, tmp_path)
    assert any("kind: Input should be 'promotion'" in p for p in problems)
    assert any("min_months (24) is more than typical_months (12)" in p for p in problems)


def test_ambiguous_role_names_are_refused(tmp_path: Path) -> None:
    text = small_text().replace(
        "    aliases: [Project Support Officer]\n", "    aliases: [PMO Analyst]\n"
    )
    problems = problems_of(text, tmp_path)
    assert any("'pmo analyst'" in p and "already used by role" in p for p in problems), problems


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "a framework must be a mapping"),
        ("- a\n- b\n", "a framework must be a mapping"),
        ("id: x\n", "missing required field"),
    ],
)
def test_empty_or_wrong_documents(tmp_path: Path, content: str, message: str) -> None:
    problems = problems_of(content, tmp_path)
    assert any(message in p for p in problems), problems


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(FrameworkError) as caught:
        load_framework(tmp_path / "nope.yaml")
    assert caught.value.problems[0].located() == f"{tmp_path / 'nope.yaml'}:1:1: file not found"
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(FrameworkError, match="1 problem"):
        load_framework(binary)


# ---- assessments --------------------------------------------------------------------------------


def assessment_problems(
    text: str, tmp_path: Path, framework: Framework, name: str = "me.yaml"
) -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AssessmentError) as caught:
        load_assessment(path, framework)
    return [p.located().removeprefix(f"{path}:") for p in caught.value.problems]


def test_a_valid_assessment(tmp_path: Path, small_framework: Framework) -> None:
    path = tmp_path / "me.yaml"
    path.write_text(
        "levels: {reporting: 3, planning: 1}\ncurrent_role: project support officer\n"
        "months_in_role: 18\ncertifications: [Foundation certificate]\n",
        encoding="utf-8",
    )
    me = load_assessment(path, small_framework)
    assert me.level("reporting") == 3 and me.level("leadership") == 0
    assert me.current_role == "admin"
    assert me.months_in_role == 18
    assert me.certifications == ("foundation",)


def test_assessment_problems_are_all_located(tmp_path: Path, small_framework: Framework) -> None:
    text = (
        "levels:\n"
        "  reporting: 9\n"
        "  reportng: 2\n"
        "  planning: high\n"
        "current_role: Zookeeper\n"
        "months_in_role: -3\n"
        "certifications: [Unknown cert]\n"
        "mood: good\n"
    )
    problems = assessment_problems(text, tmp_path, small_framework)
    joined = "\n".join(problems)
    assert "4:13: levels.planning: Input should be a valid integer" in joined
    assert "6:17: months_in_role: Input should be greater than or equal to 0" in joined
    assert "8:1: unknown field 'mood'" in joined or "8:7: unknown field 'mood'" in joined
    # the meaning problems are not hidden by the shape problems
    assert "2:14: level 9 is outside the scale (0-5)" in joined
    assert "3:13: unknown competency 'reportng'" in joined
    assert "5:15: unknown role 'Zookeeper'" in joined
    assert "7:18: unknown certification 'Unknown cert'" in joined


def test_assessment_meaning_problems(tmp_path: Path, small_framework: Framework) -> None:
    text = "levels:\n  reporting: 9\n  reportng: 2\ncurrent_role: Zookeeper\ncertifications: [Unknown cert]\n"
    problems = assessment_problems(text, tmp_path, small_framework)
    assert problems == [
        "2:14: level 9 is outside the scale (0-5)",
        "3:13: unknown competency 'reportng' (did you mean 'reporting'?)",
        "4:15: unknown role 'Zookeeper'",  # nothing close enough to suggest
        "5:18: unknown certification 'Unknown cert'",
    ]


def test_assessment_in_json(tmp_path: Path, small_framework: Framework) -> None:
    problems = assessment_problems(
        '{"levels": {"reporting": "3"}}', tmp_path, small_framework, "me.json"
    )
    assert problems == ["1:26: levels.reporting: Input should be a valid integer"]
