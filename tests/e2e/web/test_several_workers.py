"""Two app processes on one database behave as one: sessions, throttling, the framework."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from pmopath.adapters.db import change_stamp
from pmopath.bootstrap.web import open_web_runtime
from pmopath.web.app import create_app
from tests.e2e.web.conftest import World, csrf_of, email, sign_in
from tests.support.containers import cheap_container


@pytest.fixture
def second_worker(world: World) -> Iterator[TestClient]:
    """Another runtime (engine, secret read from the same settings) on the same database."""
    runtime = open_web_runtime(world.database_url, container=cheap_container())
    yield TestClient(create_app(runtime), base_url="http://testserver")
    runtime.close()


def test_a_session_made_on_one_worker_works_on_the_other_and_dies_on_both(
    world: World, second_worker: TestClient
) -> None:
    first = sign_in(world.client(), "sam")
    second_worker.cookies.set("pmopath_session", first.cookies.get("pmopath_session") or "")
    assert "Hello, Sam Patel" in second_worker.get("/").text
    token = csrf_of(second_worker.get("/map").text)  # CSRF tokens agree across workers
    second_worker.post("/sign-out", data={"csrf_token": token})
    assert first.get("/", follow_redirects=False).status_code == 303


def test_failed_sign_ins_count_across_workers(world: World, second_worker: TestClient) -> None:
    for attempt in range(5):
        client = world.client() if attempt % 2 else second_worker
        token = csrf_of(client.get("/sign-in").text)
        client.post(
            "/sign-in",
            data={"email": email("tom"), "password": "not-the-password", "csrf_token": token},
        )
    client = world.client()
    token = csrf_of(client.get("/sign-in").text)
    answer = client.post(
        "/sign-in",
        data={"email": email("tom"), "password": "pathways-demo-2026", "csrf_token": token},
    )
    assert answer.status_code == 429


def test_a_framework_activated_through_one_worker_is_used_by_the_other(
    world: World, second_worker: TestClient
) -> None:
    before = world.runtime.store().framework_version_id
    signed = sign_in(second_worker, "sam")
    assert "PMO Manager" in signed.get("/roles/pmo_manager").text
    with world.runtime.unit_of_work() as uow:
        content = dict(uow.frameworks.active()[1])  # type: ignore[index]
        renamed = [
            {**role, "title": "Head of the PMO Function"} if role["id"] == "head_of_pmo" else role
            for role in content["roles"]
        ]
        new_id = uow.frameworks.add(
            {**content, "roles": renamed}, "renamed-hash", world.runtime.clock()
        )
        uow.frameworks.activate(new_id)
        uow.readiness.refresh()
        uow.commit()
    assert new_id != before
    assert "Head of the PMO Function" in signed.get("/roles/head_of_pmo").text


def test_the_active_framework_is_looked_up_once_per_change_stamp(world: World) -> None:
    runtime = world.runtime
    lookups: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if "framework_versions" in statement:
            lookups.append(statement)

    with runtime.engine.connect() as connection:
        stamp = change_stamp.read(connection)
    event.listen(runtime.engine, "before_cursor_execute", note)
    try:
        first = runtime.store(stamp)
        assert len(lookups) == 1
        assert runtime.store(stamp) is first and len(lookups) == 1  # nothing written since
        runtime.store(stamp + 1)  # a write happened: look again
        runtime.store(None)  # no stamp known (a bearer-token call): look again
        assert len(lookups) == 3
    finally:
        event.remove(runtime.engine, "before_cursor_execute", note)
