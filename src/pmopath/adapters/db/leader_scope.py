"""The leader's view's scope: the tables it reads, a manager's tree as a recursive query, and
the scope of one question (everyone but the erased, a small tree's ids, or a large tree's
query), resolved once per question."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, and_, literal, select, true

from pmopath.adapters.db.tables import Base
from pmopath.services.ports.leader import Holders

PEOPLE: Table = Base.metadata.tables["people"]
LEVELS: Table = Base.metadata.tables["current_levels"]
PLANS: Table = Base.metadata.tables["plans"]
ITEMS: Table = Base.metadata.tables["plan_items"]
CHECKINS: Table = Base.metadata.tables["checkins"]
TARGETS: Table = Base.metadata.tables["targets"]
CREDENTIALS: Table = Base.metadata.tables["person_credentials"]
SPELLS: Table = Base.metadata.tables["role_history"]

SERVICES: Table = Base.metadata.tables["service_coverage"]

MAX_DEPTH = 64  # as the repositories' reports_under: a loop in the data ends here
CHUNK = 1_000
BUCKETS = (("ready_now", 0.0, 0.0), ("about_a_year", 0.5, 12.0), ("two_years", 12.5, 24.0))
"""Bucket -> band months (inclusive): 0 is ready now; months are whole numbers."""
FEW = 2_000
"""A scope up to this size is read whole (its levels, plans, figures) and counted here."""


def tree_below(under: int) -> Any:
    """The ids of everyone below ``under`` (a recursive query; the erased are left out by the
    caller, whose list of them is short)."""
    below = (
        select(PEOPLE.c.id.label("id"), literal(1).label("depth"))
        .where(PEOPLE.c.manager_id == under, PEOPLE.c.id != under)
        .cte("below", recursive=True)
    )
    report = PEOPLE.alias("report")
    below = below.union_all(
        select(report.c.id, below.c.depth + 1)
        .join(below, report.c.manager_id == below.c.id)
        .where(below.c.depth < MAX_DEPTH, report.c.id != under)
    )
    return select(below.c.id).distinct()


@dataclass(frozen=True, slots=True)
class Scope:
    """Everyone but the ``erased``, a small tree's ``ids`` or a large tree's query."""

    erased: list[int]
    ids: list[int] | None = None
    tree: Any = None

    def holds(self, column: Any) -> Any:
        """A condition on a person id column: in the scope."""
        if self.ids is not None:
            return column.in_(self.ids)
        kept = column.not_in(self.erased) if self.erased else true()
        if self.tree is not None:
            return and_(column.in_(self.tree), kept)
        return kept


def resolve_scope(connection: Connection, under: int | None) -> Scope:
    """The scope, resolved once per question: the erased (by their index: few), and a tree's
    ids when it is small enough to read whole."""
    erased = sorted(connection.scalars(select(PEOPLE.c.id).where(PEOPLE.c.erased_at.is_not(None))))
    if under is None:
        return Scope(erased)
    gone = set(erased)
    ids = sorted(i for i in connection.scalars(tree_below(under)) if i not in gone)
    return Scope(erased, ids=ids) if len(ids) <= FEW else Scope(erased, tree=tree_below(under))


def count_holders(connection: Connection, query: Any) -> Holders:
    """``query`` selects count(*) and min(person id)."""
    count, low = connection.execute(query).one()
    return Holders(int(count), int(low) if count == 1 else None)
