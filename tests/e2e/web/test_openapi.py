"""The OpenAPI document describes every API route (its answer and its errors), and no page;
and what the routes answer is what their models say."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pydantic import BaseModel

from pmopath.services.accounts import tokens as accounts
from pmopath.services.people.schemas import ImportPublic
from pmopath.services.ports.schemas import ErrorPublic
from tests.e2e.web import authorization_rows  # noqa: F401 - registers every module's rows
from tests.e2e.web.authorization import ALLOW, MATRIX, Row
from tests.e2e.web.conftest import World, email

API = "/api/v1/"
ERROR_BODY = {"$ref": "#/components/schemas/ErrorPublic"}
CALLERS = ("sam", "maria", "alex", "admin", "priya")
"""Who calls a route to see its answer: the first of these it allows."""


def _document(world: World) -> dict[str, Any]:
    document: dict[str, Any] = world.client().get("/api/v1/openapi.json").json()
    return document


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    ]


def _api_routes(world: World) -> dict[tuple[str, str], APIRoute]:
    return {
        (method, prefix + route.path): route
        for prefix, router in world.app.state.mounted_routers
        for route in router.routes
        if isinstance(route, APIRoute) and (prefix + route.path).startswith(API)
        for method in route.methods
    }


def test_openapi_lists_every_api_route_with_a_description(world: World) -> None:
    document = _document(world)
    described = {(method, path) for method, path, _ in _operations(document)}
    api = set(_api_routes(world))
    assert api and api <= described
    assert not {path for _, path in described if not path.startswith(API)}
    for method, path, operation in _operations(document):
        assert operation.get("description") or operation.get("summary"), (method, path)


def _success(operation: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    answers = [(status, r) for status, r in operation["responses"].items() if status[0] == "2"]
    assert len(answers) == 1, f"one success answer, not {[s for s, _ in answers]}"
    return answers[0]


def test_every_api_route_declares_the_body_of_its_answer(world: World) -> None:
    """A JSON answer names a model with properties (never a bare object); a file its media
    type; 204 nothing."""
    document = _document(world)
    schemas = document["components"]["schemas"]
    for method, path, operation in _operations(document):
        status, answer = _success(operation)
        content = answer.get("content", {})
        if status == "204":
            assert not content, (method, path)
            continue
        assert content, f"{method} {path}: no body declared"
        if "application/json" not in content:
            assert all(c.get("schema") for c in content.values()), (method, path)
            continue
        assert len(content) == 1, (method, path, list(content))
        reference = content["application/json"]["schema"].get("$ref", "")
        model = schemas.get(reference.removeprefix("#/components/schemas/"), {})
        assert model.get("properties"), f"{method} {path}: {reference or 'no model'}"


def test_every_api_route_declares_its_error_answers(world: World) -> None:
    """Signed-out callers (401), changes without CSRF (403), records by id (404), bad input
    (422) and bodies (413), each with the error body; never FastAPI's unused {detail}."""
    document = _document(world)
    assert "HTTPValidationError" not in document["components"]["schemas"]
    for method, path, operation in _operations(document):
        declared = {int(s) for s in operation["responses"] if s[0] in "45"}
        wanted = set()
        if path != "/api/v1/health":
            wanted.add(401)
            if method != "GET":
                wanted.add(403)
        parameters = operation.get("parameters", [])
        ids = [p for p in parameters if p["in"] == "path" and p["schema"].get("type") == "integer"]
        if ids:
            wanted.add(404)
        if parameters or "requestBody" in operation:
            wanted.add(422)
        if "requestBody" in operation:
            wanted.add(413)
        assert wanted <= declared, f"{method} {path} lacks {sorted(wanted - declared)}"
        for status in declared:
            content = operation["responses"][str(status)]["content"]
            assert content == {"application/json": {"schema": ERROR_BODY}}, (method, path)


def test_every_refusal_in_the_authorization_matrix_is_declared(world: World) -> None:
    document = _document(world)
    for row in MATRIX:
        if not row.path.startswith(API):
            continue
        responses = document["paths"][row.path][row.method.lower()]["responses"]
        refusals = {v for v in row.expect.values() if isinstance(v, int)}
        missing = sorted(s for s in refusals if str(s) not in responses)
        assert not missing, f"{row.method} {row.path} answers {missing}, undeclared"


# ---- real answers against the models -------------------------------------------------------


def _api_row_per_route() -> dict[tuple[str, str], tuple[Row, str]]:
    """For each API route, a row of the matrix and a caller it allows."""
    chosen: dict[tuple[str, str], tuple[Row, str]] = {}
    for row in MATRIX:
        if not row.path.startswith(API) or row.owner == "unknown":
            continue
        allowed = [c for c in CALLERS if row.expect.get(c, ALLOW) == ALLOW]
        if allowed and (row.method, row.path) not in chosen:
            chosen[(row.method, row.path)] = (row, allowed[0])
    return chosen


CHOSEN = _api_row_per_route()
READS = sorted(key for key in CHOSEN if key[0] == "GET")
WRITES = sorted(key for key in CHOSEN if key[0] != "GET")


def _bearer(world: World, key: str) -> TestClient:
    with world.runtime.unit_of_work() as uow:
        account = uow.accounts.by_email(email(key))
    assert account is not None
    _, secret = accounts.create_api_token(world.runtime.store(), account, "openapi")
    client = world.client()
    client.headers["Authorization"] = f"Bearer {secret}"
    return client


def _url(world: World, row: Row) -> str:
    values = row.params(world, row.owner) if row.params else {}
    if "{person_id}" in row.path:
        values.setdefault("person_id", str(world.person_id(row.owner)))
    if "{role_id}" in row.path:
        values.setdefault("role_id", "pmo_manager")
    return row.path.format(**values)


def _check_answer(world: World, client: TestClient, row: Row) -> None:
    """The route's answer is 2xx, and is exactly its model's JSON (or its declared file)."""
    body = row.body(world) if row.body else None
    answer = client.request(row.method, _url(world, row), params=dict(row.query), json=body)
    assert answer.status_code < 300, (row.method, row.path, answer.text[:300])
    route = _api_routes(world)[(row.method, row.path)]
    model = route.response_model
    if answer.status_code == 204:
        assert model is None and not answer.content
    elif isinstance(model, type) and issubclass(model, BaseModel):
        sent = answer.json()
        assert model.model_validate(sent).model_dump(mode="json") == sent, row.path
    else:  # a file: the media type its route declares
        declared = route.responses[200]["content"]
        assert answer.headers["content-type"].split(";")[0] in declared, row.path


def test_every_read_answers_with_its_model(world: World) -> None:
    clients = {key: _bearer(world, key) for key in CALLERS}
    assert len(READS) > 20
    for method, path in READS:
        row, caller = CHOSEN[(method, path)]
        _check_answer(world, clients[caller], row)


@pytest.mark.parametrize("route", WRITES, ids=lambda key: f"{key[0]} {key[1]}")
def test_every_change_answers_with_its_model(world: World, route: tuple[str, str]) -> None:
    row, caller = CHOSEN[route]
    _check_answer(world, _bearer(world, caller), row)


UNCHOSEN = {("POST", "/api/v1/admin/people")}
"""Routes the matrix calls with no allowed caller (it sends no file): checked on their own."""


def test_every_api_route_is_checked_against_its_model(world: World) -> None:
    assert set(CHOSEN) | UNCHOSEN == set(_api_routes(world))


def test_a_people_import_answers_with_its_model(world: World) -> None:
    csv = "email,name,current_role\nnew.person@example.org,New Person,pmo_analyst\n"
    answer = _bearer(world, "admin").post(
        "/api/v1/admin/people",
        params={"dry_run": "true"},
        content=csv.encode(),
        headers={"Content-Type": "text/csv"},
    )
    assert answer.status_code == 200, answer.text
    sent = answer.json()
    assert ImportPublic.model_validate(sent).model_dump(mode="json") == sent
    assert sent["dry_run"] is True and len(sent["created"]) == 1


def _error(answer: Any) -> ErrorPublic:
    sent = answer.json()
    error = ErrorPublic.model_validate(sent)
    assert error.model_dump(mode="json") == sent
    return error


def test_error_answers_are_the_error_model(world: World) -> None:
    sam = _bearer(world, "sam")
    assert _error(world.client().get("/api/v1/me")).error.type == "NotSignedIn"
    assert _error(sam.get("/api/v1/people/987654")).error.type == "NotFound"
    assert _error(sam.get("/api/v1/team")).error.type == "PermissionDenied"
    unknown = _error(sam.get("/api/v1/roles/pmo_managr"))
    assert unknown.error.type == "UnknownRole" and unknown.error.suggestions
    invalid = _error(sam.get("/api/v1/people/abc"))
    assert invalid.error.type == "InvalidRequest" and invalid.error.fields
    huge = sam.post("/api/v1/plans", content=b"x" * (3 << 20))
    assert huge.status_code == 413 and _error(huge).error.type == "TooLarge"


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
