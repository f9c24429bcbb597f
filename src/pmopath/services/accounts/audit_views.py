"""The audit log as the API answers it: entries with their action in words, and paging."""

from __future__ import annotations

from typing import Any

from pmopath.domain.audit import action_words
from pmopath.domain.people import AuditEntry
from pmopath.services.accounts.audit_trail import AuditPage
from pmopath.services.ports.schemas import Moment, Schema


class AuditEntryPublic(Schema):
    """One entry: when, who, the action (its name and in words), the record, before/after."""

    at: Moment
    actor: str
    action: str
    what: str
    entity: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class AuditPagePublic(Schema):
    """A page of entries, newest first; ``total`` match the filters in all."""

    data: list[AuditEntryPublic]
    total: int
    page: int
    pages: int


def audit_entry_view(entry: AuditEntry) -> AuditEntryPublic:
    return AuditEntryPublic(
        at=entry.at,
        actor=entry.actor,
        action=entry.action,
        what=action_words(entry.action),
        entity=entry.entity,
        entity_id=entry.entity_id,
        before=dict(entry.before) if entry.before is not None else None,
        after=dict(entry.after) if entry.after is not None else None,
    )


def audit_page_view(found: AuditPage) -> AuditPagePublic:
    return AuditPagePublic(
        data=[audit_entry_view(e) for e in found.entries],
        total=found.total,
        page=found.page,
        pages=found.pages,
    )
