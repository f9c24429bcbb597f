"""The API router answers a synchronous route on the worker thread that ran it: the same JSON,
status and OpenAPI as FastAPI's own way, one hand-over to a worker thread instead of two."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import anyio.to_thread
import pytest
from fastapi import APIRouter, Depends, FastAPI
from fastapi.exceptions import ResponseValidationError
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field
from starlette.responses import PlainTextResponse, Response

from pmopath.web.api.routing import ApiRouter


class Thing(BaseModel):
    name: str
    size: int = Field(alias="sizeInCm")
    tags: list[str] = []


def _routes(router: APIRouter) -> APIRouter:
    @router.get("/thing/{thing_id}")
    def get_thing(thing_id: int) -> Thing:
        return Thing(name=f"thing {thing_id}", sizeInCm=thing_id * 2, tags=["ä", "<b>"])

    @router.post("/things", status_code=201)
    def add_thing(thing: Thing) -> Thing:
        return thing

    @router.get("/things")
    def list_things() -> list[Thing]:
        return [Thing(name="a", sizeInCm=1), Thing(name="b", sizeInCm=2)]

    @router.get("/broken")
    def broken() -> Thing:
        return {"name": "no size"}  # type: ignore[return-value]

    @router.get("/text")
    def text() -> Response:
        return PlainTextResponse("as it is")

    @router.get("/later")
    async def later() -> Thing:
        return Thing(name="async", sizeInCm=3)

    def tagged(response: Response) -> None:
        response.headers["X-Tag"] = "set by a dependency"

    @router.get("/tagged", dependencies=[Depends(tagged)])
    def get_tagged() -> Thing:
        return Thing(name="tagged", sizeInCm=4)

    @router.post("/accepted", status_code=201)
    def accepted(response: Response, thing: Thing) -> Thing:
        response.status_code = 202
        response.set_cookie("seen", "yes")
        return thing

    return router


class FastApisWay(ApiRouter):
    """The same router (the same documented errors), answering as FastAPI does."""

    answers_on_its_thread = False


def _app(router: APIRouter) -> FastAPI:
    app = FastAPI()
    app.include_router(_routes(router), prefix="/api")
    return app


@pytest.fixture
def hand_overs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The name of each function handed to a worker thread."""
    seen: list[str] = []
    real = anyio.to_thread.run_sync

    async def counted(function: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(getattr(function, "__name__", repr(function)))
        return await real(function, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)
    yield seen


def test_the_answers_and_the_document_are_fastapis_own() -> None:
    ours, theirs = TestClient(_app(ApiRouter())), TestClient(_app(FastApisWay()))
    body = {"name": "new", "sizeInCm": 7}
    for method, path, sent in (
        ("GET", "/api/thing/21", None),
        ("POST", "/api/things", body),
        ("GET", "/api/things", None),
        ("GET", "/api/text", None),
        ("GET", "/api/later", None),
        ("POST", "/api/things", {"name": "no size"}),  # a request that does not fit: 422
        ("GET", "/api/tagged", None),  # a header set by a dependency
        ("POST", "/api/accepted", body),  # a status and a cookie set by the endpoint
    ):
        mine, fastapis = (
            ours.request(method, path, json=sent),
            theirs.request(method, path, json=sent),
        )
        assert (mine.status_code, mine.content) == (fastapis.status_code, fastapis.content)
        assert sorted(mine.headers.items()) == sorted(fastapis.headers.items())
    assert ours.get("/api/tagged").headers["x-tag"] == "set by a dependency"
    accepted = ours.post("/api/accepted", json=body)
    assert accepted.status_code == 202 and accepted.cookies["seen"] == "yes"
    assert ours.post("/api/things", json=body).status_code == 201
    assert ours.get("/api/thing/21").json()["sizeInCm"] == 42  # by alias, as FastAPI writes it
    assert ours.app.openapi() == theirs.app.openapi()  # type: ignore[attr-defined]


def test_an_answer_that_does_not_fit_its_model_is_refused_as_fastapi_refuses_it() -> None:
    refusals, told = [], []
    for router in (ApiRouter(), FastApisWay()):
        with pytest.raises(ResponseValidationError) as refused:
            TestClient(_app(router)).get("/api/broken")
        refusals.append(refused.value.errors())
        told.append(str(refused.value))
    assert refusals[0] == refusals[1]
    assert all("test_api_routing.py" in t and "in broken" in t for t in told)  # where it is
    assert [(e["loc"], e["type"]) for e in refusals[0]] == [(("response", "sizeInCm"), "missing")]


def test_a_synchronous_route_is_handed_to_a_worker_thread_once(hand_overs: list[str]) -> None:
    client = TestClient(_app(ApiRouter()))
    assert client.get("/api/thing/1").status_code == 200
    assert client.post("/api/things", json={"name": "x", "sizeInCm": 1}).status_code == 201
    assert len(hand_overs) == 2  # one per request: the endpoint, answer and all
    hand_overs.clear()
    assert TestClient(_app(FastApisWay())).get("/api/thing/1").status_code == 200
    assert len(hand_overs) == 2  # FastAPI's way: the endpoint, then its answer's check
    hand_overs.clear()
    assert client.get("/api/later").status_code == 200  # a coroutine: no worker thread
    assert hand_overs == []
