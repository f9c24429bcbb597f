"""Plans, their items, check-ins and evidence in SQL; saving a stale plan is refused."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Row, Select, bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from pmopath.adapters.db.plain_rows import plain, read
from pmopath.adapters.db.tables import CheckInRow, EvidenceRow, PlanItemRow, PlanRow
from pmopath.domain.errors import Conflict
from pmopath.domain.ids import storable_id
from pmopath.domain.plans import CheckIn, Evidence, ItemStatus, Plan, PlanItem, PlanStatus
from pmopath.domain.reviews import Cadence

# Reads built once (adapters/db/plain_rows.py says why).
_PLAN = plain(PlanRow).where(PlanRow.id == bindparam("plan_id"))
_PLANS_OF = (
    plain(PlanRow)
    .where(PlanRow.person_id.in_(bindparam("person_ids", expanding=True)))
    .order_by(PlanRow.id)
)
_PLANS_WITH_STATUS = (
    plain(PlanRow).where(PlanRow.status == bindparam("status")).order_by(PlanRow.id)
)
_ITEMS_OF = (
    plain(PlanItemRow)
    .where(PlanItemRow.plan_id.in_(bindparam("plan_ids", expanding=True)))
    .order_by(PlanItemRow.id)
)
_CHECKINS = (
    plain(CheckInRow).where(CheckInRow.plan_id == bindparam("plan_id")).order_by(CheckInRow.held_on)
)

_LAST_OF_EACH_DAY = (
    select(func.max(CheckInRow.id))
    .where(CheckInRow.plan_id == bindparam("plan_id"))
    .group_by(CheckInRow.held_on)
    .order_by(CheckInRow.held_on.desc())
    .limit(bindparam("days"))
)
_READINESS_BY_DAY = (
    select(CheckInRow.held_on, CheckInRow.readiness)
    .where(CheckInRow.id.in_(_LAST_OF_EACH_DAY))
    .order_by(CheckInRow.held_on)
)


def _item(row: PlanItemRow | Row[Any]) -> PlanItem:
    return PlanItem(
        row.competency,
        row.action_id,
        row.free_text,
        row.target_level,
        row.start_on,
        row.due_on,
        ItemStatus(row.status),
        row.effort_hours,
        row.id,
        row.mentoring_goal_id,
    )


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _without_ids(items: Iterable[PlanItem]) -> list[PlanItem]:
    return [replace(item, id=None) for item in items]


def _plan(row: PlanRow | Row[Any], items: Iterable[PlanItemRow | Row[Any]]) -> Plan:
    return Plan(
        row.id,
        row.person_id,
        row.target_role,
        row.framework_version_id,
        PlanStatus(row.status),
        tuple(_item(i) for i in items),
        row.revision,
        row.version,
        row.comment,
        row.agreed_by_id,
        _utc(row.agreed_at),
        Cadence(row.review_cadence),
    )


class SqlPlans:
    def __init__(self, session: Session, now: datetime) -> None:
        self.session, self.now = session, now

    def add(self, plan: Plan) -> Plan:
        row = PlanRow(
            person_id=plan.person_id,
            target_role=plan.target_role,
            framework_version_id=plan.framework_version_id,
            version=plan.version,
            revision=1,
            status=plan.status.value,
            comment=plan.comment,
            review_cadence=plan.cadence.value,
            created_at=self.now,
            updated_at=self.now,
        )
        self.session.add(row)
        self.session.flush()
        self._write_items(row.id, plan.items)
        found = self.get(row.id)
        assert found is not None
        return found

    def get(self, plan_id: int) -> Plan | None:
        if not storable_id(plan_id):
            return None
        row = read(self.session, _PLAN, {"plan_id": plan_id}).first()
        if row is None:
            return None
        return _plan(row, read(self.session, _ITEMS_OF, {"plan_ids": [plan_id]}))

    def with_status(self, status: PlanStatus) -> list[Plan]:
        """Every plan in ``status`` with its items, in two queries."""
        return self._with_items(_PLANS_WITH_STATUS, {"status": status.value})

    def for_people(self, person_ids: Collection[int]) -> list[Plan]:
        """The plans of these people with their items, in two queries per 500 people."""
        wanted = sorted(set(person_ids))
        found: list[Plan] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            found += self._with_items(_PLANS_OF, {"person_ids": chunk})
        return found

    def _with_items(self, query: Select[Any], parameters: dict[str, Any]) -> list[Plan]:
        rows = list(read(self.session, query, parameters))
        items: dict[int, list[Row[Any]]] = {row.id: [] for row in rows}
        if rows:
            for item in read(self.session, _ITEMS_OF, {"plan_ids": list(items)}):
                items[item.plan_id].append(item)
        return [_plan(row, items[row.id]) for row in rows]

    def for_person(self, person_id: int) -> list[Plan]:
        return self.for_people([person_id])

    def save(self, plan: Plan, expected_revision: int) -> Plan:
        """Store ``plan`` if nobody saved it since ``expected_revision``; else raise Conflict."""
        assert plan.id is not None
        # the items as stored, read before the first write (on SQLite, before the transaction
        # takes the database's write lock): a save that keeps them leaves their rows alone. The
        # revision check below fails if anyone saved the plan since this read. An erasure
        # blanks items' text without a save: rows left alone keep that (a rewrite from what was
        # read here would undo it, as every save did before).
        stored = [_item(row) for row in read(self.session, _ITEMS_OF, {"plan_ids": [plan.id]})]
        keeps_items = _without_ids(stored) == _without_ids(plan.items)
        changed = self.session.execute(
            update(PlanRow)
            .where(PlanRow.id == plan.id, PlanRow.revision == expected_revision)
            .values(
                status=plan.status.value,
                target_role=plan.target_role,
                comment=plan.comment,
                version=plan.version,
                agreed_by_id=plan.agreed_by_id,
                agreed_at=plan.agreed_at,
                review_cadence=plan.cadence.value,
                revision=PlanRow.revision + 1,
                updated_at=self.now,
            )
        )
        if changed.rowcount != 1:  # type: ignore[attr-defined]
            raise Conflict(
                f"plan #{plan.id} was changed by someone else since revision {expected_revision}; "
                "reload it and try again"
            )
        if not keeps_items:
            self.session.execute(delete(PlanItemRow).where(PlanItemRow.plan_id == plan.id))
            self._write_items(plan.id, plan.items)
        found = self.get(plan.id)
        assert found is not None
        return found

    def _write_items(self, plan_id: int, items: tuple[PlanItem, ...]) -> None:
        self.session.add_all(
            PlanItemRow(
                plan_id=plan_id,
                competency=i.competency,
                action_id=i.action_id,
                free_text=i.free_text,
                target_level=i.target_level,
                start_on=i.start_on,
                due_on=i.due_on,
                status=i.status.value,
                effort_hours=i.effort_hours,
                mentoring_goal_id=i.mentoring_goal_id,
            )
            for i in items
        )
        self.session.flush()

    def add_checkin(self, checkin: CheckIn) -> CheckIn:
        row = CheckInRow(
            plan_id=checkin.plan_id,
            held_on=checkin.held_on,
            notes=checkin.notes,
            progress=dict(checkin.progress),
            levels=dict(checkin.levels),
            readiness=checkin.readiness,
        )
        self.session.add(row)
        self.session.flush()
        return CheckIn(
            row.plan_id, row.held_on, row.notes, row.progress, row.levels, row.readiness, row.id
        )

    def checkins(self, plan_id: int) -> list[CheckIn]:
        rows = read(self.session, _CHECKINS, {"plan_id": plan_id})
        return [
            CheckIn(r.plan_id, r.held_on, r.notes, r.progress, r.levels, r.readiness, r.id)
            for r in rows
        ]

    def readiness_by_day(self, plan_id: int, days: int) -> list[tuple[date, float]]:
        if days <= 0 or not storable_id(plan_id):
            return []
        rows = read(self.session, _READINESS_BY_DAY, {"plan_id": plan_id, "days": days})
        return [(row.held_on, row.readiness) for row in rows]

    def last_checkins(self, plan_ids: Collection[int]) -> dict[int, date]:
        wanted = sorted(set(plan_ids))
        found: dict[int, date] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            latest = (
                select(CheckInRow.plan_id, func.max(CheckInRow.held_on).label("held_on"))
                .where(CheckInRow.plan_id.in_(chunk))
                .group_by(CheckInRow.plan_id)
            )
            found.update((row.plan_id, row.held_on) for row in self.session.execute(latest))
        return found

    def add_evidence(self, evidence: Evidence) -> Evidence:
        row = EvidenceRow(
            person_id=evidence.person_id,
            title=evidence.title,
            happened_on=evidence.happened_on,
            description=evidence.description,
            impact=evidence.impact,
            competencies=list(evidence.competencies),
            verified_by_id=evidence.verified_by_id,
            created_at=self.now,
            situation=evidence.situation,
            task=evidence.task,
            action=evidence.action,
            result=evidence.result,
        )
        self.session.add(row)
        self.session.flush()
        return _evidence(row)

    def evidence_for(self, person_id: int) -> list[Evidence]:
        rows = self.session.scalars(
            select(EvidenceRow)
            .where(EvidenceRow.person_id == person_id)
            .order_by(EvidenceRow.happened_on)
        )
        return [_evidence(r) for r in rows]

    def evidence_by_id(self, evidence_id: int) -> Evidence | None:
        if not storable_id(evidence_id):
            return None
        r = self.session.get(EvidenceRow, evidence_id)
        if r is None:
            return None
        return _evidence(r)

    def verify_evidence(self, evidence_id: int, verifier_id: int) -> None:
        self.session.execute(
            update(EvidenceRow)
            .where(EvidenceRow.id == evidence_id)
            .values(verified_by_id=verifier_id)
        )


def _evidence(row: EvidenceRow) -> Evidence:
    return Evidence(
        row.person_id,
        row.title,
        row.happened_on,
        tuple(row.competencies),
        row.description,
        row.impact,
        row.verified_by_id,
        row.id,
        situation=row.situation or "",
        task=row.task or "",
        action=row.action or "",
        result=row.result or "",
    )
