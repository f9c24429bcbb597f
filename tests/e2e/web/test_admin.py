"""The admin pages and API: framework upload, people import, user accounts, upload limits."""

from __future__ import annotations

import html
import json
import re
from importlib import resources
from typing import Any

import yaml
from fastapi.testclient import TestClient

from pmopath.domain.people import Person
from tests.e2e.web.conftest import World, email, page_csrf, sign_in

GOOD_PASSWORD = "plum tractor velvet 42"
HIDDEN = re.compile(
    r'<input type="hidden" name="(content|filename|mapping_content)" value="([^"]*)"'
)


def framework_text() -> str:
    return resources.files("pmopath.data").joinpath("default_framework.yaml").read_text("utf-8")


def without_role(role: str) -> dict[str, Any]:
    """The default framework less one role (and the routes and actions that name it)."""
    data: dict[str, Any] = yaml.safe_load(framework_text())
    data["roles"] = [r for r in data["roles"] if r["id"] != role]
    data["transitions"] = [t for t in data["transitions"] if role not in (t["from"], t["to"])]
    for action in data["actions"]:
        action["suits"] = [s for s in action.get("suits") or [] if s != role]
    return data


def admin_client(world: World) -> tuple[TestClient, str]:
    client = sign_in(world.client(), "admin")
    return client, page_csrf(client, "/admin")


def active_version(world: World) -> int:
    return world.runtime.store().framework_version_id


def people_count(world: World) -> int:
    with world.runtime.unit_of_work() as uow:
        return len(uow.people.everyone())


def add_person(world: World, address: str) -> int:
    with world.runtime.unit_of_work() as uow:
        person = uow.people.add(Person(None, address, "Newcomer"))
        uow.readiness.refresh()
        uow.commit()
    assert person.id is not None
    return person.id


def confirm_fields(page: str) -> dict[str, str]:
    return {name: html.unescape(value) for name, value in HIDDEN.findall(page)}


def upload_framework(
    client: TestClient, token: str, text: str, name: str = "framework.yaml", **extra: Any
) -> Any:
    files: dict[str, Any] = {"file": (name, text.encode(), "application/x-yaml"), **extra}
    return client.post("/admin/framework", data={"csrf_token": token}, files=files)


# ---- framework ---------------------------------------------------------------------------------


def test_a_framework_with_an_error_shows_its_line_and_changes_nothing(world: World) -> None:
    client, token = admin_client(world)
    before = active_version(world)
    lines = framework_text().splitlines(keepends=True)
    broken = next(i for i, line in enumerate(lines) if "strategic_alignment:" in line and i > 380)
    lines[broken] = lines[broken].replace("strategic_alignment", "strategic_alignmnt")
    answer = upload_framework(client, token, "".join(lines))
    assert answer.status_code == 422
    assert f"line {broken + 1}" in answer.text
    assert "strategic_alignmnt" in answer.text
    assert "Nothing was changed" in answer.text
    assert "Activate" not in answer.text
    assert active_version(world) == before


def test_a_valid_framework_is_previewed_then_activated(world: World) -> None:
    client, token = admin_client(world)
    before = active_version(world)
    changed = framework_text().replace('version: "2026.1"', 'version: "2026.2"', 1)
    preview = upload_framework(client, token, changed)
    assert preview.status_code == 200
    assert "is valid" in preview.text and "2026.2" in preview.text
    assert "No role, competency or action is added, removed or renamed." in preview.text
    assert active_version(world) == before  # a preview changes nothing
    fields = confirm_fields(preview.text)
    assert fields["content"] == changed
    done = client.post(
        "/admin/framework/activate", data={**fields, "csrf_token": token}, follow_redirects=False
    )
    assert done.status_code == 303 and done.headers["location"] == "/admin?done=framework"
    assert active_version(world) != before
    assert world.runtime.store().framework.version == "2026.2"
    assert "The new framework is active." in client.get(done.headers["location"]).text


def test_an_orphaning_framework_is_refused_with_the_reason(world: World) -> None:
    client, token = admin_client(world)
    before = active_version(world)
    text = json.dumps(without_role("pmo_administrator"))
    answer = client.post(
        "/admin/framework",
        data={"csrf_token": token},
        files={"file": ("framework.json", text.encode(), "application/json")},
    )
    assert answer.status_code == 409
    assert "pmo_administrator" in answer.text and "mapping file" in answer.text
    assert re.search(
        r"<li>\d+ stored record\(s\) use role &#39;pmo_administrator&#39;", answer.text
    )
    assert "Nothing was changed." in answer.text
    assert active_version(world) == before


def test_a_mapping_moves_stored_records_to_the_renamed_role(world: World) -> None:
    client, token = admin_client(world)
    data = yaml.safe_load(framework_text())
    text = json.dumps(data).replace('"pmo_administrator"', '"pmo_coordinator"')
    mapping = b"roles: {pmo_administrator: pmo_coordinator}\n"
    preview = client.post(
        "/admin/framework",
        data={"csrf_token": token},
        files={
            "file": ("framework.json", text.encode(), "application/json"),
            "mapping": ("mapping.yaml", mapping, "application/x-yaml"),
        },
    )
    assert preview.status_code == 200, preview.text
    assert "pmo_administrator → pmo_coordinator" in preview.text
    fields = confirm_fields(preview.text)
    done = client.post(
        "/admin/framework/activate", data={**fields, "csrf_token": token}, follow_redirects=False
    )
    assert done.status_code == 303
    with world.runtime.unit_of_work() as uow:
        sam = uow.people.by_email(email("sam"))
    assert sam is not None and sam.role == "pmo_coordinator"


def test_a_file_of_the_wrong_kind_is_refused(world: World) -> None:
    client, token = admin_client(world)
    answer = client.post(
        "/admin/framework",
        data={"csrf_token": token},
        files={"file": ("framework.png", b"\x89PNG....", "image/png")},
    )
    assert answer.status_code == 400 and "must end in .yaml or .yml or .json" in answer.text
    wrong_type = client.post(
        "/admin/framework",
        data={"csrf_token": token},
        files={"file": ("framework.yaml", b"format: 1\n", "image/png")},
    )
    assert wrong_type.status_code == 400 and "cannot be of type" in wrong_type.text
    not_text = client.post(
        "/admin/framework",
        data={"csrf_token": token},
        files={"file": ("framework.yaml", b"\xff\xfe\x00", "application/x-yaml")},
    )
    assert not_text.status_code == 400 and "not UTF-8" in not_text.text
    not_a_framework = upload_framework(client, token, "format: 1\n")
    assert not_a_framework.status_code == 422  # parsed, and the framework's problems listed


def test_an_oversize_upload_is_refused_with_413(world: World) -> None:
    client, token = admin_client(world)
    over_the_body_limit = "# padding\n" * 250_000  # 2.5 MB
    answer = upload_framework(client, token, over_the_body_limit)
    assert answer.status_code == 413
    over_the_file_limit = "# padding\n" * 120_000  # 1.2 MB: the request fits, the file does not
    answer = upload_framework(client, token, over_the_file_limit)
    assert answer.status_code == 413 and "larger than" in answer.text
    api = client.post(
        "/api/v1/admin/framework",
        content=over_the_file_limit.encode(),
        headers={"content-type": "application/yaml", "x-csrf-token": token},
    )
    assert api.status_code == 413 and api.json()["error"]["type"] == "TooLarge"


# ---- people --------------------------------------------------------------------------------------

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
    assert done.status_code == 303 and done.headers["location"] == "/admin?done=people"
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


# ---- framework API ------------------------------------------------------------------------------


def test_framework_api_validates_and_activates(world: World) -> None:
    client, token = admin_client(world)
    before = active_version(world)
    headers = {"x-csrf-token": token}
    broken = framework_text().replace("  critical_cap: 70", "  critical_cap: lots", 1)
    problem = client.post(
        "/api/v1/admin/framework",
        content=broken.encode(),
        headers={**headers, "content-type": "application/yaml"},
    )
    assert problem.status_code == 422
    lines = {p["line"] for p in problem.json()["error"]["problems"]}
    assert 25 in lines
    data = yaml.safe_load(framework_text())
    data["version"] = "2026.3"
    check = client.post("/api/v1/admin/framework", json=data, headers=headers)
    assert check.status_code == 200 and check.json()["activated"] is False
    assert active_version(world) == before
    done = client.post(
        "/api/v1/admin/framework", params={"activate": "true"}, json=data, headers=headers
    )
    assert done.status_code == 200 and done.json()["activated"] is True
    assert world.runtime.store().framework.version == "2026.3"
    orphaning = client.post(
        "/api/v1/admin/framework", json=without_role("pmo_administrator"), headers=headers
    )
    assert (
        orphaning.status_code == 409 and "pmo_administrator" in orphaning.json()["error"]["message"]
    )


# ---- accounts ------------------------------------------------------------------------------------


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
    changed = client.post(
        f"/admin/accounts/{account.id}",
        data={"role": "manager", "person": str(newcomer), "disabled": "true", "csrf_token": token},
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
