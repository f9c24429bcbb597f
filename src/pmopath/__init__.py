"""PMO Pathways: career paths, gaps and readiness in and around a Project Management Office.

The Python API::

    import pmopath

    framework = pmopath.default_framework()
    me = pmopath.load_assessment("me.yaml", framework)
    for path in pmopath.find_paths(framework, "PMO Analyst", "Head of PMO", assessment=me):
        print(path.roles, round(path.expected_months))
    report = pmopath.analyse_gap(framework, "PMO Manager", me)
    print(f"{report.analysis.readiness:.0f}% ready")

Role arguments accept a role id, title or alias (any case) or a ``Role``. Every error raised on
purpose derives from ``PmopathError``; bad input raises ``BadInput`` subclasses such as
``FrameworkError`` (with ``.problems``, each located by file, line and column) and ``UnknownRole``
(with ``.suggestions``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pmopath.domain.assessment import Assessment
from pmopath.domain.errors import (
    AssessmentError,
    BadInput,
    FrameworkError,
    InvalidRequest,
    PmopathError,
    Problem,
    UnknownRole,
    UnknownTrack,
)
from pmopath.domain.framework import Framework, Role
from pmopath.domain.paths import CareerPath

if TYPE_CHECKING:
    from pmopath.bootstrap.files import default_framework, load_assessment, load_framework
    from pmopath.services.careers.gaps import GapReport, analyse_gap
    from pmopath.services.careers.paths import find_paths

_LAZY = {
    "default_framework": "pmopath.bootstrap.files",
    "find_paths": "pmopath.services.careers.paths",
    "load_assessment": "pmopath.bootstrap.files",
    "load_framework": "pmopath.bootstrap.files",
    "GapReport": "pmopath.services.careers.gaps",
    "analyse_gap": "pmopath.services.careers.gaps",
}
"""Loaded on first use, so ``import pmopath`` (and every command) starts without the file
parsers and their libraries."""


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'pmopath' has no attribute {name!r}")


__all__ = [
    "Assessment",
    "AssessmentError",
    "BadInput",
    "CareerPath",
    "Framework",
    "FrameworkError",
    "GapReport",
    "InvalidRequest",
    "PmopathError",
    "Problem",
    "Role",
    "UnknownRole",
    "UnknownTrack",
    "analyse_gap",
    "default_framework",
    "find_paths",
    "load_assessment",
    "load_framework",
]
__version__ = "0.1.0"
