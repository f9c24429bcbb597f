"""Single sign-on in Chromium: the app (uvicorn) and a real OpenID provider (oidc-provider-mock),
both on 127.0.0.1; the browser follows every redirect itself, cookies and all."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from pmopath.bootstrap.container import Container
from pmopath.bootstrap.web import open_web_runtime
from pmopath.config import Settings
from pmopath.services.demo.organisation import DEMO_DOMAIN
from tests.conftest import demo_template
from tests.e2e.browser.conftest import _free_port, screenshot, serving
from tests.support import templates
from tests.support.containers import CHEAP_HASHER
from tests.support.openid_provider import CLIENT_ID, CLIENT_SECRET, Provider, running_provider

pytestmark = pytest.mark.browser


@pytest.fixture
def provider() -> Iterator[Provider]:
    with running_provider() as running:
        yield running


@pytest.fixture
def sso_server(
    tmp_path: Path, database_templates: templates.Templates, provider: Provider
) -> Iterator[str]:
    """The app on a fresh demo database with single sign-on at ``provider`` and password
    sign-in turned off."""
    url = templates.copy(demo_template(database_templates, "sqlite"), str(tmp_path / "sso.db"))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    settings = Settings(
        secret_key="browser-sso-secret-" + "q" * 40,
        public_url=base,
        sso_issuer=provider.issuer,
        sso_client_id=CLIENT_ID,
        sso_client_secret=CLIENT_SECRET,
        sso_name="Example ID",
        password_sign_in=False,
    )
    runtime = open_web_runtime(url, container=Container(settings, hasher=CHEAP_HASHER))
    with serving(runtime, port):
        yield base


def _sign_in_at_provider(page: Page, base: str, subject: str) -> None:
    page.goto(f"{base}/sign-in")
    expect(page.get_by_label("Password")).to_have_count(0)  # password sign-in is off
    page.get_by_role("link", name="Sign in with Example ID").click()
    page.get_by_placeholder("sub").fill(subject)  # the provider's own sign-in form
    page.get_by_role("button", name="Authorize").click()


def test_a_full_single_sign_on_lands_signed_in_on_home(
    page: Page, sso_server: str, provider: Provider
) -> None:
    provider.set_user(
        "sam-at-example-id", email=f"sam@{DEMO_DOMAIN}", email_verified=True, name="Sam"
    )
    _sign_in_at_provider(page, sso_server, "sam-at-example-id")
    page.wait_for_url(f"{sso_server}/")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    me = page.request.get(f"{sso_server}/api/v1/me")
    assert me.ok and me.json()["account"]["email"] == f"sam@{DEMO_DOMAIN}"
    screenshot(page, "single-sign-on-home")
    # signing out ends the provider's session too, and the provider sends the browser back
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{provider.issuer}/oauth2/end_session*")
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{sso_server}/sign-in*")
    expect(page.get_by_role("status")).to_contain_text("You are signed out.")
    assert page.request.get(f"{sso_server}/api/v1/me").status == 401


def test_an_unverified_email_ends_on_a_page_saying_so(
    page: Page, sso_server: str, provider: Provider
) -> None:
    provider.set_user("not-verified", email=f"sam@{DEMO_DOMAIN}", email_verified=False)
    _sign_in_at_provider(page, sso_server, "not-verified")
    page.wait_for_url(f"{sso_server}/sign-in/sso/callback*")
    expect(page.get_by_role("heading", name="Signing in is not possible")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("not verified by the sign-in provider")
    assert page.request.get(f"{sso_server}/api/v1/me").status == 401
    screenshot(page, "single-sign-on-refused")


def test_going_back_to_a_used_sign_in_link_is_refused(
    page: Page, sso_server: str, provider: Provider
) -> None:
    provider.set_user("sam-again", email=f"sam@{DEMO_DOMAIN}", email_verified=True)
    callbacks: list[str] = []
    page.on(
        "request", lambda r: callbacks.append(r.url) if "/sign-in/sso/callback" in r.url else None
    )
    _sign_in_at_provider(page, sso_server, "sam-again")
    page.wait_for_url(f"{sso_server}/")
    page.goto(callbacks[0])  # the same state and code again, in the same browser
    expect(page.get_by_role("alert")).to_contain_text("unknown or was already used")
