"""The O*NET importer on hand-made folders: edge cases, bad input located by file and line, and a
full-size synthetic database."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from pmopath.adapters.file_writing import document_text, write_text_atomically
from pmopath.adapters.framework_files import load_framework_file
from pmopath.adapters.framework_format import framework_from_spec
from pmopath.adapters.framework_sections import check_sections
from pmopath.adapters.onet_import import import_onet, onet_level
from pmopath.bootstrap.files import load_framework
from pmopath.domain.errors import BadInput
from pmopath.domain.validation import check_framework
from tests.integration.test_onet_import import roles_by_code
from tests.support.onet_fixture import write_synthetic_onet, write_table

# --- hand-made folders ---------------------------------------------------------------------

CEO, ANALYST, CLERK = "11-1111.00", "13-2222.00", "43-3333.00"
TITLES = {CEO: "Chief Synthetic Officer", ANALYST: "Synthetic Analyst", CLERK: "Synthetic Clerk"}


def rating(
    code: str, element: str, name: str, scale: str, value: object, flags: str = "NN"
) -> tuple[object, ...]:
    """A Skills.txt row; ``flags`` is Recommend Suppress then Not Relevant ('-' for empty)."""
    suppress, relevant = (flag.replace("-", "") for flag in flags)
    scale_name = {"IM": "Importance", "LV": "Level"}[scale]
    return (
        code,
        TITLES.get(code, "?"),
        element,
        name,
        scale,
        scale_name,
        value,
        8,
        0.1,
        1,
        5,
        suppress,
        relevant,
        "08/2023",
        "Analyst",
    )


SKILL_ROWS = [
    rating(CEO, "2.A.1.a", "Reading Comprehension", "IM", 4.5, "N-"),
    rating(CEO, "2.A.1.a", "Reading Comprehension", "LV", 7),  # -> 5
    rating(CEO, "2.A.1.c", "Writing", "IM", 2.0, "N-"),
    rating(CEO, "2.A.1.c", "Writing", "LV", 3.5),  # 2.5 -> 3 (half up)
    rating(CEO, "2.A.1.d", "Speaking", "IM", 3.0, "N-"),
    rating(CEO, "2.A.1.d", "Speaking", "LV", 0.4),  # 0.29 -> 0: no requirement
    rating(CEO, "2.A.1.e", "Mathematics", "IM", 4.0, "N-"),
    rating(CEO, "2.A.1.e", "Mathematics", "LV", 5.0, "YN"),  # suppressed
    rating(CEO, "2.A.1.f", "Science", "IM", 1.2, "N-"),
    rating(CEO, "2.A.1.f", "Science", "LV", 0.0, "NY"),  # not relevant
    rating(CEO, "2.A.2.a", "Critical Thinking", "LV", 2.1),  # no IM row: weight 1.0
    rating(ANALYST, "2.A.1.a", "Reading Comprehension", "IM", 4.0, "N-"),
    rating(ANALYST, "2.A.1.a", "Reading Comprehension", "LV", 2.8),  # -> 2, not critical
    rating("99-9999.00", "2.A.1.a", "Reading Comprehension", "LV", 4.0),  # unknown occupation
]


def related(source: str, target: str, index: int = 1) -> tuple[object, ...]:
    return (
        source,
        TITLES.get(source, "?"),
        target,
        TITLES.get(target, "Elsewhere"),
        "Primary-Short",
        index,
    )


RELATED_ROWS = [
    related(CEO, ANALYST, 1),
    related(ANALYST, CEO, 1),
    related(ANALYST, CLERK, 2),
    related(CLERK, ANALYST, 1),
    related(CEO, CEO, 2),  # self-loop
    related(CEO, ANALYST, 3),  # repeated pair
    related(CEO, "99-9999.00", 4),  # target not in the folder
    related("99-9998.00", CEO, 1),  # source not in the folder
]


def experience(code: str, shares: dict[int, float]) -> list[tuple[object, ...]]:
    rw = ("3.A.1", "Related Work Experience", "RW", "Related Work Experience (Categories 1-11)")
    return [
        (code, TITLES[code], *rw, n, shares.get(n, 0), 28, 1, 0, 9, "N", "08/2023", "Incumbent")
        for n in range(1, 12)
    ]


def make_folder(
    directory: Path,
    *,
    skills: Sequence[Sequence[object]] = SKILL_ROWS,
    zones: dict[str, int] | None = None,
) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    write_table(
        directory / "Occupation Data.txt",
        [(code, title, f"Does {title} work.") for code, title in TITLES.items()],
    )
    zones = {CEO: 5, ANALYST: 4, CLERK: 2} if zones is None else zones
    write_table(
        directory / "Job Zones.txt",
        [(code, TITLES[code], zone, "08/2023", "Analyst") for code, zone in zones.items()],
    )
    write_table(directory / "Skills.txt", skills)
    write_table(directory / "Related Occupations.txt", RELATED_ROWS)
    # CEO: 30% 1-2 years, 40% 2-4 years, 30% 4-6 years -> median 2-4 years = 36 months.
    # Clerk: everyone "none" -> 0 months -> the 6-month floor. Analyst: no data -> 24 months.
    write_table(
        directory / "Education, Training, and Experience.txt",
        experience(CEO, {6: 30, 7: 40, 8: 30}) + experience(CLERK, {1: 100}),
    )
    return directory


def test_suppressed_and_not_relevant_rows_are_skipped(tmp_path: Path) -> None:
    data, summary = import_onet(make_folder(tmp_path / "onet"))
    ceo = roles_by_code(data)[CEO]["requirements"]
    assert "mathematics" not in ceo  # LV row suppressed
    assert "science" not in ceo  # LV row not relevant
    assert summary.skill_rows_skipped == 3  # suppressed, not relevant, unknown occupation
    assert summary.skill_rows_used == len(SKILL_ROWS) - 3
    # The competencies still exist: other occupations could need them.
    assert {"mathematics", "science"} <= {c["id"] for c in data["competencies"]}


def test_levels_are_mapped_from_0_7_to_0_5_rounding_half_up(tmp_path: Path) -> None:
    data, summary = import_onet(make_folder(tmp_path / "onet"))
    ceo = roles_by_code(data)[CEO]["requirements"]
    assert ceo["reading_comprehension"] == {"level": 5, "weight": 4.5, "critical": True}
    assert ceo["writing"] == {"level": 3, "weight": 2.0, "critical": False}
    assert "speaking" not in ceo  # LV 0.4 -> 0
    assert ceo["critical_thinking"] == {"level": 2, "weight": 1.0, "critical": False}
    analyst = roles_by_code(data)[ANALYST]["requirements"]
    assert analyst == {"reading_comprehension": {"level": 2, "weight": 4.0, "critical": False}}
    assert summary.requirements_below_scale == 1


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (7, 5),
        (3.5, 3),
        (0.4, 0),
        (0, 0),
        (0.7, 1),
        (2.1, 2),
        (4.9, 4),
        (6.3, 5),
        (4.62, 3),
        (6.29, 4),
    ],
)
def test_onet_level_rounds_half_up(value: float, level: int) -> None:
    assert onet_level(value) == level


def test_transitions_from_related_occupations(tmp_path: Path) -> None:
    data, summary = import_onet(make_folder(tmp_path / "onet"))
    found = {(t["from"], t["to"]): t for t in data["transitions"]}
    ceo, analyst, clerk = "onet_11_1111_00", "onet_13_2222_00", "onet_43_3333_00"
    assert set(found) == {(ceo, analyst), (analyst, ceo), (analyst, clerk), (clerk, analyst)}
    assert found[(analyst, ceo)]["kind"] == "promotion"
    assert found[(ceo, analyst)]["kind"] == "lateral"  # to a lower Job Zone
    assert found[(ceo, analyst)]["typical_months"] == 36
    assert found[(ceo, analyst)]["min_months"] == 18
    assert found[(ceo, analyst)]["note"] == "O*NET relatedness tier: Primary-Short, index 1"
    assert (found[(clerk, analyst)]["typical_months"], found[(clerk, analyst)]["min_months"]) == (
        6,
        3,
    )
    assert found[(analyst, ceo)]["typical_months"] == 24  # no Related Work Experience rows
    assert summary.transitions_default_months == 2
    assert summary.edges_to_missing_occupations == 2
    assert summary.edges_duplicate_or_self == 2
    assert "99-9999.00" in summary.missing_edge_sample[0]


def test_hand_made_folder_validates_and_reports_missing_optional_files(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "onet", zones={CEO: 5, ANALYST: 4})
    data, summary = import_onet(folder)
    assert summary.missing_files == [
        "Knowledge.txt",
        "Education, Training, and Experience Categories.txt",
    ]
    assert roles_by_code(data)[CLERK]["seniority"] == 3
    assert summary.occupations_without_job_zone == [f"{CLERK} Synthetic Clerk"]
    assert [entry.split()[0] for entry in summary.occupations_without_skills] == [CLERK]
    assert data["id"] == "onet_imported" and data["version"] == "imported"
    path = tmp_path / "framework.yaml"
    write_text_atomically(path, document_text(data, path))
    assert len(load_framework_file(path).roles) == 3


def test_repeated_titles_are_told_apart_by_code(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "onet")
    write_table(
        folder / "Occupation Data.txt",
        [(CEO, "Same", "a"), (ANALYST, "Same", "b"), (CLERK, "Other", "c")],
    )
    data, _ = import_onet(folder)
    assert [role["title"] for role in data["roles"]] == ["Same", f"Same ({ANALYST})", "Other"]


def test_latin_1_text_is_read(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "onet")
    text = "O*NET-SOC Code\tTitle\tDescription\n" + "".join(
        f"{c}\tCaf\xe9 {t}\td\n" for c, t in TITLES.items()
    )
    (folder / "Occupation Data.txt").write_bytes(text.encode("latin-1"))
    data, _ = import_onet(folder)
    assert data["roles"][0]["title"] == "Caf\xe9 Chief Synthetic Officer"


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["Occupation Data.txt", "Skills.txt", "Related Occupations.txt", "Job Zones.txt"]
)
def test_a_missing_required_file_is_bad_input_naming_it(tmp_path: Path, name: str) -> None:
    folder = make_folder(tmp_path / "onet")
    (folder / name).unlink()
    with pytest.raises(BadInput, match=f"not found: '{name}'"):
        import_onet(folder)


def test_a_missing_folder_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="not a folder"):
        import_onet(tmp_path / "nowhere")


def test_a_short_row_is_bad_input_with_file_and_line(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "onet")
    lines = (folder / "Skills.txt").read_text(encoding="utf-8").splitlines()
    lines[2] = "\t".join(lines[2].split("\t")[:12])
    (folder / "Skills.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(BadInput, match=r"^Skills\.txt:3: expected 15 columns, found 12$"):
        import_onet(folder)


def test_a_bad_number_is_bad_input_with_file_and_line(tmp_path: Path) -> None:
    rows = [*SKILL_ROWS[:3], rating(CEO, "2.A.1.c", "Writing", "LV", "high")]
    folder = make_folder(tmp_path / "onet", skills=rows)
    with pytest.raises(BadInput, match=r"^Skills\.txt:5: Data Value is not a number: 'high'$"):
        import_onet(folder)


def test_a_level_outside_the_scale_is_bad_input(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "onet", skills=[rating(CEO, "2.A.1.c", "Writing", "LV", 9)])
    with pytest.raises(BadInput, match=r"Skills\.txt:2: Data Value 9 is outside 0 to 7"):
        import_onet(folder)


def test_a_wrong_header_is_bad_input_naming_the_column(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "onet")
    path = folder / "Job Zones.txt"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Job Zone\t", "Zone\t", 1), encoding="utf-8"
    )
    with pytest.raises(BadInput, match=r"^Job Zones\.txt:1: missing column\(s\) 'Job Zone'"):
        import_onet(folder)


def test_a_bad_job_zone_or_code_is_bad_input(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "onet", zones={CEO: 5, ANALYST: 7})
    with pytest.raises(BadInput, match=r"^Job Zones\.txt:3: Job Zone must be 1 to 5, found '7'$"):
        import_onet(folder)
    write_table(folder / "Occupation Data.txt", [("11-1111", "Short code", "x")])
    with pytest.raises(
        BadInput, match=r"^Occupation Data\.txt:2: '11-1111' is not an O\*NET-SOC code"
    ):
        import_onet(folder)


def test_a_skills_file_without_rows_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match=r"^Skills\.txt: no skill ratings"):
        import_onet(make_folder(tmp_path / "onet", skills=[]))


def test_an_unwritable_output_is_bad_input(tmp_path: Path) -> None:
    data, _ = import_onet(make_folder(tmp_path / "onet"))
    with pytest.raises(BadInput, match="cannot write"):
        out = tmp_path / "missing-folder" / "onet.yaml"
        write_text_atomically(out, document_text(data, out))


# --- full size -------------------------------------------------------------------------------


@pytest.mark.slow
def test_full_size_synthetic_database_imports_quickly_and_validates(tmp_path: Path) -> None:
    folder = tmp_path / "db_29_3_text"
    write_synthetic_onet(folder, occupations=1000, related_per_occupation=18)
    data, summary = import_onet(folder)  # its speed is measured by benchmarks/engine.py
    assert summary.occupations == summary.roles == 1000
    assert summary.competencies == 35
    assert summary.transitions > 15_000
    assert summary.edges_to_missing_occupations > 0
    checked = check_sections(data)
    assert checked.problems == [] and checked.spec is not None
    assert check_framework(framework_from_spec(checked.spec)) == []
    path = tmp_path / "onet.json"
    write_text_atomically(path, document_text(data, path))
    loaded = load_framework(path)
    assert len(loaded.roles) == 1000
