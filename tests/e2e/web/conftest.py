"""A running app on a seeded demo organisation (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from pmopath.bootstrap.web import WebRuntime, open_web_runtime
from pmopath.services.demo.organisation import DEMO_DOMAIN, DEMO_PASSWORD, seed_demo
from pmopath.web.app import create_app
from tests.support.containers import cheap_container

CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


@dataclass
class World:
    runtime: WebRuntime
    app: FastAPI

    def client(self) -> TestClient:
        """A fresh browser: no cookies."""
        return TestClient(self.app, base_url="http://testserver")

    def person_id(self, key: str) -> int:
        with self.runtime.unit_of_work() as uow:
            person = uow.people.by_email(f"{key}@{DEMO_DOMAIN}")
            assert person is not None and person.id is not None
            return person.id


def email(key: str) -> str:
    return f"{key}@{DEMO_DOMAIN}"


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page has no CSRF token"
    return found.group(1)


def sign_in(client: TestClient, key: str, password: str = DEMO_PASSWORD) -> TestClient:
    """Sign ``client`` in as the demo person ``key`` (or 'admin')."""
    page = client.get("/sign-in")
    answer = client.post(
        "/sign-in",
        data={"email": email(key), "password": password, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return client


def page_csrf(client: TestClient, path: str = "/") -> str:
    return csrf_of(client.get(path).text)


@contextmanager
def _demo_world(
    database_url: str, monkeypatch: pytest.MonkeyPatch, check_sessions_on_threads: bool | None
) -> Iterator[World]:
    monkeypatch.setenv("PMOPATH_SECRET_KEY", "test-secret-" + "x" * 40)
    runtime = open_web_runtime(
        database_url,
        container=cheap_container(),
        check_sessions_on_threads=check_sessions_on_threads,
    )
    store = runtime.store()
    seed_demo(store)
    yield World(runtime, create_app(runtime))
    runtime.close()


@pytest.fixture
def world(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    with _demo_world(database_url, monkeypatch, None) as made:
        yield made


@pytest.fixture
def world_on_threads(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    """The same, with the session check handed to threads (as for a database on another
    machine; both test databases are on this one)."""
    with _demo_world(database_url, monkeypatch, True) as made:
        yield made


@pytest.fixture(params=["checked on the loop", "checked on threads"])
def world_either_way(
    request: pytest.FixtureRequest, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[World]:
    """The app twice over: with the session check where this machine puts it (the loop), and
    handed to threads."""
    with _demo_world(database_url, monkeypatch, request.param == "checked on threads") as made:
        yield made
