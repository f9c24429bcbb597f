"""The PMO CV in the browser: choose what goes in, preview it, download it as PDF or JSON Resume.

The person (or an admin) chooses; a manager above them sees the CV as saved and downloads it.
A preview shows unsaved choices without keeping them; a refused choice shows the page again
(400) with what was typed and the message at its field.
"""

from __future__ import annotations

import json
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field, StringConstraints

from pmopath.domain.cv import COMPETENCIES_MAX, EVIDENCE_MAX, QUOTES_MAX, SUMMARY_MAX, CvChoices
from pmopath.domain.errors import InvalidRequest, NotFound
from pmopath.services.exports import cv as cv_export
from pmopath.web.deps import SignedPage, StoreDep
from pmopath.web.flash import redirect_with
from pmopath.web.forms import refusal
from pmopath.web.pages.exports import download
from pmopath.web.templating import render

router = APIRouter(tags=["pages"])

Ref = Annotated[str, StringConstraints(max_length=100)]
SLACK = 4
"""Lists may come a little longer than allowed, so the service names what is too many."""


class CvFields(BaseModel):
    """The CV page's form: a summary, checkboxes for competencies, evidence and quotes, and
    whether to show levels; ``intent`` is the button pressed."""

    summary: str = Field("", max_length=4 * SUMMARY_MAX)
    competencies: list[Ref] = Field(default_factory=list, max_length=SLACK * COMPETENCIES_MAX)
    evidence: list[int] = Field(default_factory=list, max_length=SLACK * EVIDENCE_MAX)
    quotes: list[Ref] = Field(default_factory=list, max_length=SLACK * QUOTES_MAX)
    show_levels: Literal["", "yes"] = ""
    intent: Literal["preview", "save"] = "preview"

    def choices(self, person_id: int) -> CvChoices:
        return CvChoices(
            person_id,
            self.summary,
            tuple(self.competencies),
            tuple(self.evidence),
            tuple(self.quotes),
            self.show_levels == "yes",
        )


def _page(
    request: Request,
    page: cv_export.CvPage,
    *,
    previewing: bool = False,
    problem: str | None = None,
    form: CvChoices | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    refused = refusal(problem) if problem else None
    context = {
        "page": page,
        "person": page.records.person,
        "form": form or page.choices,
        "competency_names": {c.id: c.name for c in page.competencies},
        "previewing": previewing,
        "problem": refused.message if refused else None,
        "problem_field": refused.field if refused else "",
        "limits": {
            "summary": SUMMARY_MAX,
            "competencies": COMPETENCIES_MAX,
            "evidence": EVIDENCE_MAX,
            "quotes": QUOTES_MAX,
        },
    }
    return render(request, "cv.html", context, status_code=status_code)


@router.get("/cv")
def my_cv(signed: SignedPage) -> RedirectResponse:
    """My CV page (an admin, having no person of their own, is told there is none)."""
    if signed.account.person_id is None:
        raise NotFound("person", "your own")
    return RedirectResponse(f"/people/{signed.account.person_id}/cv", status_code=303)


@router.get("/people/{person_id}/cv", response_class=HTMLResponse)
def cv_page(request: Request, signed: SignedPage, store: StoreDep, person_id: int) -> HTMLResponse:
    """The person's CV as it stands, with the form that chooses what it shows."""
    return _page(request, cv_export.cv_page(store, str(person_id), viewer=signed.viewer))


@router.post("/people/{person_id}/cv", response_class=HTMLResponse, response_model=None)
def choose_cv(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    person_id: int,
    fields: Annotated[CvFields, Form()],
) -> Response:
    """Preview the chosen contents, or save them; a refused choice re-shows what was typed."""
    chosen = fields.choices(person_id)
    reference = str(person_id)
    try:
        if fields.intent == "save":
            cv_export.save_cv_choices(
                store, reference, chosen, viewer=signed.viewer, actor=signed.actor
            )
            return redirect_with(request, f"/people/{person_id}/cv", "Your CV is saved.")
        page = cv_export.cv_page(store, reference, viewer=signed.viewer, trying=chosen)
        return _page(request, page, previewing=True, form=page.choices)
    except InvalidRequest as problem:
        page = cv_export.cv_page(store, reference, viewer=signed.viewer)
        return _page(request, page, problem=str(problem), form=chosen, status_code=400)


@router.get("/people/{person_id}/cv.pdf")
def cv_pdf(signed: SignedPage, store: StoreDep, person_id: int) -> Response:
    """The person's CV as saved, as a PDF."""
    content, name = cv_export.cv_pdf(
        store, str(person_id), viewer=signed.viewer, actor=signed.actor
    )
    return download(content, "application/pdf", name)


@router.get("/people/{person_id}/cv.json")
def cv_json(signed: SignedPage, store: StoreDep, person_id: int) -> Response:
    """The person's CV as saved, as a JSON Resume document."""
    document, name = cv_export.cv_json_resume(
        store, str(person_id), viewer=signed.viewer, actor=signed.actor
    )
    content = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    return download(content, "application/json", name)
