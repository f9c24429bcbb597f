"""SQLAlchemy repositories: rows in, domain objects out."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, Row, Select, bindparam, delete, func, literal, or_, select, update
from sqlalchemy.orm import Session, aliased

from pmopath.adapters.db.plain_rows import plain, read
from pmopath.adapters.db.role_readiness import note_everyone, note_person, work_out_ahead
from pmopath.adapters.db.tables import (
    AssessmentLevelRow,
    AssessmentRow,
    AuditRow,
    CurrentLevelRow,
    FrameworkVersionRow,
    PersonRow,
    RoleSpellRow,
    TargetRow,
)
from pmopath.domain.accounts import email_forms, normalise_email
from pmopath.domain.audit import AuditQuery
from pmopath.domain.ids import storable_id
from pmopath.domain.people import (
    CURRENT_PICTURE_SOURCES,
    AssessmentSource,
    AuditEntry,
    Person,
    RecordedAssessment,
    RoleSpell,
    Target,
)

_MAX_CHAIN = 64
"""No management chain is deeper; a loop in the data stops here rather than spinning."""
_CHUNK = 500  # bound IN (...) lists for every database


# The reads every page makes, built once (adapters/db/plain_rows.py says why).
_PERSON_BY_ID = plain(PersonRow).where(PersonRow.id == bindparam("person_id"))
_PEOPLE_BY_IDS = plain(PersonRow).where(PersonRow.id.in_(bindparam("person_ids", expanding=True)))
_PEOPLE_BY_EMAIL = plain(PersonRow).where(PersonRow.email.in_(bindparam("emails", expanding=True)))
_HISTORY = (
    plain(RoleSpellRow)
    .where(RoleSpellRow.person_id == bindparam("person_id"))
    .order_by(RoleSpellRow.id)
)
_CURRENT_LEVELS = select(CurrentLevelRow.competency, CurrentLevelRow.level).where(
    CurrentLevelRow.person_id == bindparam("person_id")
)
_CURRENT_LEVEL_TIMES = select(
    CurrentLevelRow.competency, CurrentLevelRow.level, CurrentLevelRow.assessed_at
).where(CurrentLevelRow.person_id == bindparam("person_id"))
_CURRENT_LEVEL_ROWS = (
    select(CurrentLevelRow)
    .where(CurrentLevelRow.person_id == bindparam("person_id"))
    .execution_options(populate_existing=True)
)
_LOCK_PERSON = (  # FOR NO KEY UPDATE, as role_readiness.refresh locks its people
    select(PersonRow.id)
    .where(PersonRow.id == bindparam("person_id"))
    .with_for_update(key_share=True)
)
_ASSESSMENT_COUNT = (
    select(func.count())
    .select_from(AssessmentRow)
    .where(AssessmentRow.person_id == bindparam("person_id"))
)
_TARGETS = (
    select(TargetRow.role, TargetRow.is_primary)
    .where(TargetRow.person_id == bindparam("person_id"))
    .order_by(TargetRow.id)
)


def _person(row: PersonRow | Row[Any]) -> Person:
    return Person(row.id, row.email, row.name, row.role, row.role_since, row.manager_id, row.team)


def _person_values(person: Person) -> dict[str, object]:
    """The stored columns of a person, apart from the id and the timestamps."""
    return {
        "email": person.email,
        "name": person.name,
        "role": person.role,
        "role_since": person.role_since,
        "manager_id": person.manager_id,
        "team": person.team,
    }


class SqlPeople:
    def __init__(self, session: Session, clock: datetime) -> None:
        self.session = session
        self.now = clock

    def by_id(self, person_id: int) -> Person | None:
        if not storable_id(person_id):
            return None
        row = read(self.session, _PERSON_BY_ID, {"person_id": person_id}).first()
        return _person(row) if row else None

    def by_email(self, email: str) -> Person | None:
        forms = email_forms(normalise_email(email))  # an address stored before NFC too
        rows = read(self.session, _PEOPLE_BY_EMAIL, {"emails": forms}).all()
        row = min(rows, key=lambda r: forms.index(r.email or ""), default=None)
        return _person(row) if row else None

    def by_emails(self, emails: Iterable[str]) -> dict[str, Person]:
        wanted = sorted({f for e in emails for f in email_forms(normalise_email(e))})
        found: dict[str, Person] = {}
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            for row in read(self.session, _PEOPLE_BY_EMAIL, {"emails": chunk}):
                if row.email:  # keyed as asked: normalised (NFC), whatever form was stored
                    found.setdefault(normalise_email(row.email), _person(row))
        return found

    def by_ids(self, person_ids: Collection[int]) -> dict[int, Person]:
        wanted = sorted(set(person_ids))
        found: dict[int, Person] = {}
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            for row in read(self.session, _PEOPLE_BY_IDS, {"person_ids": chunk}):
                found[row.id] = _person(row)
        return found

    def add(self, person: Person) -> Person:
        row = PersonRow(**_person_values(person), created_at=self.now, updated_at=self.now)
        self.session.add(row)
        self.session.flush()
        note_person(self.session, row.id)
        return _person(row)

    def update(self, person: Person) -> None:
        self.session.execute(
            update(PersonRow)
            .where(PersonRow.id == person.id)
            .values(**_person_values(person), updated_at=self.now)
        )

    def everyone(self, *, team: str | None = None) -> list[Person]:
        query = plain(PersonRow).where(PersonRow.erased_at.is_(None)).order_by(PersonRow.name)
        if team is not None:
            query = query.where(PersonRow.team == team)
        return [_person(row) for row in self.session.execute(query)]

    def manager_links(self) -> dict[int, int]:
        # two integer columns for everyone, read straight from the driver's cursor: through the
        # ORM (or even Core's rows) they cost a team page more than all the rest of it in an
        # organisation of 20,000
        driver = self.session.connection().connection.dbapi_connection
        assert driver is not None
        cursor = driver.cursor()
        try:
            cursor.execute(_MANAGER_LINKS)
            return dict(cursor.fetchall())
        finally:
            cursor.close()

    def manager_links_below(self, manager_id: int) -> dict[int, int]:
        rows = read(self.session, _LINKS_BELOW, {"manager_id": manager_id})
        return {row.id: row.manager_id for row in rows}

    def managers_above(self, person_id: int) -> list[int]:
        chain = (
            select(PersonRow.manager_id.label("id"), literal(1).label("depth"))
            .where(PersonRow.id == person_id)
            .cte("chain", recursive=True)
        )
        above = aliased(PersonRow)
        chain = chain.union_all(
            select(above.manager_id, chain.c.depth + 1)
            .join(chain, above.id == chain.c.id)
            .where(chain.c.depth < _MAX_CHAIN)
        )
        found: list[int] = []
        for manager in self.session.scalars(
            select(chain.c.id).where(chain.c.id.is_not(None)).order_by(chain.c.depth)
        ):
            if manager in found or manager == person_id:
                break  # a loop in the data
            found.append(manager)
        return found

    def direct_reports(self, manager_id: int) -> set[int]:
        return set(
            self.session.scalars(
                select(PersonRow.id).where(
                    PersonRow.manager_id == manager_id, PersonRow.erased_at.is_(None)
                )
            )
        )

    def reports_under(self, manager_id: int) -> set[int]:
        below = (
            select(PersonRow.id.label("id"), literal(1).label("depth"))
            .where(PersonRow.manager_id == manager_id)
            .cte("below", recursive=True)
        )
        report = aliased(PersonRow)
        below = below.union_all(
            select(report.id, below.c.depth + 1)
            .join(below, report.manager_id == below.c.id)
            .where(below.c.depth < _MAX_CHAIN)
        )
        found = set(self.session.scalars(select(below.c.id).distinct()))
        found.discard(manager_id)  # a loop in the data
        return found

    def history(self, person_id: int) -> list[RoleSpell]:
        rows = read(self.session, _HISTORY, {"person_id": person_id})
        return [RoleSpell(r.role, r.started_on, r.ended_on, tuple(r.kinds or ())) for r in rows]

    def start_role(self, person_id: int, role: str, started_on: date | None) -> None:
        self.session.execute(
            update(RoleSpellRow)
            .where(RoleSpellRow.person_id == person_id, RoleSpellRow.ended_on.is_(None))
            .values(ended_on=started_on or self.now.date())
        )
        self.session.add(RoleSpellRow(person_id=person_id, role=role, started_on=started_on))


class SqlAssessments:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, assessment: RecordedAssessment) -> RecordedAssessment:
        current_picture = assessment.source in CURRENT_PICTURE_SOURCES
        if current_picture:  # before the first write: a prediction, checked at the refresh
            known = {
                row.competency: (row.level, row.assessed_at)
                for row in read(
                    self.session, _CURRENT_LEVEL_TIMES, {"person_id": assessment.person_id}
                )
            }
            after = {competency: level for competency, (level, _) in known.items()}
            after |= {
                c: level
                for c, level in assessment.levels.items()
                if c not in known or _as_utc(known[c][1]) <= assessment.assessed_at
            }
            work_out_ahead(self.session, assessment.person_id, after)
        row = AssessmentRow(
            person_id=assessment.person_id,
            framework_version_id=assessment.framework_version_id,
            source=assessment.source.value,
            assessor_id=assessment.assessor_id,
            assessed_at=assessment.assessed_at,
            note=assessment.note,
        )
        self.session.add(row)
        self.session.flush()
        self.session.add_all(
            AssessmentLevelRow(assessment_id=row.id, competency=c, level=level)
            for c, level in assessment.levels.items()
        )
        if current_picture:
            self._refresh_current(assessment, row.id)
            note_person(self.session, assessment.person_id)
        return RecordedAssessment(
            row.id,
            assessment.person_id,
            assessment.framework_version_id,
            assessment.source,
            dict(assessment.levels),
            assessment.assessed_at,
            assessment.assessor_id,
            assessment.note,
        )

    def _refresh_current(self, assessment: RecordedAssessment, assessment_id: int) -> None:
        """The newest rating of each competency wins; an older one arriving late does not.

        Read after this transaction's first write, with the person's row locked (PostgreSQL;
        SQLite's writers already take turns): another assessment of the person committed
        meanwhile is seen, not overwritten or added twice."""
        self.session.execute(_LOCK_PERSON, {"person_id": assessment.person_id})
        current = {
            row.competency: row
            for row in self.session.scalars(
                _CURRENT_LEVEL_ROWS, {"person_id": assessment.person_id}
            )
        }
        for competency, level in assessment.levels.items():
            row = current.get(competency)
            if row is None:
                self.session.add(
                    CurrentLevelRow(
                        person_id=assessment.person_id,
                        competency=competency,
                        level=level,
                        assessment_id=assessment_id,
                        assessed_at=assessment.assessed_at,
                    )
                )
            elif _as_utc(row.assessed_at) <= assessment.assessed_at:
                row.level, row.assessment_id = level, assessment_id
                row.assessed_at = assessment.assessed_at

    def current_levels(self, person_id: int) -> dict[str, int]:
        rows = read(self.session, _CURRENT_LEVELS, {"person_id": person_id})
        return {row.competency: row.level for row in rows}

    def current_levels_of(self, person_ids: Collection[int]) -> dict[int, dict[str, int]]:
        wanted = sorted(set(person_ids))
        found: dict[int, dict[str, int]] = {}
        for start in range(0, len(wanted), 500):  # bounded IN lists on every database
            rows = self.session.execute(
                select(
                    CurrentLevelRow.person_id, CurrentLevelRow.competency, CurrentLevelRow.level
                ).where(CurrentLevelRow.person_id.in_(wanted[start : start + 500]))
            )
            for person_id, competency, level in rows:
                found.setdefault(person_id, {})[competency] = level
        return found

    def count_for(self, person_id: int) -> int:
        return int(read(self.session, _ASSESSMENT_COUNT, {"person_id": person_id}).scalar() or 0)

    def for_person(self, person_id: int) -> list[RecordedAssessment]:
        rows = self.session.execute(
            select(AssessmentRow, AssessmentLevelRow.competency, AssessmentLevelRow.level)
            .outerjoin(AssessmentLevelRow, AssessmentLevelRow.assessment_id == AssessmentRow.id)
            .where(AssessmentRow.person_id == person_id)
            .order_by(AssessmentRow.assessed_at, AssessmentRow.id)
        )
        found: dict[int, tuple[AssessmentRow, dict[str, int]]] = {}
        for row, competency, level in rows:
            levels = found.setdefault(row.id, (row, {}))[1]
            if competency is not None:
                levels[competency] = level
        return [
            RecordedAssessment(
                row.id,
                row.person_id,
                row.framework_version_id,
                AssessmentSource(row.source),
                levels,
                _as_utc(row.assessed_at),
                row.assessor_id,
                row.note,
            )
            for row, levels in found.values()
        ]


def _as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class SqlTargets:
    def __init__(self, session: Session) -> None:
        self.session = session

    def for_person(self, person_id: int) -> list[Target]:
        rows = read(self.session, _TARGETS, {"person_id": person_id})
        return [Target(row.role, row.is_primary) for row in rows]

    def set(self, person_id: int, role: str, *, primary: bool, at: datetime) -> None:
        if primary:
            self.session.execute(
                update(TargetRow).where(TargetRow.person_id == person_id).values(is_primary=False)
            )
            self.session.flush()
        existing = self.session.scalar(
            select(TargetRow).where(TargetRow.person_id == person_id, TargetRow.role == role)
        )
        if existing is None:
            self.session.add(
                TargetRow(person_id=person_id, role=role, is_primary=primary, created_at=at)
            )
        elif primary:
            existing.is_primary = True

    def remove(self, person_id: int, role: str) -> None:
        self.session.execute(
            delete(TargetRow).where(TargetRow.person_id == person_id, TargetRow.role == role)
        )


def active_framework_id(engine: Engine) -> int | None:
    """The active framework version's id, read with one Core query (checked per web request)."""
    versions = FrameworkVersionRow.__table__
    with engine.connect() as connection:
        found = connection.execute(select(versions.c.id).where(versions.c.active)).scalar()
    return int(found) if found is not None else None


class SqlFrameworks:
    def __init__(self, session: Session) -> None:
        self.session = session

    def active(self) -> tuple[int, Mapping[str, Any]] | None:
        row = self.session.scalar(select(FrameworkVersionRow).where(FrameworkVersionRow.active))
        return (row.id, row.content) if row else None

    def active_id(self) -> int | None:
        return self.session.scalar(select(FrameworkVersionRow.id).where(FrameworkVersionRow.active))

    def by_hash(self, content_hash: str) -> int | None:
        return self.session.scalar(
            select(FrameworkVersionRow.id).where(FrameworkVersionRow.content_hash == content_hash)
        )

    def add(self, content: Mapping[str, Any], content_hash: str, at: datetime) -> int:
        row = FrameworkVersionRow(
            framework_id=str(content.get("id", "")),
            name=str(content.get("name", "")),
            version=str(content.get("version", "")),
            content_hash=content_hash,
            content=dict(content),
            loaded_at=at,
            active=False,
        )
        self.session.add(row)
        self.session.flush()
        return row.id

    def activate(self, version_id: int) -> None:
        self.session.execute(update(FrameworkVersionRow).values(active=False))
        self.session.flush()
        self.session.execute(
            update(FrameworkVersionRow)
            .where(FrameworkVersionRow.id == version_id)
            .values(active=True)
        )
        note_everyone(self.session)


class SqlAudit:
    def __init__(self, session: Session) -> None:
        self.session = session

    def record(self, entry: AuditEntry) -> None:
        self.session.add(
            AuditRow(
                at=entry.at,
                actor=entry.actor,
                action=entry.action,
                entity=entry.entity,
                entity_id=entry.entity_id,
                before=dict(entry.before) if entry.before is not None else None,
                after=dict(entry.after) if entry.after is not None else None,
            )
        )

    def entries(
        self, *, entity: str | None = None, entity_id: str | None = None
    ) -> Sequence[AuditEntry]:
        query = select(AuditRow).order_by(AuditRow.id)
        if entity is not None:
            query = query.where(AuditRow.entity == entity)
        if entity_id is not None:
            query = query.where(AuditRow.entity_id == entity_id)
        return [_audit_entry(r) for r in self.session.scalars(query)]

    def search(self, query: AuditQuery) -> Sequence[AuditEntry]:
        found = _audit_filtered(select(AuditRow), query).order_by(AuditRow.id.desc())
        if query.limit:
            found = found.limit(query.limit).offset(query.offset)
        return [_audit_entry(r) for r in self.session.scalars(found)]

    def count(self, query: AuditQuery) -> int:
        counted = _audit_filtered(select(func.count()).select_from(AuditRow), query)
        return int(self.session.scalar(counted) or 0)


def _links_below() -> Select[tuple[int, int]]:
    """Everyone below a manager (``manager_id``), with their manager: one recursive query."""
    first = (
        select(PersonRow.id, PersonRow.manager_id, literal(1).label("depth"))
        .where(
            PersonRow.manager_id == bindparam("manager_id"), PersonRow.id != PersonRow.manager_id
        )
        .cte("below", recursive=True)
    )
    report = aliased(PersonRow)
    below = first.union_all(
        select(report.id, report.manager_id, first.c.depth + 1)
        .join(first, report.manager_id == first.c.id)
        .where(first.c.depth < _MAX_CHAIN, report.id != report.manager_id)
    )
    return select(below.c.id, below.c.manager_id)


_LINKS_BELOW = _links_below()
_MANAGER_LINKS = (
    f"SELECT id, manager_id FROM {PersonRow.__tablename__} "
    "WHERE manager_id IS NOT NULL AND manager_id <> id"
)


def _audit_entry(row: AuditRow) -> AuditEntry:
    return AuditEntry(
        _as_utc(row.at), row.actor, row.action, row.entity, row.entity_id, row.before, row.after
    )


def _audit_filtered(statement: Any, query: AuditQuery) -> Any:
    """``statement`` narrowed by the query's filters (prefixes, part of the actor, a record,
    a time window); LIKE's own wildcards in what was typed are matched as themselves."""
    if query.actions:
        statement = statement.where(
            or_(*(AuditRow.action.like(_like(p) + "%", escape="\\") for p in query.actions))
        )
    if query.actor:
        pattern = "%" + _like(query.actor.lower()) + "%"
        statement = statement.where(func.lower(AuditRow.actor).like(pattern, escape="\\"))
    if query.entity:
        statement = statement.where(AuditRow.entity == query.entity)
    if query.entity_id:
        statement = statement.where(AuditRow.entity_id == query.entity_id)
    if query.since is not None:
        statement = statement.where(AuditRow.at >= query.since)
    if query.until is not None:
        statement = statement.where(AuditRow.at < query.until)
    return statement


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
