"""The admin pages and API: people CSV import (every bad row listed, nothing imported) and user
accounts (the password policy, changes, no locking oneself out)."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from tests.e2e.web.conftest import World, email
from tests.e2e.web.test_admin import add_person, admin_client, confirm_fields, people_count

GOOD_PASSWORD = "plum tractor velvet 42"


BAD_CSV = (
    "email,name,current_role,manager_email\n"
    "new.one@example.org,New One,pmo_analyst,maria@demo.pmopath.org\n"
    "not-an-email,Bad Address,,\n"
    "new.two@example.org,New Two,astronaut,\n"
    "new.three@example.org,New Three,,nobody@example.org\n"
)


GOOD_CSV = (
    "email,name,current_role,manager_email\n"
    "new.one@example.org,New One,pmo_analyst,maria@demo.pmopath.org\n"
    "sam@demo.pmopath.org,Sam Patel,pmo_administrator,maria@demo.pmopath.org\n"
)


def upload_people(client: TestClient, token: str, text: str) -> Any:
    files = {"file": ("people.csv", text.encode(), "text/csv")}
    return client.post("/admin/people", data={"csrf_token": token}, files=files)


def test_a_csv_with_bad_rows_lists_each_row_and_imports_nothing(world: World) -> None:
    client, token = admin_client(world)
    before = people_count(world)
    answer = upload_people(client, token, BAD_CSV)
    assert answer.status_code == 422
    for row, reason in ((3, "email"), (4, "astronaut"), (5, "nobody@example.org")):
        assert re.search(rf"row {row}, [a-z_]+: [^<]*", answer.text), row
        assert reason in answer.text
    assert "row 2" not in answer.text
    assert "Import people.csv" not in answer.text
    assert people_count(world) == before


def test_a_good_csv_is_previewed_then_imported(world: World) -> None:
    client, token = admin_client(world)
    before = people_count(world)
    preview = upload_people(client, token, GOOD_CSV)
    assert preview.status_code == 200
    assert "1 to create: new.one@example.org" in preview.text
    assert people_count(world) == before
    fields = confirm_fields(preview.text)
    done = client.post(
        "/admin/people/import", data={**fields, "csrf_token": token}, follow_redirects=False
    )
    assert done.status_code == 303 and done.headers["location"] == "/admin"
    assert "People imported: 1 added" in client.get("/admin").text
    assert people_count(world) == before + 1
    with world.runtime.unit_of_work() as uow:
        new = uow.people.by_email("new.one@example.org")
    assert new is not None and new.manager_id == world.person_id("maria")


def test_people_api_takes_a_csv_body_with_a_dry_run(world: World) -> None:
    client, token = admin_client(world)
    headers = {"content-type": "text/csv", "x-csrf-token": token}
    before = people_count(world)
    dry = client.post(
        "/api/v1/admin/people", params={"dry_run": "true"}, content=GOOD_CSV, headers=headers
    )
    assert dry.status_code == 200 and dry.json()["created"] == ["new.one@example.org"]
    assert dry.json()["dry_run"] is True and people_count(world) == before
    bad = client.post("/api/v1/admin/people", content=BAD_CSV, headers=headers)
    assert bad.status_code == 422
    assert sorted({p["line"] for p in bad.json()["error"]["problems"]}) == [3, 4, 5]
    assert people_count(world) == before
    done = client.post(
        "/api/v1/admin/people",
        files={"file": ("people.csv", GOOD_CSV.encode(), "text/csv")},
        headers={"x-csrf-token": token},
    )
    assert done.status_code == 200 and people_count(world) == before + 1


def test_adding_a_user_with_a_weak_password_shows_the_policy_on_the_form(world: World) -> None:
    client, token = admin_client(world)
    answer = client.post(
        "/admin/accounts",
        data={
            "email": "new.user@example.org",
            "role": "manager",
            "person": "",
            "password": "short",
            "csrf_token": token,
        },
    )
    assert answer.status_code == 400
    assert "The password does not meet the policy" in answer.text
    assert "A password needs at least 12 characters" in answer.text
    assert 'value="new.user@example.org"' in answer.text  # the form keeps what was typed
    assert 'value="manager" selected' in answer.text
    assert "short" not in re.findall(r'name="password"[^>]*', answer.text)[0]


def test_an_admin_adds_changes_and_disables_an_account(world: World) -> None:
    client, token = admin_client(world)
    added = client.post(
        "/admin/accounts",
        data={
            "email": "New.User@example.org",
            "role": "member",
            "password": GOOD_PASSWORD,
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert added.status_code == 303
    listing = client.get(added.headers["location"])
    assert "new.user@example.org" in listing.text and "The account was added." in listing.text
    with world.runtime.unit_of_work() as uow:
        account = uow.accounts.by_email("new.user@example.org")
    assert account is not None
    newcomer = add_person(world, "newcomer@example.org")
    fields = {"role": "manager", "person": str(newcomer), "disabled": "true", "csrf_token": token}
    asked = client.post(f"/admin/accounts/{account.id}", data=fields, follow_redirects=False)
    assert asked.status_code == 200 and "Disable new.user@example.org?" in asked.text
    with world.runtime.unit_of_work() as uow:
        before = uow.accounts.by_id(account.id or 0)
    assert before is not None and not before.disabled  # nothing changes before confirming
    changed = client.post(
        f"/admin/accounts/{account.id}",
        data={**fields, "confirmed": "yes"},
        follow_redirects=False,
    )
    assert changed.status_code == 303
    with world.runtime.unit_of_work() as uow:
        after = uow.accounts.by_id(account.id or 0)
    assert after is not None and after.disabled and after.role.value == "manager"
    assert after.person_id == newcomer
    taken = client.post(
        f"/admin/accounts/{account.id}",
        data={"role": "manager", "person": email("sam"), "csrf_token": token},
    )
    assert taken.status_code in (400, 409) and "already an account" in taken.text
    assert "Save new.user@example.org" in taken.text  # the list is shown again with the reason


def test_an_admin_cannot_lock_themselves_out(world: World) -> None:
    client, token = admin_client(world)
    with world.runtime.unit_of_work() as uow:
        me = uow.accounts.by_email("admin@demo.pmopath.org")
    assert me is not None
    answer = client.post(f"/admin/accounts/{me.id}", data={"role": "member", "csrf_token": token})
    assert answer.status_code == 400 and "your own account" in answer.text
    api = client.patch(
        f"/api/v1/admin/accounts/{me.id}", json={"disabled": True}, headers={"x-csrf-token": token}
    )
    assert api.status_code == 400


def test_accounts_api(world: World) -> None:
    client, token = admin_client(world)
    headers = {"x-csrf-token": token}
    listing = client.get("/api/v1/admin/accounts").json()
    assert listing["count"] == len(listing["data"]) == 13
    weak = client.post(
        "/api/v1/admin/accounts",
        json={"email": "api.user@example.org", "role": "member", "password": "password"},
        headers=headers,
    )
    assert weak.status_code == 400 and weak.json()["error"]["reasons"]
    bad_role = client.post(
        "/api/v1/admin/accounts",
        json={"email": "api.user@example.org", "role": "boss", "password": GOOD_PASSWORD},
        headers=headers,
    )
    assert bad_role.status_code == 422 and "role" in bad_role.json()["error"]["message"]
    made = client.post(
        "/api/v1/admin/accounts",
        json={"email": "api.user@example.org", "role": "member", "password": GOOD_PASSWORD},
        headers=headers,
    )
    assert made.status_code == 201 and made.json()["email"] == "api.user@example.org"
    newcomer = add_person(world, "newcomer@example.org")
    patched = client.patch(
        f"/api/v1/admin/accounts/{made.json()['id']}",
        json={"role": "manager", "person": "newcomer@example.org"},
        headers=headers,
    )
    assert patched.status_code == 200
    assert patched.json()["role"] == "manager"
    assert patched.json()["person_id"] == newcomer
    taken = client.patch(
        f"/api/v1/admin/accounts/{made.json()['id']}",
        json={"person": email("lena")},
        headers=headers,
    )
    assert taken.status_code in (400, 409) and "already an account" in taken.text
    unlinked = client.patch(
        f"/api/v1/admin/accounts/{made.json()['id']}",
        json={"unlink_person": True},
        headers=headers,
    )
    assert unlinked.json()["person_id"] is None
