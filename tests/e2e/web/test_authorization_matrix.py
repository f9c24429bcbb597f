"""Walks every route x caller x owner in ``authorization.MATRIX`` and checks allow or deny."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from tests.e2e.web import authorization_rows  # noqa: F401 - registers every module's rows
from tests.e2e.web.authorization import ALLOW, ANON, CALLERS, MATRIX, Row
from tests.e2e.web.conftest import World, csrf_of, signed_in_world

UNKNOWN_ID = "987654"
NOT_CHECKED = {"/api/v1/openapi.json", "/api/docs", "/api/docs/oauth2-redirect"}
SIGNED_IN = tuple(caller for caller in CALLERS if caller != "anonymous")


@pytest.fixture
def matrix_world(request: pytest.FixtureRequest, database_kind: str) -> Iterator[World]:
    """The demo world with every caller but the anonymous one signed in (once, in the
    template), and stand-in PDFs: who may fetch a document is checked here, not its pages."""
    yield from signed_in_world(request, SIGNED_IN, fake_documents=True)


def _declared_routes(world: World) -> set[tuple[str, str]]:
    found = set()
    for prefix, router in world.app.state.mounted_routers:
        for route in router.routes:
            if isinstance(route, APIRoute) and prefix + route.path not in NOT_CHECKED:
                found |= {(method, prefix + route.path) for method in route.methods}
    return found


def test_every_route_has_a_row(world: World) -> None:
    covered = {(row.method, row.path) for row in MATRIX}
    declared = _declared_routes(world)
    assert len(declared) > 10
    missing = sorted(declared - covered)
    assert not missing, f"routes without an authorization row: {missing}"
    stale = sorted(covered - declared)
    assert not stale, f"rows for routes that no longer exist: {stale}"


def test_every_route_is_in_a_listed_router(world: World) -> None:
    """The rows are checked against ``mounted_routers``: nothing may be mounted beside them
    (a route added to the app itself would have no row and be walked by no test)."""
    beside = {
        path
        for route in world.app.router.routes
        if (path := getattr(route, "path", None)) is not None  # an included router has none
    }
    assert beside <= NOT_CHECKED | {"/static"}, sorted(beside - NOT_CHECKED - {"/static"})
    included = [r for r in world.app.router.routes if getattr(r, "path", None) is None]
    api_routers = [r for prefix, r in world.app.state.mounted_routers if prefix]
    assert len(included) == 1 + len(api_routers)  # the pages' router, and each API router


def _owner_id(world: World, owner: str) -> str:
    return UNKNOWN_ID if owner == "unknown" else str(world.person_id(owner))


def _path(world: World, row: Row, caller: str) -> str:
    values = row.params(world, row.owner) if row.params else {}
    if "{person_id}" in row.path and "person_id" not in values:
        values["person_id"] = _owner_id(world, row.owner)
    if "{role_id}" in row.path:
        values.setdefault("role_id", "pmo_manager")
    return row.path.format(**values)


def _client(world: World, caller: str) -> TestClient:
    """A new browser: with the caller's own session (each caller's from the template)."""
    return world.client() if caller == "anonymous" else world.signed_in(caller)


def _csrf(client: TestClient) -> str:
    page = client.get("/map")
    return csrf_of(page.text if page.status_code == 200 else client.get("/sign-in").text)


def _call(world: World, row: Row, caller: str) -> tuple[int, str]:
    client = _client(world, caller)
    token = _csrf(client)
    body = row.body(world) if row.body else None
    kwargs: dict[str, object] = {"params": dict(row.query), "follow_redirects": False}
    if row.form:
        kwargs["data"] = {**(body or {}), "csrf_token": token}
    elif body is not None:
        kwargs["json"] = body
    if row.method != "GET":
        kwargs["headers"] = {"X-CSRF-Token": token}
    answer = client.request(row.method, _path(world, row, caller), **kwargs)  # type: ignore[arg-type]
    return answer.status_code, answer.headers.get("location", "")


def _verdict(status: int, location: str) -> object:
    if status == 401 or (status == 303 and location.startswith("/sign-in")):
        return ANON
    if status < 400:
        return ALLOW
    return status


def _expected(row: Row, caller: str) -> object:
    if caller in row.expect:
        return row.expect[caller]
    return ANON if caller == "anonymous" else ALLOW


@pytest.mark.parametrize("row", MATRIX, ids=lambda r: f"{r.method} {r.path} [{r.owner}]")
def test_route_allows_and_denies(matrix_world: World, row: Row) -> None:
    world = matrix_world
    outcomes = {caller: _verdict(*_call(world, row, caller)) for caller in CALLERS}
    wanted = {caller: _expected(row, caller) for caller in CALLERS}
    assert outcomes == wanted
