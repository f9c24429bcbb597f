"""The port to the career path search (Yen's k best paths under the expected-months model)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from pmopath.domain.assessment import Assessment
from pmopath.domain.framework import Framework, Role
from pmopath.domain.paths import CareerPath


class PathSearch(Protocol):
    """Up to ``k`` best distinct paths from ``source`` to ``target`` under domain/paths.py's
    model, best first; avoided roles and tracks never apply to the two ends."""

    def find(
        self,
        framework: Framework,
        source: Role,
        target: Role,
        *,
        assessment: Assessment | None,
        k: int,
        avoid_roles: Iterable[str],
        avoid_tracks: Iterable[str],
        max_steps: int | None,
    ) -> list[CareerPath]: ...
