"""A running app on a seeded demo organisation (SQLite, and PostgreSQL when configured).

Each test gets a database of its own, a copy of the demo template (tests/support/demo.py), and
an app serving it. Building an app (its runtime reads and parses the framework) costs more than
most tests, so each worker keeps one app per database, way of checking sessions, template and
PDF renderer (``WorldApps``), and before every test re-points it at a fresh copy: its pools are
emptied (``WebRuntime.disconnect``), the database under the same name is made a fresh copy again
(tests/support/templates.py), the active framework is looked up again and the response cache
is emptied.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from pmopath.bootstrap.web import WebRuntime, open_web_runtime
from pmopath.services.demo.organisation import DEMO_DOMAIN, DEMO_PASSWORD
from pmopath.web.app import create_app
from pmopath.web.response_cache import ResponseCache
from pmopath.web.security import SESSION_COOKIE
from tests.conftest import demo_template
from tests.support import templates
from tests.support.containers import cheap_container
from tests.support.demo import SECRET_KEY, today
from tests.support.documents import FakeDocuments

CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


@dataclass
class World:
    runtime: WebRuntime
    app: FastAPI
    database_url: str
    """The test's own database, which the app serves."""
    sessions: Mapping[str, str] = field(default_factory=dict)
    """Session tokens of the demo people signed in while the template was made (by key)."""

    def client(self) -> TestClient:
        """A fresh browser: no cookies."""
        return TestClient(self.app, base_url="http://testserver")

    def signed_in(self, key: str) -> TestClient:
        """A browser holding ``key``'s session from the template (see ``sessions``)."""
        client = self.client()
        client.cookies.set(SESSION_COOKIE, self.sessions[key])
        return client

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


# ---- one app per worker, re-pointed at a fresh copy for every test --------------------------


def _open_runtime(url: str, threads: bool | None, fake_documents: bool = False) -> WebRuntime:
    """A web runtime on ``url`` with cheap password hashing (and, if asked, stand-in PDFs)."""
    given = {"documents": FakeDocuments()} if fake_documents else {}
    return open_web_runtime(
        url, container=cheap_container(**given), check_sessions_on_threads=threads
    )


@dataclass
class Slot:
    """An app kept for the session, and the database name it serves."""

    target: str
    """The SQLite file, or the PostgreSQL database name, each test's copy is made under."""
    url: str
    runtime: WebRuntime
    app: FastAPI

    def release(self) -> None:
        """Close every pooled connection (the database can then be replaced or dropped)."""
        self.runtime.disconnect()

    def refresh(self, template: templates.Template) -> None:
        """Serve a fresh copy of ``template``, as a newly built app would."""
        self.release()
        templates.copy(template, self.target)
        self.runtime.store()  # the copy's active framework, not the last test's
        kept: ResponseCache = self.app.state.response_cache
        self.app.state.response_cache = ResponseCache(kept.max_entries, kept.max_bytes)


class WorldApps:
    """This worker's apps, one per database, session check placement, template and renderer."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.slots: dict[tuple[str, bool | None, str, bool], Slot] = {}

    def serving(
        self,
        database: str,
        threads: bool | None,
        template: templates.Template,
        fake_documents: bool = False,
    ) -> Slot:
        """The app for ``database``, ``threads``, ``template`` and renderer, on a fresh copy."""
        key = (database, threads, template.where, fake_documents)
        slot = self.slots.get(key)
        if slot is not None:
            slot.refresh(template)
            return slot
        label = f"world{len(self.slots)}"
        target = (
            str(self.folder / f"{label}.db")
            if database == "sqlite"
            else templates.postgres().name(label)
        )
        url = templates.copy(template, target)
        runtime = _open_runtime(url, threads, fake_documents)
        slot = Slot(target, url, runtime, create_app(runtime))
        self.slots[key] = slot
        return slot

    def close(self) -> None:
        for slot in self.slots.values():
            slot.runtime.close()
        self.slots.clear()


@pytest.fixture(scope="session")
def world_apps(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorldApps]:
    apps = WorldApps(tmp_path_factory.mktemp("worlds"))
    yield apps
    apps.close()


def _signing_in(keys: tuple[str, ...]) -> Callable[[str], dict[str, str]]:
    """Builds on a copy of the demo: signs ``keys`` in through the app; returns their tokens."""

    def build(url: str) -> dict[str, str]:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("PMOPATH_SECRET_KEY", SECRET_KEY)
            runtime = _open_runtime(url, None)
            try:
                app = create_app(runtime)
                return {
                    key: str(sign_in(TestClient(app), key).cookies[SESSION_COOKIE]) for key in keys
                }
            finally:
                runtime.close()

    return build


def _signed_in_template(
    database_templates: templates.Templates, database: str, keys: tuple[str, ...], day: date
) -> templates.Template:
    base = demo_template(database_templates, database, day)
    tag = hashlib.sha256(" ".join(keys).encode()).hexdigest()[:4]
    return database_templates.get(database, f"demo{day:%Y%m%d}_in{tag}", _signing_in(keys), base)


@contextmanager
def _demo_world(
    request: pytest.FixtureRequest,
    threads: bool | None,
    signed_in: tuple[str, ...] = (),
    fake_documents: bool = False,
) -> Iterator[World]:
    """A world on a fresh copy of the demo template (with ``signed_in`` people's sessions, and
    stand-in PDFs when ``fake_documents``)."""
    request.getfixturevalue("monkeypatch").setenv("PMOPATH_SECRET_KEY", SECRET_KEY)
    database: str = request.getfixturevalue("database_kind")
    made: templates.Templates = request.getfixturevalue("database_templates")
    apps: WorldApps = request.getfixturevalue("world_apps")
    day = today()  # once: a test that starts at midnight gets the one day's templates
    template = (
        _signed_in_template(made, database, signed_in, day)
        if signed_in
        else demo_template(made, database, day)
    )
    slot = apps.serving(database, threads, template, fake_documents)
    try:
        yield World(slot.runtime, slot.app, slot.url, template.extra or {})
    finally:
        slot.release()


@pytest.fixture
def world(request: pytest.FixtureRequest, database_kind: str) -> Iterator[World]:
    with _demo_world(request, None) as made:
        yield made


@pytest.fixture
def world_on_threads(request: pytest.FixtureRequest, database_kind: str) -> Iterator[World]:
    """The same, with the session check handed to threads (as for a database on another
    machine; both test databases are on this one)."""
    with _demo_world(request, True) as made:
        yield made


@pytest.fixture(params=["checked on the loop", "checked on threads"])
def world_either_way(request: pytest.FixtureRequest, database_kind: str) -> Iterator[World]:
    """The app twice over: with the session check where this machine puts it (the loop), and
    handed to threads."""
    with _demo_world(request, request.param == "checked on threads") as made:
        yield made


def signed_in_world(
    request: pytest.FixtureRequest, keys: tuple[str, ...], *, fake_documents: bool = False
) -> Iterator[World]:
    """For a fixture: a world whose copy already holds a session for each of ``keys``, made
    once when the template was built (``World.signed_in``); ``fake_documents``: PDFs from the
    stand-in renderer (tests/support/documents.py)."""
    with _demo_world(request, None, keys, fake_documents) as made:
        yield made
