"""Single sign-on against a real OpenID provider on 127.0.0.1 (oidc-provider-mock): the app's
side through its HTTP interface (TestClient), the provider's through a real HTTP client, the
browser's redirects followed step by step. Every refusal must end on the site's error page in
words, with its outcome in the audit log."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import httpx
import pytest
from fastapi.testclient import TestClient

from pmopath.bootstrap.container import Container
from pmopath.bootstrap.web import WebRuntime, open_web_runtime
from pmopath.config import Settings
from pmopath.domain.people import AccountRole, Person
from pmopath.services.demo.organisation import DEMO_DOMAIN, DEMO_PASSWORD
from pmopath.web.app import create_app
from pmopath.web.security import csrf_token
from tests.support.containers import CHEAP_HASHER
from tests.support.openid_provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    Provider,
    running_provider,
)

PUBLIC_URL = "http://testserver"
SAM = f"sam@{DEMO_DOMAIN}"


@pytest.fixture
def provider() -> Iterator[Provider]:
    with running_provider() as running:
        yield running


@dataclass
class Site:
    runtime: WebRuntime
    client: TestClient

    def audit(self, action: str) -> list[dict[str, Any]]:
        with self.runtime.unit_of_work() as uow:
            entries = uow.audit.entries(entity="account")
        return [dict(e.after or {}) for e in entries if e.action == action]

    def account(self, email: str) -> Any:
        with self.runtime.unit_of_work() as uow:
            return uow.accounts.by_email(email)

    def start(self) -> str:
        """GET /sign-in/sso: the provider's authorization URL it redirects to."""
        response = self.client.get("/sign-in/sso", follow_redirects=False)
        assert response.status_code == 303, response.text
        return str(response.headers["location"])

    def callback(self, location: str) -> Any:
        """Follow the provider's redirect back to the app (path and query only)."""
        parts = urlsplit(location)
        assert f"{parts.scheme}://{parts.netloc}" == PUBLIC_URL
        return self.client.get(f"{parts.path}?{parts.query}", follow_redirects=False)

    def sign_in(self, provider: Provider, subject: str) -> Any:
        return self.callback(provider.authorize(self.start(), subject))


def _site(url: str, provider: Provider, **settings: Any) -> Iterator[Site]:
    configured = Settings(
        secret_key="sso-test-secret-" + "z" * 40,
        public_url=PUBLIC_URL,
        sso_issuer=provider.issuer,
        sso_client_id=CLIENT_ID,
        sso_client_secret=CLIENT_SECRET,
        sso_name="Example ID",
        **settings,
    )
    runtime = open_web_runtime(url, container=Container(configured, hasher=CHEAP_HASHER))
    try:
        with TestClient(create_app(runtime), base_url=PUBLIC_URL) as client:
            yield Site(runtime, client)
    finally:
        runtime.close()


@pytest.fixture
def site(demo_database_url: str, provider: Provider) -> Iterator[Site]:
    yield from _site(demo_database_url, provider)


def _signed_in_as(site: Site) -> str | None:
    """The e-mail of the account the client's session belongs to, from /api/v1/me."""
    response = site.client.get("/api/v1/me")
    return response.json()["account"]["email"] if response.status_code == 200 else None


def _refused_page(response: Any, status: int, words: str) -> None:
    assert response.status_code == status, response.text
    assert "text/html" in response.headers["content-type"]
    assert words in response.text
    assert "Traceback" not in response.text
    assert "pmopath_session=" not in response.headers.get("set-cookie", "").replace(
        "pmopath_session=;", ""
    )


# ---- signing in and linking ------------------------------------------------------------------


def test_the_sign_in_page_offers_the_provider_by_its_name(site: Site) -> None:
    page = site.client.get("/sign-in")
    assert "Sign in with Example ID" in page.text
    assert 'href="/sign-in/sso?next=/"' in page.text or "/sign-in/sso?next=%2F" in page.text
    assert 'name="password"' in page.text  # password sign-in stays on by default


def test_the_first_sign_in_links_by_verified_email_and_later_ones_by_subject(
    site: Site, provider: Provider
) -> None:
    # the provider's e-mail in another case and with spaces: normalised as the project does
    provider.set_user("sub-sam-1", email=" SAM@Demo.PMOpath.org ", email_verified=True)
    authorization = site.start()
    query = parse_qs(urlsplit(authorization).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["nonce"][0] and query["state"][0] and query["client_id"] == [CLIENT_ID]
    arrived = site.callback(provider.authorize(authorization, "sub-sam-1"))
    assert arrived.status_code == 303 and arrived.headers["location"] == "/"
    assert "pmopath_session=" in arrived.headers["set-cookie"]
    assert _signed_in_as(site) == SAM
    assert site.audit("account.sso_link")[-1]["outcome"] == "linked_by_email"
    signed = site.audit("account.sso_sign_in")[-1]
    assert signed["outcome"] == "signed_in" and signed["subject"] == "sub-sam-1"

    # later: the provider's e-mail changed and is not verified; the subject still names sam
    site.client.post("/sign-out", headers={"x-csrf-token": _csrf(site)})
    assert _signed_in_as(site) is None
    provider.set_user("sub-sam-1", email="someone.else@example.org", email_verified=False)
    assert site.sign_in(provider, "sub-sam-1").status_code == 303
    assert _signed_in_as(site) == SAM
    assert len(site.audit("account.sso_link")) == 1  # linked once


def _csrf(site: Site) -> str:
    page = site.client.get("/")
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found
    return found.group(1)


def test_the_session_is_the_same_kind_as_a_password_sign_in(site: Site, provider: Provider) -> None:
    provider.set_user("sub-sam-2", email=SAM, email_verified=True)
    cookie = site.sign_in(provider, "sub-sam-2").headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=604800" in cookie
    with site.runtime.unit_of_work() as uow:
        sam = uow.accounts.by_email(SAM)
        assert sam is not None and sam.id is not None
        sessions = [s for s in uow.audit.entries(entity="account") if s.action.endswith("sign_in")]
    assert sessions[-1].after and sessions[-1].after.get("session_id")
    assert site.client.get("/").status_code == 200


# ---- refusals --------------------------------------------------------------------------------


def test_an_unverified_email_with_no_linked_subject_is_refused(
    site: Site, provider: Provider
) -> None:
    provider.set_user("sub-unverified", email=SAM, email_verified=False)
    refused = site.sign_in(provider, "sub-unverified")
    _refused_page(refused, 403, "not verified by the sign-in provider")
    assert _signed_in_as(site) is None
    assert site.audit("account.sso_sign_in_failed")[-1]["outcome"] == "unverified_email"
    assert site.audit("account.sso_link") == []


def test_a_replayed_state_is_refused(site: Site, provider: Provider) -> None:
    provider.set_user("sub-sam-3", email=SAM, email_verified=True)
    back = provider.authorize(site.start(), "sub-sam-3")
    assert site.callback(back).status_code == 303
    site.client.cookies.clear()
    site.client.cookies.set("pmopath_sso", "whatever")
    replayed = site.callback(back)
    _refused_page(replayed, 400, "unknown or was already used")
    assert _signed_in_as(site) is None
    assert site.audit("account.sso_sign_in_failed")[-1]["outcome"] == "unknown_state"


def test_a_replayed_state_is_refused_in_the_same_browser_too(
    site: Site, provider: Provider
) -> None:
    provider.set_user("sub-sam-4", email=SAM, email_verified=True)
    start = site.client.get("/sign-in/sso", follow_redirects=False)
    binding = start.cookies.get("pmopath_sso") or site.client.cookies.get("pmopath_sso")
    assert binding
    back = provider.authorize(start.headers["location"], "sub-sam-4")
    assert site.callback(back).status_code == 303
    site.client.cookies.clear()
    site.client.cookies.set("pmopath_sso", binding)  # the very cookie that started it
    _refused_page(site.callback(back), 400, "unknown or was already used")


def test_an_unknown_state_is_refused(site: Site) -> None:
    site.start()
    refused = site.client.get("/sign-in/sso/callback?state=made-up&code=abc")
    _refused_page(refused, 400, "unknown or was already used")


def test_a_sign_in_started_in_another_browser_is_refused(site: Site, provider: Provider) -> None:
    provider.set_user("sub-sam-5", email=SAM, email_verified=True)
    back = provider.authorize(site.start(), "sub-sam-5")
    site.client.cookies.clear()  # another browser: its own cookie, not the one that started
    site.client.cookies.set("pmopath_sso", "another-browsers-cookie")
    _refused_page(site.callback(back), 400, "started in another browser")
    assert site.audit("account.sso_sign_in_failed")[-1]["outcome"] == "other_browser"


def test_an_id_token_from_another_issuer_is_refused(site: Site, provider: Provider) -> None:
    provider.set_user("sub-sam-6", email=SAM, email_verified=True)
    back = provider.authorize(site.start(), "sub-sam-6")
    provider.wrong_issuer = True
    refused = site.callback(back)
    assert "/oauth2/token" in provider.seen  # the code was exchanged: the token was checked
    _refused_page(refused, 400, "came from another issuer")
    assert _signed_in_as(site) is None
    assert site.audit("account.sso_sign_in_failed")[-1]["outcome"] == "wrong_issuer"


def test_an_id_token_with_another_nonce_is_refused(site: Site, provider: Provider) -> None:
    provider.set_user("sub-sam-7", email=SAM, email_verified=True)
    authorization = urlsplit(site.start())
    query = parse_qs(authorization.query)
    query["nonce"] = ["a-nonce-this-browser-never-sent"]  # a code issued for someone else's
    tampered = urlunsplit(authorization._replace(query=urlencode(query, doseq=True)))
    refused = site.callback(provider.authorize(tampered, "sub-sam-7"))
    _refused_page(refused, 400, "does not belong to the one this browser started")
    assert _signed_in_as(site) is None
    assert site.audit("account.sso_sign_in_failed")[-1]["outcome"] == "bad_nonce"


def test_the_providers_error_parameter_is_shown_in_words(site: Site, provider: Provider) -> None:
    authorization = site.start()
    state = parse_qs(urlsplit(authorization).query)["state"][0]
    refused = site.client.get(
        f"/sign-in/sso/callback?error=access_denied&state={state}", follow_redirects=False
    )
    _refused_page(refused, 400, "cancelled or refused at the provider")
    assert site.audit("account.sso_sign_in_failed")[-1]["outcome"] == "provider_error"


def test_no_account_and_no_creating_is_refused(site: Site, provider: Provider) -> None:
    provider.set_user("sub-new", email="newcomer@example.org", email_verified=True)
    refused = site.sign_in(provider, "sub-new")
    _refused_page(refused, 403, "no account here for newcomer@example.org")
    assert site.account("newcomer@example.org") is None
    assert site.audit("account.sso_sign_in_failed")[-1]["outcome"] == "no_account"


def test_a_disabled_account_is_refused(site: Site, provider: Provider) -> None:
    with site.runtime.unit_of_work() as uow:
        sam = uow.accounts.by_email(SAM)
        assert sam is not None
        from dataclasses import replace

        uow.accounts.update(replace(sam, disabled=True))
        uow.commit()
    provider.set_user("sub-sam-8", email=SAM, email_verified=True)
    _refused_page(site.sign_in(provider, "sub-sam-8"), 403, "Your account here is disabled")
    assert site.audit("account.sso_sign_in_failed")[-1]["outcome"] == "disabled"


# ---- settings: creating accounts, roles from a claim, password sign-in off ---------------------


@pytest.fixture
def creating_site(demo_database_url: str, provider: Provider) -> Iterator[Site]:
    yield from _site(demo_database_url, provider, sso_create_accounts=True)


def test_creating_accounts_makes_a_member_with_a_new_person(
    creating_site: Site, provider: Provider
) -> None:
    provider.set_user(
        "sub-new-2", email="Newcomer@Example.org", email_verified=True, name="Nia Newcomer"
    )
    assert creating_site.sign_in(provider, "sub-new-2").status_code == 303
    account = creating_site.account("newcomer@example.org")
    assert account is not None and account.role is AccountRole.MEMBER
    with creating_site.runtime.unit_of_work() as uow:
        person = uow.people.by_email("newcomer@example.org")
        assert uow.accounts.password_hash(account.id) in ("", None)
    assert person is not None and person.name == "Nia Newcomer"
    assert account.person_id == person.id
    assert creating_site.audit("account.sso_link")[-1]["outcome"] == "created"
    assert _signed_in_as(creating_site) == "newcomer@example.org"


def test_creating_accounts_links_the_person_already_stored(
    creating_site: Site, provider: Provider
) -> None:
    with creating_site.runtime.unit_of_work() as uow:
        stored = uow.people.add(Person(None, "known@example.org", "Kim Known"))
        uow.readiness.refresh()
        uow.commit()
    provider.set_user("sub-known", email="known@example.org", email_verified=True)
    assert creating_site.sign_in(provider, "sub-known").status_code == 303
    account = creating_site.account("known@example.org")
    assert account is not None and account.person_id == stored.id


def test_creating_accounts_still_needs_a_verified_email(
    creating_site: Site, provider: Provider
) -> None:
    provider.set_user("sub-new-3", email="unverified@example.org", email_verified=False)
    _refused_page(creating_site.sign_in(provider, "sub-new-3"), 403, "not verified")
    assert creating_site.account("unverified@example.org") is None


@pytest.fixture
def mapping_site(demo_database_url: str, provider: Provider) -> Iterator[Site]:
    yield from _site(
        demo_database_url,
        provider,
        sso_role_claim="groups",
        sso_admin_values="pmo-admins, it-admins",
        sso_manager_values="pmo-managers",
    )


def test_roles_follow_the_mapped_claim_at_every_sign_in(
    mapping_site: Site, provider: Provider
) -> None:
    assert mapping_site.account(SAM).role is AccountRole.MEMBER
    provider.set_user("sub-sam-9", email=SAM, email_verified=True, groups=["staff", "it-admins"])
    assert mapping_site.sign_in(provider, "sub-sam-9").status_code == 303
    assert mapping_site.account(SAM).role is AccountRole.ADMIN
    provider.set_user("sub-sam-9", email=SAM, email_verified=True, groups=["pmo-managers"])
    mapping_site.client.cookies.clear()
    assert mapping_site.sign_in(provider, "sub-sam-9").status_code == 303
    assert mapping_site.account(SAM).role is AccountRole.MANAGER
    provider.set_user("sub-sam-9", email=SAM, email_verified=True, groups=[])
    mapping_site.client.cookies.clear()
    assert mapping_site.sign_in(provider, "sub-sam-9").status_code == 303
    assert mapping_site.account(SAM).role is AccountRole.MEMBER
    changes = [e for e in mapping_site.audit("account.update") if e.get("claim") == "groups"]
    assert [c["role"] for c in changes] == ["admin", "manager", "member"]


def test_without_a_mapped_claim_roles_are_kept(site: Site, provider: Provider) -> None:
    provider.set_user("sub-admin", email=f"admin@{DEMO_DOMAIN}", email_verified=True, groups=[])
    assert site.sign_in(provider, "sub-admin").status_code == 303
    assert site.account(f"admin@{DEMO_DOMAIN}").role is AccountRole.ADMIN


@pytest.fixture
def sso_only_site(demo_database_url: str, provider: Provider) -> Iterator[Site]:
    yield from _site(demo_database_url, provider, password_sign_in=False)


def test_with_password_sign_in_off_the_form_is_gone_and_a_post_is_refused(
    sso_only_site: Site, provider: Provider
) -> None:
    page = sso_only_site.client.get("/sign-in")
    assert "Sign in with Example ID" in page.text
    assert 'name="password"' not in page.text
    pre_session = sso_only_site.client.cookies.get("pmopath_presession")
    assert pre_session
    csrf = csrf_token(sso_only_site.runtime.secret, pre_session)  # as the form would carry
    refused = sso_only_site.client.post(
        "/sign-in",
        data={"email": SAM, "password": DEMO_PASSWORD, "csrf_token": csrf},
        headers={"x-csrf-token": csrf},
        follow_redirects=False,
    )
    _refused_page(refused, 403, "Signing in with a password is turned off here")
    assert _signed_in_as(sso_only_site) is None
    provider.set_user("sub-sam-10", email=SAM, email_verified=True)
    assert sso_only_site.sign_in(provider, "sub-sam-10").status_code == 303
    assert _signed_in_as(sso_only_site) == SAM


def test_without_single_sign_on_there_is_no_button(demo_database_url: str) -> None:
    runtime = open_web_runtime(
        demo_database_url,
        container=Container(Settings(secret_key="x" * 8 + "sso-none-" * 5), hasher=CHEAP_HASHER),
    )
    try:
        with TestClient(create_app(runtime)) as client:
            assert "Sign in with" not in client.get("/sign-in").text
            assert client.get("/sign-in/sso", follow_redirects=False).status_code == 404
    finally:
        runtime.close()


# ---- a provider that does not say whether the e-mail is verified (Microsoft Entra ID) -----------


@pytest.fixture
def trusting_site(demo_database_url: str, provider: Provider) -> Iterator[Site]:
    yield from _site(demo_database_url, provider, sso_trust_emails=True)


def test_an_email_the_token_says_nothing_about_is_refused_unless_trusted(
    site: Site, provider: Provider
) -> None:
    provider.set_user("sub-entra-1", email=SAM)  # no email_verified claim at all
    refused = site.sign_in(provider, "sub-entra-1")
    _refused_page(refused, 403, "not verified by the sign-in provider")
    assert site.audit("account.sso_sign_in_failed")[-1]["outcome"] == "unverified_email"


def test_a_trusted_provider_links_an_email_it_says_nothing_about(
    trusting_site: Site, provider: Provider
) -> None:
    site = trusting_site
    provider.set_user("sub-entra-2", email=SAM)
    assert site.sign_in(provider, "sub-entra-2").status_code == 303
    assert _signed_in_as(site) == SAM
    assert site.audit("account.sso_link")[-1]["outcome"] == "linked_by_email"
    # an explicit "not verified" is still refused, trust or not
    provider.set_user("sub-entra-3", email=SAM, email_verified=False)
    site.client.cookies.clear()
    refused = site.sign_in(provider, "sub-entra-3")
    _refused_page(refused, 403, "not verified by the sign-in provider")


# ---- an admin sees and unlinks an account's identities ----------------------------------------


def test_an_admin_unlinks_an_identity_after_confirming_and_it_links_again(
    site: Site, provider: Provider
) -> None:
    from tests.e2e.web.conftest import csrf_of, page_csrf

    provider.set_user("sub-sam-20", email=SAM, email_verified=True)
    assert site.sign_in(provider, "sub-sam-20").status_code == 303
    sam = site.account(SAM)
    admin = TestClient(site.client.app, base_url=PUBLIC_URL)
    signed = admin.post(
        "/sign-in",
        data={
            "email": f"admin@{DEMO_DOMAIN}",
            "password": DEMO_PASSWORD,
            "csrf_token": csrf_of(admin.get("/sign-in").text),
        },
        follow_redirects=False,
    )
    assert signed.status_code == 303
    page = admin.get(f"/admin/accounts/{sam.id}/tokens")
    assert provider.issuer in page.text and "sub-sam-20" in page.text
    form = {"issuer": provider.issuer, "subject": "sub-sam-20"}
    csrf = page_csrf(admin, f"/admin/accounts/{sam.id}/tokens")
    asked = admin.post(
        f"/admin/accounts/{sam.id}/identities/unlink", data={**form, "csrf_token": csrf}
    )
    assert asked.status_code == 200 and "Unlink" in asked.text
    assert site.audit("account.sso_unlink") == []  # nothing changes before the confirmation
    done = admin.post(
        f"/admin/accounts/{sam.id}/identities/unlink",
        data={**form, "csrf_token": csrf, "confirmed": "yes"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert "is unlinked from" in admin.get(done.headers["location"]).text
    assert admin.get(f"/api/v1/admin/accounts/{sam.id}/identities").json()["count"] == 0
    assert site.audit("account.sso_unlink")[-1]["subject"] == "sub-sam-20"
    again = admin.post(
        f"/api/v1/admin/accounts/{sam.id}/identities/unlink",
        json=form,
        headers={"x-csrf-token": csrf},
    )
    assert again.status_code == 404  # no longer linked
    site.client.cookies.clear()
    assert site.sign_in(provider, "sub-sam-20").status_code == 303  # linked again by e-mail
    assert [a["outcome"] for a in site.audit("account.sso_link")] == ["linked_by_email"] * 2


# ---- signing out: the provider's session ends too (RP-Initiated Logout) ---------------------


def _sign_out(site: Site) -> Any:
    return site.client.post(
        "/sign-out", headers={"x-csrf-token": _csrf(site)}, follow_redirects=False
    )


def test_signing_out_of_a_single_sign_on_session_ends_the_providers_too(
    site: Site, provider: Provider
) -> None:
    provider.set_user("sub-sam-30", email=SAM, email_verified=True)
    assert site.sign_in(provider, "sub-sam-30").status_code == 303
    # browsers check a form's redirects against form-action: the provider's origin is allowed
    policy = site.client.get("/").headers["content-security-policy"]
    assert f"form-action 'self' {provider.issuer};" in policy
    left = _sign_out(site)
    assert left.status_code == 303
    assert _signed_in_as(site) is None  # ended here before the browser goes anywhere
    location = urlsplit(left.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        f"{provider.issuer}/oauth2/end_session"
    )
    asked = parse_qs(location.query)
    assert asked["client_id"] == [CLIENT_ID]
    assert asked["post_logout_redirect_uri"] == [f"{PUBLIC_URL}/sign-in"]
    assert asked["state"][0]
    # the provider asks, ends its session and sends the browser back to the sign-in page
    form = httpx.get(left.headers["location"], timeout=10)
    back_to = re.search(r'name="redirect_uri" value="([^"]+)"', form.text)
    assert back_to, form.text
    ended = httpx.post(
        f"{provider.issuer}/oauth2/end_session/confirm",
        data={"redirect_uri": back_to.group(1).replace("&amp;", "&")},
        timeout=10,
    )
    assert ended.status_code in (302, 303)
    arrived = urlsplit(ended.headers["location"])
    assert f"{arrived.scheme}://{arrived.netloc}{arrived.path}" == f"{PUBLIC_URL}/sign-in"
    page = site.client.get(f"{arrived.path}?{arrived.query}")
    assert page.status_code == 200 and "You are signed out." in page.text


def test_signing_out_of_a_password_session_stays_here(site: Site) -> None:
    from tests.e2e.web.conftest import csrf_of

    signed = site.client.post(
        "/sign-in",
        data={
            "email": SAM,
            "password": DEMO_PASSWORD,
            "csrf_token": csrf_of(site.client.get("/sign-in").text),
        },
        follow_redirects=False,
    )
    assert signed.status_code == 303
    left = _sign_out(site)
    assert left.status_code == 303 and left.headers["location"] == "/sign-in"
    assert _signed_in_as(site) is None


@pytest.fixture
def local_sign_out_site(demo_database_url: str, provider: Provider) -> Iterator[Site]:
    yield from _site(demo_database_url, provider, sso_sign_out=False)


def test_with_provider_sign_out_off_signing_out_stays_here(
    local_sign_out_site: Site, provider: Provider
) -> None:
    site = local_sign_out_site
    provider.set_user("sub-sam-31", email=SAM, email_verified=True)
    assert site.sign_in(provider, "sub-sam-31").status_code == 303
    left = _sign_out(site)
    assert left.status_code == 303 and left.headers["location"] == "/sign-in"
    assert _signed_in_as(site) is None
    assert "form-action 'self';" in site.client.get("/sign-in").headers["content-security-policy"]


def test_an_unreachable_provider_is_said_in_words_and_password_sign_in_still_works(
    demo_database_url: str,
) -> None:
    with running_provider() as gone:
        pass  # started and stopped: nothing answers at its address any more
    for site in _site(demo_database_url, gone):
        refused = site.client.get("/sign-in/sso", follow_redirects=False)
        _refused_page(refused, 400, "the sign-in provider could not be reached")
        assert "Sign in with Example ID" in site.client.get("/sign-in").text
        from tests.e2e.web.conftest import csrf_of

        signed = site.client.post(
            "/sign-in",
            data={
                "email": SAM,
                "password": DEMO_PASSWORD,
                "csrf_token": csrf_of(site.client.get("/sign-in").text),
            },
            follow_redirects=False,
        )
        assert signed.status_code == 303 and _signed_in_as(site) == SAM
        left = _sign_out(site)  # a password session: never sent to the provider
        assert left.headers["location"] == "/sign-in"
