"""The one place that wires settings to adapters: loading frameworks, assessments and schemas."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pmopath.adapters import assessment_files, file_writing, framework_files
from pmopath.adapters.framework_format import framework_json_schema
from pmopath.adapters.onet_import import OnetImportSummary, import_onet
from pmopath.config import read_settings
from pmopath.domain.assessment import Assessment
from pmopath.domain.framework import Framework


@lru_cache(maxsize=1)
def default_framework() -> Framework:
    """Return the PMO framework shipped with PMO Pathways (loaded once per process)."""
    return framework_files.load_default_framework()


def sample_assessment(framework: Framework) -> Assessment:
    """Return Sam's assessment (PMO Administrator, 18 months in), shipped for the demo."""
    text = resources.files("pmopath.data").joinpath("sample_assessment.yaml").read_text("utf-8")
    return assessment_files.parse_assessment(text, "<pmopath>/sample_assessment.yaml", framework)


def load_framework(path: str | Path) -> Framework:
    """Load and validate a framework file (YAML or JSON).

    Raises FrameworkError listing every problem, each with its file, line and column.
    """
    return framework_files.load_framework_file(Path(path))


def framework_for(path: str | Path | None) -> Framework:
    """Return the framework at ``path``, else PMOPATH_FRAMEWORK's, else the shipped default."""
    chosen = path if path is not None else read_settings().framework
    return load_framework(chosen) if chosen is not None else default_framework()


def load_assessment(path: str | Path, framework: Framework | None = None) -> Assessment:
    """Load an assessment file and check it against ``framework`` (default: the shipped one).

    Raises AssessmentError listing every problem with its location.
    """
    return assessment_files.load_assessment_file(Path(path), framework or default_framework())


def save_assessment(path: str | Path, assessment: Assessment) -> None:
    """Write an assessment file (JSON by a .json suffix, YAML otherwise), atomically."""
    file_writing.write_assessment_file(Path(path), assessment)


def framework_schema() -> dict[str, Any]:
    """Return the JSON Schema of framework files."""
    return framework_json_schema()


def assessment_schema() -> dict[str, Any]:
    """Return the JSON Schema of assessment files."""
    return assessment_files.assessment_json_schema()


def import_onet_framework(directory: str | Path, out: str | Path) -> OnetImportSummary:
    """Convert an O*NET text database folder to a framework file at ``out``; return the summary.

    The framework is validated before anything is written, and written atomically: as JSON
    when ``out`` ends in .json (fast to load at full O*NET size), else as YAML.
    """
    data, summary = import_onet(Path(directory))
    framework_files.framework_from_data(data, str(out))
    file_writing.write_text_atomically(Path(out), file_writing.document_text(data, Path(out)))
    return summary
