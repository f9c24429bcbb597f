"""Read the tab-separated text files of an O*NET database release, plus O*NET reference tables.

Every file is read in one pass with the csv module (tab delimiter, no quoting: the layout O*NET
publishes), into dictionaries keyed by O*NET-SOC code. Headers are checked by column name, not
position, so a release that reorders or adds columns still reads. Any problem in a file raises
BadInput naming the file and, for a row, its line (``Skills.txt:123: expected 15 columns``).
Files are decoded as UTF-8 (a byte-order mark is ignored), falling back to latin-1. Optional
files may be absent, but one that is present is checked like a required one.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Container, Iterator, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from pmopath.adapters.onet_reference import RW_CATEGORY_MONTHS
from pmopath.domain.errors import BadInput

OCCUPATION_DATA = "Occupation Data.txt"
SKILLS = "Skills.txt"
RELATED_OCCUPATIONS = "Related Occupations.txt"
JOB_ZONES = "Job Zones.txt"
KNOWLEDGE = "Knowledge.txt"
EDUCATION = "Education, Training, and Experience.txt"
EDUCATION_CATEGORIES = "Education, Training, and Experience Categories.txt"
REQUIRED_FILES = (OCCUPATION_DATA, SKILLS, RELATED_OCCUPATIONS, JOB_ZONES)
OPTIONAL_FILES = (KNOWLEDGE, EDUCATION, EDUCATION_CATEGORIES)

CODE = "O*NET-SOC Code"
_CODE_PATTERN = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
RELATED_WORK_EXPERIENCE = ("3.A.1", "RW")
"""Element and scale of 'Related Work Experience' in Education, Training, and Experience."""

Row = tuple[int, tuple[str, ...]]


def read_rows(path: Path, wanted: Sequence[str]) -> Iterator[Row]:
    """Yield (line number, values of the ``wanted`` columns) for each data row of a table.

    Raises BadInput for an unreadable file, a missing column or a row of the wrong width.
    """
    name = path.name
    reader = csv.reader(io.StringIO(_read_text(path)), delimiter="\t", quoting=csv.QUOTE_NONE)
    try:
        header = next(reader, None)
        if header is None:
            raise BadInput(f"{name}: the file is empty (expected a header row)")
        pick = _picker(name, [column.strip() for column in header], wanted)
        width = len(header)
        for fields in reader:
            if len(fields) != width:
                if not any(fields):
                    continue  # a blank line, e.g. at the end of a hand-edited file
                raise BadInput(
                    f"{name}:{reader.line_num}: expected {width} columns, found {len(fields)}"
                )
            yield reader.line_num, pick(fields)
    except csv.Error as error:
        raise BadInput(f"{name}:{reader.line_num}: {error}") from None


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BadInput(f"{path.name}: file not found in {path.parent}") from None
    except IsADirectoryError:
        raise BadInput(f"{path.name}: is a directory, not a file") from None
    except OSError as error:
        raise BadInput(f"{path.name}: cannot read ({error.strerror or error})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _picker(
    name: str, header: list[str], wanted: Sequence[str]
) -> Callable[[list[str]], tuple[str, ...]]:
    missing = [column for column in wanted if column not in header]
    if missing:
        raise BadInput(
            f"{name}:1: missing column(s) {', '.join(repr(c) for c in missing)} "
            f"(found {', '.join(repr(c) for c in header)}); is this the O*NET file?"
        )
    if len(wanted) < 2:
        raise ValueError("read at least two columns")  # itemgetter of one is no tuple
    return itemgetter(*(header.index(column) for column in wanted))


def _number(text: str, where: str, column: str, low: float, high: float) -> float:
    try:
        value = float(text)
    except ValueError:
        raise BadInput(f"{where}: {column} is not a number: {text!r}") from None
    if not low <= value <= high:
        raise BadInput(f"{where}: {column} {text} is outside {low:g} to {high:g}")
    return value


def read_occupations(path: Path) -> dict[str, tuple[str, str]]:
    """Return O*NET-SOC code -> (title, description) from Occupation Data.txt."""
    occupations: dict[str, tuple[str, str]] = {}
    for line, (code, title, description) in read_rows(path, (CODE, "Title", "Description")):
        where = f"{path.name}:{line}"
        if not _CODE_PATTERN.match(code):
            raise BadInput(f"{where}: {code!r} is not an O*NET-SOC code (12-3456.78)")
        if code in occupations:
            raise BadInput(f"{where}: occupation {code} is listed twice")
        if not title.strip():
            raise BadInput(f"{where}: occupation {code} has no title")
        occupations[code] = (title.strip(), description.strip())
    if not occupations:
        raise BadInput(f"{path.name}: the file lists no occupations")
    return occupations


def read_job_zones(path: Path) -> dict[str, int]:
    """Return O*NET-SOC code -> Job Zone (1-5) from Job Zones.txt."""
    zones: dict[str, int] = {}
    for line, (code, zone) in read_rows(path, (CODE, "Job Zone")):
        if zone.strip() not in ("1", "2", "3", "4", "5"):
            raise BadInput(f"{path.name}:{line}: Job Zone must be 1 to 5, found {zone!r}")
        zones[code] = int(zone)
    return zones


_RATING_SCALES = {"IM": (0, 1.0, 5.0), "LV": (1, 0.0, 7.0)}
"""Scale ID -> (slot in a rating pair, lowest and highest Data Value)."""
_RATING_COLUMNS = (
    CODE,
    "Element ID",
    "Element Name",
    "Scale ID",
    "Data Value",
    "Recommend Suppress",
    "Not Relevant",
)


@dataclass
class Ratings:
    """Importance and level ratings read from Skills.txt or Knowledge.txt."""

    elements: dict[str, str] = field(default_factory=dict)
    """Element ID -> Element Name, for every element seen (even if all its rows were skipped)."""
    by_occupation: dict[str, dict[str, list[float | None]]] = field(default_factory=dict)
    """O*NET-SOC code -> Element ID -> [importance or None, level or None]."""
    used: int = 0
    skipped: int = 0
    """Rows suppressed, marked not relevant, or for an occupation not in Occupation Data."""


def read_ratings(path: Path, occupations: Container[str]) -> Ratings:
    """Return the IM and LV ratings of a Skills.txt-like file; other scales are ignored."""
    ratings = Ratings()
    for line, row in read_rows(path, _RATING_COLUMNS):
        code, element, name, scale, value, suppress, not_relevant = row
        if scale not in _RATING_SCALES:
            continue
        if not element or not name.strip():
            raise BadInput(f"{path.name}:{line}: Element ID and Element Name are needed")
        ratings.elements.setdefault(element, name.strip())
        if suppress == "Y" or not_relevant == "Y" or code not in occupations:
            ratings.skipped += 1
            continue
        slot, low, high = _RATING_SCALES[scale]
        number = _number(value, f"{path.name}:{line}", "Data Value", low, high)
        pair = ratings.by_occupation.setdefault(code, {}).setdefault(element, [None, None])
        pair[slot] = number
        ratings.used += 1
    return ratings


@dataclass(frozen=True, slots=True)
class RelatedRow:
    """One row of Related Occupations.txt."""

    line: int
    source: str
    target: str
    target_title: str
    tier: str
    index: str


def read_related(path: Path) -> Iterator[RelatedRow]:
    """Yield the rows of Related Occupations.txt in file order."""
    columns = (
        CODE,
        "Related O*NET-SOC Code",
        "Related Title",
        "Relatedness Tier",
        "Index",
    )
    for line, (source, target, title, tier, index) in read_rows(path, columns):
        yield RelatedRow(line, source, target, title, tier, index)


def read_work_experience(path: Path) -> dict[str, dict[int, float]]:
    """Return code -> Related Work Experience category -> percentage of respondents.

    Rows marked Recommend Suppress = Y are left out.
    """
    columns = (CODE, "Element ID", "Scale ID", "Category", "Data Value", "Recommend Suppress")
    shares: dict[str, dict[int, float]] = {}
    for line, row in read_rows(path, columns):
        code, element, scale, category, value, suppress = row
        if (element, scale) != RELATED_WORK_EXPERIENCE or suppress == "Y":
            continue
        where = f"{path.name}:{line}"
        number = _category(category, where)
        shares.setdefault(code, {})[number] = _number(value, where, "Data Value", 0.0, 100.0)
    return shares


def _category(text: str, where: str) -> int:
    if not text.strip().isdigit():
        raise BadInput(f"{where}: Category must be a whole number, found {text!r}")
    return int(text)


def read_work_experience_categories(path: Path) -> dict[int, str]:
    """Return Related Work Experience category -> its description from the categories file."""
    columns = ("Element ID", "Scale ID", "Category", "Category Description")
    descriptions: dict[int, str] = {}
    for line, (element, scale, category, description) in read_rows(path, columns):
        if (element, scale) == RELATED_WORK_EXPERIENCE:
            descriptions[_category(category, f"{path.name}:{line}")] = description
    return descriptions


_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(month|year)", re.IGNORECASE)


def category_months(description: str) -> float | None:
    """Return the midpoint in months of a category like 'Over 1 year, up to and including 2 years'.

    An empty description or 'None' is 0 months; an open-ended 'Over 10 years' is taken as 10%
    beyond its bound (132 months). Returns None when the text gives no duration.
    """
    text = description.strip().lower()
    if not text or text.startswith("none"):
        return 0.0
    months = [
        float(amount) * (12 if unit.lower() == "year" else 1)
        for amount, unit in _DURATION.findall(text)
    ]
    if not months:
        return None
    if text.startswith("over") and "up to" not in text:
        return round(months[0] * 1.1, 2)
    low = 0.0 if text.startswith("up to") else months[0]
    return (low + months[-1]) / 2


def median_months(shares: dict[int, float] | None, months: dict[int, float]) -> float | None:
    """Return the percentage-weighted median of the categories' midpoints in months.

    Returns None when there is no share for a category with known months.
    """
    points = sorted(
        (months[category], share)
        for category, share in (shares or {}).items()
        if category in months and share > 0
    )
    total = sum(share for _, share in points)
    running = 0.0
    for value, share in points:
        running += share
        if running >= total / 2:
            return value
    return None


@dataclass
class OnetFolder:
    """Everything read from an O*NET folder, before mapping."""

    occupations: dict[str, tuple[str, str]]
    zones: dict[str, int]
    skills: Ratings
    knowledge: Ratings
    experience: dict[str, dict[int, float]]
    """Code -> Related Work Experience category -> percentage."""
    category_months: dict[int, float]
    related: list[RelatedRow]
    missing_files: list[str]
    """Optional files that were not in the folder."""
    warnings: list[str]


def read_folder(directory: Path) -> OnetFolder:
    """Read every file the importer uses; raises BadInput for a missing or broken required file."""
    if not directory.is_dir():
        raise BadInput(f"{directory}: not a folder of O*NET text files")
    missing = [name for name in REQUIRED_FILES if not (directory / name).exists()]
    if missing:
        raise BadInput(
            f"{directory}: required O*NET file(s) not found: "
            + ", ".join(repr(name) for name in missing)
        )
    absent = [name for name in OPTIONAL_FILES if not (directory / name).exists()]
    occupations = read_occupations(directory / OCCUPATION_DATA)
    warnings: list[str] = []
    return OnetFolder(
        occupations=occupations,
        zones=read_job_zones(directory / JOB_ZONES),
        skills=read_ratings(directory / SKILLS, occupations),
        knowledge=(
            Ratings() if KNOWLEDGE in absent else read_ratings(directory / KNOWLEDGE, occupations)
        ),
        experience={} if EDUCATION in absent else read_work_experience(directory / EDUCATION),
        category_months=(
            dict(RW_CATEGORY_MONTHS)
            if EDUCATION_CATEGORIES in absent
            else _merged_months(directory / EDUCATION_CATEGORIES, warnings)
        ),
        related=list(read_related(directory / RELATED_OCCUPATIONS)),
        missing_files=absent,
        warnings=warnings,
    )


def _merged_months(path: Path, warnings: list[str]) -> dict[int, float]:
    months = dict(RW_CATEGORY_MONTHS)
    for category, text in read_work_experience_categories(path).items():
        parsed = category_months(text)
        if parsed is not None:
            months[category] = parsed
        else:
            fallback = "built-in value used" if category in months else "category ignored"
            warnings.append(
                f"{path.name}: Related Work Experience category {category} ({text!r}) gives "
                f"no duration; {fallback}"
            )
    return months
