"""An admin lists and revokes any account's API tokens (page, with a confirmation that works
without JavaScript, and API); disabling an account revokes them for good."""

from __future__ import annotations

from fastapi.testclient import TestClient

from pmopath.services.accounts.tokens import create_api_token
from tests.e2e.web.conftest import World, email
from tests.e2e.web.test_admin import admin_client


def _sams_tokens(world: World, count: int) -> tuple[int, list[tuple[int, str]]]:
    store = world.runtime.store()
    with world.runtime.unit_of_work() as uow:
        sam = uow.accounts.by_email(email("sam"))
    assert sam is not None and sam.id is not None
    return sam.id, [create_api_token(store, sam, f"tool {n}") for n in range(count)]


def _works(client: TestClient, secret: str) -> bool:
    answer = client.get("/api/v1/tokens", headers={"authorization": f"Bearer {secret}"})
    return answer.status_code == 200


def test_an_admin_revokes_a_token_on_the_page_after_confirming(world: World) -> None:
    client, token = admin_client(world)
    sam_id, [(token_id, secret), _] = _sams_tokens(world, 2)
    page = client.get(f"/admin/accounts/{sam_id}/tokens")
    assert page.status_code == 200 and "tool 0" in page.text and "tool 1" in page.text
    assert f"/admin/accounts/{sam_id}/tokens" in client.get("/admin/accounts").text
    action = f"/admin/accounts/{sam_id}/tokens/{token_id}/revoke"
    asked = client.post(action, data={"csrf_token": token})
    assert asked.status_code == 200 and "Nothing has changed yet" in asked.text
    assert 'name="confirmed" value="yes"' in asked.text
    assert _works(world.client(), secret)  # nothing changes before confirming
    done = client.post(action, data={"csrf_token": token, "confirmed": "yes"})
    assert (
        done.status_code == 200
        and f"API token #{token_id} of {email('sam')} is revoked" in done.text
    )
    assert not _works(world.client(), secret)


def test_an_admin_lists_and_revokes_tokens_through_the_api(world: World) -> None:
    client, token = admin_client(world)
    sam_id, [(token_id, secret)] = _sams_tokens(world, 1)
    listed = client.get(f"/api/v1/admin/accounts/{sam_id}/tokens")
    assert listed.status_code == 200 and listed.json()["data"][0]["id"] == token_id
    url = f"/api/v1/admin/accounts/{sam_id}/tokens/{token_id}"
    assert client.delete(url, headers={"x-csrf-token": token}).status_code == 204
    assert not _works(world.client(), secret)
    assert client.get(f"/api/v1/admin/accounts/{sam_id}/tokens").json()["data"][0]["revoked_at"]
    other = f"/api/v1/admin/accounts/{world.person_id('maria')}/tokens/{token_id}"
    assert client.delete(other, headers={"x-csrf-token": token}).status_code == 404


def test_disabling_an_account_revokes_its_tokens_for_good(world: World) -> None:
    client, token = admin_client(world)
    sam_id, made = _sams_tokens(world, 2)
    url = f"/api/v1/admin/accounts/{sam_id}"
    off = client.patch(url, json={"disabled": True}, headers={"x-csrf-token": token})
    assert off.status_code == 200 and off.json()["api_tokens_revoked"] == 2
    on = client.patch(url, json={"disabled": False}, headers={"x-csrf-token": token})
    assert on.status_code == 200 and on.json()["api_tokens_revoked"] == 0
    assert not any(_works(world.client(), secret) for _, secret in made)


def test_disabling_on_the_page_says_how_many_tokens_were_revoked(world: World) -> None:
    client, token = admin_client(world)
    sam_id, made = _sams_tokens(world, 1)
    fields = {"role": "member", "person": email("sam"), "disabled": "true"}
    done = client.post(
        f"/admin/accounts/{sam_id}", data={**fields, "csrf_token": token, "confirmed": "yes"}
    )
    assert done.status_code == 200 and "1 API token revoked" in done.text
    assert not _works(world.client(), made[0][1])
