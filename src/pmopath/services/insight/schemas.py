"""Response models of team insight: a manager's heatmap, and who is ready for a role."""

from __future__ import annotations

from typing import Literal

from pmopath.services.ports.schemas import Schema


class HeatCellPublic(Schema):
    """A report's level in one competency against their target's requirement."""

    level: int | None
    """Null: never assessed."""
    required: int | None
    """Null: the target does not require this competency (or there is no target)."""
    status: Literal["met", "short", "none"] | None
    """Against the requirement: met, below it, nothing at all; null when not required."""


class TeamRowPublic(Schema):
    """One direct report: primary target, readiness for it, and a cell per competency."""

    person_id: int
    name: str
    role: str | None
    target: str | None
    readiness: float | None
    """Readiness (0-100) for the target; null without a target the framework still has."""
    levels: dict[str, HeatCellPublic]
    """Competency -> cell, for every competency in ``competencies``."""


class TeamManager(Schema):
    person_id: int
    name: str


class TeamPublic(Schema):
    """A manager's direct reports: levels against their targets, and readiness."""

    manager: TeamManager
    competencies: list[str]
    data: list[TeamRowPublic]
    count: int


class ReadyPersonPublic(Schema):
    person_id: int
    name: str
    email: str | None
    readiness: float


class ReadyPublic(Schema):
    """Who is at least ``at_least``% ready for a role: ``count`` in all, ``data`` this page."""

    role: str
    at_least: float
    page: int
    per_page: int
    count: int
    data: list[ReadyPersonPublic]
