"""The audit log as JSON, for admins: the same filters as the audit page."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Query

from pmopath.domain.audit import MAX_PAGE
from pmopath.domain.permissions import require_admin
from pmopath.services.accounts.audit_trail import audit_filters, audit_page
from pmopath.services.accounts.audit_views import AuditPagePublic, audit_page_view
from pmopath.web.api.routing import ApiRouter
from pmopath.web.deps import ApiCaller, StoreDep
from pmopath.web.errors import error_responses

router = ApiRouter(tags=["admin"], responses=error_responses(400, 403))
Text = Annotated[str, Query(max_length=200)]


@router.get("/audit")
def audit_log(
    caller: ApiCaller,
    store: StoreDep,
    kind: Text = "",
    action: Text = "",
    actor: Text = "",
    entity: Text = "",
    entity_id: Annotated[str, Query(max_length=64)] = "",
    since: date | None = None,
    until: date | None = None,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
) -> AuditPagePublic:
    """Audit entries, newest first, filtered by kind (sign_in, accounts, provisioning, exports,
    people, development, framework), action prefix, part of the actor, record and days
    (``until`` included)."""
    require_admin(caller.viewer)
    query = audit_filters(
        kind=kind,
        action=action,
        actor=actor,
        entity=entity,
        entity_id=entity_id,
        since=since,
        until=until,
        page=page,
        per_page=per_page,
    )
    return audit_page_view(audit_page(store, caller.viewer, query))
