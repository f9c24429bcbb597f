"""Keeping ``role_readiness`` current: everyone's readiness for every role of the active framework.

Writes that change what readiness depends on note it on their session (``note_person`` after a
person is added, assessed or erased; ``note_everyone`` when a framework is activated); the use
case then calls ``uow.readiness.refresh()`` (``bring_up_to_date``) before it commits, and the
unit of work refuses a commit with notes left, so the table changes in the same transaction as
the data it is derived from and can never be seen stale. Restore and
``db upgrade`` call ``rebuild``.

The figures come from ``pmopath.engine.readiness.readiness_table``: the one implementation of
the readiness model, which also gives one person's ``analyse_gap``, so they are the same
figures. ``role_readiness_basis`` records, per role, a fingerprint of what the figures were
computed from (the engine's ``basis``: the model's version, the critical cap and the
requirements); ``SqlInsightQueries.ready_for`` uses the stored figures only when it is asked
about a role defined exactly so, under the same model. numpy loads with the first computation:
reading the store needs none.

Erased people have no rows (they are left out of every organisation view).

Concurrent writers on PostgreSQL: a rebuild holds a transaction-level advisory lock that
refreshes share, so a refresh never writes figures of a framework that another transaction has
just replaced; and a refresh locks its people's rows first, so two transactions assessing the
same person one after the other (not both at once) replace each other's figures. SQLite has
one writer at a time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Table, bindparam, delete, select
from sqlalchemy.orm import Session
from sqlalchemy.schema import AddConstraint, CreateIndex, DropConstraint, DropIndex

from pmopath.adapters.db import change_stamp
from pmopath.adapters.db.bulk import write_rows
from pmopath.adapters.db.plain_rows import read
from pmopath.adapters.db.tables import (
    Base,
    CurrentLevelRow,
    FrameworkVersionRow,
    PersonRow,
)
from pmopath.adapters.framework_files import framework_from_data
from pmopath.domain.errors import FrameworkError
from pmopath.domain.framework import Framework, ReadinessRules, Role, Service
from pmopath.domain.readiness import StoredFigure

if TYPE_CHECKING:
    from pmopath.engine.readiness import LevelRows

READINESS: Table = Base.metadata.tables["role_readiness"]
BASIS: Table = Base.metadata.tables["role_readiness_basis"]
SERVICES: Table = Base.metadata.tables["service_coverage"]
DERIVED = (READINESS, BASIS, SERVICES)

_PENDING = "pmopath.role_readiness.pending"
_LOCK = 0x726F6C65  # the advisory lock of rebuilds (exclusive) and refreshes (shared)
_CHUNK = 500  # bound IN (...) lists for every database
_FRAMEWORKS: dict[str, Framework | None] = {}  # parsed active frameworks, by content hash
# A refresh's statements, built once (building them at each call cost more than running them)
_ACTIVE_HASH = select(FrameworkVersionRow.content_hash).where(FrameworkVersionRow.active)
_LIVE_PEOPLE = (
    select(PersonRow.id)
    .where(PersonRow.id.in_(bindparam("people", expanding=True)), PersonRow.erased_at.is_(None))
    .with_for_update(key_share=True)  # FOR NO KEY UPDATE: see the module docstring
)
_FORGET_READINESS = delete(READINESS).where(
    READINESS.c.person_id.in_(bindparam("people", expanding=True))
)
_FORGET_SERVICES = delete(SERVICES).where(
    SERVICES.c.person_id.in_(bindparam("people", expanding=True))
)
_LEVELS_OF = select(
    CurrentLevelRow.person_id, CurrentLevelRow.competency, CurrentLevelRow.level
).where(CurrentLevelRow.person_id.in_(bindparam("people", expanding=True)))
_KEPT_FRAMEWORKS = 8


@dataclass(frozen=True)
class _Ahead:
    """A person's figures worked out before the session wrote anything, from the levels the
    writes were to leave them with (``work_out_ahead``)."""

    framework: Framework
    levels: dict[str, int]
    readiness: list[tuple[Any, ...]]
    services: list[tuple[Any, ...]]


@dataclass
class _Pending:
    everyone: bool = False
    people: set[int] = field(default_factory=set)
    ahead: dict[int, _Ahead] = field(default_factory=dict)


def _pending(session: Session) -> _Pending:
    found = session.info.get(_PENDING)
    if found is None:
        found = session.info[_PENDING] = _Pending()
    assert isinstance(found, _Pending)
    return found


def note_person(session: Session, person_id: int) -> None:
    """The person's levels, existence or erasure changed in this session's transaction."""
    _pending(session).people.add(person_id)


def work_out_ahead(session: Session, person_id: int, levels: Mapping[str, int]) -> None:
    """Work out the person's figures now, from the current levels the session's writes are
    about to leave them with, so the refresh before the commit need only write them: on SQLite
    the computing is then done before the transaction takes the database's write lock (and on
    PostgreSQL before it takes the change stamp's row), not while every other writer waits. The
    refresh uses them only if the levels it reads then are these, under the same framework;
    otherwise it computes the figures as usual."""
    framework = active_framework(session.connection())
    if framework is None:
        return
    readiness, services = _figures(
        framework,
        [person_id],
        _columns([(person_id, competency, level) for competency, level in levels.items()]),
    )
    _pending(session).ahead[person_id] = _Ahead(framework, dict(levels), readiness, services)


def note_everyone(session: Session) -> None:
    """The active framework changed in this session's transaction."""
    _pending(session).everyone = True


def has_notes(session: Session) -> bool:
    """Whether the session's writes left derived readiness to bring up to date."""
    pending = session.info.get(_PENDING)
    return pending is not None and (pending.everyone or bool(pending.people))


def forget_notes(session: Session) -> None:
    """The transaction was rolled back: nothing to bring up to date."""
    session.info.pop(_PENDING, None)


def bring_up_to_date(session: Session) -> None:
    """Recompute what the session's writes made stale, inside its transaction (before commit)."""
    pending = session.info.pop(_PENDING, None)
    if pending is None or not (pending.everyone or pending.people):
        return
    session.flush()
    connection = session.connection()
    if pending.everyone:
        rebuild(connection)
    else:
        refresh(connection, pending.people, pending.ahead)


def fingerprint(role: Role, rules: ReadinessRules) -> str:
    """A hash of everything a role's figures depend on but the levels: the engine's ``basis``
    (the model's version, the cap, the awareness level, the counted requirements in order)."""
    from pmopath.engine.readiness import basis

    return hashlib.sha256(json.dumps(basis(role, rules)).encode("utf-8")).hexdigest()


_FIGURES_OF = (
    select(READINESS.c.role, READINESS.c.readiness, READINESS.c.months, BASIS.c.fingerprint)
    .join_from(READINESS, BASIS, BASIS.c.role == READINESS.c.role)
    .where(READINESS.c.person_id == bindparam("person_id"))
)
_FINGERPRINTS: dict[int, tuple[Framework, dict[str, str]]] = {}


def figures_of(session: Session, person_id: int, framework: Framework) -> dict[str, StoredFigure]:
    """A person's stored readiness and band months for each role of ``framework`` whose figures
    were computed for the role as it is defined now (the fingerprints match); other roles are
    left out, for the caller to compute."""
    expected = _fingerprints(framework)
    rows = read(session, _FIGURES_OF, {"person_id": person_id})
    return {
        row.role: StoredFigure(row.readiness, row.months)
        for row in rows
        if row.months is not None and expected.get(row.role) == row.fingerprint
    }


def _fingerprints(framework: Framework) -> dict[str, str]:
    """Each role's ``fingerprint``, computed once per framework object (a few kept)."""
    kept = _FINGERPRINTS.get(id(framework))
    if kept is not None and kept[0] is framework:
        return kept[1]
    found = {role.id: fingerprint(role, framework.rules) for role in framework.roles}
    if len(_FINGERPRINTS) >= _KEPT_FRAMEWORKS:
        _FINGERPRINTS.clear()
    _FINGERPRINTS[id(framework)] = (framework, found)
    return found


def active_framework(connection: Connection) -> Framework | None:
    """The active framework (parsed once per content), or None when none is active.

    Also None for stored content that is not a valid framework (only tests store such): with
    no roles to measure against, the derived tables stay empty and queries compute readiness.
    """
    content_hash = connection.scalar(_ACTIVE_HASH)
    if content_hash is None:
        return None
    if content_hash in _FRAMEWORKS:
        return _FRAMEWORKS[content_hash]
    content = connection.scalar(
        select(FrameworkVersionRow.content).where(FrameworkVersionRow.active)
    )
    try:
        framework: Framework | None = framework_from_data(content, "<the active framework>")
    except FrameworkError:
        framework = None
    if len(_FRAMEWORKS) >= _KEPT_FRAMEWORKS:
        _FRAMEWORKS.clear()
    _FRAMEWORKS[content_hash] = framework
    return framework


def clear(connection: Connection) -> None:
    """Empty the derived tables (TRUNCATE on PostgreSQL, which is transactional there)."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(
            "TRUNCATE role_readiness, role_readiness_basis, service_coverage"
        )
        return
    for table in DERIVED:
        connection.execute(table.delete())


def is_current(connection: Connection) -> bool:
    """True when the stored basis is that of the active framework, role for role."""
    framework = active_framework(connection)
    stored = dict(connection.execute(select(BASIS.c.role, BASIS.c.fingerprint)).all())
    if framework is None:
        return not stored
    return stored == _basis(framework)


def service_fingerprint(service: Service) -> str:
    """A hash of everything a service's stored coverage depends on but the levels."""
    from pmopath.engine.coverage import service_basis

    return hashlib.sha256(json.dumps(service_basis(service)).encode("utf-8")).hexdigest()


def _basis(framework: Framework) -> dict[str, str]:
    """Role id -> its figures' fingerprint, and ``service:<id>`` -> its coverage's."""
    from pmopath.engine.coverage import BASIS_PREFIX

    rules = framework.rules
    found = {role.id: fingerprint(role, rules) for role in framework.roles}
    found.update({BASIS_PREFIX + s.id: service_fingerprint(s) for s in framework.services})
    return found


def rebuild(
    connection: Connection,
    loaded: tuple[Sequence[int], LevelRows] | None = None,
) -> None:
    """Recompute everyone's readiness for every role of the active framework.

    ``loaded`` spares reading back what the caller has just written (restore): the ids of the
    people not erased, and every current level. The (role, readiness) index (and on
    PostgreSQL the reference to people) is dropped and made again after the rows are in.
    """
    change_stamp.bump(connection)  # before the lock: writers take the stamp, then this lock
    _lock(connection, shared=False)
    clear(connection)
    framework = active_framework(connection)
    if framework is None:
        return
    from pmopath.engine.coverage import service_gaps
    from pmopath.engine.readiness import readiness_table

    people, levels = loaded if loaded is not None else _everyone(connection)
    table = readiness_table(framework.roles, framework.rules, people, levels)
    with _checked_and_indexed_after(connection):
        write_rows(connection, READINESS, table.rows())
    if framework.services:
        write_rows(connection, SERVICES, service_gaps(framework.services, people, levels))
    _write_basis(connection, framework)


@contextmanager
def _checked_and_indexed_after(connection: Connection) -> Iterator[None]:
    """Build the (role, readiness) index, and on PostgreSQL check the person references, once
    after loading (in the caller's transaction) rather than row by row: a reference trigger
    per row cost more than computing the figures."""
    indexes = list(READINESS.indexes)
    references = (
        list(READINESS.foreign_key_constraints) if connection.dialect.name == "postgresql" else []
    )
    for index in indexes:
        connection.execute(DropIndex(index))
    for reference in references:
        connection.execute(DropConstraint(reference))
    yield
    for index in indexes:
        connection.execute(CreateIndex(index))
    for reference in references:
        connection.execute(AddConstraint(reference))


def _everyone(connection: Connection) -> tuple[Sequence[int], LevelRows]:
    """The ids of everyone not erased, and all current levels, read through the driver."""
    people = [
        person
        for (person,) in connection.exec_driver_sql("SELECT id FROM people WHERE erased_at IS NULL")
    ]
    rows = connection.exec_driver_sql(
        "SELECT person_id, competency, level FROM current_levels"
    ).fetchall()
    return people, _columns(rows)


def _columns(rows: Sequence[Sequence[Any]]) -> LevelRows:
    who, competency, level = (list(map(itemgetter(i), rows)) for i in range(3))
    return who, competency, level


def _lock(connection: Connection, *, shared: bool) -> None:
    if connection.dialect.name == "postgresql":
        kind = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
        connection.exec_driver_sql(f"SELECT {kind}({_LOCK})")


def _write_basis(connection: Connection, framework: Framework) -> None:
    basis = _basis(framework)
    if not basis:
        return
    connection.execute(
        BASIS.insert(), [{"role": key, "fingerprint": value} for key, value in basis.items()]
    )


def refresh(
    connection: Connection, person_ids: Iterable[int], ahead: Mapping[int, _Ahead] | None = None
) -> None:
    """Recompute the readiness of these people for every role of the active framework (a
    person's figures worked out ``ahead`` are written as they are when their levels are still
    the ones they were worked out from)."""
    _lock(connection, shared=True)
    framework = active_framework(connection)
    wanted = sorted(set(person_ids))
    for start in range(0, len(wanted), _CHUNK):
        chunk = {"people": wanted[start : start + _CHUNK]}  # the statements' parameters
        people = list(connection.scalars(_LIVE_PEOPLE, chunk))
        connection.execute(_FORGET_READINESS, chunk)
        connection.execute(_FORGET_SERVICES, chunk)
        if framework is None or not people:
            continue
        rows = connection.execute(_LEVELS_OF, {"people": people}).all()
        known = _still_current(ahead or {}, people, rows, framework)
        readiness, services = (
            (known.readiness, known.services)
            if known is not None
            else _figures(framework, people, _columns(rows))
        )
        write_rows(connection, READINESS, readiness)
        if services:
            write_rows(connection, SERVICES, services)


def _figures(
    framework: Framework, people: Sequence[int], levels: LevelRows
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The rows of ``role_readiness`` and ``service_coverage`` for these people."""
    from pmopath.engine.coverage import service_gaps
    from pmopath.engine.readiness import readiness_table

    table = readiness_table(framework.roles, framework.rules, people, levels)
    services = list(service_gaps(framework.services, people, levels)) if framework.services else []
    return list(table.rows()), services


def _still_current(
    ahead: Mapping[int, _Ahead],
    people: Sequence[int],
    rows: Sequence[Sequence[Any]],
    framework: Framework,
) -> _Ahead | None:
    """The figures worked out ahead for the one person refreshed, if their levels as read now
    and the framework are still those they were worked out from."""
    if len(people) != 1 or people[0] not in ahead:
        return None
    known = ahead[people[0]]
    levels = {competency: level for _, competency, level in rows}
    return known if known.framework is framework and known.levels == levels else None
