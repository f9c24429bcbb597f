"""The nav names the signed-in person: read with the session, in the session check's one
statement, not by a query of its own on every page."""

from __future__ import annotations

import html

import pytest

from pmopath.web import templating
from tests.e2e.web.conftest import World, email, sign_in


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
