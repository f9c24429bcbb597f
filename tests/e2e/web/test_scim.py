"""SCIM 2.0 provisioning at /scim/v2, through the HTTP API (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from pmopath.domain.accounts import TokenScope
from pmopath.services.accounts.management import get_account
from pmopath.services.accounts.tokens import create_api_token
from tests.e2e.web.conftest import World, email

BASE = "/scim/v2"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


def token_for(world: World, key: str, scope: TokenScope, label: str = "Entra ID") -> str:
    store = world.runtime.store()
    account = get_account(store, email(key))
    return create_api_token(store, account, label, scope=scope)[1]


@pytest.fixture
def scim(world: World) -> TestClient:
    client = world.client()
    client.headers["Authorization"] = "Bearer " + token_for(world, "admin", TokenScope.SCIM)
    return client


def new_user(name: str = "kim", **extra: Any) -> dict[str, Any]:
    return {
        "schemas": [USER],
        "userName": f"{name}@example.org",
        "externalId": f"ext-{name}",
        "name": {"givenName": name.title(), "familyName": "Lee"},
        "displayName": f"{name.title()} Lee",
        "emails": [{"value": f"{name}@example.org", "type": "work", "primary": True}],
        "active": True,
        **extra,
    }


def created(scim: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    answer = scim.post(f"{BASE}/Users", json=body)
    assert answer.status_code == 201, answer.text
    result: dict[str, Any] = answer.json()
    return result


def scim_error(answer: Any, status: int, scim_type: str | None = None) -> str:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/scim+json")
    body = answer.json()
    assert body["schemas"] == [ERROR]
    assert body["status"] == str(status)
    assert body.get("scimType") == scim_type
    detail: str = body["detail"]
    return detail


def test_discovery_endpoints(scim: TestClient) -> None:
    config = scim.get(f"{BASE}/ServiceProviderConfig").json()
    assert config["patch"]["supported"] is True
    assert config["bulk"]["supported"] is False and config["sort"]["supported"] is False
    types = scim.get(f"{BASE}/ResourceTypes").json()
    assert {t["name"] for t in types["Resources"]} == {"User", "Group"}
    schemas = scim.get(f"{BASE}/Schemas").json()
    assert {s["id"] for s in schemas["Resources"]} == {USER, ENTERPRISE, GROUP}
    assert scim.get(f"{BASE}/Schemas/{USER}").status_code == 200
    scim_error(scim.get(f"{BASE}/Schemas/urn:nothing"), 404)


def test_create_read_replace_and_audit(world: World, scim: TestClient) -> None:
    manager_id = str(world.person_id("maria"))
    manager = created(scim, new_user("maria2"))  # a provisioned manager
    user = created(
        scim,
        new_user(
            ENTERPRISE and "kim",
            **{ENTERPRISE: {"manager": {"value": manager["id"]}}},
            schemas=[USER, ENTERPRISE],
        ),
    )
    assert user["userName"] == "kim@example.org" and user["active"] is True
    assert user[ENTERPRISE]["manager"] == {
        "value": manager["id"],
        "$ref": f"http://testserver{BASE}/Users/{manager['id']}",
    }  # no displayName: ids alone, as identity providers send them
    fetched = scim.get(f"{BASE}/Users/{user['id']}")
    assert fetched.status_code == 200 and fetched.json()["displayName"] == "Kim Lee"
    assert fetched.headers["etag"].startswith('W/"')
    # the person and the account hold the e-mail and name
    with world.runtime.unit_of_work() as uow:
        person = uow.people.by_id(int(user["id"]))
        account = uow.accounts.by_person(int(user["id"]))
        assert person is not None and person.email == "kim@example.org"
        assert person.name == "Kim Lee" and person.manager_id == int(manager["id"])
        assert account is not None and not account.disabled
    replaced = scim.put(
        f"{BASE}/Users/{user['id']}",
        json=new_user(
            "kim",
            displayName="Kim Park",
            title="PMO analyst",
            emails=[{"value": "kim.park@example.org", "primary": True}],
            **{ENTERPRISE: {"manager": {"value": manager_id}}},
            schemas=[USER, ENTERPRISE],
        ),
    )
    assert replaced.status_code == 200, replaced.text
    body = replaced.json()
    assert body["displayName"] == "Kim Park" and body["title"] == "PMO analyst"
    assert body[ENTERPRISE]["manager"]["value"] == manager_id
    with world.runtime.unit_of_work() as uow:
        account = uow.accounts.by_person(int(user["id"]))
        assert account is not None and account.email == "kim.park@example.org"
        actions = [e.action for e in uow.audit.entries(entity="person", entity_id=user["id"])]
        actors = {e.actor for e in uow.audit.entries(entity="person", entity_id=user["id"])}
    assert actions[:2] == ["scim_user.create", "scim_user.replace"] or set(actions) >= {
        "scim_user.create",
        "scim_user.replace",
    }
    assert all(a.startswith("scim:Entra ID (token ") for a in actors)


def test_patch_deactivates_ends_access_and_reactivates(world: World, scim: TestClient) -> None:
    sam = created(
        scim,
        new_user("sam", userName=email("sam"), emails=[{"value": email("sam"), "primary": True}]),
    )
    assert sam["id"] == str(world.person_id("sam"))  # the stored person is taken over
    sams_token = token_for(world, "sam", TokenScope.API, "laptop")
    api = world.client()
    assert (
        api.get("/api/v1/tokens", headers={"Authorization": f"Bearer {sams_token}"}).status_code
        == 200
    )
    session = world.signed_in("sam") if "sam" in world.sessions else None
    off = {"schemas": [PATCH], "Operations": [{"op": "replace", "path": "active", "value": False}]}
    answer = scim.patch(f"{BASE}/Users/{sam['id']}", json=off)
    assert answer.status_code == 200, answer.text
    assert answer.json()["active"] is False
    assert (
        api.get("/api/v1/tokens", headers={"Authorization": f"Bearer {sams_token}"}).status_code
        == 401
    )
    if session is not None:
        assert session.get("/api/v1/tokens").status_code == 401
    with world.runtime.unit_of_work() as uow:
        tokens = uow.api_tokens.for_account(uow.accounts.by_person(int(sam["id"])).id)  # type: ignore[union-attr]
        assert all(t.revoked_at is not None for t in tokens)
        assert uow.assessments.count_for(int(sam["id"])) > 0  # history kept
    on = {"schemas": [PATCH], "Operations": [{"op": "replace", "value": {"active": True}}]}
    assert scim.patch(f"{BASE}/Users/{sam['id']}", json=on).json()["active"] is True
    renamed = {
        "schemas": [PATCH],
        "Operations": [
            {"op": "add", "path": "title", "value": "Lead"},
            {"op": "replace", "path": "displayName", "value": "Sam Smith"},
        ],
    }
    body = scim.patch(f"{BASE}/Users/{sam['id']}", json=renamed).json()
    assert body["title"] == "Lead" and body["displayName"] == "Sam Smith"
    removed = {"schemas": [PATCH], "Operations": [{"op": "remove", "path": "title"}]}
    assert "title" not in scim.patch(f"{BASE}/Users/{sam['id']}", json=removed).json()
    # removing displayName or active leaves them unassigned (RFC 7644 §3.5.2.2): the person
    # keeps a name (from name or userName) and the account is enabled, as by default
    removed = {
        "schemas": [PATCH],
        "Operations": [{"op": "remove", "path": "displayName"}, {"op": "remove", "path": "active"}],
    }
    body = scim.patch(f"{BASE}/Users/{sam['id']}", json=removed).json()
    assert "displayName" not in body and "active" not in body
    assert "displayName" not in scim.get(f"{BASE}/Users/{sam['id']}").json()
    with world.runtime.unit_of_work() as uow:
        person = uow.people.by_id(int(sam["id"]))
        account = uow.accounts.by_person(int(sam["id"]))
        assert person is not None and person.name == "Sam Lee"  # name.givenName, familyName
        assert account is not None and not account.disabled
    body = scim.patch(f"{BASE}/Users/{sam['id']}", json=off).json()
    assert body["active"] is False  # a disabled account is published as such


def test_delete_keeps_history_and_provisioning_again_reactivates(
    world: World, scim: TestClient
) -> None:
    sam = created(
        scim,
        new_user("sam", userName=email("sam"), emails=[{"value": email("sam"), "primary": True}]),
    )
    assert scim.delete(f"{BASE}/Users/{sam['id']}").status_code == 204
    scim_error(scim.get(f"{BASE}/Users/{sam['id']}"), 404)
    with world.runtime.unit_of_work() as uow:
        person = uow.people.by_id(int(sam["id"]))
        account = uow.accounts.by_person(int(sam["id"]))
        assert person is not None and account is not None and account.disabled
        assert uow.assessments.count_for(int(sam["id"])) > 0
        assert uow.plans.for_person(int(sam["id"]))
    again = created(
        scim,
        new_user("sam", userName=email("sam"), emails=[{"value": email("sam"), "primary": True}]),
    )
    assert again["id"] == sam["id"] and again["active"] is True


def test_filters_and_paging(scim: TestClient) -> None:
    for name in ("ann", "bob", "cat", "dan", "eve"):
        created(scim, new_user(name))
    found = scim.get(f"{BASE}/Users", params={"filter": 'userName eq "BOB@example.org"'}).json()
    assert found["totalResults"] == 1 and found["Resources"][0]["userName"] == "bob@example.org"
    found = scim.get(f"{BASE}/Users", params={"filter": 'externalId eq "ext-cat"'}).json()
    assert [u["userName"] for u in found["Resources"]] == ["cat@example.org"]
    found = scim.get(f"{BASE}/Users", params={"filter": 'displayName eq "Dan Lee"'}).json()
    assert found["totalResults"] == 1
    none = scim.get(f"{BASE}/Users", params={"filter": 'userName eq "nobody"'}).json()
    assert none["totalResults"] == 0 and "Resources" not in none
    page = scim.get(f"{BASE}/Users", params={"startIndex": 2, "count": 2}).json()
    assert page["totalResults"] == 5 and page["startIndex"] == 2 and page["itemsPerPage"] == 2
    assert [u["userName"] for u in page["Resources"]] == ["bob@example.org", "cat@example.org"]
    assert scim.get(f"{BASE}/Users", params={"count": 0}).json()["itemsPerPage"] == 0
    either = 'userName eq "ann@example.org" or externalId eq "ext-eve"'
    found = scim.get(f"{BASE}/Users", params={"filter": either}).json()
    assert sorted(u["userName"] for u in found["Resources"]) == [
        "ann@example.org",
        "eve@example.org",
    ]
    both = 'userName eq "ann@example.org" and displayName eq "Bob Lee"'
    assert scim.get(f"{BASE}/Users", params={"filter": both}).json()["totalResults"] == 0
    both = 'userName eq "ann@example.org" and not (active eq false)'
    assert scim.get(f"{BASE}/Users", params={"filter": both}).json()["totalResults"] == 1
    found = scim.get(f"{BASE}/Users", params={"filter": 'emails[value sw "DA"]'}).json()
    assert [u["userName"] for u in found["Resources"]] == ["dan@example.org"]
    # POST /.search: the same filter and paging, and the attributes asked for
    search = {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
        "filter": 'externalId co "a"',
        "attributes": ["userName"],
        "startIndex": 1,
        "count": 2,
    }
    answer = scim.post(f"{BASE}/Users/.search", json=search)
    assert answer.status_code == 200, answer.text
    found = answer.json()
    assert found["totalResults"] == 3 and found["itemsPerPage"] == 2  # ann, cat, dan
    assert all(set(u) <= {"id", "userName", "schemas"} for u in found["Resources"])
    # attributes and excludedAttributes on one user, and on a change
    one = found["Resources"][0]["id"]
    assert set(scim.get(f"{BASE}/Users/{one}", params={"attributes": "emails"}).json()) == {
        "id", "emails", "schemas"
    }  # fmt: skip
    fewer = scim.get(f"{BASE}/Users/{one}", params={"excludedAttributes": "name,emails"}).json()
    assert "name" not in fewer and "emails" not in fewer and "userName" in fewer
    title = {"schemas": [PATCH], "Operations": [{"op": "add", "path": "title", "value": "Lead"}]}
    patched = scim.patch(f"{BASE}/Users/{one}", params={"attributes": "title"}, json=title)
    assert set(patched.json()) == {"id", "title", "schemas"}


def test_groups_are_teams(world: World, scim: TestClient) -> None:
    ann, bob = created(scim, new_user("ann")), created(scim, new_user("bob"))
    answer = scim.post(
        f"{BASE}/Groups",
        json={
            "schemas": [GROUP],
            "displayName": "Portfolio office",
            "members": [{"value": ann["id"]}],
        },
    )
    assert answer.status_code == 201, answer.text
    group = answer.json()
    assert group["members"] == [
        {"value": ann["id"], "$ref": f"http://testserver{BASE}/Users/{ann['id']}", "type": "User"}
    ]
    add = {
        "schemas": [PATCH],
        "Operations": [{"op": "add", "path": "members", "value": [{"value": bob["id"]}]}],
    }
    patched = scim.patch(f"{BASE}/Groups/{group['id']}", json=add)
    assert patched.status_code == 200, patched.text
    assert {m["value"] for m in patched.json()["members"]} == {ann["id"], bob["id"]}
    with world.runtime.unit_of_work() as uow:
        assert uow.people.by_id(int(bob["id"])).team == "Portfolio office"  # type: ignore[union-attr]
    assert (
        scim.get(f"{BASE}/Users/{bob['id']}").json()["groups"][0]["display"] == "Portfolio office"
    )
    found = scim.get(
        f"{BASE}/Groups", params={"filter": 'displayName eq "Portfolio office"'}
    ).json()
    assert found["totalResults"] == 1
    scim_error(
        scim.post(f"{BASE}/Groups", json={"schemas": [GROUP], "displayName": "Portfolio office"}),
        409,
        "uniqueness",
    )
    assert scim.delete(f"{BASE}/Groups/{group['id']}").status_code == 204
    with world.runtime.unit_of_work() as uow:
        assert uow.people.by_id(int(bob["id"])).team is None  # type: ignore[union-attr]


def test_uniqueness_conflict(scim: TestClient) -> None:
    created(scim, new_user("kim"))
    scim_error(scim.post(f"{BASE}/Users", json=new_user("kim")), 409, "uniqueness")
    other = new_user("lou", emails=[{"value": "kim@example.org", "primary": True}])
    scim_error(scim.post(f"{BASE}/Users", json=other), 409, "uniqueness")


def test_bad_input_is_a_located_400(scim: TestClient) -> None:
    detail = scim_error(
        scim.post(
            f"{BASE}/Users",
            json=new_user("kim", emails=[{"value": "not an address", "primary": True}]),
        ),
        400,
        "invalidValue",
    )
    assert "emails.0.value" in detail
    detail = scim_error(
        scim.post(f"{BASE}/Users", json=new_user("kim", active="maybe")), 400, "invalidValue"
    )
    assert "active" in detail
    scim_error(scim.post(f"{BASE}/Users", json=[1, 2]), 400, "invalidValue")
    for odd in ({"title": "Lead\x00"}, {"name": {"givenName": "K\x1b[31m"}}):
        answer = scim.post(f"{BASE}/Users", json={**new_user("kim"), **odd})
        detail = scim_error(answer, 400, "invalidValue")
        assert ("title" if "title" in odd else "name.givenName") in detail
    scim_error(
        scim.post(
            f"{BASE}/Users", content=b"{not json", headers={"content-type": "application/scim+json"}
        ),
        400,
        "invalidValue",
    )
    detail = scim_error(
        scim.get(f"{BASE}/Users", params={"filter": "userName eq"}), 400, "invalidFilter"
    )
    detail = scim_error(
        scim.get(f"{BASE}/Users", params={"filter": 'nickName eq "x"'}), 400, "invalidFilter"
    )
    assert "nickName" in detail and "userName" in detail  # not published: not filtered on
    scim_error(
        scim.post(f"{BASE}/Users/.search", json={"filter": "userName"}), 400, "invalidFilter"
    )
    scim_error(scim.post(f"{BASE}/Users/.search", json=[]), 400, "invalidValue")
    scim_error(scim.post(f"{BASE}/.search", json={}), 501)
    user = created(scim, new_user("kim"))
    loop = {
        "schemas": [PATCH],
        "Operations": [
            {"op": "replace", "path": f"{ENTERPRISE}:manager", "value": {"value": user["id"]}}
        ],
    }
    assert "loop" in scim_error(
        scim.patch(f"{BASE}/Users/{user['id']}", json=loop), 400, "invalidValue"
    )
    bad_op = {"schemas": [PATCH], "Operations": [{"op": "explode", "path": "title"}]}
    scim_error(scim.patch(f"{BASE}/Users/{user['id']}", json=bad_op), 400, "invalidValue")
    scim_error(scim.get(f"{BASE}/Users/abc"), 404)
    scim_error(scim.get(f"{BASE}/Users/999999"), 404)
    scim_error(
        scim.put(
            f"{BASE}/Users/{user['id']}", json=new_user("kim"), headers={"If-Match": 'W/"old"'}
        ),
        412,
    )


def test_wrong_or_missing_token_and_an_api_token_get_401(world: World) -> None:
    client = world.client()
    scim_error(client.get(f"{BASE}/Users"), 401)
    scim_error(client.get(f"{BASE}/Users", headers={"Authorization": "Bearer pmo_wrong"}), 401)
    api_token = token_for(world, "admin", TokenScope.API, "ordinary")
    scim_error(client.get(f"{BASE}/Users", headers={"Authorization": f"Bearer {api_token}"}), 401)
    scim_token = token_for(world, "admin", TokenScope.SCIM)
    assert (
        client.get(f"{BASE}/Users", headers={"Authorization": f"Bearer {scim_token}"}).status_code
        == 200
    )
    # and the SCIM token does not work on the API
    assert (
        client.get("/api/v1/tokens", headers={"Authorization": f"Bearer {scim_token}"}).status_code
        == 401
    )
    scim_error(
        client.get(f"{BASE}/Nothing", headers={"Authorization": f"Bearer {scim_token}"}), 404
    )


def test_only_an_admin_holds_a_scim_token(world: World) -> None:
    from pmopath.domain.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        token_for(world, "maria", TokenScope.SCIM)


def test_the_audit_log_lists_provisioning_under_its_kind(world: World, scim: TestClient) -> None:
    user = created(scim, new_user("kim"))
    off = {"schemas": [PATCH], "Operations": [{"op": "replace", "path": "active", "value": False}]}
    assert scim.patch(f"{BASE}/Users/{user['id']}", json=off).status_code == 200
    admin = world.client()
    admin.headers["Authorization"] = "Bearer " + token_for(world, "admin", TokenScope.API, "api")
    found = admin.get("/api/v1/audit", params={"kind": "provisioning"}).json()
    assert [e["action"] for e in found["data"]] == ["scim_user.deactivate", "scim_user.create"]
    assert found["data"][0]["what"] == "Provisioned user deactivated (SCIM)"


@pytest.mark.parametrize("user_id", ["0", "2147483648", "99999999999", "1" * 30, "١٢"])
def test_an_id_no_store_holds_is_not_found(scim: TestClient, user_id: str) -> None:
    scim_error(scim.get(f"{BASE}/Users/{user_id}"), 404)
    scim_error(scim.get(f"{BASE}/Groups/{user_id}"), 404)
    member = {"schemas": [GROUP], "displayName": "Office", "members": [{"value": user_id}]}
    scim_error(scim.post(f"{BASE}/Groups", json=member), 400, "invalidValue")
    boss = {ENTERPRISE: {"manager": {"value": user_id}}, "schemas": [USER, ENTERPRISE]}
    scim_error(scim.post(f"{BASE}/Users", json=new_user("kim", **boss)), 400, "invalidValue")
