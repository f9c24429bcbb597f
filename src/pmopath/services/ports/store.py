"""The store: what every stored use case runs through (units of work, the active framework, the
clock and the other ports)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from pmopath.domain.framework import Framework
from pmopath.services.ports.repositories import UnitOfWork
from pmopath.services.ports.solver import MilpSolver

UnitOfWorkFactory = Callable[[], UnitOfWork]


@dataclass(frozen=True, slots=True)
class Store:
    """What the stored use cases need: units of work, the active framework, and its version."""

    unit_of_work: UnitOfWorkFactory
    framework: Framework
    framework_version_id: int
    clock: Callable[[], datetime]
    close: Callable[[], None] = lambda: None
    """Releases the database connections; ``with store:`` calls it on the way out."""
    milp: MilpSolver | None = None
    """The solver plans are optimised with (None: a store that never optimises plans)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
