"""The leader's view as response models and as CSV: one builder per part."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from pmopath.domain.framework import Framework
from pmopath.domain.leader import BUCKET_LABELS, Bucket
from pmopath.services.insight.coverage import Coverage
from pmopath.services.insight.leader_schemas import (
    CoveragePublic,
    KpiFigurePublic,
    KpiPublic,
    KpisPublic,
    NeedCoveragePublic,
    PersonRefPublic,
    RoleBenchPublic,
    ScopePublic,
    ServiceCoveragePublic,
    SuccessionPublic,
    SuccessorPublic,
)
from pmopath.services.insight.leader_scope import Scope
from pmopath.services.insight.programme import Figure, Programme
from pmopath.services.insight.succession import Succession


def scope_data(scope: Scope) -> ScopePublic:
    return ScopePublic(manager_id=scope.under, manager_name=scope.manager_name, label=scope.label)


def _person(person_id: int | None, names: dict[int, str]) -> PersonRefPublic | None:
    if person_id is None:
        return None
    return PersonRefPublic(person_id=person_id, name=names.get(person_id, ""))


def coverage_data(found: Coverage, framework: Framework) -> CoveragePublic:
    competencies = framework.competencies_by_id
    data = [
        ServiceCoveragePublic(
            id=s.service.id,
            name=s.service.name,
            description=s.service.description,
            meeting_now=s.now.count,
            meeting_in_12_months=s.later.count,
            risk=s.risk.value,
            risk_in_12_months=s.later_risk.value,
            sole_person=_person(s.now.sole, found.names),
            needs=[
                NeedCoveragePublic(
                    competency=n.competency,
                    name=competencies[n.competency].name,
                    level=n.level,
                    holders_now=n.now.count,
                    holders_in_12_months=n.later.count,
                    sole_holder=_person(n.now.sole, found.names),
                )
                for n in s.needs
            ],
        )
        for s in found.services
    ]
    return CoveragePublic(
        scope=scope_data(found.scope),
        today=found.today,
        horizon=found.horizon,
        data=data,
        count=len(data),
    )


def succession_data(found: Succession) -> SuccessionPublic:
    data = [
        RoleBenchPublic(
            role=r.role.id,
            title=r.role.title,
            incumbents=r.incumbents,
            ready_now=r.counts[Bucket.READY_NOW],
            about_a_year=r.counts[Bucket.ABOUT_A_YEAR],
            two_years=r.counts[Bucket.TWO_YEARS],
            has_successor=r.has_successor,
            successors={
                bucket.value: [
                    SuccessorPublic(
                        person_id=s.person_id,
                        name=s.name,
                        readiness=s.readiness,
                        months=int(s.months),
                    )
                    for s in r.successors[bucket]
                ]
                for bucket in Bucket
            },
        )
        for r in found.roles
    ]
    return SuccessionPublic(
        scope=scope_data(found.scope),
        data=data,
        count=len(data),
        without_successor=[r.role.id for r in found.without_successor],
    )


def _figure(figure: Figure) -> KpiFigurePublic:
    return KpiFigurePublic(value=figure.value, detail=figure.detail)


def kpis_data(found: Programme) -> KpisPublic:
    data = [
        KpiPublic(
            id=r.kpi.id,
            title=r.kpi.title,
            unit=r.kpi.unit,
            description=r.kpi.description,
            higher_is_better=r.kpi.higher_is_better,
            now=_figure(r.now),
            previous=_figure(r.before),
            change=r.change,
        )
        for r in found.results
    ]
    return KpisPublic(
        scope=scope_data(found.scope),
        from_=found.period.start,
        to=found.period.end,
        previous_from=found.previous.start,
        previous_to=found.previous.end,
        data=data,
        count=len(data),
    )


# ---- CSV ---------------------------------------------------------------------------------------


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else _safe(v) for v in row])
    return out.getvalue()


def _safe(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def coverage_csv(found: Coverage, framework: Framework) -> str:
    """One row per service and needed competency level."""
    competencies = framework.competencies_by_id
    rows = [
        (
            s.service.id,
            s.service.name,
            s.now.count,
            s.later.count,
            s.risk.value,
            found.names.get(s.now.sole) if s.now.sole is not None else "",
            n.competency,
            competencies[n.competency].name,
            n.level,
            n.now.count,
            n.later.count,
            found.names.get(n.now.sole) if n.now.sole is not None else "",
        )
        for s in found.services
        for n in s.needs
    ]
    header = (
        "service",
        "service_name",
        "meeting_now",
        "meeting_in_12_months",
        "risk",
        "sole_person",
        "competency",
        "competency_name",
        "level",
        "holders_now",
        "holders_in_12_months",
        "sole_holder",
    )
    return _csv(header, rows)


def succession_csv(found: Succession) -> str:
    """One row per critical role and successor (a role without any: one row, no person)."""
    rows: list[tuple[object, ...]] = []
    for r in found.roles:
        named = [(b, s) for b in Bucket for s in r.successors[b]]
        base = (r.role.id, r.role.title, r.incumbents, "yes" if r.has_successor else "no")
        if not named:
            rows.append((*base, "", "", "", "", ""))
        for bucket, s in named:
            rows.append(
                (
                    *base,
                    BUCKET_LABELS[bucket],
                    s.person_id,
                    s.name,
                    round(s.readiness, 1),
                    int(s.months),
                )
            )
    header = (
        "role",
        "role_title",
        "incumbents",
        "has_successor",
        "band",
        "person_id",
        "name",
        "readiness",
        "months_to_ready",
    )
    return _csv(header, rows)


def kpis_csv(found: Programme) -> str:
    """One row per KPI: the period's figure and the previous one's."""
    rows = [
        (
            r.kpi.id,
            r.kpi.title,
            r.kpi.unit,
            found.period.start.isoformat(),
            found.period.end.isoformat(),
            _round(r.now.value),
            r.now.detail,
            found.previous.start.isoformat(),
            found.previous.end.isoformat(),
            _round(r.before.value),
            r.before.detail,
            _round(r.change),
        )
        for r in found.results
    ]
    header = (
        "kpi",
        "title",
        "unit",
        "from",
        "to",
        "value",
        "detail",
        "previous_from",
        "previous_to",
        "previous_value",
        "previous_detail",
        "change",
    )
    return _csv(header, rows)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
