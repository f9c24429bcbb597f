"""Field types shared by the framework file format's models (framework_format and
framework_actions): identifiers, texts, levels, amounts and a source with its checked date."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from pmopath.domain.framework import Source

Id = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_]*$",
        max_length=80,
        description="A stable snake_case identifier.",
    ),
]
ShortText = Annotated[str, Field(min_length=1, max_length=200)]
LongText = Annotated[str, Field(max_length=4000)]
Level = Annotated[StrictInt, Field(description="A level on the framework's proficiency scale.")]
Months = Annotated[StrictInt, Field(ge=0, le=600)]
Amount = Annotated[float, Field(ge=0, le=10_000_000)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class SourceSpec(_Model):
    url: Annotated[str, Field(pattern=r"^https://\S+$", max_length=500)]
    checked_on: Annotated[date, Field(strict=False, description="When the fact was last verified.")]
    title: Annotated[str, Field(max_length=200)] = ""


def source_from_spec(spec: SourceSpec) -> Source:
    """The domain's Source from its file model."""
    return Source(spec.url, spec.checked_on, spec.title)
