"""Security behaviours: headers, CSRF, cookies, session rotation, throttling, limits, escaping."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from starlette.requests import Request
from typer.testing import CliRunner

from pmopath.bootstrap.secret_key import StartupRefused, web_secret
from pmopath.cli.main import app as cli_app
from pmopath.config import Settings, parse_networks, read_settings
from pmopath.domain.errors import BadInput
from pmopath.domain.people import Person
from pmopath.web.security import CONTENT_SECURITY_POLICY, client_address
from tests.e2e.web.conftest import World, csrf_of, email, page_csrf, sign_in


def test_every_page_carries_the_security_headers(world: World) -> None:
    client = sign_in(world.client(), "sam")
    for path in ("/", "/map", "/sign-in", "/api/v1/roles", "/no-such-page"):
        headers = client.get(path).headers
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "unsafe-inline" not in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(world: World) -> None:
    client = sign_in(world.client(), "sam")
    answer = client.post("/target", data={"role": "head_of_pmo"})
    assert answer.status_code == 403
    assert "did not come from PMO Pathways" in answer.text
    forged = client.post("/target", data={"role": "head_of_pmo", "csrf_token": "0" * 64})
    assert forged.status_code == 403
    with world.runtime.unit_of_work() as uow:
        targets = uow.targets.for_person(world.person_id("sam"))
    assert "head_of_pmo" not in [t.role for t in targets]


def test_the_api_by_cookie_needs_the_csrf_header_but_a_bearer_token_does_not(
    world: World,
) -> None:
    client = sign_in(world.client(), "sam")
    assert client.post("/api/v1/tokens", json={"label": "x"}).status_code == 403
    made = client.post(
        "/api/v1/tokens", json={"label": "laptop"}, headers={"X-CSRF-Token": page_csrf(client)}
    )
    assert made.status_code == 201
    bearer = {"Authorization": f"Bearer {made.json()['token']}"}
    plain = world.client()
    assert plain.get("/api/v1/tokens", headers=bearer).json()["count"] == 1
    assert plain.delete(f"/api/v1/tokens/{made.json()['id']}", headers=bearer).status_code == 204
    assert plain.get("/api/v1/tokens", headers=bearer).status_code == 401


def test_session_cookie_flags_and_rotation_at_sign_in(world: World) -> None:
    client = world.client()
    token = csrf_of(client.get("/sign-in").text)
    first = client.post(
        "/sign-in",
        data={"email": email("sam"), "password": "pathways-demo-2026", "csrf_token": token},
        follow_redirects=False,
    )
    cookie = next(c for c in first.headers.get_list("set-cookie") if "pmopath_session=" in c)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain HTTP in development; PMOPATH_HTTPS turns it on
    old = client.cookies.get("pmopath_session")
    again = client.post(
        "/sign-in",
        data={
            "email": email("sam"),
            "password": "pathways-demo-2026",
            "csrf_token": page_csrf(client),
        },
        follow_redirects=False,
    )
    assert again.status_code == 303
    new = client.cookies.get("pmopath_session")
    assert new and new != old
    stale = world.client()
    stale.cookies.set("pmopath_session", old or "")
    assert stale.get("/", follow_redirects=False).status_code == 303  # the old one is dead


def test_five_failed_sign_ins_throttle_the_account_with_retry_after(world: World) -> None:
    client = world.client()
    for _ in range(5):
        token = csrf_of(client.get("/sign-in").text)
        failed = client.post(
            "/sign-in",
            data={"email": email("priya"), "password": "wrong-password-1", "csrf_token": token},
        )
        assert failed.status_code == 401
    token = csrf_of(client.get("/sign-in").text)
    refused = client.post(
        "/sign-in",
        data={"email": email("priya"), "password": "pathways-demo-2026", "csrf_token": token},
    )
    assert refused.status_code == 429
    assert 0 < int(refused.headers["retry-after"]) <= 15 * 60
    assert "Too many failed sign-ins" in refused.text


def test_oversized_requests_are_refused_with_413(world: World) -> None:
    client = sign_in(world.client(), "sam")
    answer = client.post(
        "/target",
        content=b"role=" + b"x" * (3 * 1024 * 1024),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert answer.status_code == 413


def test_names_from_the_database_are_escaped(world: World) -> None:
    with world.runtime.unit_of_work() as uow:
        sam = uow.people.by_email(email("sam"))
        assert sam is not None
        uow.people.update(
            Person(
                sam.id,
                sam.email,
                "<script>alert(1)</script>",
                sam.role,
                sam.role_since,
                sam.manager_id,
                sam.team,
            )
        )
        uow.commit()
    page = sign_in(world.client(), "sam").get("/").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_errors_are_pages_or_json_never_tracebacks(world: World) -> None:
    client = sign_in(world.client(), "sam")
    page = client.get("/roles/not_a_role")
    assert page.status_code == 400 and "Traceback" not in page.text and "<h1>" in page.text
    api = client.get("/api/v1/paths", params={"from": "pmo_analyst", "to": "x" * 500})
    assert api.status_code == 422
    assert api.json()["error"]["fields"][0]["field"] == "query.to"


@pytest.mark.parametrize(
    ("secret", "debug"), [(None, False), ("changeme", False), ("s" * 48, True)]
)
def test_production_refuses_a_default_secret_or_debug(secret: str | None, debug: bool) -> None:
    settings = Settings(environment="production", secret_key=secret, debug=debug)
    with pytest.raises(StartupRefused):
        web_secret(settings)


@pytest.mark.parametrize(
    "secret", ["s" * 32, "ab" * 24, "0123456789" * 4, "Passw0rd" * 6], ids=repr
)
def test_production_refuses_a_long_secret_without_entropy(secret: str) -> None:
    settings = Settings(environment="production", secret_key=secret)
    with pytest.raises(StartupRefused) as refused:
        web_secret(settings)
    assert "128 bits" in str(refused.value)
    assert "secrets.token_urlsafe(48)" in str(refused.value)


def test_production_accepts_a_generated_secret() -> None:
    for secret in (secrets.token_urlsafe(48), secrets.token_urlsafe(32), secrets.token_hex(32)):
        settings = Settings(environment="production", secret_key=secret)
        assert web_secret(settings) == secret.encode()


def test_serve_refuses_production_without_a_secret(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.setenv("PMOPATH_ENVIRONMENT", "production")
    monkeypatch.delenv("PMOPATH_SECRET_KEY", raising=False)
    result = CliRunner().invoke(cli_app, ["serve", "--db", f"sqlite:///{tmp_path}/x.db"])
    assert result.exit_code == 1
    assert "refusing to start in production" in result.output


def _try_sign_in(client: TestClient, key: str, password: str, **headers: str) -> int:
    token = csrf_of(client.get("/sign-in").text)
    answer = client.post(
        "/sign-in",
        data={"email": email(key), "password": password, "csrf_token": token},
        headers=headers,
        follow_redirects=False,
    )
    return answer.status_code


def test_one_persons_failures_do_not_lock_out_their_office(world: World) -> None:
    office = world.client()  # everyone here comes from the one address
    for _ in range(5):
        assert _try_sign_in(office, "priya", "wrong-password-1") == 401
    assert _try_sign_in(office, "priya", "pathways-demo-2026") == 429  # her account waits
    colleague = world.client()
    assert _try_sign_in(colleague, "sam", "pathways-demo-2026") == 303


def test_a_forwarded_address_from_an_untrusted_peer_is_ignored(world: World) -> None:
    client = world.client()
    for number in range(5):  # a new "address" each time would dodge a per-address count
        spoof = {"x-forwarded-for": f"198.51.100.{number}", "forwarded": f"for=203.0.113.{number}"}
        assert _try_sign_in(client, "priya", "wrong-password-1", **spoof) == 401
    assert _try_sign_in(client, "priya", "pathways-demo-2026", **spoof) == 429
    with world.runtime.unit_of_work() as uow:
        since = datetime(2000, 1, 1, tzinfo=UTC)
        assert len(uow.sign_in_failures.for_email_from(email("priya"), "testclient", since)) == 5
        assert uow.sign_in_failures.for_address("198.51.100.0", since) == []


def _request(peer: str, headers: dict[str, str]) -> Request:
    raw = [(name.encode(), value.encode()) for name, value in headers.items()]
    return Request({"type": "http", "client": (peer, 4711), "headers": raw})


TRUSTED = parse_networks("10.0.0.0/8, 2001:db8::1")


@pytest.mark.parametrize(
    ("peer", "headers", "client"),
    [
        ("192.0.2.7", {"x-forwarded-for": "198.51.100.1"}, "192.0.2.7"),
        ("192.0.2.7", {"forwarded": "for=198.51.100.1"}, "192.0.2.7"),
        ("10.1.2.3", {"x-forwarded-for": "198.51.100.1"}, "198.51.100.1"),
        ("10.1.2.3", {"x-forwarded-for": "6.6.6.6, 198.51.100.1, 10.9.9.9"}, "198.51.100.1"),
        ("10.1.2.3", {"forwarded": 'for="[2001:db8::7]:4711";proto=https'}, "[2001:db8::7]:4711"),
        ("2001:db8::1", {"forwarded": "for=198.51.100.1, for=10.0.0.2"}, "198.51.100.1"),
        ("10.1.2.3", {"x-forwarded-for": "unknown, 10.0.0.9"}, "10.0.0.9"),
        ("10.1.2.3", {}, "10.1.2.3"),
    ],
    ids=[
        "spoofed xff from an untrusted peer",
        "spoofed forwarded from an untrusted peer",
        "xff from a trusted proxy",
        "only the hops proxies added count",
        "forwarded with a port",
        "forwarded through two proxies",
        "a garbled hop stops the walk",
        "a proxy that forwards nothing",
    ],
)
def test_forwarded_addresses_count_only_from_trusted_proxies(
    peer: str, headers: dict[str, str], client: str
) -> None:
    assert client_address(_request(peer, headers), TRUSTED) == client
    assert client_address(_request(peer, headers), ()) == peer  # no proxies configured


def test_a_bad_trusted_proxy_setting_is_refused_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMOPATH_TRUSTED_PROXIES", "10.0.0.0/8, proxy.example.org")
    with pytest.raises(BadInput, match="PMOPATH_TRUSTED_PROXIES: .*'proxy.example.org'"):
        read_settings()


def _reset_password(world: World, key: str) -> str:
    from pmopath.services.accounts.management import change_password, get_account

    store = world.runtime.store()
    account = get_account(store, email(key))
    new_password = "plum tractor velvet 42"
    change_password(store, account_id=account.id or 0, new_password=new_password, actor="test")
    return new_password


def _disable_and_enable(world: World, key: str) -> str:
    from pmopath.services.accounts.management import update_account

    update_account(world.runtime.store(), email(key), actor="test", disabled=True)
    update_account(world.runtime.store(), email(key), actor="test", disabled=False)
    return "pathways-demo-2026"


@pytest.mark.parametrize("end_session", [_reset_password, _disable_and_enable])
def test_a_session_ended_on_the_server_does_not_block_signing_in_again(
    world: World, end_session: Callable[[World, str], str]
) -> None:
    client = sign_in(world.client(), "sam")
    stale = client.cookies.get("pmopath_session")
    password = end_session(world, "sam")
    page = client.get("/sign-in")
    assert page.status_code == 200  # the dead session signs nobody in
    assert 'name="csrf_token" value=""' not in page.text
    cleared = [c for c in page.headers.get_list("set-cookie") if c.startswith("pmopath_session=")]
    assert cleared and "Max-Age=0" in cleared[0]  # the stale cookie is cleared
    client.cookies.set("pmopath_session", stale or "")  # a browser that kept it anyway
    answer = client.post(
        "/sign-in",
        data={"email": email("sam"), "password": password, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    assert client.get("/", follow_redirects=False).status_code == 200


def test_a_page_form_over_the_limit_answers_a_page_and_the_api_json(world: World) -> None:
    client = sign_in(world.client(), "sam")
    big = b"role=" + b"x" * (3 * 1024 * 1024)
    form = {"content-type": "application/x-www-form-urlencoded"}
    page = client.post("/target", content=big, headers=form)
    assert page.status_code == 413 and page.headers["content-type"].startswith("text/html")
    assert "<h1>" in page.text and "larger than" in page.text
    api = client.post("/api/v1/tokens", content=big, headers={"content-type": "application/json"})
    assert api.status_code == 413 and api.json()["error"]["type"] == "TooLarge"


def test_a_chunked_body_over_the_limit_answers_413(world: World) -> None:
    client = sign_in(world.client(), "sam")

    def chunks() -> Iterator[bytes]:
        yield b"role="
        for _ in range(48):
            yield b"x" * 65536

    form = {"content-type": "application/x-www-form-urlencoded"}
    answer = client.post("/target", content=chunks(), headers=form)
    assert answer.status_code == 413, answer.text[:300]


def test_a_405_lists_every_method_the_path_accepts(world: World) -> None:
    client = sign_in(world.client(), "sam")
    answer = client.put("/sign-in")
    assert answer.status_code == 405
    assert {m.strip() for m in answer.headers["allow"].split(",")} == {"GET", "POST"}
