"""The admin pages and API: framework upload (problems by line, preview, activation, renames),
upload kinds and limits (people import and accounts: test_admin_people_accounts.py)."""

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
    changed = framework_text().replace('version: "2027.1"', 'version: "2027.2"', 1)
    preview = upload_framework(client, token, changed)
    assert preview.status_code == 200
    assert "is valid" in preview.text and "2027.2" in preview.text
    assert "No role, competency or action is added, removed or renamed." in preview.text
    assert active_version(world) == before  # a preview changes nothing
    fields = confirm_fields(preview.text)
    assert fields["content"] == changed
    done = client.post(
        "/admin/framework/activate", data={**fields, "csrf_token": token}, follow_redirects=False
    )
    assert done.status_code == 303 and done.headers["location"] == "/admin"
    assert active_version(world) != before
    assert world.runtime.store().framework.version == "2027.2"
    shown = client.get(done.headers["location"]).text
    assert "Framework 2027.2 is active: every page now uses it." in shown
    assert "is active: every page" not in client.get("/admin").text  # said once, not again


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
    assert 32 in lines  # the line of critical_cap in the shipped file
    data = yaml.safe_load(framework_text())
    data["version"] = "2027.3"
    check = client.post("/api/v1/admin/framework", json=data, headers=headers)
    assert check.status_code == 200 and check.json()["activated"] is False
    assert active_version(world) == before
    done = client.post(
        "/api/v1/admin/framework", params={"activate": "true"}, json=data, headers=headers
    )
    assert done.status_code == 200 and done.json()["activated"] is True
    assert world.runtime.store().framework.version == "2027.3"
    orphaning = client.post(
        "/api/v1/admin/framework", json=without_role("pmo_administrator"), headers=headers
    )
    assert (
        orphaning.status_code == 409 and "pmo_administrator" in orphaning.json()["error"]["message"]
    )
