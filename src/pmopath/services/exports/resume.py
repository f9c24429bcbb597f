"""A CV as a JSON Resume document, for reuse in other tools and CV themes.

JSON Resume's schema, version v1.0.0 (https://jsonresume.org/schema, published on npm as
``@jsonresume/schema``; checked 7 December 2026): ``basics`` (name, label, email, summary),
``work`` (position, startDate, endDate), ``skills`` (name, level, keywords), ``projects`` (name,
description, highlights, keywords, startDate, endDate), ``references`` (name, reference),
``certificates`` (name, date, issuer) and ``meta`` (version, lastModified). Dates are ISO 8601
days; empty values are left out rather than sent as "". The tests validate every document
against the schema as npm ships it.

How a PMO CV maps onto it: roles held are ``work``; competencies are ``skills`` (with the level
in words when the person shows levels); each story is a ``project`` whose description is its
situation and task and whose highlights are its action and result; chosen feedback quotes are
``references``, named by what they are about, never by who gave them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pmopath.domain.cv import Cv, CvCompetency, CvStory

SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
SCHEMA_VERSION = "v1.0.0"


def json_resume(cv: Cv, modified: datetime) -> dict[str, Any]:
    """The CV as a JSON Resume document (a dict ready for ``json.dumps``)."""
    document: dict[str, Any] = _without_empty(
        {
            "$schema": SCHEMA_URL,
            "basics": {
                "name": cv.name,
                "label": cv.current_role,
                "email": cv.email or "",
                "summary": cv.summary,
            },
            "work": [
                {
                    "position": role.title,
                    "startDate": _day(role.started_on),
                    "endDate": _day(role.last_day),
                }
                for role in cv.roles
            ],
            "skills": [_skill(c, cv.show_levels) for c in cv.competencies],
            "projects": [_project(s) for s in cv.stories],
            "references": [
                {
                    "name": f"Stakeholder feedback on {q.competency}"
                    if q.competency
                    else "Stakeholder feedback",
                    "reference": q.text,
                }
                for q in cv.quotes
            ],
            "certificates": [
                {"name": c.title, "date": _day(c.earned_on), "issuer": c.issuer}
                for c in cv.certifications
            ],
            "meta": {
                "version": SCHEMA_VERSION,
                "lastModified": modified.replace(microsecond=0, tzinfo=None).isoformat(),
            },
        }
    )
    return document


def _skill(competency: CvCompetency, show_levels: bool) -> dict[str, Any]:
    level = ""
    if show_levels and competency.level is not None:
        level = f"Level {competency.level}: {competency.level_label}"
    return {"name": competency.name, "level": level}


def _project(story: CvStory) -> dict[str, Any]:
    description = " ".join(p for p in (story.situation, story.task) if p)
    highlights = [f"Action: {story.action}", f"Result: {story.result}" if story.result else ""]
    if story.verified_by:
        highlights.append(f"Verified by {story.verified_by}")
    return {
        "name": story.title,
        "description": description,
        "highlights": highlights,
        "keywords": list(story.shows),
        "startDate": _day(story.happened_on),
        "endDate": _day(story.happened_on),
    }


def _day(day: date | None) -> str:
    return day.isoformat() if day else ""


def _without_empty(value: Any) -> Any:
    """``value`` with empty strings, lists and objects left out, at every depth."""
    if isinstance(value, dict):
        kept = {k: _without_empty(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in ("", [], {}, None)}
    if isinstance(value, list):
        kept_items = [_without_empty(v) for v in value]
        return [v for v in kept_items if v not in ("", [], {}, None)]
    return value
