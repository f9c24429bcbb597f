"""Writing user files atomically, so a failure never leaves half a file behind."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from pmopath.domain.assessment import Assessment
from pmopath.domain.errors import BadInput

_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump_yaml(data: Any) -> str:
    """Return ``data`` as block-style YAML, keys in their given order."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as error:
        raise BadInput(f"cannot write {path}: {error.strerror}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise BadInput(f"cannot write {path}: {error.strerror}") from None


def document_text(data: Any, path: Path) -> str:
    """Return ``data`` as JSON when ``path`` ends in .json, else as YAML."""
    if path.suffix.lower() == ".json":
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    return dump_yaml(data)


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual rw-r--r--."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return 0o644


def assessment_data(assessment: Assessment) -> dict[str, Any]:
    """Return the file form of an assessment (optional fields only when set)."""
    data: dict[str, Any] = {"levels": dict(assessment.levels)}
    if assessment.current_role is not None:
        data["current_role"] = assessment.current_role
    if assessment.months_in_role is not None:
        data["months_in_role"] = assessment.months_in_role
    if assessment.certifications:
        data["certifications"] = list(assessment.certifications)
    return data


def write_assessment_file(path: Path, assessment: Assessment) -> None:
    """Write an assessment as JSON (by a .json suffix) or YAML."""
    data = assessment_data(assessment)
    write_text_atomically(path, document_text(data, path))
