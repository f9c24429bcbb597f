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
    SCIMException,
    SearchRequest,
)
from scim2_models.path import Comparison

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
    """A list request: the search parameters and the one ``eq`` comparison asked for."""

    search: SearchRequest[Any]
    attribute: str | None
    value: str | None
    start: int
    count: int


def read_query(request: Request, model: type[Any], attributes: set[str]) -> Query:
    """The list request's filter (``attribute eq "value"``, attribute in ``attributes``),
    ``startIndex`` and ``count``; raises invalidFilter or invalidValue (400)."""
    params = request.query_params
    asked = {
        key: params[key]
        for key in ("filter", "startIndex", "count", "attributes", "excludedAttributes")
        if key in params
    }
    try:
        search = SearchRequest[model].model_validate(asked, scim_ctx=Context.SEARCH_REQUEST)  # type: ignore[valid-type]
    except ValidationError as error:
        problem = located(error)
        if "filter" in asked and any("filter" in str(e.get("loc", ())) for e in error.errors()):
            raise InvalidFilterException(detail=problem.detail) from None
        raise problem from None
    attribute = value = None
    if search.filter is not None:
        attribute, value = _comparison(search.filter.ast, attributes)
    start = max(1, search.start_index or 1)
    count = MAX_RESULTS if search.count is None else max(0, min(search.count, MAX_RESULTS))
    return Query(search, attribute, value, start, count)


def _comparison(node: object, attributes: set[str]) -> tuple[str, str]:
    words = ", ".join(sorted(attributes))
    if not isinstance(node, Comparison) or node.op.value != "eq":
        raise InvalidFilterException(
            detail=f"filter: only 'ATTRIBUTE eq \"VALUE\"' is supported, on {words}"
        )
    name = str(node.attr_path).rpartition(":")[2]
    chosen = next((a for a in attributes if a.lower() == name.lower()), None)
    if chosen is None or not isinstance(node.value, str):
        raise InvalidFilterException(
            detail=f"filter: '{node.attr_path}' cannot be filtered on; use one of {words}"
        )
    return chosen, node.value


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
