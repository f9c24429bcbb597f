"""The audit log for admins: filter by kind, action, who, record and days; download as CSV."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.routing import APIRouter

from pmopath.domain.audit import KINDS, AuditQuery, action_words
from pmopath.domain.errors import InvalidRequest
from pmopath.domain.people import AuditEntry
from pmopath.services.accounts.audit_trail import audit_filters, audit_page
from pmopath.services.exports.audit_csv import audit_csv
from pmopath.services.insight.formats import day
from pmopath.web.deps import StoreDep
from pmopath.web.forms import refusal
from pmopath.web.pages.admin import AdminPage
from pmopath.web.templating import render

router = APIRouter(tags=["pages"])
Text = Annotated[str, Query(max_length=254)]


@dataclass(frozen=True, slots=True)
class AuditForm:
    """The filters as typed (kept when refused), and the query they make."""

    kind: Text = ""
    action: Text = ""
    actor: Text = ""
    entity: Text = ""
    entity_id: Text = ""
    since: Annotated[str, Query(max_length=10)] = ""
    until: Annotated[str, Query(max_length=10)] = ""
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1

    def query(self) -> AuditQuery:
        return audit_filters(
            kind=self.kind,
            action=self.action,
            actor=self.actor,
            entity=self.entity,
            entity_id=self.entity_id,
            since=_day("since", self.since),
            until=_day("until", self.until),
            page=self.page,
            per_page=PER_PAGE,
        )

    def typed(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "action": self.action,
            "actor": self.actor,
            "entity": self.entity,
            "entity_id": self.entity_id,
            "since": self.since,
            "until": self.until,
        }


Filters = Annotated[AuditForm, Depends()]


def _day(field: str, text: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidRequest(f"{field}: {text!r} is not a date (year-month-day)") from None


ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ][0-9:.+Z-]*)?$")
SHOWN_DETAILS = 6
PER_PAGE = 50


def _details(entry: AuditEntry) -> list[str]:
    """What changed, in words: ``role: member → manager``, ``client address: 10.0.0.1``;
    what stayed the same and what is empty is left out."""
    before, after = dict(entry.before or {}), dict(entry.after or {})
    lines = []
    for key in [*before, *(k for k in after if k not in before)]:
        name = key.replace("_", " ")
        if key in before and key in after:
            if before[key] != after[key]:
                lines.append(f"{name}: {_value(before[key])} → {_value(after[key])}")
        elif key in after and after[key] not in (None, "", [], {}):
            lines.append(f"{name}: {_value(after[key])}")
        elif key in before and before[key] not in (None, "", [], {}):
            lines.append(f"{name} was {_value(before[key])}")
    return lines[:SHOWN_DETAILS]


def _value(value: object) -> str:
    if isinstance(value, dict):
        shown = [f"{_value(k)} {_value(v)}" for k, v in list(value.items())[:4]]
        more = len(value) - len(shown)
        return ", ".join(shown) + (f" and {more} more" if more > 0 else "") or "none"
    if isinstance(value, list | tuple):
        return ", ".join(_value(v) for v in value) or "none"
    text = "none" if value is None else str(value)
    text = day(text) if ISO_DAY.match(text) else text
    return text.replace("_", " ") if re.fullmatch(r"[a-z0-9_.]+", text) else text[:120]


def _shown(entry: AuditEntry) -> dict[str, Any]:
    return {
        "at": entry.at,
        "actor": entry.actor.removeprefix("web:").removeprefix("api:"),
        "what": action_words(entry.action),
        "record": f"{entry.entity.replace('_', ' ')} {entry.entity_id}".strip(),
        "details": _details(entry),
    }


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_log(request: Request, signed: AdminPage, store: StoreDep, form: Filters) -> HTMLResponse:
    """The audit log, newest first, fifty entries a page."""
    try:
        found = audit_page(store, signed.viewer, form.query())
    except InvalidRequest as problem:
        return _refused(request, form, problem)
    context: dict[str, Any] = {"kinds": KINDS, "form": form.typed(), "problem": None}
    context |= {"found": found, "rows": [_shown(e) for e in found.entries]}
    return render(request, "admin_audit.html", context)


def _refused(request: Request, form: AuditForm, problem: InvalidRequest) -> HTMLResponse:
    """The page again with what was typed and the problem at its field (400)."""
    context = {"kinds": KINDS, "form": form.typed(), "found": None, "problem": refusal(problem)}
    return render(request, "admin_audit.html", context, status_code=400)


@router.get("/admin/audit.csv", response_class=Response)
def audit_log_csv(request: Request, signed: AdminPage, store: StoreDep, form: Filters) -> Response:
    """Every entry the filters find as CSV (the download is itself recorded)."""
    try:
        query = form.query()
    except InvalidRequest as problem:
        return _refused(request, form, problem)
    content = audit_csv(store, signed.viewer, query, actor=signed.actor)
    return Response(
        content.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="audit-log.csv"'},
    )
