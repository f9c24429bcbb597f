"""The API's router: every route declares the errors it can answer, each with the error body.

The statuses that follow from what a route is made of are derived here, once:

* 401 for a route behind ``api_caller`` (a signed-out caller), and 403 when such a route
  changes something (signed in by cookie, without the X-CSRF-Token header);
* 404 for a database id in the path (a record not found, or not visible to the caller);
* 422 for a route with any parameter or body (validation, answered as ErrorPublic);
* 413 for a route with a JSON body (above the app's limit).

What only the use case knows (400, a 403 for a role, 409...) a route adds with
``responses=error_responses(...)``, and a router with ``responses=`` for all its routes.

A synchronous route's answer is checked against its model and written as JSON on the worker
thread that made it (``answered_on_its_thread``), not handed to a second worker thread as
FastAPI does: under load each hand-over waits in the queue for the process's few threads, so
every JSON answer waited twice for what a page waits once.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter
from fastapi.datastructures import Default, DefaultPlaceholder
from fastapi.dependencies.utils import get_dependant, get_typed_return_annotation
from fastapi.exceptions import EndpointContext, ResponseValidationError
from fastapi.routing import APIRoute
from starlette.responses import Response

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
    """An APIRouter whose routes declare their derived error responses (and any given), and
    whose synchronous routes answer on their own worker thread (see the module docstring)."""

    answers_on_its_thread = True

    def add_api_route(self, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
        methods = {m.upper() for m in options.get("methods") or ("GET",)}
        derived = error_responses(*derived_statuses(path, endpoint, methods))
        options["responses"] = {**derived, **(options.get("responses") or {})}
        answer = (
            answered_on_its_thread(endpoint, options.get("status_code") or 200)
            if self.answers_on_its_thread
            and isinstance(self.default_response_class, DefaultPlaceholder)
            and _as_fastapi_would(options)
            else None
        )
        if answer is None:
            super().add_api_route(path, endpoint, **options)
            return
        call, model = answer
        super().add_api_route(path, call, **options)
        route = self.routes[-1]
        assert isinstance(route, APIRoute)
        model.field = route.response_field


_FASTAPIS_DEFAULTS = {
    "response_model_include": None,
    "response_model_exclude": None,
    "response_model_by_alias": True,
    "response_model_exclude_unset": False,
    "response_model_exclude_defaults": False,
    "response_model_exclude_none": False,
}


def _as_fastapi_would(options: dict[str, Any]) -> bool:
    """Whether the route leaves its answer's model, class and writing to FastAPI's defaults
    (the only case ``answered_on_its_thread`` writes as FastAPI would)."""
    return (
        isinstance(options.get("response_model", Default(None)), DefaultPlaceholder)
        and isinstance(options.get("response_class", Default(None)), DefaultPlaceholder)
        and all(options.get(name, value) == value for name, value in _FASTAPIS_DEFAULTS.items())
    )


@dataclass
class _Model:
    """The route's response field (FastAPI's, so the check and the JSON are exactly its own),
    known once the route is made; ``status`` is the route's success status."""

    status: int
    field: Any = None


def answered_on_its_thread(
    endpoint: Callable[..., Any], status: int
) -> tuple[Callable[..., Response], _Model] | None:
    """For a synchronous endpoint that returns a model: a function FastAPI inspects as the
    endpoint itself (its parameters, return annotation and marks) that checks the model and
    writes the JSON answer on the calling thread, as FastAPI would (a ResponseValidationError
    if the result does not fit); None for any other endpoint, left as it is."""
    bare = inspect.unwrap(endpoint)
    if inspect.iscoroutinefunction(bare) or inspect.isgeneratorfunction(bare):
        return None
    returned = get_typed_return_annotation(endpoint)
    if returned is None or (inspect.isclass(returned) and issubclass(returned, Response)):
        return None
    model = _Model(status)
    # FastAPI hands a request's Response parameter (one per function) an object on which the
    # endpoint and its dependencies may set a status and headers, and copies them onto the
    # answer it makes; the function asks for it (the endpoint's own, if it has one) to do the
    # same with the answer it makes itself.
    signature = inspect.signature(endpoint, eval_str=True)
    own = next(
        (
            p.name
            for p in signature.parameters.values()
            if inspect.isclass(p.annotation) and issubclass(p.annotation, Response)
        ),
        None,
    )

    @functools.wraps(endpoint)
    def answer(*args: Any, **kwargs: Any) -> Any:
        set_aside = kwargs[own] if own else kwargs.pop(_SET_BY_DEPENDENCIES)
        result = endpoint(*args, **kwargs)
        if model.field is None or isinstance(result, Response):
            return result
        value, errors = model.field.validate(result, {}, loc=("response",))
        if errors:
            raise ResponseValidationError(errors=errors, body=result, endpoint_ctx=_where(bare))
        response = Response(
            model.field.serialize_json(value, by_alias=True),
            status_code=set_aside.status_code or model.status,
            media_type="application/json",
        )
        response.headers.raw.extend(set_aside.headers.raw)
        return response

    if own is None:
        extra = inspect.Parameter(
            _SET_BY_DEPENDENCIES, inspect.Parameter.KEYWORD_ONLY, annotation=Response
        )
        parameters = list(signature.parameters.values())
        at = next((n for n, p in enumerate(parameters) if p.kind is p.VAR_KEYWORD), len(parameters))
        signature = signature.replace(parameters=[*parameters[:at], extra, *parameters[at:]])
    answer.__signature__ = signature  # type: ignore[attr-defined]
    return answer, model


_SET_BY_DEPENDENCIES = "pmopath_set_by_dependencies"


def _where(endpoint: Callable[..., Any]) -> EndpointContext:
    """The endpoint's file, line and name, which FastAPI's error names (read on error only)."""
    try:
        return EndpointContext(
            file=inspect.getsourcefile(endpoint) or "",
            line=inspect.getsourcelines(endpoint)[1],
            function=endpoint.__name__,
        )
    except (OSError, TypeError):
        return EndpointContext()
