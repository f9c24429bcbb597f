"""A running app on a seeded demo organisation (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from pmopath import bootstrap
from pmopath.adapters.passwords import Argon2Hasher
from pmopath.services.demo import DEMO_DOMAIN, DEMO_PASSWORD, seed_demo
from pmopath.web.app import create_app

CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


@dataclass
class World:
    runtime: bootstrap.WebRuntime
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


@pytest.fixture
def world(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    monkeypatch.setenv("PMOPATH_SECRET_KEY", "test-secret-" + "x" * 40)
    cheap = Argon2Hasher(time_cost=1, memory_cost=8, parallelism=1)
    runtime = bootstrap.open_web_runtime(database_url, hasher=cheap)
    store = runtime.store()
    seed_demo(store, runtime.hasher, runtime.common_passwords, runtime.clock())
    yield World(runtime, create_app(runtime))
    runtime.close()
