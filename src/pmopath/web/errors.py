"""The one place errors become HTTP statuses: a page for browsers, JSON under /api, SCIM's
error format (RFC 7644 §3.12) under /scim.

Nobody sees a traceback: the message says what was wrong and where (field, file:line, row).
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from scim2_models import Error as ScimError
from scim2_models import SCIMException
from starlette.exceptions import HTTPException as StarletteHTTPException

from pmopath.domain.errors import (
    AlreadyExists,
    BadInput,
    Conflict,
    InvalidDocument,
    InvalidRequest,
    NotFound,
    NotSignedIn,
    PermissionDenied,
    PmopathError,
    SignInFailed,
    SingleSignOnFailed,
    SingleSignOnRefused,
    Throttled,
    TooLarge,
    UnusableText,
)
from pmopath.domain.feedback import FeedbackLinkClosed
from pmopath.services.careers.views import error_view
from pmopath.services.ports.schemas import ErrorDetail, ErrorPublic, FieldProblem
from pmopath.web.forms import field_words, refusal
from pmopath.web.security import BodyTooLarge
from pmopath.web.templating import render

log = logging.getLogger("pmopath.web")

_STATUSES: tuple[tuple[type[PmopathError], int], ...] = (
    (NotSignedIn, 401),
    (SignInFailed, 401),
    (SingleSignOnRefused, 403),
    (SingleSignOnFailed, 400),
    (Throttled, 429),
    (FeedbackLinkClosed, 410),
    (NotFound, 404),
    (PermissionDenied, 403),
    (Conflict, 409),
    (AlreadyExists, 409),
    (TooLarge, 413),
    (InvalidDocument, 422),
    (UnusableText, 422),
    (BadInput, 400),
)
_TITLES = {
    400: "That request cannot be done",
    401: "Please sign in",
    403: "Not yours to change",
    404: "Not found",
    405: "Not allowed",
    409: "Changed meanwhile",
    410: "This link no longer works",
    413: "Too large",
    422: "Please check what you sent",
    429: "Too many attempts",
    500: "Something went wrong on our side",
}


_MEANINGS = {
    400: "Bad input: the message says what was wrong and where (an unknown role, a bad value).",
    401: "Not signed in: send 'Authorization: Bearer <token>', or the session cookie.",
    403: "Not allowed: the caller's role does not permit it, or a request signed in by "
    "cookie that changes something came without the X-CSRF-Token header.",
    404: "Not found, or not visible to the caller (the same answer either way).",
    409: "Changed meanwhile (saved since the revision sent), or it already exists.",
    410: "Gone: a feedback link that was used, has expired or was withdrawn.",
    413: "The request is larger than allowed.",
    422: "The request failed validation (or a file was invalid): 'fields' (or 'problems') "
    "says where.",
    429: "Too many attempts: try again after 'retry_after_seconds' (the Retry-After header).",
}
_HEADERS: dict[int, dict[str, Any]] = {
    401: {"WWW-Authenticate": {"description": "Bearer", "schema": {"type": "string"}}},
    429: {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}},
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for error statuses, each answered with the ErrorPublic body."""
    declared: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        declared[status] = {"model": ErrorPublic, "description": _MEANINGS[status]}
        if status in _HEADERS:
            declared[status]["headers"] = _HEADERS[status]
    return declared


def status_for(error: PmopathError) -> int:
    """The HTTP status for one of our errors (500 for anything unmapped)."""
    return next((status for kind, status in _STATUSES if isinstance(error, kind)), 500)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith(("/api", "/scim"))


def _wants_scim(request: Request) -> bool:
    return request.url.path.startswith("/scim/")


_SCIM_TYPES: tuple[tuple[type[PmopathError], str], ...] = (
    (NotFound, ""),
    (AlreadyExists, "uniqueness"),
    (BadInput, "invalidValue"),
)


def _scim_error(status: int, detail: str, scim_type: str = "") -> Response:
    error = ScimError(status=status, scim_type=scim_type or None, detail=detail)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    body = error.model_dump_json(scim_ctx=None, by_alias=True, exclude_none=True)
    return Response(body, status, headers, media_type="application/scim+json")


def _respond(
    request: Request, status: int, body: ErrorPublic, headers: dict[str, str] | None = None
) -> Response:
    if _wants_scim(request):
        detail = body.error.message
        if status == 422:  # SCIM says 400 for a request that does not validate
            return _scim_error(400, detail, "invalidValue")
        return _scim_error(status, detail, "invalidValue" if status == 400 else "")
    if _wants_json(request):
        return Response(body.model_dump_json(), status, headers, media_type="application/json")
    error = body.error.model_dump(mode="json")
    context = {
        "status": status,
        "title": _TITLES.get(status, "Error"),
        "error": error,
        "back": _same_site_referrer(request),
    }
    response = render(request, "error.html", context, status_code=status)
    response.headers.update(headers or {})
    return response


def error_page(request: Request, status: int, title: str, message: str) -> Response:
    """The site's error page with ``title`` and ``message`` (for refusals a route words itself)."""
    context = {
        "status": status,
        "title": title,
        "error": _body("Refused", message).error.model_dump(mode="json"),
        "back": None,
    }
    return render(request, "error.html", context, status_code=status)


def _same_site_referrer(request: Request) -> str | None:
    """The page the visitor came from, when it is on this site (a way back to their form)."""
    referrer = urlsplit(request.headers.get("referer", ""))
    if referrer.netloc != request.url.netloc or not referrer.path.startswith("/"):
        return None
    if referrer.path == request.url.path and request.method == "GET":
        return None
    return referrer.path + (f"?{referrer.query}" if referrer.query else "")


def _body(kind: str, message: str, fields: list[FieldProblem] | None = None) -> ErrorPublic:
    return ErrorPublic(error=ErrorDetail(type=kind, message=message, fields=fields))


async def _our_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, PmopathError)
    if _wants_scim(request):
        kind = next((k for cls, k in _SCIM_TYPES if isinstance(error, cls)), "")
        message = (
            "Send 'Authorization: Bearer <SCIM token>'."
            if isinstance(error, NotSignedIn)
            else str(error)
        )
        status = status_for(error)
        if status == 422:  # SCIM says 400 for a value it cannot take (odd text, say)
            return _scim_error(400, message, "invalidValue")
        return _scim_error(status, message, kind)
    if isinstance(error, NotSignedIn) and not _wants_json(request):
        target = quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
        return RedirectResponse(f"/sign-in?next={target}", status_code=303)
    status = status_for(error)
    headers: dict[str, str] = {}
    if isinstance(error, Throttled):
        headers["Retry-After"] = str(error.retry_after_seconds)
    if isinstance(error, NotSignedIn):
        headers["WWW-Authenticate"] = "Bearer"
    body = error_view(error)
    if isinstance(error, UnusableText) and error.field:
        where = [FieldProblem(field=error.field, message=str(error).partition(": ")[2])]
        body = body.model_copy(update={"error": body.error.model_copy(update={"fields": where})})
    if isinstance(error, InvalidRequest) and not _wants_json(request):  # words, not field names
        plain = body.error.model_copy(update={"message": refusal(error).message})
        body = body.model_copy(update={"error": plain})
    return _respond(request, status, body, headers)


async def _invalid_request(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    page = not _wants_json(request)
    problems = [
        FieldProblem(
            field=_field_of(problem.get("loc", ()), page),
            message=str(problem.get("msg", "invalid")),
        )
        for problem in error.errors()
    ]
    text = "; ".join(f"{p.field}: {p.message}" for p in problems)
    return _respond(request, 422, _body("InvalidRequest", text, fields=problems))


def _field_of(location: Any, page: bool) -> str:
    """Where a request failed validation: the dotted path for the API, words for a page."""
    parts = [str(part) for part in location if part != "body"]
    return field_words(parts[-1] if parts else "") if page else ".".join(parts)


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    too_large = _body_too_large(error)
    if too_large is not None:  # read while parsing a form, which FastAPI reports as 400
        return await _too_large(request, too_large)
    headers = dict(error.headers or {})
    if error.status_code == 405:
        headers["Allow"] = ", ".join(sorted(_methods_for(request)))
    message = str(error.detail) if error.status_code != 404 else "There is no such page."
    body = _body("HTTPError", message)
    return _respond(request, error.status_code, body, headers)


def _body_too_large(error: BaseException) -> BodyTooLarge | None:
    """The BodyTooLarge behind an error, if it was one (through its causes)."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, BodyTooLarge):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _methods_for(request: Request) -> set[str]:
    """Every method some route accepts at this request's path (for a 405's Allow header)."""
    path = request.url.path
    methods: set[str] = set()
    for prefix, router in request.app.state.mounted_routers:
        if not path.startswith(prefix):
            continue
        for route in router.routes:
            regex = getattr(route, "path_regex", None)
            if regex is not None and regex.match(path[len(prefix) :]):
                methods |= set(getattr(route, "methods", None) or ())
    return methods or {"GET"}


async def _scim_exception(request: Request, error: Exception) -> Response:
    assert isinstance(error, SCIMException)
    return _scim_error(error.status, error.detail, error.scim_type)


async def _too_large(request: Request, error: Exception) -> Response:
    return _respond(request, 413, _body("TooLarge", str(error)))


async def _unexpected(request: Request, error: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    message = "Something went wrong on our side; it has been logged. Please try again."
    return _respond(request, 500, _body("InternalError", message))


def install_error_handlers(app: FastAPI) -> None:
    """Register every mapping above on the app."""
    app.add_exception_handler(PmopathError, _our_error)
    app.add_exception_handler(SCIMException, _scim_exception)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(BodyTooLarge, _too_large)
    app.add_exception_handler(Exception, _unexpected)
