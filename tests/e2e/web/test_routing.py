"""Routing: pages and API side by side, an API request never tried against the pages."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.routing import APIRoute

from pmopath.web.app import API_PREFIX, PAGE_ROUTERS
from tests.e2e.web.conftest import World, sign_in


def test_no_page_lives_under_the_api_prefix() -> None:
    paths = [r.path for router in PAGE_ROUTERS for r in router.routes if isinstance(r, APIRoute)]
    assert len(paths) > 20 and not any(p.startswith(API_PREFIX) for p in paths)


def test_an_api_request_is_not_matched_against_any_page_route(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = sign_in(world.client(), "sam")
    asked: list[str] = []
    for router in PAGE_ROUTERS:
        for route in router.routes:
            if isinstance(route, APIRoute):

                def noted(scope: Any, route: APIRoute = route, matches: Any = route.matches) -> Any:
                    asked.append(route.path)
                    return matches(scope)

                monkeypatch.setattr(route, "matches", noted)
    assert client.get("/api/v1/me").json()["person"]["name"] == "Sam Patel"
    assert client.get("/api/v1/nowhere").status_code == 404
    assert asked == []
    assert client.get("/map").status_code == 200 and "/map" in asked  # pages still route
