"""Response models of team insight: a manager's heatmap, and who is ready for a role."""

from __future__ import annotations

from typing import Annotated, Literal

from pmopath.services.careers.schemas import PathPublic
from pmopath.services.ports.schemas import Schema, json_key


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


class MapTrackPublic(Schema):
    """A track of the career map: a lane of the picture and a column of the grid."""

    id: str
    name: str


BandName = Literal["ready_now", "ready_in", "stretch"]


class MapRolePublic(Schema):
    """A role on the career map, with where the signed-in person stands for it."""

    id: str
    title: str
    track: str
    seniority: int
    readiness: float | None
    """The person's readiness (0-100, rounded down to 0.1); null for an account with no person."""
    band: BandName | None
    """The readiness band; null for an account with no person."""
    band_label: str | None
    """The band in words: "Ready now", "Ready in about 4 months", "Stretch"."""
    current: bool
    """The person's current role."""
    target: bool
    """The person's primary target (or the destination asked for)."""
    on_route: bool
    """On the chosen route (its two ends included)."""


class MapRoutePublic(Schema):
    """A route between two roles on the career map."""

    from_: Annotated[str, json_key("from")]
    to: str
    kind: str
    typical_months: int
    on_route: bool
    """A step of the chosen route."""


class CareerMapPicturePublic(Schema):
    """The career map as a picture: tracks, roles with readiness, routes, and what is
    highlighted for the signed-in person (GET /map.json)."""

    tracks: list[MapTrackPublic]
    roles: list[MapRolePublic]
    routes: list[MapRoutePublic]
    current: str | None
    target: str | None
    route: PathPublic | None
    """Null without a current role and a target, or when no route leads there."""
