"""Reading framework files from disk, with every problem located."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pmopath.adapters.framework_format import framework_from_spec
from pmopath.adapters.framework_sections import check_sections
from pmopath.adapters.located_document import (
    DocumentSyntaxError,
    LocatedDocument,
    parse_document,
    quick_parse,
)
from pmopath.adapters.pydantic_problems import problems_from
from pmopath.domain.errors import AssessmentError, FrameworkError, InvalidDocument, Problem
from pmopath.domain.framework import Framework
from pmopath.domain.validation import check_framework

MAX_FILE_BYTES = 50 * 1024 * 1024
DEFAULT_FRAMEWORK = "default_framework.yaml"


def default_framework_text() -> str:
    """Return the text of the framework shipped inside the package."""
    return resources.files("pmopath.data").joinpath(DEFAULT_FRAMEWORK).read_text("utf-8")


def read_text_file(path: Path, kind: str) -> str:
    """Read a UTF-8 text file, turning every way it can fail into a located problem."""
    error: type[FrameworkError | AssessmentError] = (
        FrameworkError if kind == "framework" else AssessmentError
    )
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise error(
                source,
                [Problem(f"file is {size} bytes; the limit is {MAX_FILE_BYTES}")],
            )
        return path.read_text("utf-8")
    except FileNotFoundError:
        raise error(source, [Problem("file not found", source=source)]) from None
    except IsADirectoryError:
        raise error(source, [Problem("is a directory, not a file", source=source)]) from None
    except PermissionError:
        raise error(source, [Problem("permission denied", source=source)]) from None
    except UnicodeDecodeError as exc:
        raise error(
            source, [Problem(f"not UTF-8 text (byte {exc.start})", source=source)]
        ) from None


def parse_framework(text: str, source: str) -> Framework:
    """Parse and validate framework text; raises FrameworkError listing every problem.

    Each list item is checked on its own so that one malformed role does not hide the
    problems of the others, and meaning-level checks still run on the well-formed rest.
    Positions are only worked out when there is a problem to point at.
    """
    is_json = source.lower().endswith(".json")
    parsed, data = quick_parse(text, json_only=is_json)
    document = None if parsed else parse_located(text, source, FrameworkError)
    if document is not None:
        data = document.data
    problems, framework = _framework_problems(data)
    if framework is not None:
        return framework
    document = document or parse_located(text, source, FrameworkError)
    raise FrameworkError(source, [document.locate(p) for p in problems])


def framework_data(text: str, source: str) -> dict[str, Any]:
    """Return framework text as validated plain data (for storing); raises FrameworkError."""
    framework = parse_framework(text, source)
    del framework  # parsed above only to validate; the plain data is what is stored
    parsed, data = quick_parse(text, json_only=source.lower().endswith(".json"))
    if not parsed or not isinstance(data, dict):
        raise FrameworkError(source, [Problem("unreadable framework", (), source, 1, 1)])
    plain = _json_ready(data)
    assert isinstance(plain, dict)
    return plain


def _json_ready(value: Any) -> Any:
    """YAML reads an unquoted 2026-12-07 as a date: store it as the text JSON can hold."""
    if isinstance(value, dict):
        return {key: _json_ready(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_ready(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def content_hash(data: dict[str, Any]) -> str:
    """SHA-256 of the framework's canonical JSON: the same content always hashes the same."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def framework_from_data(data: Any, source: str) -> Framework:
    """Validate already-parsed framework data (e.g. built by an importer); raises FrameworkError.

    Problems are reported by their path in the data, as there is no text to point into.
    """
    problems, framework = _framework_problems(data)
    if framework is None:
        raise FrameworkError(source, [p.at(source, 1, 1) for p in problems])
    return framework


def _framework_problems(data: Any) -> tuple[list[Problem], Framework | None]:
    if not isinstance(data, dict):
        return [Problem("a framework must be a mapping")], None
    checked = check_sections(data)
    problems = list(checked.problems)
    if checked.spec is None:
        return problems, None
    framework = framework_from_spec(checked.spec)
    problems.extend(
        _restore_index(problem, checked.kept)
        for problem in check_framework(framework)
        if problem.reference not in checked.broken_ids
    )
    return problems, (None if problems else framework)


def _restore_index(problem: Problem, kept: dict[str, list[int]]) -> Problem:
    """Map an index into the well-formed items back to the item's index in the file."""
    path = problem.path
    if len(path) >= 2 and isinstance(path[0], str) and isinstance(path[1], int):
        original = kept.get(path[0])
        if original is not None and path[1] < len(original):
            return problem.moved((path[0], original[path[1]], *path[2:]))
    return problem


def load_framework_file(path: Path) -> Framework:
    """Load and validate a framework file (YAML, or JSON by its .json suffix)."""
    return parse_framework(read_text_file(path, "framework"), str(path))


def load_default_framework() -> Framework:
    """Load the framework that ships with PMO Pathways."""
    return parse_framework(default_framework_text(), f"<pmopath>/{DEFAULT_FRAMEWORK}")


def parse_located(
    text: str, source: str, error: type[FrameworkError | AssessmentError]
) -> LocatedDocument:
    """Parse text with positions (JSON by a .json source name); syntax problems raise ``error``."""
    try:
        return parse_document(text, source, json_only=source.lower().endswith(".json"))
    except DocumentSyntaxError as exc:
        raise error(source, exc.problems) from None


class _MappingSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, title="PMO Pathways id mapping")

    roles: dict[str, Annotated[str, Field(max_length=80)]] = Field(default_factory=dict)
    competencies: dict[str, Annotated[str, Field(max_length=80)]] = Field(default_factory=dict)
    actions: dict[str, Annotated[str, Field(max_length=80)]] = Field(default_factory=dict)


def load_mapping_file(path: Path) -> dict[str, dict[str, str]]:
    """Read a rename mapping ({roles|competencies|actions: {old: new}}); kind -> old -> new."""
    return parse_mapping(read_text_file(path, "framework"), str(path))


def parse_mapping(text: str, source: str) -> dict[str, dict[str, str]]:
    """Parse rename-mapping text; raises InvalidDocument with located problems."""
    document = parse_located(text, source, FrameworkError)
    try:
        spec = _MappingSpec.model_validate(document.data if document.data is not None else {})
    except ValidationError as exc:
        located = [document.locate(p) for p in problems_from(exc)]
        raise InvalidDocument("mapping file", source, located) from None
    return {"role": spec.roles, "competency": spec.competencies, "action": spec.actions}
