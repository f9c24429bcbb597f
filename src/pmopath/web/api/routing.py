"""The API's router: every route declares the errors it can answer, each with the error body.

The statuses that follow from what a route is made of are derived here, once:

* 401 for a route behind ``api_caller`` (a signed-out caller), and 403 when such a route
  changes something (signed in by cookie, without the X-CSRF-Token header);
* 404 for a database id in the path (a record not found, or not visible to the caller);
* 422 for a route with any parameter or body (validation, answered as ErrorPublic);
* 413 for a route with a JSON body (above the app's limit).

What only the use case knows (400, a 403 for a role, 409...) a route adds with
``responses=error_responses(...)``, and a router with ``responses=`` for all its routes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter
from fastapi.dependencies.utils import get_dependant

from pmopath.web.deps import api_caller
from pmopath.web.errors import error_responses
from pmopath.web.ids import integer_path_params, parts
from pmopath.web.security import UNSAFE_METHODS


def derived_statuses(path: str, endpoint: Callable[..., Any], methods: set[str]) -> list[int]:
    """The error statuses a route answers by its make-up (see the module's docstring)."""
    dependant = get_dependant(path=path, call=endpoint)
    statuses = []
    if any(part.call is api_caller for part in parts(dependant)):
        statuses.append(401)
        if methods & UNSAFE_METHODS:
            statuses.append(403)
    if integer_path_params(dependant):
        statuses.append(404)
    fields = [
        f
        for part in parts(dependant)
        for f in (
            *part.path_params,
            *part.query_params,
            *part.header_params,
            *part.cookie_params,
            *part.body_params,
        )
    ]
    if fields:
        statuses.append(422)
    if any(part.body_params for part in parts(dependant)):
        statuses.append(413)
    return statuses


class ApiRouter(APIRouter):
    """An APIRouter whose routes declare their derived error responses (and any given)."""

    def add_api_route(self, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
        methods = {m.upper() for m in options.get("methods") or ("GET",)}
        derived = error_responses(*derived_statuses(path, endpoint, methods))
        options["responses"] = {**derived, **(options.get("responses") or {})}
        super().add_api_route(path, endpoint, **options)
