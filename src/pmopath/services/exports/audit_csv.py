"""The audit log as CSV: every entry the admin's filters find, newest first.

The download is itself audited (``export.audit_log``, with the filters and the row count): who
took a copy of the log, and of what, is part of the log. Cells a spreadsheet would read as a
formula are neutralised, as in every CSV the app writes.
"""

from __future__ import annotations

import csv
import io
import json

from pmopath.domain.audit import AuditQuery, action_words
from pmopath.domain.people import AuditEntry
from pmopath.domain.permissions import Viewer
from pmopath.services.accounts.audit_trail import every_entry
from pmopath.services.accounts.checks import audit
from pmopath.services.exports.documents import neutralised
from pmopath.services.ports.store import Store

AUDIT_COLUMNS = ("at", "actor", "action", "what", "entity", "entity_id", "before", "after")


def audit_csv(store: Store, viewer: Viewer, query: AuditQuery, *, actor: str) -> str:
    """The entries ``query`` finds (its paging aside) as CSV text, with a header row; the
    download is recorded in the log. Raises PermissionDenied for anyone but an admin."""
    entries = every_entry(store, viewer, query)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(AUDIT_COLUMNS)
    writer.writerows([neutralised(v) for v in _row(e)] for e in entries)
    with store.unit_of_work() as uow:
        after = {"rows": len(entries), **_said(query)}
        audit(uow, store.clock(), actor, "export.audit_log", "", None, **after)
        uow.commit()
    return out.getvalue()


def _row(entry: AuditEntry) -> list[object]:
    return [
        entry.at.isoformat(timespec="seconds"),
        entry.actor,
        entry.action,
        action_words(entry.action),
        entry.entity,
        entry.entity_id,
        _json(entry.before),
        _json(entry.after),
    ]


def _json(value: object) -> str:
    return "" if value is None else json.dumps(value, sort_keys=True, default=str)


def _said(query: AuditQuery) -> dict[str, object]:
    """The filters used, for the log: only those given."""
    said = {
        "actions": list(query.actions),
        "actor_part": query.actor,
        "entity": query.entity,
        "entity_id": query.entity_id,
        "since": query.since.isoformat() if query.since else "",
        "until": query.until.isoformat() if query.until else "",
    }
    return {k: v for k, v in said.items() if v}
