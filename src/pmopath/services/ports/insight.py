"""The port to the read-only queries behind team and organisation views (one person, a team,
who is ready for a role), each a fixed number of statements."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from pmopath.domain.framework import ReadinessRules, Role
from pmopath.domain.people import Person
from pmopath.services.ports.leader import LeaderQueries


@dataclass(frozen=True, slots=True)
class StoredLevels:
    """A person with their current levels (competency id -> level) and primary target role id."""

    person: Person
    levels: Mapping[str, int]
    primary_target: str | None


@dataclass(frozen=True, slots=True)
class ReadyPerson:
    """Someone at or above a readiness threshold for a role."""

    person_id: int
    name: str
    email: str | None
    readiness: float


class InsightQueries(LeaderQueries, Protocol):
    """Read-only queries over the store, each a fixed number of statements (with the leader's
    view's, ``leader.py``)."""

    def person(self, reference: str) -> Person | None:
        """The person with this numeric id or e-mail (one query)."""
        ...

    def stored_levels(self, person: Person) -> StoredLevels:
        """The person's current levels and primary target (two queries)."""
        ...

    def team_of(self, manager_id: int) -> list[StoredLevels]:
        """Every direct report of the manager, by name, with levels and target (three queries)."""
        ...

    def ready_for(self, role: Role, *, rules: ReadinessRules, at_least: float) -> list[ReadyPerson]:
        """Everyone whose readiness for ``role`` is at least ``at_least``, best first (two
        queries when the store holds figures for the role, three when it computes them).

        Readiness is the engine's ``analyse_gap`` figure exactly; people erased from the store
        are left out.
        """
        ...
