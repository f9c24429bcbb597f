"""Response models of the leader's view: capability coverage, succession and programme KPIs."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pmopath.services.ports.schemas import Schema, json_key


class ScopePublic(Schema):
    """Whose picture this is: everyone (``manager_id`` null) or a manager's tree."""

    manager_id: int | None
    manager_name: str | None
    label: str


class PersonRefPublic(Schema):
    person_id: int
    name: str


class NeedCoveragePublic(Schema):
    """One competency level a service needs, and how many hold it."""

    competency: str
    name: str
    level: int
    holders_now: int
    holders_in_12_months: int
    sole_holder: PersonRefPublic | None
    """The one person who holds it today (a single point of failure); null otherwise."""


class ServiceCoveragePublic(Schema):
    """A PMO service: who meets every level it needs, now and once agreed plans complete."""

    id: str
    name: str
    description: str
    meeting_now: int
    meeting_in_12_months: int
    risk: Literal["none", "single", "covered"]
    """Today: nobody meets it, a single point of failure, or covered."""
    risk_in_12_months: Literal["none", "single", "covered"]
    sole_person: PersonRefPublic | None
    """The one person who meets the service today, when exactly one does."""
    needs: list[NeedCoveragePublic]


class CoveragePublic(Schema):
    """Capability coverage of the framework's PMO services (GET /leader/coverage)."""

    scope: ScopePublic
    today: date
    horizon: date
    """Plan items due by this day count at their target level in the 12-month figures."""
    data: list[ServiceCoveragePublic]
    count: int


class SuccessorPublic(Schema):
    person_id: int
    name: str
    readiness: float
    months: int
    """Months of development to be ready (0: ready now)."""


class RoleBenchPublic(Schema):
    """A critical role's bench: holders, and successors by readiness band."""

    role: str
    title: str
    incumbents: int
    ready_now: int
    about_a_year: int
    two_years: int
    has_successor: bool
    """Someone is ready now or in about a year."""
    successors: dict[Literal["ready_now", "about_a_year", "two_years"], list[SuccessorPublic]]


class SuccessionPublic(Schema):
    """Succession for the framework's critical roles (GET /leader/succession)."""

    scope: ScopePublic
    data: list[RoleBenchPublic]
    count: int
    without_successor: list[str]
    """Ids of the critical roles with nobody ready now or in about a year."""


class KpiFigurePublic(Schema):
    value: float | None
    """Null: nothing to measure in the period."""
    detail: str


class KpiPublic(Schema):
    id: str
    title: str
    unit: Literal["percent", "count", "points", "days"]
    description: str
    higher_is_better: bool
    now: KpiFigurePublic
    previous: KpiFigurePublic
    change: float | None
    """Now less the previous period (null when either is)."""


class KpisPublic(Schema):
    """Programme KPIs over a period and the one before it (GET /leader/kpis)."""

    scope: ScopePublic
    from_: Annotated[date, json_key("from")]
    to: date
    previous_from: date
    previous_to: date
    data: list[KpiPublic]
    count: int
