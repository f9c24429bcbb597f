"""Succession and bench strength: for each role the framework marks critical, who holds it and
who could step in now, in about a year or in about two, from the readiness bands the store keeps
(``engine.advice``); and the roles with no successor."""

from __future__ import annotations

from dataclasses import dataclass

from pmopath.domain.framework import Role
from pmopath.domain.leader import Bucket, has_successor
from pmopath.domain.permissions import Viewer
from pmopath.services.insight.leader_scope import Scope, leader_scope
from pmopath.services.ports.leader import Successor
from pmopath.services.ports.store import Store

SHOWN = 5
"""Successors named per bucket on the page (the API and CSV can name them all)."""


@dataclass(frozen=True, slots=True)
class RoleBench:
    role: Role
    incumbents: int
    counts: dict[Bucket, int]
    successors: dict[Bucket, tuple[Successor, ...]]

    @property
    def has_successor(self) -> bool:
        return has_successor({bucket.value: n for bucket, n in self.counts.items()})


@dataclass(frozen=True, slots=True)
class Succession:
    scope: Scope
    roles: tuple[RoleBench, ...]

    @property
    def without_successor(self) -> tuple[RoleBench, ...]:
        return tuple(r for r in self.roles if not r.has_successor)


def succession(
    store: Store, viewer: Viewer, *, manager: str | None = None, limit: int | None = SHOWN
) -> Succession:
    """The bench of every critical role in the viewer's scope (``leader_scope``), ``limit``
    people named per bucket (None: all). Roles in the framework's order."""
    scope = leader_scope(store, viewer, manager)
    framework = store.framework
    critical = [role for role in framework.roles if role.critical]
    found = store.insight.benches(critical, rules=framework.rules, under=scope.under, limit=limit)
    benches = []
    for role in critical:
        bench = found[role.id]
        benches.append(
            RoleBench(
                role,
                bench.incumbents,
                {b: bench.counts.get(b.value, 0) for b in Bucket},
                {b: tuple(bench.named.get(b.value, ())) for b in Bucket},
            )
        )
    return Succession(scope, tuple(benches))
