"""The PMO CV as an API: what it shows (read and choose), and the CV as JSON Resume or PDF."""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from starlette.responses import Response

from pmopath.domain.cv import COMPETENCIES_MAX, EVIDENCE_MAX, QUOTES_MAX, SUMMARY_MAX, CvChoices
from pmopath.services.exports import cv as cv_export
from pmopath.services.exports.schemas import CvChoicesPublic, JsonResumePublic
from pmopath.services.exports.views import cv_choices_view
from pmopath.web.api.exports import PDF
from pmopath.web.api.routing import ApiRouter
from pmopath.web.deps import ApiCaller, StoreDep
from pmopath.web.errors import error_responses

router = ApiRouter(tags=["cv"])

Ref = Annotated[str, StringConstraints(min_length=1, max_length=100)]
JSON_RESUME: dict[int | str, dict[str, Any]] = {
    200: {
        "model": JsonResumePublic,
        "content": {"application/json": {}},
        "description": "The CV as a JSON Resume document, schema v1.0.0 (an attachment).",
    }
}


def _file(content: bytes, media_type: str, filename: str) -> Response:
    """A file to save, never cached (it holds someone's records)."""
    return Response(
        content,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


class CvChoicesUpdate(BaseModel):
    """What the CV shows; the service names a field it refuses (unknown, too many, too long)."""

    model_config = ConfigDict(extra="forbid")
    summary: str = Field("", max_length=SUMMARY_MAX)
    competencies: list[Ref] = Field(default_factory=list, max_length=COMPETENCIES_MAX)
    evidence_ids: list[int] = Field(default_factory=list, max_length=EVIDENCE_MAX)
    quote_keys: list[Ref] = Field(default_factory=list, max_length=QUOTES_MAX)
    show_levels: bool = True


@router.get("/people/{person_id}/cv")
def cv_choices(caller: ApiCaller, store: StoreDep, person_id: int) -> CvChoicesPublic:
    """What the person's CV shows (the defaults until they save), and the quotes to choose."""
    return cv_choices_view(cv_export.cv_page(store, str(person_id), viewer=caller.viewer))


@router.put("/people/{person_id}/cv", responses=error_responses(400))
def choose_cv(
    caller: ApiCaller, store: StoreDep, person_id: int, body: CvChoicesUpdate
) -> CvChoicesPublic:
    """Choose what the person's CV shows (the person themselves or an admin)."""
    chosen = CvChoices(
        person_id,
        body.summary,
        tuple(body.competencies),
        tuple(body.evidence_ids),
        tuple(body.quote_keys),
        body.show_levels,
    )
    cv_export.save_cv_choices(
        store, str(person_id), chosen, viewer=caller.viewer, actor=caller.actor
    )
    return cv_choices_view(cv_export.cv_page(store, str(person_id), viewer=caller.viewer))


@router.get("/people/{person_id}/cv.json", response_class=Response, responses=JSON_RESUME)
def cv_json_resume(caller: ApiCaller, store: StoreDep, person_id: int) -> Response:
    """The person's CV as a JSON Resume document (jsonresume.org, schema v1.0.0)."""
    document, name = cv_export.cv_json_resume(
        store, str(person_id), viewer=caller.viewer, actor=caller.actor
    )
    content = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    return _file(content, "application/json", name)


@router.get("/people/{person_id}/cv.pdf", response_class=Response, responses=PDF)
def cv_pdf(caller: ApiCaller, store: StoreDep, person_id: int) -> Response:
    """The person's CV as a PDF."""
    content, name = cv_export.cv_pdf(
        store, str(person_id), viewer=caller.viewer, actor=caller.actor
    )
    return _file(content, "application/pdf", name)
