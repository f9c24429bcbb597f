"""Data-subject requests: export everything about a person, or erase their personal data."""

from __future__ import annotations

from typing import Any

from pmopath.domain.people import AuditEntry
from pmopath.services.people.records import find_person
from pmopath.services.ports.store import Store


def export_person(store: Store, reference: str, *, actor: str) -> dict[str, Any]:
    """Return everything stored about one person (the export is itself audited)."""
    now = store.clock()
    with store.unit_of_work() as uow:
        person = find_person(uow, reference)
        assert person.id is not None
        data = uow.person_data.export(person.id)
        uow.audit.record(AuditEntry(now, actor, "person.export", "person", str(person.id)))
        uow.commit()
    return {"format": "pmopath-person-export", "version": 1, "exported_at": now.isoformat(), **data}


def erase_person(store: Store, reference: str, *, actor: str) -> int:
    """Remove a person's personal data, keeping anonymous figures and the audit trail."""
    now = store.clock()
    with store.unit_of_work() as uow:
        person = find_person(uow, reference)
        assert person.id is not None
        uow.person_data.erase(person.id, now)
        uow.audit.record(AuditEntry(now, actor, "person.erase", "person", str(person.id)))
        uow.readiness.refresh()
        uow.commit()
        return person.id
