"""Plain-data views of stored people and imports, for --json and the API."""

from __future__ import annotations

from typing import Any

from pmopath.domain.people import Person, PersonRecord
from pmopath.services.people.imports import ImportReport


def person_view(person: Person) -> dict[str, Any]:
    return {
        "id": person.id,
        "email": person.email,
        "name": person.name,
        "role": person.role,
        "role_since": person.role_since.isoformat() if person.role_since else None,
        "manager_id": person.manager_id,
        "team": person.team,
    }


def people_view(people: list[Person]) -> dict[str, Any]:
    return {"data": [person_view(p) for p in people], "count": len(people)}


def record_view(record: PersonRecord) -> dict[str, Any]:
    return {
        **person_view(record.person),
        "manager": person_view(record.manager) if record.manager else None,
        "history": [
            {
                "role": spell.role,
                "started_on": spell.started_on.isoformat() if spell.started_on else None,
                "ended_on": spell.ended_on.isoformat() if spell.ended_on else None,
            }
            for spell in record.history
        ],
        "levels": dict(record.levels),
        "targets": [{"role": t.role, "primary": t.is_primary} for t in record.targets],
        "assessments": record.assessments,
    }


def import_view(report: ImportReport) -> dict[str, Any]:
    return {
        "dry_run": report.dry_run,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "ignored_columns": report.ignored_columns,
    }
