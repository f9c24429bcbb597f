"""The nav names the signed-in person: read with the session, in the session check's one
statement, not by a query of its own on every page."""

from __future__ import annotations

import html
from typing import Any

import pytest
from fastapi.testclient import TestClient

from pmopath.web import templating
from pmopath.web.response_cache import ResponseCache
from tests.e2e.web.conftest import World, email, sign_in
from tests.support.statements import counting


def test_the_nav_names_the_signed_in_person_from_the_session_check(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    with world.runtime.unit_of_work() as uow:
        sam = uow.people.by_email(email("sam"))
    assert sam is not None
    client = sign_in(world.client(), "sam")

    def not_again(*_: object) -> None:
        raise AssertionError("the page read the name on its own")

    monkeypatch.setattr(templating, "own_name", not_again)
    for path in ("/", "/map", "/plan"):
        page = client.get(path)
        assert page.status_code == 200
        assert f'<span class="who-name">{html.escape(sam.name)}</span>' in page.text


def test_the_home_page_reads_the_person_once(world: World) -> None:
    """Home, certifications on the target role included, is read in one unit of work: the
    person's row once (it was read twice, by the page and again by the eligibility panel)."""
    kept = world.app.state.response_cache
    world.app.state.response_cache = ResponseCache(max_bytes=0)  # every answer computed
    try:
        page, reads = _home_and_its_statements(sign_in(world.client(), "sam"))
    finally:
        world.app.state.response_cache = kept
    assert page.status_code == 200 and "certification" in page.text.lower()
    people_reads = [s for s in reads if "FROM people WHERE people.id" in s]
    assert len(people_reads) == 1, people_reads
    assert sum(s.startswith("SELECT role_history.") for s in reads) == 1


def _home_and_its_statements(client: TestClient) -> tuple[Any, list[str]]:
    assert client.get("/").status_code == 200  # warm: framework, templates
    with counting() as reads:
        page = client.get("/")
    return page, [" ".join(s.split()) for s in reads]
