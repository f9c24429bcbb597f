"""Admin pages: upload and activate a framework, import people from CSV (preview first)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from pmopath.domain.errors import BadInput, Conflict, InvalidDocument
from pmopath.domain.permissions import require_admin
from pmopath.domain.problem_groups import grouped_problems
from pmopath.services.careers.frameworks import upload_framework
from pmopath.services.careers.views import error_view
from pmopath.services.people.imports import ImportReport, upload_people
from pmopath.services.people.views import import_view
from pmopath.web import uploads
from pmopath.web.deps import Signed, SignedPage, StoreDep
from pmopath.web.errors import status_for
from pmopath.web.flash import redirect_with
from pmopath.web.templating import render

router = APIRouter(tags=["pages"])
Upload = Annotated[UploadFile | None, File()]
Text = Annotated[str | None, Form(max_length=uploads.MAX_UPLOAD_BYTES)]
Name = Annotated[str | None, Form(max_length=uploads.MAX_NAME)]


def admin_page(signed: SignedPage) -> Signed:
    """Admin pages: everyone else is refused (403) before anything is read."""
    require_admin(signed.viewer)
    return signed


AdminPage = Annotated[Signed, Depends(admin_page)]


def _page(request: Request, status: int = 200, **context: Any) -> HTMLResponse:
    return render(request, "admin.html", context, status_code=status)


def _failed(request: Request, section: str, error: BadInput | Conflict) -> HTMLResponse:
    """The admin page again, with the problems in the section that failed: a file's problems
    one line per distinct problem (with its count and first lines), not one per place."""
    groups = grouped_problems(error.problems) if isinstance(error, InvalidDocument) else []
    return _page(
        request,
        status_for(error),
        **{
            f"{section}_error": error_view(error).error.model_dump(mode="json"),
            f"{section}_problem_groups": groups,
        },
    )


def _uploaded(
    upload: UploadFile | None, content: str | None, filename: str | None, kind: uploads.UploadKind
) -> tuple[str, str] | None:
    """The upload's name and text, or the text posted back by a confirm step; None if neither."""
    if upload is not None and (upload.filename or upload.size):
        data = upload.file.read(uploads.MAX_UPLOAD_BYTES + 1)
        return uploads.upload_text(data, upload.filename, upload.content_type, kind)
    if content:
        return uploads.upload_text(content.encode("utf-8"), filename, "text/plain", kind)
    return None


@router.get("/admin", response_class=HTMLResponse)
def admin_home(request: Request, signed: AdminPage) -> HTMLResponse:
    """Upload a framework, import people, and a link to manage accounts."""
    return _page(request)


@router.post("/admin/framework", response_class=HTMLResponse)
def preview_framework(
    request: Request,
    signed: AdminPage,
    store: StoreDep,
    file: Upload = None,
    mapping: Upload = None,
    content: Text = None,
    filename: Name = None,
    mapping_content: Text = None,
) -> HTMLResponse:
    """Validate an uploaded framework and show what activating it would change."""
    try:
        found = _uploaded(file, content, filename, uploads.FRAMEWORK)
        if found is None:
            raise BadInput("file: choose a framework file (YAML or JSON) to upload")
        renames = _uploaded(mapping, mapping_content, "mapping.yaml", uploads.MAPPING)
        new, change = upload_framework(
            store,
            signed.viewer,
            found[1],
            found[0],
            renames[1] if renames else None,
            actor=signed.actor,
            activate=False,
        )
    except (BadInput, Conflict) as error:
        return _failed(request, "framework", error)
    preview = {
        "filename": found[0],
        "content": found[1],
        "mapping": renames[1] if renames else "",
        "framework": new,
        "change": change,
    }
    return _page(request, framework_preview=preview)


@router.post("/admin/framework/activate", response_model=None)
def activate_framework(
    request: Request,
    signed: AdminPage,
    store: StoreDep,
    content: Annotated[str, Form(max_length=uploads.MAX_UPLOAD_BYTES)],
    filename: Name = None,
    mapping_content: Text = None,
) -> Response:
    """Activate the framework previewed (checked again: nothing changes on any problem)."""
    try:
        name, text = uploads.upload_text(
            content.encode("utf-8"), filename, "text/plain", uploads.FRAMEWORK
        )
        framework, _ = upload_framework(
            store,
            signed.viewer,
            text,
            name,
            mapping_content or None,
            actor=signed.actor,
            activate=True,
        )
    except (BadInput, Conflict) as error:
        return _failed(request, "framework", error)
    return redirect_with(
        request, "/admin", f"Framework {framework.version} is active: every page now uses it."
    )


@router.post("/admin/people", response_class=HTMLResponse)
def preview_people(
    request: Request,
    signed: AdminPage,
    store: StoreDep,
    file: Upload = None,
    content: Text = None,
    filename: Name = None,
) -> HTMLResponse:
    """Check a people CSV without importing it: who would be created, updated, unchanged."""
    try:
        found = _uploaded(file, content, filename, uploads.PEOPLE_CSV)
        if found is None:
            raise BadInput("file: choose a people CSV to upload")
        report = upload_people(
            store, signed.viewer, found[1], found[0], actor=signed.actor, dry_run=True
        )
    except BadInput as error:
        return _failed(request, "people", error)
    preview = {
        "filename": found[0],
        "content": found[1],
        "report": import_view(report).model_dump(mode="json"),
    }
    return _page(request, people_preview=preview)


@router.post("/admin/people/import", response_model=None)
def import_people(
    request: Request,
    signed: AdminPage,
    store: StoreDep,
    content: Annotated[str, Form(max_length=uploads.MAX_UPLOAD_BYTES)],
    filename: Name = None,
) -> Response:
    """Import the CSV previewed (all rows or none)."""
    try:
        name, text = uploads.upload_text(
            content.encode("utf-8"), filename, "text/plain", uploads.PEOPLE_CSV
        )
        report = upload_people(store, signed.viewer, text, name, actor=signed.actor, dry_run=False)
    except BadInput as error:
        return _failed(request, "people", error)
    return redirect_with(request, "/admin", _imported(report))


def _imported(report: ImportReport) -> str:
    counts = [
        (len(report.created), "added"),
        (len(report.updated), "updated"),
        (len(report.unchanged), "unchanged"),
    ]
    said = ", ".join(f"{n:,} {what}" for n, what in counts if n) or "nobody"
    return f"People imported: {said}."
