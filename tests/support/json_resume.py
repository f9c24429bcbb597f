"""JSON Resume's official schema (npm: @jsonresume/schema, pinned in package.json) for tests.

The schema allows any extra key everywhere (``additionalProperties: true``), so a misspelt key
("certificate" for "certificates") would pass it; ``resume_problems`` also checks the document
against a strict copy that allows only the keys the schema names.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA = (
    Path(__file__).resolve().parents[2] / "node_modules" / "@jsonresume" / "schema" / "schema.json"
)


@cache
def official_schema() -> dict[str, Any]:
    assert SCHEMA.exists(), "@jsonresume/schema is missing: make installs it from the npm registry"
    schema: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return schema


def strict(schema: Any) -> Any:
    """A copy of ``schema`` in which every object allows only the properties it names."""
    found = copy.deepcopy(schema)

    def close(node: Any) -> None:
        if isinstance(node, dict):
            if "properties" in node:
                node["additionalProperties"] = False
            for value in node.values():
                close(value)
        elif isinstance(node, list):
            for value in node:
                close(value)

    close(found)
    return found


def resume_problems(document: Any) -> list[str]:
    """What the official schema, and its strict copy, find wrong in ``document`` (none: [])."""
    from jsonschema import Draft7Validator

    problems = []
    for name, schema in (("schema", official_schema()), ("strict", strict(official_schema()))):
        validator = Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)
        problems += [
            f"{name}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(document)
        ]
    return problems
