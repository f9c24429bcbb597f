"""Sign in and sign out: a new session (and cookie) at each sign-in, dead after sign-out; by
password, or by single sign-on at an OpenID Connect provider (when configured)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pmopath.config import Settings
from pmopath.domain.accounts import ThrottlePolicy
from pmopath.domain.errors import SignInFailed, SingleSignOnFailed, Throttled, UnusableText
from pmopath.domain.single_sign_on import PENDING_LIFETIME, RoleMapping, claim_values
from pmopath.services.accounts import sessions as accounts
from pmopath.services.accounts import single_sign_on as sso
from pmopath.services.accounts.sessions import SESSION_LIFETIME
from pmopath.web.deps import PageSession, RuntimeDep, StoreDep
from pmopath.web.errors import error_page, status_for
from pmopath.web.flash import redirect_with
from pmopath.web.forms import refusal
from pmopath.web.security import (
    PRE_SESSION_COOKIE,
    SESSION_COOKIE,
    client_address,
    cookie_header,
    new_pre_session,
)
from pmopath.web.templating import render

router = APIRouter(tags=["pages"])
MAX_EMAIL = 254
MAX_PASSWORD = 1024
SSO_COOKIE = "pmopath_sso"
"""Binds a single sign-on under way to the browser that started it (random; only its hash is
stored with the sign-in)."""
SIGNED_IN_WITH_COOKIE = "pmopath_signed_in_with"
"""Says "sso" while the session was begun by single sign-on, so that signing out ends the
provider's session too (PMOPATH_SSO_SIGN_OUT). Not a credential: without it, sign-out ends
the session here only."""
CALLBACK_PATH = "/sign-in/sso/callback"
PASSWORD_OFF = (
    "Signing in with a password is turned off here: use the single sign-on button on the "
    "sign-in page."
)


def safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect to somewhere else."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target[:500]


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_page(request: Request, signed: PageSession, next: str | None = None) -> Response:
    """The sign-in form (already signed in: straight on)."""
    if signed is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _sign_in_form(request, {"next": safe_next(next), "email": "", "message": ""})


def _sign_in_form(
    request: Request, context: dict[str, str], *, status_code: int = 200
) -> HTMLResponse:
    settings: Settings = request.app.state.runtime.settings
    ways = {
        "password_sign_in": settings.password_sign_in,
        "sso_name": settings.sso_name if settings.single_sign_on else None,
    }
    return render(request, "sign_in.html", context | ways, status_code=status_code)


@router.post("/sign-in", response_class=HTMLResponse)
def sign_in(
    request: Request,
    runtime: RuntimeDep,
    store: StoreDep,
    signed: PageSession,
    email: Annotated[str, Form(max_length=MAX_EMAIL)],
    password: Annotated[str, Form(max_length=MAX_PASSWORD)],
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    """Check the password; on success a fresh session cookie replaces any earlier one."""
    settings = runtime.settings
    if not settings.password_sign_in:
        return error_page(request, 403, "Password sign-in is turned off", PASSWORD_OFF)
    client = client_address(request, settings.trusted_proxy_networks)
    throttle = ThrottlePolicy(address_failures=settings.sign_in_address_failures)
    try:
        token, _ = accounts.sign_in(
            store, email=email, password=password, client_address=client, throttle=throttle
        )
    except UnusableText as unusable:  # at the field, in words; nothing was looked up
        words = refusal(unusable).message
        message = f"The e-mail address {words[:1].lower()}{words[1:]}"
        context = {"next": safe_next(next), "email": "", "message": message}
        return _sign_in_form(request, context, status_code=422)
    except SignInFailed as failure:
        context = {"next": safe_next(next), "email": email, "message": str(failure)}
        return _sign_in_form(request, context, status_code=401)
    except Throttled as throttled:
        context = {"next": safe_next(next), "email": email, "message": str(throttled)}
        refused = _sign_in_form(request, context, status_code=429)
        refused.headers["Retry-After"] = str(throttled.retry_after_seconds)
        return refused
    if signed is not None and signed.session_token:
        accounts.sign_out(store, signed.session_token)
    return _signed_in(runtime.settings, token, safe_next(next))


def _signed_in(settings: Settings, token: str, target: str, *, by_sso: bool = False) -> Response:
    """On to ``target`` with the new session's cookie (and no pre-session one), saying whether
    single sign-on began it."""
    response = RedirectResponse(target, status_code=303)
    secure = settings.secure_cookies
    lifetime = int(SESSION_LIFETIME.total_seconds())
    response.headers.append(
        "set-cookie", cookie_header(SESSION_COOKIE, token, secure=secure, max_age=lifetime)
    )
    response.headers.append(
        "set-cookie", cookie_header(PRE_SESSION_COOKIE, "", secure=secure, max_age=0)
    )
    response.headers.append(
        "set-cookie",
        cookie_header(
            SIGNED_IN_WITH_COOKIE,
            "sso" if by_sso else "",
            secure=secure,
            max_age=lifetime if by_sso else 0,
        ),
    )
    return response


def _redirect_uri(settings: Settings) -> str:
    """Where the provider sends the browser back: register exactly this at the provider."""
    return settings.public_url.rstrip("/") + CALLBACK_PATH


def _sso_refused(request: Request, failure: SingleSignOnFailed, secure: bool) -> Response:
    status = 404 if failure.outcome == "not_configured" else status_for(failure)
    title = "Signing in is not possible" if status == 403 else "Single sign-on did not work"
    page = error_page(request, status, title, str(failure))
    page.headers.append("set-cookie", cookie_header(SSO_COOKIE, "", secure=secure, max_age=0))
    return page


@router.get("/sign-in/sso")
def single_sign_on_start(
    request: Request, runtime: RuntimeDep, store: StoreDep, next: str | None = None
) -> Response:
    """Send the browser to the OpenID provider (Authorization Code flow with PKCE)."""
    settings = runtime.settings
    binding = new_pre_session()
    try:
        url = sso.start_single_sign_on(
            store,
            redirect_uri=_redirect_uri(settings),
            browser_binding=binding,
            next_path=safe_next(next),
        )
    except SingleSignOnFailed as failure:
        status = 404 if failure.outcome == "not_configured" else status_for(failure)
        return error_page(request, status, "Single sign-on did not work", str(failure))
    response = RedirectResponse(url, status_code=303)
    lifetime = int(PENDING_LIFETIME.total_seconds())
    response.headers.append(
        "set-cookie",
        cookie_header(SSO_COOKIE, binding, secure=settings.secure_cookies, max_age=lifetime),
    )
    return response


@router.get(CALLBACK_PATH)
def single_sign_on_callback(
    request: Request,
    runtime: RuntimeDep,
    store: StoreDep,
    signed: PageSession,
    state: str | None = None,
    code: str | None = None,
    error: str | None = None,
) -> Response:
    """Finish a single sign-on: check it, find (or link, or create) the account, sign in."""
    settings = runtime.settings
    policy = sso.SingleSignOnPolicy(
        create_accounts=settings.sso_create_accounts,
        trust_unstated_emails=settings.sso_trust_emails,
        roles=RoleMapping(
            settings.sso_role_claim,
            claim_values(settings.sso_admin_values),
            claim_values(settings.sso_manager_values),
        ),
    )
    try:
        finished = sso.finish_single_sign_on(
            store,
            state=state,
            code=code,
            error=error,
            browser_binding=request.cookies.get(SSO_COOKIE),
            redirect_uri=_redirect_uri(settings),
            client_address=client_address(request, settings.trusted_proxy_networks),
            policy=policy,
        )
    except SingleSignOnFailed as failure:
        return _sso_refused(request, failure, settings.secure_cookies)
    if signed is not None and signed.session_token:
        accounts.sign_out(store, signed.session_token)
    response = _signed_in(settings, finished.token, safe_next(finished.next_path), by_sso=True)
    response.headers.append(
        "set-cookie", cookie_header(SSO_COOKIE, "", secure=settings.secure_cookies, max_age=0)
    )
    return response


@router.post("/sign-out")
def sign_out(
    request: Request, runtime: RuntimeDep, store: StoreDep, signed: PageSession
) -> Response:
    """End the session: the cookie is cleared and the session can never be used again. A
    session begun by single sign-on ends at the provider too, which sends the browser back to
    the sign-in page (when it offers that and PMOPATH_SSO_SIGN_OUT is on)."""
    settings = runtime.settings
    if signed is not None and signed.session_token:
        accounts.sign_out(store, signed.session_token)
    provider_url = None
    if settings.sso_sign_out and request.cookies.get(SIGNED_IN_WITH_COOKIE) == "sso":
        back = settings.public_url.rstrip("/") + "/sign-in"
        provider_url = sso.provider_sign_out_url(store, post_logout_redirect_uri=back)
    response = redirect_with(request, "/sign-in", "You are signed out.")
    if provider_url is not None:
        response.headers["location"] = provider_url
    secure = settings.secure_cookies
    response.headers.append(
        "set-cookie", cookie_header(SESSION_COOKIE, "", secure=secure, max_age=0)
    )
    response.headers.append(
        "set-cookie", cookie_header(SIGNED_IN_WITH_COOKIE, "", secure=secure, max_age=0)
    )
    return response
