"""The O*NET importer on the real 29.3 subset (hand-made folders: test_onet_folders.py)."""

from __future__ import annotations

import csv
import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from pmopath.adapters.file_writing import document_text, write_text_atomically
from pmopath.adapters.framework_files import load_framework_file
from pmopath.adapters.onet_import import import_onet
from pmopath.adapters.onet_reference import RW_CATEGORY_MONTHS
from pmopath.adapters.onet_summary import OnetImportSummary
from pmopath.adapters.onet_tables import category_months, read_work_experience_categories
from pmopath.domain.framework import normalise_name
from tests.support.onet_fixture import HEADERS

SUBSET = "onet-29.3-subset"


def subset_dir() -> Path:
    """The real O*NET subset; a missing folder fails the test (it is part of the repository setup)."""
    shared = os.environ.get("PMOPATH_SHARED_DIR")
    root = Path(shared) if shared else Path(__file__).resolve().parents[2].parent / "shared"
    folder = root / "data" / SUBSET
    if not (folder / "Occupation Data.txt").is_file():
        pytest.fail(
            f"O*NET subset not found at {folder}: put the shared data next to the repository "
            "or set PMOPATH_SHARED_DIR to the shared folder"
        )
    return folder


@cache
def _imported(folder: Path) -> tuple[dict[str, Any], OnetImportSummary]:
    return import_onet(folder)


def imported_subset() -> tuple[dict[str, Any], OnetImportSummary]:
    return _imported(subset_dir())


def roles_by_code(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {role["aliases"][0]: role for role in data["roles"]}


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


# --- the real O*NET 29.3 subset ------------------------------------------------------------


def test_subset_gives_one_role_per_occupation_in_soc_major_group_tracks() -> None:
    data, summary = imported_subset()
    assert summary.occupations == summary.roles == len(data["roles"]) == 25
    assert {track["id"]: track["name"] for track in data["tracks"]} == {
        "soc_11": "Management",
        "soc_13": "Business and Financial Operations",
        "soc_15": "Computer and Mathematical",
        "soc_27": "Arts, Design, Entertainment, Sports, and Media",
        "soc_43": "Office and Administrative Support",
    }
    pmo = roles_by_code(data)["13-1082.00"]
    assert pmo["id"] == "onet_13_1082_00"
    assert pmo["title"] == "Project Management Specialists"
    assert pmo["track"] == "soc_13"
    assert pmo["summary"].startswith("Analyze and coordinate the schedule")


def test_subset_seniority_is_the_job_zone() -> None:
    data, summary = imported_subset()
    zones = {
        row["O*NET-SOC Code"]: int(row["Job Zone"])
        for row in read_tsv(subset_dir() / "Job Zones.txt")
    }
    roles = roles_by_code(data)
    assert roles["11-1011.00"]["seniority"] == 5  # Chief Executives
    assert {code: role["seniority"] for code, role in roles.items()} == zones
    assert summary.occupations_without_job_zone == []


def test_subset_competencies_are_skill_and_knowledge_elements_with_areas_and_anchors() -> None:
    data, summary = imported_subset()
    competencies = {c["id"]: c for c in data["competencies"]}
    assert summary.competencies == len(competencies) == 35 + 33
    reading = competencies["reading_comprehension"]
    assert reading["name"] == "Reading Comprehension"
    assert reading["description"] == "O*NET skill 2.A.1.a"
    assert reading["area"] == "content_skills"
    assert sorted(reading["anchors"]) == [1, 2, 3, 4, 5]
    assert all(text.startswith("Generic level") for text in reading["anchors"].values())
    # The skill and the knowledge element are both called "Mathematics".
    assert competencies["mathematics"]["description"] == "O*NET skill 2.A.1.e"
    assert competencies["mathematics_knowledge"]["description"] == "O*NET knowledge 2.C.4.a"
    areas = [area["id"] for area in data["areas"]]
    assert areas[:7] == [
        "content_skills",
        "process_skills",
        "social_skills",
        "complex_problem_solving_skills",
        "technical_skills",
        "systems_skills",
        "resource_management_skills",
    ]


def test_subset_requirements_follow_the_level_and_importance_rows() -> None:
    data, _ = imported_subset()
    chief = roles_by_code(data)["11-1011.00"]["requirements"]
    # Skills.txt: Reading Comprehension IM 4.12, LV 4.62 -> 4.62 / 7 * 5 = 3.3 -> 3.
    assert chief["reading_comprehension"] == {"level": 3, "weight": 4.12, "critical": True}


def test_subset_occupation_without_skill_rows_is_kept_and_reported() -> None:
    data, summary = imported_subset()
    listed = [entry.split(" ", 1)[0] for entry in summary.occupations_without_skills]
    assert "13-1082.00" in listed
    assert roles_by_code(data)["13-1082.00"]["requirements"] == {}


def test_subset_edges_to_occupations_not_in_the_folder_are_counted_and_skipped() -> None:
    data, summary = imported_subset()
    codes = {role["id"] for role in data["roles"]}
    rows = read_tsv(subset_dir() / "Related Occupations.txt")
    known = {role["aliases"][0] for role in data["roles"]}
    outside = [r for r in rows if r["Related O*NET-SOC Code"] not in known]
    assert summary.edges_to_missing_occupations == len(outside) > 0
    assert 0 < len(summary.missing_edge_sample) <= 5
    assert all(t["from"] in codes and t["to"] in codes for t in data["transitions"])
    pairs = [(t["from"], t["to"]) for t in data["transitions"]]
    assert len(pairs) == len(set(pairs)) == summary.transitions > 0
    assert all(source != target for source, target in pairs)


def test_subset_transitions_have_kind_months_and_note() -> None:
    data, _ = imported_subset()
    roles = {role["id"]: role for role in data["roles"]}
    for transition in data["transitions"]:
        higher = roles[transition["to"]]["seniority"] > roles[transition["from"]]["seniority"]
        assert transition["kind"] == ("promotion" if higher else "lateral")
        assert transition["typical_months"] >= 6
        assert transition["min_months"] == max(3, round(transition["typical_months"] / 2 + 1e-9))
        assert transition["note"].startswith("O*NET relatedness tier: ")
    # Chief Executives: 68% of respondents report over 10 years of related experience.
    chief = [t for t in data["transitions"] if t["from"] == "onet_11_1011_00"]
    assert chief and all(t["typical_months"] == 132 for t in chief)


def test_subset_yaml_validates_as_a_framework(tmp_path: Path) -> None:
    data, _ = imported_subset()
    path = tmp_path / "onet.yaml"
    write_text_atomically(path, document_text(data, path))
    framework = load_framework_file(path)
    assert framework.id == "onet_29_3"
    assert framework.version == "29.3"
    assert framework.currency == "USD"
    assert "O*NET 29.3 Database" in framework.attribution
    assert "CC BY 4.0" in framework.attribution
    assert "PMO Pathways has modified" in framework.attribution
    assert len(framework.roles) == 25
    assert framework.actions == ()
    assert framework.role_name_index[normalise_name("13-1082.00")] == "onet_13_1082_00"
    assert [level.label for level in framework.scale.levels] == [
        "Not yet",
        "Aware",
        "Supported",
        "Independent",
        "Advanced",
        "Expert",
    ]


def test_subset_summary_lines_are_readable() -> None:
    _, summary = imported_subset()
    lines = summary.lines()
    assert lines[0].startswith("Imported 25 O*NET occupations")
    assert any("13-1082.00 Project Management Specialists" in line for line in lines)
    assert any("edges to occupations not in the files" in line for line in lines)
    assert summary.missing_files == []
    assert summary.seconds >= 0


def test_work_experience_categories_file_matches_the_built_in_months() -> None:
    path = subset_dir() / "Education, Training, and Experience Categories.txt"
    parsed = {n: category_months(text) for n, text in read_work_experience_categories(path).items()}
    assert parsed == RW_CATEGORY_MONTHS


def test_synthetic_fixture_uses_the_real_headers() -> None:
    for name, header in HEADERS.items():
        with (subset_dir() / name).open(encoding="utf-8") as handle:
            assert tuple(handle.readline().rstrip("\n").split("\t")) == header, name
