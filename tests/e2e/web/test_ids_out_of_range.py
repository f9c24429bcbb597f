"""Ids no store can hold (2**31 and more: PostgreSQL's integers; 2**63: SQLite's) are "not
found" on every route with an integer in its path, never a 500."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.routing import APIRoute

from pmopath.web.app import API_PREFIX, API_ROUTERS, PAGE_ROUTERS
from pmopath.web.ids import integer_path_params
from tests.e2e.web.conftest import World, page_csrf, signed_in_world

TOO_LARGE = (2**31, 2**63, 2**64)
PLACEHOLDER = re.compile(r"{([a-z_]+)(?::[a-z]+)?}")


def _routes_with_integer_ids() -> list[tuple[str, str, tuple[str, ...]]]:
    """Every (method, path, integer parameters) the app serves, from its routers."""
    mounted = [("", r) for r in PAGE_ROUTERS] + [(API_PREFIX, r) for r in API_ROUTERS]
    found = []
    for prefix, router in mounted:
        for route in router.routes:
            if isinstance(route, APIRoute) and (names := integer_path_params(route.dependant)):
                found += [(method, prefix + route.path, names) for method in route.methods]
    return sorted(found)


ROUTES = _routes_with_integer_ids()


@pytest.fixture
def admin_world(request: pytest.FixtureRequest, database_kind: str) -> Iterator[World]:
    yield from signed_in_world(request, ("admin",), fake_documents=True)


def test_the_routes_are_found() -> None:
    paths = {path for _, path, _ in ROUTES}
    assert "/api/v1/people/{person_id}" in paths and "/plans/{plan_id}/pdf" in paths
    assert len(ROUTES) > 30


@pytest.mark.parametrize(
    ("method", "path", "names"), ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES]
)
def test_an_id_out_of_range_is_not_found(
    admin_world: World, method: str, path: str, names: tuple[str, ...]
) -> None:
    client = admin_world.signed_in("admin")
    token = page_csrf(client, "/admin")
    for name in names:
        for value in TOO_LARGE:
            values = {n: str(value) if n == name else "1" for n in names}
            url = PLACEHOLDER.sub(lambda m, v=values: v.get(m.group(1), "pmo_manager"), path)
            answer = client.request(
                method,
                url,
                data={"csrf_token": token}
                if method != "GET" and not url.startswith("/api")
                else None,
                headers={"x-csrf-token": token},
                follow_redirects=False,
            )
            assert answer.status_code == 404, (url, answer.status_code, answer.text[:300])
