"""Where the session check runs: on the event loop for a database on this machine, on threads
of its own for one across the network; signed-in requests behave the same either way."""

from __future__ import annotations

import pytest

from pmopath.adapters.db.engine import make_engine, on_this_machine
from tests.e2e.web.conftest import World, page_csrf, sign_in


@pytest.mark.parametrize(
    ("url", "here"),
    [
        ("sqlite:///store.db", True),
        ("postgresql+psycopg://pmo@127.0.0.1:5432/pmo", True),
        ("postgresql+psycopg://pmo@localhost/pmo", True),
        ("postgresql+psycopg://pmo@[::1]/pmo", True),
        ("postgresql+psycopg://pmo@/pmo?host=/var/run/postgresql", True),
        ("postgresql+psycopg://pmo@db.example.org:5432/pmo", False),
        ("postgresql+psycopg://pmo@10.0.0.7/pmo", False),
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


def test_the_test_databases_are_checked_on_the_loop(world: World) -> None:
    assert world.runtime.session_threads is None


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
