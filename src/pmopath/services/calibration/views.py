"""Calibration's results as their JSON shapes (services/calibration/schemas.py)."""

from __future__ import annotations

from collections.abc import Mapping

from pmopath.domain.calibration import CalibrationDecision, CalibrationSession, PeerLevel
from pmopath.services.calibration.comparison import Flag
from pmopath.services.calibration.decisions import PersonCalibration
from pmopath.services.calibration.flags import FlagsReport
from pmopath.services.calibration.schemas import (
    DecisionPublic,
    EvidenceCountPublic,
    FlagPublic,
    FlagsPublic,
    LevelsComparedPublic,
    OutlierPublic,
    PeerLevelPublic,
    PersonCalibrationPublic,
    SessionPublic,
    SessionReportPublic,
    SessionsPublic,
    SpreadPublic,
)
from pmopath.services.calibration.sessions import SessionReport


def _peer(found: PeerLevel | None) -> PeerLevelPublic | None:
    return PeerLevelPublic(level=found.level, responses=found.responses) if found else None


def decision_view(decision: CalibrationDecision, names: Mapping[int, str]) -> DecisionPublic:
    by = names.get(decision.decided_by_id or 0, decision.actor)
    return DecisionPublic(
        id=decision.id,
        person_id=decision.person_id,
        person=names.get(decision.person_id, ""),
        competency=decision.competency,
        level=decision.level,
        previous_level=decision.previous_level,
        reason=decision.reason,
        decided_at=decision.decided_at,
        decided_by=by,
        session_id=decision.session_id,
    )


def person_calibration_view(found: PersonCalibration) -> PersonCalibrationPublic:
    assert found.person.id is not None
    names = {**found.names, found.person.id: found.person.name}
    return PersonCalibrationPublic(
        person_id=found.person.id,
        name=found.person.name,
        may_calibrate=found.may_calibrate,
        levels=[
            LevelsComparedPublic(
                competency=row.competency,
                self_level=row.self_level,
                manager_level=row.manager_level,
                peer=_peer(row.peer),
                evidence_level=row.evidence_level,
                feedback=_peer(row.feedback),
                current=row.current,
                spread=row.spread,
                flagged=row.flagged,
                calibrated=decision_view(row.calibrated, names) if row.calibrated else None,
            )
            for row in found.rows
        ],
        decisions=[decision_view(d, names) for d in found.decisions],
        evidence={
            c: EvidenceCountPublic(logged=n, verified=v) for c, (n, v) in found.logged.items()
        },
    )


def flag_view(flag: Flag) -> FlagPublic:
    return FlagPublic(
        person_id=flag.person.id or 0,
        name=flag.person.name,
        competency=flag.row.competency,
        levels=flag.row.given(),
        spread=flag.row.spread,
        current=flag.row.current,
    )


def flags_view(report: FlagsReport) -> FlagsPublic:
    return FlagsPublic(
        group=report.group.label,
        people=len(report.group.people),
        calibrated=report.calibrated,
        data=[flag_view(f) for f in report.flags],
        count=len(report.flags),
    )


def session_view(session: CalibrationSession) -> SessionPublic:
    return SessionPublic(
        id=session.id,
        name=session.name,
        kind=session.kind,
        group=session.group,
        opened_at=session.opened_at,
        opened_by=session.opened_by,
        closed_at=session.closed_at,
        closed_by=session.closed_by,
        is_open=session.is_open,
    )


def sessions_view(sessions: list[CalibrationSession]) -> SessionsPublic:
    return SessionsPublic(data=[session_view(s) for s in sessions], count=len(sessions))


def session_report_view(report: SessionReport) -> SessionReportPublic:
    return SessionReportPublic(
        session=session_view(report.session),
        group=report.group.label,
        people=len(report.group.people),
        distribution=[
            SpreadPublic(
                competency=s.competency,
                counts={str(level): n for level, n in zip(report.scale, s.counts, strict=True)},
                unrated=s.unrated,
            )
            for s in report.spreads
        ],
        outliers=[
            OutlierPublic(
                person_id=o.person_id,
                name=report.names.get(o.person_id, ""),
                competency=o.competency,
                level=o.level,
                median=o.median,
            )
            for o in report.outliers
        ],
        flags=[flag_view(f) for f in report.flags],
        decisions=[decision_view(d, report.names) for d in report.decisions],
    )
