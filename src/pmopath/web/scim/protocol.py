"""Reading SCIM requests and writing SCIM responses: payloads, queries, ETags, media type."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import Response
from pydantic import ValidationError
from scim2_models import (
    BaseModel,
    Context,
    InvalidFilterException,
    InvalidValueException,
    PreconditionFailedException,
    Resource,
    ResponseParameters,
    SCIMException,
    SearchRequest,
)
from scim2_models.path import Comparison, FilterNode, LogicalExpr, Not, Present, ValuePath

from pmopath.web.scim.discovery import MAX_RESULTS

MEDIA_TYPE = "application/scim+json"
_R = TypeVar("_R", bound=BaseModel)


def scim_response(
    body: Mapping[str, Any] | None, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    content = json.dumps(body, default=str).encode() if body is not None else b""
    return Response(content, status, headers, media_type=MEDIA_TYPE if body is not None else None)


def located(error: ValidationError) -> SCIMException:
    """A SCIM error for a payload that failed validation, naming where (``emails.0.value``)."""
    problems = []
    scim_type = "invalidValue"
    for problem in error.errors():
        where = ".".join(str(part) for part in problem.get("loc", ()))
        problems.append(f"{where}: {problem.get('msg', 'invalid')}" if where else problem["msg"])
        kind = str(problem.get("type", ""))
        if kind.startswith("scim_") and scim_type == "invalidValue":
            scim_type = kind.removeprefix("scim_")
    exception = InvalidValueException(detail="; ".join(problems))
    if scim_type != "invalidValue":
        exception.scim_type = scim_type
    return exception


def validated(model: type[_R], payload: Any, context: Context) -> _R:
    """``payload`` as ``model`` in ``context``; raises a located SCIM 400 otherwise."""
    if not isinstance(payload, dict):
        raise InvalidValueException(detail="the request body must be a JSON object")
    try:
        return model.model_validate(payload, scim_ctx=context)
    except ValidationError as error:
        raise located(error) from None


@dataclass(frozen=True, slots=True)
class Query:
    """A list or search request: its filter, the ``eq`` comparisons on ``narrowing``
    attributes every match must meet (for the store to narrow the search), the page, and the
    attributes asked for (``search`` is also the response's parameters)."""

    search: SearchRequest[Any]
    narrowing: dict[str, str]
    start: int
    count: int

    def matches(self, resource: Resource[Any]) -> bool:
        """Whether the resource, as published, passes the filter."""
        return self.search.filter is None or bool(self.search.filter.match(resource))


_SEARCH_KEYS = ("filter", "startIndex", "count", "attributes", "excludedAttributes")


def read_query(
    request: Request, model: type[Any], attributes: set[str], narrowing: set[str]
) -> Query:
    """The query of a list request (GET): its filter on ``attributes``, ``startIndex``,
    ``count``, ``attributes`` and ``excludedAttributes``; raises invalidFilter or
    invalidValue (400)."""
    params = request.query_params
    return _query({k: params[k] for k in _SEARCH_KEYS if k in params}, model, attributes, narrowing)


def read_search(payload: Any, model: type[Any], attributes: set[str], narrowing: set[str]) -> Query:
    """The query of a search request (POST ``/.search``): the same, as a SearchRequest body
    (sorting is not supported, and its parameters are ignored, as for GET)."""
    if not isinstance(payload, dict):
        raise InvalidValueException(detail="the request body must be a JSON object")
    asked = {k: v for k, v in payload.items() if k in (*_SEARCH_KEYS, "schemas")}
    return _query(asked, model, attributes, narrowing)


def _query(
    asked: dict[str, Any], model: type[Any], attributes: set[str], narrowing: set[str]
) -> Query:
    try:
        search = SearchRequest[model].model_validate(asked, scim_ctx=Context.SEARCH_REQUEST)  # type: ignore[valid-type]
    except ValidationError as error:
        problem = located(error)
        if "filter" in asked and any("filter" in str(e.get("loc", ())) for e in error.errors()):
            raise InvalidFilterException(detail=problem.detail) from None
        raise problem from None
    narrowed: dict[str, str] = {}
    if search.filter is not None:
        _check_attributes(search.filter.ast, attributes)
        narrowed = _narrowing(search.filter.ast, narrowing)
    start = max(1, search.start_index or 1)
    count = MAX_RESULTS if search.count is None else max(0, min(search.count, MAX_RESULTS))
    return Query(search, narrowed, start, count)


def _check_attributes(node: FilterNode, attributes: set[str]) -> None:
    """Refuse (invalidFilter) a filter on an attribute this service does not publish."""
    if isinstance(node, LogicalExpr):
        for term in node.terms:
            _check_attributes(term, attributes)
    elif isinstance(node, Not):
        _check_attributes(node.expr, attributes)
    elif isinstance(node, Comparison | Present | ValuePath):
        name = node.attr_path.attr
        if not any(a.lower() == name.lower() for a in attributes):
            words = ", ".join(sorted(attributes))
            raise InvalidFilterException(
                detail=f"filter: '{name}' cannot be filtered on; use one of {words}"
            )


def _narrowing(node: FilterNode, attributes: set[str]) -> dict[str, str]:
    """The ``ATTRIBUTE eq "VALUE"`` comparisons (on ``attributes``) that the whole filter
    requires: the filter itself, or terms of a top-level ``and``."""
    terms = node.terms if isinstance(node, LogicalExpr) and node.op.value == "and" else (node,)
    found: dict[str, str] = {}
    for term in terms:
        if (
            isinstance(term, Comparison)
            and term.op.value == "eq"
            and term.attr_path.sub_attr is None
            and isinstance(term.value, str)
        ):
            name = next((a for a in attributes if a.lower() == term.attr_path.attr.lower()), None)
            if name is not None and name not in found:
                found[name] = term.value
    return found


def response_parameters(request: Request, model: type[Any]) -> ResponseParameters[Any] | None:
    """The ``attributes`` or ``excludedAttributes`` asked for in the query string (RFC 7644
    §3.9: on any request that returns a resource), or None."""
    params = request.query_params
    asked = {k: params[k] for k in ("attributes", "excludedAttributes") if k in params}
    if not asked:
        return None
    try:
        return ResponseParameters[model].model_validate(asked)  # type: ignore[valid-type]
    except ValidationError as error:
        raise located(error) from None


def check_version(request: Request, current: str | None) -> None:
    """Refuse (412) a change whose If-Match names another version of the resource."""
    wanted = request.headers.get("if-match")
    if wanted is None or wanted.strip() == "*":
        return
    tags = {t.strip() for t in wanted.split(",")}
    if current not in tags and (current or "").removeprefix("W/") not in tags:
        raise PreconditionFailedException(detail="the resource changed since that version")


def version_of(resource: Resource[Any]) -> str | None:
    """The resource's version (its ETag), if it has one."""
    return resource.meta.version if resource.meta else None


_ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


def with_manager_refs(payload: Any, base: str) -> Any:
    """The payload with each manager given as an id alone (as Entra ID and Okta send it:
    ``"manager": "12"`` or ``{"value": "12"}``) completed with its ``$ref``, which the
    enterprise schema requires."""
    if isinstance(payload, list):
        return [with_manager_refs(item, base) for item in payload]
    if not isinstance(payload, dict):
        return payload
    fixed = {key: with_manager_refs(value, base) for key, value in payload.items()}
    extension = fixed.get(_ENTERPRISE)
    if isinstance(extension, dict) and "manager" in extension:
        fixed[_ENTERPRISE] = {**extension, "manager": _manager(extension["manager"], base)}
    path = fixed.get("path")
    if isinstance(path, str) and path.lower() == f"{_ENTERPRISE}:manager".lower():
        fixed["value"] = _manager(fixed.get("value"), base)
    return fixed


def _manager(value: Any, base: str) -> Any:
    if isinstance(value, str | int) and not isinstance(value, bool):
        value = {"value": str(value)}
    if isinstance(value, dict) and value.get("value") and not value.get("$ref"):
        return {**value, "$ref": f"{base}/Users/{value['value']}"}
    return value
