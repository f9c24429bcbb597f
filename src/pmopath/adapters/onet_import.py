"""Import the O*NET database's text files as a PMO Pathways framework, with a summary.

Proves the career engine is not tied to our own framework: any O*NET text release (the full
database or a subset in the same layout) becomes an ordinary framework. ``onet_tables`` reads
the files; this module maps them, by these rules:

Roles: one per Occupation Data.txt row. id = "onet_" + the O*NET-SOC code with '-' and '.' as
    '_' (13-1082.00 -> onet_13_1082_00); title = the O*NET title (" (<code>)" is added to a
    title another occupation already has: role names must be unique); aliases = [the code], so
    users can type it; summary = the description, cut to 4,000 characters; track = the SOC 2018
    major group ("soc_13"; only groups in use are listed); seniority = the Job Zone (1-5), or 3
    (the middle) for an occupation without one, which the summary lists.
Competencies: one per Skills.txt element, and per Knowledge.txt element when that optional file
    is there. id = snake_case of the element name, "_knowledge" added on a clash (skill and
    knowledge "Mathematics"); description = "O*NET skill <Element ID>"; area = the content-model
    group (first three parts of the Element ID: 2.A.1 Content skills, ...; else Other skills).
    O*NET has no behavioural anchors, so each level gets a generic sentence, marked "Generic".
Requirements: level = the LV (Level, 0-7) Data Value as value / 7 * 5 rounded half up (a tie
    never understates the need: LV 3.5 -> 2.5 -> 3), clamped to 0..5; level 0 is no requirement
    (counted). weight = the IM (Importance, 1-5) Data Value, or 1.0 without one. critical =
    importance >= 4.0 and level >= 3 (matters a lot and is needed beyond "supported"). Rows with
    Recommend Suppress = Y or Not Relevant = Y are skipped; no usable LV row, no requirement.
    An occupation without skill rows keeps its role, without those requirements, and is listed.
Scale: 0-5, Not yet, Aware, Supported, Independent, Advanced, Expert (generic descriptions).
Transitions: one per Related Occupations.txt row whose two codes are both occupations here, less
    self-loops and repeated pairs; the other rows are counted and sampled, never fatal. kind =
    promotion when the target's Job Zone is higher, else lateral (also when lower: relatedness
    says the work is similar, not that the move is a step down worth its own kind).
    typical_months = the median of the source occupation's Related Work Experience (3.A.1 / RW in
    Education, Training, and Experience.txt): category midpoints in months weighted by their
    percentages (midpoints parsed from the categories file, else built in), rounded, at least 6;
    24 months (a common two-year tenure) without RW data. min_months = max(3, typical / 2).
    note = "O*NET relatedness tier: <Relatedness Tier>, index <Index>".
Actions: none; O*NET has no development actions.
"""

from __future__ import annotations

import math
import re
import time
import unicodedata
from pathlib import Path
from typing import Any

from pmopath.adapters import onet_tables as tables
from pmopath.adapters.onet_reference import (
    ATTRIBUTION,
    CONTENT_MODEL_GROUPS,
    DEFAULT_SENIORITY,
    DEFAULT_TYPICAL_MONTHS,
    SOC_MAJOR_GROUPS,
)
from pmopath.adapters.onet_summary import OnetImportSummary
from pmopath.adapters.onet_tables import OnetFolder, RelatedRow
from pmopath.domain.errors import BadInput
from pmopath.domain.framework import normalise_name

MIN_TYPICAL_MONTHS = 6
MIN_MONTHS_FLOOR = 3
CRITICAL_IMPORTANCE = 4.0
CRITICAL_LEVEL = 3
MAX_TEXT = 4000
SAMPLE_SIZE = 5

SCALE = (
    (0, "Not yet", "No evidence of this yet."),
    (1, "Aware", "Knows what it involves; applies it only with close guidance."),
    (2, "Supported", "Applies it to routine work with some support."),
    (3, "Independent", "Applies it unaided to the usual demands of the work."),
    (4, "Advanced", "Handles complex or unusual cases and helps others improve."),
    (5, "Expert", "An authority: handles the hardest cases and sets practice."),
)
_ANCHORS = {
    "skill": (
        "can apply {name} to simple tasks with close guidance",
        "applies {name} to routine tasks with some support",
        "applies {name} on their own to the usual demands of the work",
        "applies {name} to complex or unusual situations and helps others improve",
        "is an authority on {name}, handling the hardest cases and setting practice",
    ),
    "knowledge": (
        "knows the basic terms and ideas of {name}",
        "uses working knowledge of {name} on routine matters with some support",
        "uses knowledge of {name} on their own in everyday work",
        "uses deep knowledge of {name} in complex situations and explains it to others",
        "is an authority on {name}, consulted on the hardest questions",
    ),
}


def import_onet(directory: Path) -> tuple[dict[str, Any], OnetImportSummary]:
    """Return the framework built from the O*NET text files in ``directory``, and a summary.

    The framework is plain data in the framework file format (dump it with
    ``pmopath.adapters.file_writing``). Raises BadInput when the folder or a required file
    is missing, unreadable, has a wrong header or a malformed row (naming the file and line).
    """
    started = time.perf_counter()
    source = tables.read_folder(directory)
    summary = OnetImportSummary(
        occupations=len(source.occupations),
        skill_rows_used=source.skills.used,
        skill_rows_skipped=source.skills.skipped,
        knowledge_rows_used=source.knowledge.used,
        knowledge_rows_skipped=source.knowledge.skipped,
        missing_files=source.missing_files,
        warnings=source.warnings,
    )
    competencies, areas, skill_ids, knowledge_ids = _competencies(source)
    if not skill_ids:
        raise BadInput(f"{tables.SKILLS}: no skill ratings; a framework needs competencies")
    roles = _roles(source, skill_ids, knowledge_ids, summary)
    transitions = _transitions(source, summary)
    tracks = sorted({role["track"] for role in roles})
    data: dict[str, Any] = {
        **_header(directory),
        "scale": [{"level": n, "label": lab, "description": d} for n, lab, d in SCALE],
        "areas": areas,
        "tracks": [_track(track) for track in tracks],
        "competencies": competencies,
        "roles": roles,
        "transitions": transitions,
        "actions": [],
    }
    summary.roles, summary.transitions = len(roles), len(transitions)
    summary.competencies = len(competencies)
    summary.seconds = time.perf_counter() - started
    return data, summary


def _header(directory: Path) -> dict[str, Any]:
    match = re.search(r"(?<!\d)(\d{2})[._](\d{1,2})(?!\d)", directory.resolve().name)
    version = f"{match[1]}.{match[2]}" if match else None
    database = f"O*NET {version} Database" if version else "O*NET Database"
    return {
        "format": 1,
        "id": "onet_" + (version.replace(".", "_") if version else "imported"),
        "name": "O*NET occupations (imported)",
        "version": version or "imported",
        "description": (
            f"Occupations from the {database}, imported by PMO Pathways: each occupation "
            "is a role, each O*NET skill (and knowledge) element a competency, and related "
            "occupations are transitions. Levels are O*NET Level ratings mapped from 0-7 to "
            "0-5; anchors are generic."
        ),
        "attribution": ATTRIBUTION.format(database=database),
        "currency": "USD",
    }


def _track(track_id: str) -> dict[str, str]:
    group = track_id.removeprefix("soc_")
    return {
        "id": track_id,
        "name": SOC_MAJOR_GROUPS.get(group, f"SOC major group {group}"),
        "description": f"SOC 2018 major group {group}-0000.",
    }


def role_id(code: str) -> str:
    """Return the role id of an O*NET-SOC code: 13-1082.00 -> onet_13_1082_00."""
    return "onet_" + code.replace("-", "_").replace(".", "_")


def snake_case(name: str) -> str:
    """Return ``name`` as a framework id: 'Reading Comprehension' -> 'reading_comprehension'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")[:60].rstrip("_")
    if not text or not text[0].isalpha():
        text = f"element_{text}".rstrip("_")
    return text


def onet_level(value: float) -> int:
    """Return an O*NET Level rating (0-7) on the 0-5 scale, rounding half up, clamped."""
    return min(5, max(0, _round_half_up(value / 7 * 5)))


def _round_half_up(value: float) -> int:
    # The tiny epsilon keeps exact ties (6.3 / 7 * 5 = 4.5) from falling below by float error.
    return math.floor(value + 0.5 + 1e-9)


def _competencies(
    source: OnetFolder,
) -> tuple[
    list[dict[str, Any]], list[dict[str, str]], list[tuple[str, str]], list[tuple[str, str]]
]:
    used: set[str] = set()
    areas: dict[str, dict[str, str]] = {}
    competencies: list[dict[str, Any]] = []
    pairs: dict[str, list[tuple[str, str]]] = {}
    for kind, ratings in (("skill", source.skills), ("knowledge", source.knowledge)):
        pairs[kind] = []
        for element in sorted(ratings.elements, key=_element_order):
            name = ratings.elements[element]
            competency_id = _unique_id(snake_case(name), kind, element, used)
            area = _area(element, kind)
            areas.setdefault(area["id"], area)
            competencies.append(_competency(competency_id, name, area["id"], kind, element))
            pairs[kind].append((element, competency_id))
    return competencies, list(areas.values()), pairs["skill"], pairs["knowledge"]


def _element_order(element: str) -> list[tuple[int, str]]:
    return [(int(part), "") if part.isdigit() else (-1, part) for part in element.split(".")]


def _unique_id(base: str, kind: str, element: str, used: set[str]) -> str:
    for text in (base, f"{base}_{kind}", f"{base}_{kind}_{snake_case(element)}"):
        candidate = text[:80].rstrip("_")  # the longest id the format allows
        if candidate not in used:
            used.add(candidate)
            return candidate
    raise BadInput(f"O*NET {kind} element {element} repeats an earlier element's name")


def _area(element: str, kind: str) -> dict[str, str]:
    group = ".".join(element.split(".")[:3])
    name = CONTENT_MODEL_GROUPS.get(group, "Other skills" if kind == "skill" else "Other knowledge")
    return {"id": snake_case(name), "name": name, "description": f"O*NET content model {group}."}


def _competency(
    competency_id: str, name: str, area: str, kind: str, element: str
) -> dict[str, Any]:
    return {
        "id": competency_id,
        "name": name[:200],
        "area": area,
        "description": f"O*NET {kind} {element}",
        "anchors": {
            level: f"Generic level {level} ({SCALE[level][1]}): " + text.format(name=name) + "."
            for level, text in enumerate(_ANCHORS[kind], start=1)
        },
    }


def _roles(
    source: OnetFolder,
    skill_ids: list[tuple[str, str]],
    knowledge_ids: list[tuple[str, str]],
    summary: OnetImportSummary,
) -> list[dict[str, Any]]:
    roles: list[dict[str, Any]] = []
    titles: set[str] = set()
    for code in sorted(source.occupations):
        title, description = source.occupations[code]
        if normalise_name(title) in titles:
            title = f"{title[:185]} ({code})"
        titles.add(normalise_name(title))
        skills = _requirements(source.skills.by_occupation.get(code), skill_ids, summary)
        if code not in source.skills.by_occupation:
            summary.occupations_without_skills.append(f"{code} {title}")
        if code not in source.zones:
            summary.occupations_without_job_zone.append(f"{code} {title}")
        knowledge = source.knowledge.by_occupation.get(code)
        roles.append(
            {
                "id": role_id(code),
                "title": title[:200],
                "track": f"soc_{code[:2]}",
                "seniority": source.zones.get(code, DEFAULT_SENIORITY),
                "aliases": [code],
                "summary": _cut(description),
                "requirements": skills | _requirements(knowledge, knowledge_ids, summary),
            }
        )
    return roles


def _cut(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "\u2026"


def _requirements(
    ratings: dict[str, list[float | None]] | None,
    elements: list[tuple[str, str]],
    summary: OnetImportSummary,
) -> dict[str, dict[str, Any]]:
    requirements: dict[str, dict[str, Any]] = {}
    if not ratings:
        return requirements
    for element, competency_id in elements:
        importance, value = ratings.get(element, (None, None))
        if value is None:
            continue
        level = onet_level(value)
        if level == 0:
            summary.requirements_below_scale += 1
            continue
        requirements[competency_id] = {
            "level": level,
            "weight": 1.0 if importance is None else importance,
            "critical": importance is not None
            and importance >= CRITICAL_IMPORTANCE
            and level >= CRITICAL_LEVEL,
        }
    return requirements


def _transitions(source: OnetFolder, summary: OnetImportSummary) -> list[dict[str, Any]]:
    occupations = source.occupations
    months = {code: _typical_months(source, code) for code in occupations}
    transitions: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for row in source.related:
        pair = (row.source, row.target)
        if row.source not in occupations or row.target not in occupations:
            summary.edges_to_missing_occupations += 1
            if len(summary.missing_edge_sample) < SAMPLE_SIZE:
                summary.missing_edge_sample.append(
                    f"{row.source} -> {row.target} {row.target_title}".rstrip()
                )
        elif row.source == row.target or pair in seen:
            summary.edges_duplicate_or_self += 1
        else:
            seen.add(pair)
            typical = months[row.source]
            if typical is None:
                summary.transitions_default_months += 1
            transitions.append(_transition(row, source.zones, typical))
    return transitions


def _typical_months(source: OnetFolder, code: str) -> int | None:
    median = tables.median_months(source.experience.get(code), source.category_months)
    return None if median is None else max(MIN_TYPICAL_MONTHS, _round_half_up(median))


def _transition(row: RelatedRow, zones: dict[str, int], typical: int | None) -> dict[str, Any]:
    months = DEFAULT_TYPICAL_MONTHS if typical is None else typical
    higher = zones.get(row.target, DEFAULT_SENIORITY) > zones.get(row.source, DEFAULT_SENIORITY)
    return {
        "from": role_id(row.source),
        "to": role_id(row.target),
        "kind": "promotion" if higher else "lateral",
        "typical_months": months,
        "min_months": max(MIN_MONTHS_FLOOR, _round_half_up(months * 0.5)),
        "note": f"O*NET relatedness tier: {row.tier}, index {row.index}",
    }
