"""What every machine interface answers with: the base of response models, and the error body.

Response models (``PlanPublic``, ``PlansPublic``...) live beside each capability's views, in
the services layer, so the API (``response_model=``) and the CLI (``--json``) share them. Lists
come in the envelope ``{data, count}``. ``model_dump(mode="json")`` gives the documented JSON:
keys by their alias (``from``, ``to``), times as Python's ``isoformat()``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema
from pydantic.json_schema import SkipJsonSchema


class Schema(BaseModel):
    """The base of every response model: immutable, serialised by alias."""

    model_config = ConfigDict(
        frozen=True,
        serialize_by_alias=True,
        validate_by_name=True,
        validate_by_alias=True,
        use_attribute_docstrings=True,
    )


def json_key(key: str) -> Any:
    """A field whose JSON key cannot be its Python name (``from`` is a keyword: ``from_``)."""
    return Field(validation_alias=key, serialization_alias=key)


def _iso(moment: datetime) -> str:
    return moment.isoformat()


Moment = Annotated[
    datetime,
    PlainSerializer(_iso, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
"""A timestamp, written as ``datetime.isoformat()`` (``+00:00``, as the API always has)."""


def _absent(value: object) -> bool:
    return value is None


WHEN_GIVEN = Field(exclude_if=_absent)
"""For a field that applies to some answers only: left out of the JSON when None."""


class ProblemPublic(Schema):
    """One located problem in a file: where it is, what is wrong, the path inside the document."""

    file: str
    line: int | None
    column: int | None
    message: str
    path: list[str | int]


class FieldProblem(Schema):
    """One field of a request that failed validation (``a.b.0`` for nested fields)."""

    field: str
    message: str


class ErrorDetail(Schema):
    """What went wrong: the error's kind, a sentence saying what and where, and any details."""

    type: str = Field(examples=["NotFound"])
    message: str
    problems: Annotated[list[ProblemPublic] | SkipJsonSchema[None], WHEN_GIVEN] = None
    """Invalid files: every problem found (file, line, column)."""
    suggestions: Annotated[list[str] | SkipJsonSchema[None], WHEN_GIVEN] = None
    """Unknown roles and tracks: the names meant, perhaps."""
    reasons: Annotated[list[str] | SkipJsonSchema[None], WHEN_GIVEN] = None
    """Weak passwords: every rule not met."""
    retry_after_seconds: Annotated[int | SkipJsonSchema[None], WHEN_GIVEN] = None
    """Throttled: when to try again (also the Retry-After header)."""
    fields: Annotated[list[FieldProblem] | SkipJsonSchema[None], WHEN_GIVEN] = None
    """Requests that failed validation (422): each field and what was wrong with it."""


class ErrorPublic(Schema):
    """The body of every error answer (4xx and 5xx) of the API and of ``--json``."""

    error: ErrorDetail


class HealthPublic(Schema):
    """The liveness answer."""

    status: Literal["ok"]
