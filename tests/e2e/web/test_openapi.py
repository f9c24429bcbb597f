"""The OpenAPI document describes every API route, and no page."""

from __future__ import annotations

from fastapi.routing import APIRoute

from tests.e2e.web.conftest import World


def test_openapi_lists_every_api_route_with_a_description(world: World) -> None:
    document = world.client().get("/api/v1/openapi.json").json()
    described = {
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method in operations
    }
    declared = {
        (method, prefix + route.path)
        for prefix, router in world.app.state.mounted_routers
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in route.methods
    }
    api = {entry for entry in declared if entry[1].startswith("/api/v1/")}
    assert api and api <= described
    assert not {path for _, path in described if not path.startswith("/api/v1/")}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert operation.get("description") or operation.get("summary"), (method, path)


def test_the_api_docs_page_is_served(world: World) -> None:
    answer = world.client().get("/api/docs")
    assert answer.status_code == 200
    assert "swagger" in answer.text.lower()


def test_the_api_docs_use_no_cdn_and_no_inline_script(world: World) -> None:
    client = world.client()
    page = client.get("/api/docs")
    assert "cdn" not in page.text.lower() and "<script>" not in page.text
    assert "script-src 'self';" in page.headers["content-security-policy"]
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
    assert client.get("/static/api-docs.js").status_code == 200
