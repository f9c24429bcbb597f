"""Where the session check runs: on the event loop for a database on this machine, on threads
of its own for one across the network; signed-in requests behave the same either way."""

from __future__ import annotations

import pytest

from pmopath.adapters.db.engine import make_engine, on_this_machine
from pmopath.bootstrap.web import open_web_runtime
from tests.e2e.web.conftest import World, page_csrf, sign_in


@pytest.mark.parametrize(
    ("url", "here"),
    [
        ("sqlite:///store.db", True),
        ("postgresql+psycopg://pmo@127.0.0.1:5432/pmo", True),
        ("postgresql+psycopg://pmo@localhost/pmo", True),
        ("postgresql+psycopg://pmo@[::1]/pmo", True),
        ("postgresql+psycopg://pmo@/pmo?host=/var/run/postgresql", True),
        ("postgresql+psycopg://pmo@/pmo?host=127.0.0.1,db.example.org", True),
        ("postgresql+psycopg://pmo@/pmo", True),  # libpq's default: the local socket
        ("postgresql+psycopg://pmo@db.example.org:5432/pmo", False),
        ("postgresql+psycopg://pmo@10.0.0.7/pmo", False),
        ("postgresql+psycopg://pmo@/pmo?host=db.example.org", False),
        ("postgresql+psycopg://pmo@/pmo?hostaddr=10.0.0.7", False),
        ("postgresql+psycopg://pmo@/pmo?service=pmo", False),  # unknown: as if remote
    ],
)
def test_a_database_is_on_this_machine_over_loopback_or_a_socket(
    url: str, here: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PGHOST", raising=False)
    assert on_this_machine(make_engine(url)) is here


def test_with_no_host_in_the_url_pghost_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGHOST", "db.example.org")
    assert not on_this_machine(make_engine("postgresql+psycopg://pmo@/pmo"))
    monkeypatch.setenv("PGHOST", "/run/postgresql")
    assert on_this_machine(make_engine("postgresql+psycopg://pmo@/pmo"))


def test_the_check_runs_on_the_loop_exactly_for_a_database_on_this_machine(
    world: World,
) -> None:
    local = on_this_machine(world.runtime.engine)
    assert (world.runtime.session_threads is None) is local


@pytest.mark.parametrize(("setting", "threads"), [("true", True), ("false", False)])
def test_the_operator_can_choose_where_the_check_runs(
    setting: str, threads: bool, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PMOPATH_SECRET_KEY", "test-secret-" + "x" * 40)
    monkeypatch.setenv("PMOPATH_SESSION_CHECK_THREADS", setting)
    runtime = open_web_runtime(database_url)
    try:
        assert (runtime.session_threads is not None) is threads
    finally:
        runtime.close()


def test_with_the_check_on_threads_a_session_works_and_dies_at_sign_out(
    world_on_threads: World,
) -> None:
    world = world_on_threads
    assert world.runtime.session_threads is not None
    client = sign_in(world.client(), "sam")
    assert "Sam Patel" in client.get("/").text
    assert client.get("/api/v1/me").json()["person"]["name"] == "Sam Patel"
    token = page_csrf(client, "/map")
    assert client.post("/sign-out", data={"csrf_token": token}).status_code in (200, 303)
    after = client.get("/", follow_redirects=False)
    assert after.status_code in (302, 303) and after.headers["location"].startswith("/sign-in")
