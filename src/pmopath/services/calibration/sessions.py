"""Calibration sessions: an admin opens one over a group, sees the distribution of levels per
competency and the outliers, records decisions in it, and closes it."""

from __future__ import annotations

from dataclasses import dataclass

from pmopath.domain.calibration import (
    CalibrationDecision,
    CalibrationSession,
    GroupKind,
    Outlier,
    check_session_name,
    distribution,
    outliers,
)
from pmopath.domain.errors import Conflict, NotFound
from pmopath.domain.people import AuditEntry
from pmopath.domain.permissions import Viewer, require_admin
from pmopath.services.calibration.comparison import Flag, compare_people, flags_among
from pmopath.services.calibration.groups import Group, group_of
from pmopath.services.ports.repositories import UnitOfWork
from pmopath.services.ports.store import Store


@dataclass(frozen=True, slots=True)
class CompetencySpread:
    """How many of the group hold each level of the scale, and how many have none."""

    competency: str
    counts: tuple[int, ...]
    unrated: int


@dataclass(frozen=True, slots=True)
class SessionReport:
    session: CalibrationSession
    group: Group
    scale: tuple[int, ...]
    spreads: tuple[CompetencySpread, ...]
    outliers: tuple[Outlier, ...]
    flags: tuple[Flag, ...]
    decisions: tuple[CalibrationDecision, ...]
    names: dict[int, str]
    """Person id -> name, for everyone the report names (the group and the deciders)."""


def list_sessions(store: Store, *, viewer: Viewer) -> list[CalibrationSession]:
    """Every session, newest first (admins only)."""
    require_admin(viewer)
    with store.unit_of_work() as uow:
        return uow.calibration.sessions()


def session_of(store: Store, session_id: int, *, viewer: Viewer) -> CalibrationSession:
    """One session (admins only); NotFound when there is none with this number."""
    require_admin(viewer)
    with store.unit_of_work() as uow:
        return _session(uow, session_id)


def open_session(
    store: Store, name: str, kind: GroupKind, reference: str, *, viewer: Viewer, actor: str
) -> CalibrationSession:
    """Open a session over a group (admins only); raises InvalidRequest naming the field for a
    missing name or a group that cannot be named."""
    require_admin(viewer)
    title = check_session_name(name)
    now = store.clock()
    with store.unit_of_work() as uow:
        group = group_of(uow, store.framework, viewer, kind, reference)
        session = uow.calibration.add_session(
            CalibrationSession(None, title, kind, group.reference, now, actor)
        )
        uow.audit.record(
            AuditEntry(
                now,
                actor,
                "calibration.session_open",
                "calibration_session",
                str(session.id),
                None,
                {"name": title, "kind": kind.value, "group": group.reference},
            )
        )
        uow.commit()
        return session


def close_session(
    store: Store, session_id: int, *, viewer: Viewer, actor: str
) -> CalibrationSession:
    """Close an open session (admins only); NotFound for no such session, Conflict when it is
    already closed."""
    require_admin(viewer)
    now = store.clock()
    with store.unit_of_work() as uow:
        session = _session(uow, session_id)
        if not session.is_open:
            raise Conflict("the session is already closed")
        uow.calibration.close_session(session_id, now, actor)
        decided = len(uow.calibration.decisions_in(session_id))
        uow.audit.record(
            AuditEntry(
                now,
                actor,
                "calibration.session_close",
                "calibration_session",
                str(session_id),
                {"closed_at": None},
                {"closed_at": now.isoformat(), "decisions": decided},
            )
        )
        uow.commit()
        return _session(uow, session_id)


def session_report(store: Store, session_id: int, *, viewer: Viewer) -> SessionReport:
    """The session's group now: levels per competency, outliers, open flags, and the decisions
    made in it (admins only)."""
    require_admin(viewer)
    framework = store.framework
    scale = tuple(s.level for s in framework.scale.levels)
    with store.unit_of_work() as uow:
        session = _session(uow, session_id)
        group = group_of(uow, framework, viewer, session.kind, session.group)
        ids = [p.id for p in group.people if p.id is not None]
        current = uow.assessments.current_levels_of(ids)
        compared = compare_people(uow, framework.competencies, ids, store.ports.feedback_policy)
        decisions = uow.calibration.decisions_in(session_id)
        named = {d.person_id for d in decisions} | {
            d.decided_by_id for d in decisions if d.decided_by_id is not None
        }
        names = {p.id or 0: p.name for p in group.people}
        names.update({i: p.name for i, p in uow.people.by_ids(named - set(names)).items()})
    spreads = []
    for competency in framework.competencies:
        held = [levels[competency.id] for levels in current.values() if competency.id in levels]
        if not held:
            continue  # nobody in the group holds it: nothing to calibrate
        spreads.append(
            CompetencySpread(competency.id, tuple(distribution(held, scale)), len(ids) - len(held))
        )
    return SessionReport(
        session,
        group,
        scale,
        tuple(spreads),
        tuple(outliers(current)),
        tuple(flags_among(group.people, compared)),
        tuple(decisions),
        names,
    )


def _session(uow: UnitOfWork, session_id: int) -> CalibrationSession:
    session = uow.calibration.session(session_id)
    if session is None:
        raise NotFound("calibration session", str(session_id))
    return session
