"""The files the CLI and the Python API name: frameworks, assessments, people CSVs, archives of
O*NET, schemas and JSON output; each read or written here, the use cases in the services.

Each function imports the parsers, the database and the services it needs when it is called:
a command that only shows the shipped framework's roles loads no YAML parser, no pydantic and
no SQLAlchemy.
"""

from __future__ import annotations

import json
import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmopath.domain.assessment import Assessment
from pmopath.domain.framework import Framework

if TYPE_CHECKING:
    from pmopath.adapters.onet_summary import OnetImportSummary
    from pmopath.domain.framework_change import FrameworkChange
    from pmopath.services.people.imports import ImportReport
    from pmopath.services.ports.store import Store


@cache
def default_framework() -> Framework:
    """Return the PMO framework shipped with PMO Pathways (loaded once per process).

    Validated in full the first time this content is met with this code, then read back from
    the user's cache folder (see ``adapters.shipped_framework``).
    """
    from pmopath.adapters.shipped_framework import load_shipped_framework

    return load_shipped_framework(cache_folder())


def cache_folder() -> Path:
    """The user's cache folder for PMO Pathways (platformdirs): only what can be made again."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("pmopath", appauthor=False))


def load_framework(path: str | Path) -> Framework:
    """Load and validate a framework file (YAML or JSON).

    Raises FrameworkError listing every problem, each with its file, line and column.
    """
    from pmopath.adapters import framework_files

    return framework_files.load_framework_file(Path(path))


def framework_for(path: str | Path | None) -> Framework:
    """Return the framework at ``path``, else PMOPATH_FRAMEWORK's, else the shipped default."""
    chosen = path if path is not None else configured_framework()
    return load_framework(chosen) if chosen is not None else default_framework()


SETTINGS_PREFIX = "PMOPATH_"
"""Every setting is read from an environment variable named with this prefix, in any case, and
from nothing else (``config.Settings``; a test holds the two together)."""


def configured_framework() -> Path | None:
    """PMOPATH_FRAMEWORK, as the settings read it.

    With no PMOPATH_ variable set, every setting has its default, so the settings (whose library
    takes a tenth of a second to load, more than the shipped framework) are not read.
    """
    if not any(name.upper().startswith(SETTINGS_PREFIX) for name in os.environ):
        return None
    from pmopath.bootstrap.container import process_container

    return process_container().settings.framework


def sample_assessment(framework: Framework) -> Assessment:
    """Return Sam's assessment (PMO Administrator, 18 months in), shipped for the demo."""
    from pmopath.adapters import assessment_files

    text = resources.files("pmopath.data").joinpath("sample_assessment.yaml").read_text("utf-8")
    return assessment_files.parse_assessment(text, "<pmopath>/sample_assessment.yaml", framework)


def load_assessment(path: str | Path, framework: Framework | None = None) -> Assessment:
    """Load an assessment file and check it against ``framework`` (default: the shipped one).

    Raises AssessmentError listing every problem with its location.
    """
    from pmopath.adapters import assessment_files

    return assessment_files.load_assessment_file(Path(path), framework or default_framework())


def save_assessment(path: str | Path, assessment: Assessment) -> None:
    """Write an assessment file (JSON by a .json suffix, YAML otherwise), atomically."""
    from pmopath.adapters import file_writing

    file_writing.write_assessment_file(Path(path), assessment)


def framework_schema() -> dict[str, Any]:
    """Return the JSON Schema of framework files."""
    from pmopath.adapters.framework_format import framework_json_schema

    return framework_json_schema()


def assessment_schema() -> dict[str, Any]:
    """Return the JSON Schema of assessment files."""
    from pmopath.adapters import assessment_files

    return assessment_files.assessment_json_schema()


def import_onet_framework(directory: str | Path, out: str | Path) -> OnetImportSummary:
    """Convert an O*NET text database folder to a framework file at ``out``; return the summary.

    The framework is validated before anything is written, and written atomically: as JSON
    when ``out`` ends in .json (fast to load at full O*NET size), else as YAML.
    """
    from pmopath.adapters import file_writing, framework_files
    from pmopath.adapters.onet_import import import_onet

    data, summary = import_onet(Path(directory))
    framework_files.framework_from_data(data, str(out))
    file_writing.write_text_atomically(Path(out), file_writing.document_text(data, Path(out)))
    return summary


def save_json(path: str | Path, data: object) -> None:
    """Write ``data`` as indented JSON, atomically."""
    from pmopath.adapters import file_writing

    file_writing.write_text_atomically(
        Path(path), json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    )


def import_people_file(
    store: Store, path: str | Path, *, actor: str, dry_run: bool
) -> ImportReport:
    """Validate and import a people CSV file (all rows or none)."""
    from pmopath.adapters.people_csv import read_people_csv
    from pmopath.services.people.imports import import_people

    header, rows = read_people_csv(Path(path))
    return import_people(store, str(path), header, rows, actor=actor, dry_run=dry_run)


SHIPPED = Path("<shipped>")
"""Stands for the framework this version of PMO Pathways ships, in ``activate_framework_file``."""
SHIPPED_NAME = "<pmopath>/default_framework.yaml"


def activate_framework_file(
    database: str | None,
    path: str | Path,
    mapping: str | Path | None,
    *,
    actor: str,
    dry_run: bool,
) -> FrameworkChange:
    """Compare a framework file (or ``SHIPPED``: the one this version ships) with the active
    one and (unless dry_run) activate it."""
    from pmopath.adapters import framework_files
    from pmopath.bootstrap.database import open_store
    from pmopath.domain.permissions import SYSTEM
    from pmopath.services.careers.frameworks import upload_framework

    if path is SHIPPED:
        text, path = framework_files.default_framework_text(), SHIPPED_NAME
    else:
        text = framework_files.read_text_file(Path(path), "framework")
    mapping_text = framework_files.read_text_file(Path(mapping), "framework") if mapping else None
    with open_store(database) as store:
        _, change = upload_framework(
            store,
            SYSTEM,
            text,
            str(path),
            mapping_text,
            str(mapping),
            actor=actor,
            activate=not dry_run,
        )
        return change
