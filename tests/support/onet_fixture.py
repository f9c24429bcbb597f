"""Write O*NET text files in the real 29.3 layout (same names and headers) for tests and benchmarks."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from pathlib import Path

HEADERS: dict[str, tuple[str, ...]] = {
    "Occupation Data.txt": ("O*NET-SOC Code", "Title", "Description"),
    "Job Zones.txt": ("O*NET-SOC Code", "Title", "Job Zone", "Date", "Domain Source"),
    "Related Occupations.txt": (
        "O*NET-SOC Code",
        "Title",
        "Related O*NET-SOC Code",
        "Related Title",
        "Relatedness Tier",
        "Index",
    ),
    "Skills.txt": (
        "O*NET-SOC Code",
        "Title",
        "Element ID",
        "Element Name",
        "Scale ID",
        "Scale Name",
        "Data Value",
        "N",
        "Standard Error",
        "Lower CI Bound",
        "Upper CI Bound",
        "Recommend Suppress",
        "Not Relevant",
        "Date",
        "Domain Source",
    ),
    "Education, Training, and Experience.txt": (
        "O*NET-SOC Code",
        "Title",
        "Element ID",
        "Element Name",
        "Scale ID",
        "Scale Name",
        "Category",
        "Data Value",
        "N",
        "Standard Error",
        "Lower CI Bound",
        "Upper CI Bound",
        "Recommend Suppress",
        "Date",
        "Domain Source",
    ),
    "Education, Training, and Experience Categories.txt": (
        "Element ID",
        "Element Name",
        "Scale ID",
        "Scale Name",
        "Category",
        "Category Description",
    ),
}
HEADERS["Knowledge.txt"] = HEADERS["Skills.txt"]

SKILLS = (
    ("2.A.1.a", "Reading Comprehension"),
    ("2.A.1.b", "Active Listening"),
    ("2.A.1.c", "Writing"),
    ("2.A.1.d", "Speaking"),
    ("2.A.1.e", "Mathematics"),
    ("2.A.1.f", "Science"),
    ("2.A.2.a", "Critical Thinking"),
    ("2.A.2.b", "Active Learning"),
    ("2.A.2.c", "Learning Strategies"),
    ("2.A.2.d", "Monitoring"),
    ("2.B.1.a", "Social Perceptiveness"),
    ("2.B.1.b", "Coordination"),
    ("2.B.1.c", "Persuasion"),
    ("2.B.1.d", "Negotiation"),
    ("2.B.1.e", "Instructing"),
    ("2.B.1.f", "Service Orientation"),
    ("2.B.2.i", "Complex Problem Solving"),
    ("2.B.3.a", "Operations Analysis"),
    ("2.B.3.b", "Technology Design"),
    ("2.B.3.c", "Equipment Selection"),
    ("2.B.3.d", "Installation"),
    ("2.B.3.e", "Programming"),
    ("2.B.3.g", "Operations Monitoring"),
    ("2.B.3.h", "Operation and Control"),
    ("2.B.3.j", "Equipment Maintenance"),
    ("2.B.3.k", "Troubleshooting"),
    ("2.B.3.l", "Repairing"),
    ("2.B.3.m", "Quality Control Analysis"),
    ("2.B.4.e", "Judgment and Decision Making"),
    ("2.B.4.g", "Systems Analysis"),
    ("2.B.4.h", "Systems Evaluation"),
    ("2.B.5.a", "Time Management"),
    ("2.B.5.b", "Management of Financial Resources"),
    ("2.B.5.c", "Management of Material Resources"),
    ("2.B.5.d", "Management of Personnel Resources"),
)
"""The 35 skill elements of O*NET 29.3."""

KNOWLEDGE = (
    ("2.C.1.a", "Administration and Management"),
    ("2.C.1.b", "Administrative"),
    ("2.C.1.c", "Economics and Accounting"),
    ("2.C.1.d", "Sales and Marketing"),
    ("2.C.1.e", "Customer and Personal Service"),
    ("2.C.1.f", "Personnel and Human Resources"),
    ("2.C.2.a", "Production and Processing"),
    ("2.C.2.b", "Food Production"),
    ("2.C.3.a", "Computers and Electronics"),
    ("2.C.3.b", "Engineering and Technology"),
    ("2.C.3.c", "Design"),
    ("2.C.3.d", "Building and Construction"),
    ("2.C.3.e", "Mechanical"),
    ("2.C.4.a", "Mathematics"),
    ("2.C.4.b", "Physics"),
    ("2.C.4.c", "Chemistry"),
    ("2.C.4.d", "Biology"),
    ("2.C.4.e", "Psychology"),
    ("2.C.4.f", "Sociology and Anthropology"),
    ("2.C.4.g", "Geography"),
    ("2.C.5.a", "Medicine and Dentistry"),
    ("2.C.5.b", "Therapy and Counseling"),
    ("2.C.6", "Education and Training"),
    ("2.C.7.a", "English Language"),
    ("2.C.7.b", "Foreign Language"),
    ("2.C.7.c", "Fine Arts"),
    ("2.C.7.d", "History and Archeology"),
    ("2.C.7.e", "Philosophy and Theology"),
    ("2.C.8.a", "Public Safety and Security"),
    ("2.C.8.b", "Law and Government"),
    ("2.C.9.a", "Telecommunications"),
    ("2.C.9.b", "Communications and Media"),
    ("2.C.10", "Transportation"),
)
"""The 33 knowledge elements of O*NET 29.3 (written only when asked for)."""

RW_CATEGORIES = (
    "",  # category 1 (none) has an empty description in the 29.3 release
    "Up to and including 1 month",
    "Over 1 month, up to and including 3 months",
    "Over 3 months, up to and including 6 months",
    "Over 6 months, up to and including 1 year",
    "Over 1 year, up to and including 2 years",
    "Over 2 years, up to and including 4 years",
    "Over 4 years, up to and including 6 years",
    "Over 6 years, up to and including 8 years",
    "Over 8 years, up to and including 10 years",
    "Over 10 years",
)
_RW = ("3.A.1", "Related Work Experience", "RW", "Related Work Experience (Categories 1-11)")
_MAJOR_GROUPS = [str(group) for group in range(11, 56, 2)]
"""SOC 2018 major groups 11, 13, ..., 55."""


def write_table(path: Path, rows: Iterable[Sequence[object]]) -> None:
    """Write ``rows`` under the real O*NET header of the file named like ``path``."""
    lines = ["\t".join(HEADERS[path.name])]
    lines.extend("\t".join(str(value) for value in row) for row in rows)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def synthetic_code(number: int) -> str:
    """Return a unique, well-formed O*NET-SOC code for the ``number``-th occupation."""
    group = _MAJOR_GROUPS[number % len(_MAJOR_GROUPS)]
    return f"{group}-{number % 10000:04d}.{number // 10000 % 100:02d}"


def write_synthetic_onet(
    directory: Path,
    occupations: int = 1000,
    related_per_occupation: int = 18,
    seed: int = 7,
    *,
    knowledge: bool = False,
) -> None:
    """Write a complete O*NET folder of random but valid data (Knowledge.txt only if asked).

    About 5% of related-occupation rows point at codes that are not in the folder, 1% of
    occupations have no Job Zone, and a few skill rows are suppressed or not relevant, as in
    the real database.
    """
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    codes = [synthetic_code(number) for number in range(occupations)]
    titles = {code: f"Synthetic Occupation {n}" for n, code in enumerate(codes)}
    write_table(
        directory / "Occupation Data.txt",
        ((code, titles[code], f"Does the work of {titles[code]}.") for code in codes),
    )
    write_table(
        directory / "Job Zones.txt",
        (
            (code, titles[code], rng.randint(1, 5), "08/2023", "Analyst")
            for code in codes
            if rng.random() >= 0.01
        ),
    )
    write_table(directory / "Skills.txt", _rating_rows(rng, codes, titles, SKILLS))
    if knowledge:
        write_table(directory / "Knowledge.txt", _rating_rows(rng, codes, titles, KNOWLEDGE))
    write_table(
        directory / "Related Occupations.txt",
        _related_rows(rng, codes, titles, related_per_occupation),
    )
    write_table(
        directory / "Education, Training, and Experience.txt",
        _experience_rows(rng, codes, titles),
    )
    write_table(
        directory / "Education, Training, and Experience Categories.txt",
        ((*_RW, n, text) for n, text in enumerate(RW_CATEGORIES, start=1)),
    )


def _rating_rows(
    rng: random.Random,
    codes: list[str],
    titles: dict[str, str],
    elements: Sequence[tuple[str, str]],
) -> Iterable[tuple[object, ...]]:
    tail = ("08/2023", "Analyst")
    for code in codes:
        for element, name in elements:
            base = (code, titles[code], element, name)
            stats = (8, 0.2, 1.0, 5.0)  # N, Standard Error, Lower and Upper CI Bound
            suppress = "Y" if rng.random() < 0.01 else "N"
            not_relevant = "Y" if rng.random() < 0.03 else "N"
            importance = round(rng.uniform(1, 5), 2)
            level = round(rng.uniform(0, 7), 2)
            yield (*base, "IM", "Importance", importance, *stats, "N", "", *tail)
            yield (*base, "LV", "Level", level, *stats, suppress, not_relevant, *tail)


def _tier(index: int) -> str:
    return "Primary-Short" if index <= 5 else "Primary-Long" if index <= 10 else "Supplemental"


def _related_rows(
    rng: random.Random, codes: list[str], titles: dict[str, str], per_occupation: int
) -> Iterable[tuple[object, ...]]:
    for code in codes:
        others = rng.sample(codes, min(len(codes), per_occupation + 1))
        targets = [other for other in others if other != code][:per_occupation]
        for index, target in enumerate(targets, start=1):
            if rng.random() < 0.05:
                target = f"99-{rng.randint(0, 9999):04d}.00"  # not in the folder
            title = titles.get(target, "Occupation Not Imported")
            yield (code, titles[code], target, title, _tier(index), index)


_RL = (
    "2.D.1",
    "Required Level of Education",
    "RL",
    "Required Level Of Education (Categories 1-12)",
)


def _experience_rows(
    rng: random.Random, codes: list[str], titles: dict[str, str]
) -> Iterable[tuple[object, ...]]:
    stats = (28, 3.1, 0.5, 20.0, "N", "08/2023", "Incumbent")
    for code in codes:
        weights = [rng.random() for _ in RW_CATEGORIES]
        total = sum(weights)
        for category, weight in enumerate(weights, start=1):
            yield (code, titles[code], *_RW, category, round(weight / total * 100, 2), *stats)
        for category in range(1, 13):  # Required Level of Education: the importer skips these
            yield (code, titles[code], *_RL, category, 8.33, *stats)
