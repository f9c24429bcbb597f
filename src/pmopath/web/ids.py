"""Ids in paths: one that no store can hold (0, negative, 2**31 or more) names nothing: 404.

Checked here, for every route, rather than route by route: a database refuses such a number
outright (PostgreSQL's integers stop at 2**31 - 1, SQLite's at 2**63 - 1), which would be a
500. Every integer path parameter counts, the routes' own and their dependencies'.
"""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from pmopath.domain.errors import NotFound
from pmopath.domain.ids import storable_id

_NAMES: dict[int, tuple[APIRoute, tuple[str, ...]]] = {}
"""Each route's integer path parameters, found on its first request, by the route's id (routes
cannot be hashed; the route is kept beside them, so its id is never another's)."""


def parts(dependant: Dependant) -> Iterator[Dependant]:
    """A route's dependant and each of its dependencies', depth first."""
    yield dependant
    for dependency in dependant.dependencies:
        yield from parts(dependency)


def integer_path_params(dependant: Dependant) -> tuple[str, ...]:
    """The names of the path parameters read as integers (ids, item numbers)."""
    return tuple(
        dict.fromkeys(
            field.name
            for part in parts(dependant)
            for field in part.path_params
            if field.field_info.annotation is int
        )
    )


async def ids_in_range(request: Request) -> None:
    """An app-wide dependency: raise NotFound for an integer path parameter out of range."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    known = _NAMES.get(id(route))
    if known is None:
        known = _NAMES[id(route)] = (route, integer_path_params(route.dependant))
    names = known[1]
    for name in names:
        text = request.path_params.get(name)
        try:
            value = int(text) if isinstance(text, str) and len(text) < 40 else None
        except ValueError:
            continue  # not a number: the route's validation answers 422
        if value is None or not storable_id(value):
            raise NotFound(name.removesuffix("_id").replace("_", " "), str(text)[:40])
