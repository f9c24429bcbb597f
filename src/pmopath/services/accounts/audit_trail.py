"""The audit log as an admin reads it: filtered, newest first, a page at a time.

Every surface (the admin's audit page, ``GET /api/v1/audit``, ``pmopath audit list``) asks
through ``audit_filters`` (which checks what was typed and names the field at fault) and
``audit_page``. The CSV of the same filters is services/exports/audit_csv.py.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from pmopath.domain.audit import KINDS, KINDS_BY_ID, MAX_PAGE, AuditQuery
from pmopath.domain.errors import InvalidRequest
from pmopath.domain.people import AuditEntry
from pmopath.domain.permissions import Viewer, require_admin
from pmopath.services.ports.store import Store

TEXT_LIMIT = 200
"""The longest actor or record id a filter takes (an e-mail is at most 254; part of one)."""


@dataclass(frozen=True, slots=True)
class AuditPage:
    """One page of entries, how many match in all, and the query that found them."""

    entries: list[AuditEntry]
    total: int
    query: AuditQuery

    @property
    def page(self) -> int:
        return self.query.offset // max(self.query.limit, 1) + 1

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // max(self.query.limit, 1)))


def audit_filters(
    *,
    kind: str = "",
    action: str = "",
    actor: str = "",
    entity: str = "",
    entity_id: str = "",
    since: date | None = None,
    until: date | None = None,
    page: int = 1,
    per_page: int = 100,
) -> AuditQuery:
    """The query for these filters; days are whole UTC days, ``until`` included.

    Raises InvalidRequest naming the field: an unknown kind, ``until`` before ``since``, a
    page below 1, more than MAX_PAGE per page, text over TEXT_LIMIT characters.
    """
    if kind and kind not in KINDS_BY_ID:
        known = ", ".join(k.id for k in KINDS)
        raise InvalidRequest(f"kind: no kind of entry is called {kind!r}; choose one of {known}")
    if since is not None and until is not None and until < since:
        raise InvalidRequest(f"until: {until.isoformat()} is before since, {since.isoformat()}")
    if page < 1:
        raise InvalidRequest("page: pages are numbered from 1")
    if not 1 <= per_page <= MAX_PAGE:
        raise InvalidRequest(f"per_page: between 1 and {MAX_PAGE}")
    for field, value in (("action", action), ("actor", actor), ("entity", entity)):
        if len(value) > TEXT_LIMIT:
            raise InvalidRequest(f"{field}: at most {TEXT_LIMIT} characters")
    if len(entity_id) > 64:
        raise InvalidRequest("entity_id: at most 64 characters")
    prefixes = KINDS_BY_ID[kind].prefixes if kind else ()
    if action:
        prefixes = (action.strip(),)
    return AuditQuery(
        actions=prefixes,
        actor=actor.strip(),
        entity=entity.strip(),
        entity_id=entity_id.strip(),
        since=_start_of(since),
        until=_start_of(until + timedelta(days=1)) if until is not None else None,
        limit=per_page,
        offset=(page - 1) * per_page,
    )


def audit_page(store: Store, viewer: Viewer, query: AuditQuery) -> AuditPage:
    """The entries ``query`` finds, newest first, and how many match (admins only)."""
    require_admin(viewer)
    with store.unit_of_work() as uow:
        entries = list(uow.audit.search(query))
        total = uow.audit.count(query)
    return AuditPage(entries, total, query)


def every_entry(store: Store, viewer: Viewer, query: AuditQuery) -> list[AuditEntry]:
    """Every entry ``query`` finds, its paging aside, newest first (admins only)."""
    require_admin(viewer)
    with store.unit_of_work() as uow:
        return list(uow.audit.search(replace(query, limit=0, offset=0)))


def _start_of(day: date | None) -> datetime | None:
    return datetime.combine(day, time(), tzinfo=UTC) if day is not None else None
