"""Sign in and sign out: a new session (and cookie) at each sign-in, dead after sign-out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pmopath.domain.accounts import ThrottlePolicy
from pmopath.domain.errors import SignInFailed, Throttled, UnusableText
from pmopath.services.accounts import sessions as accounts
from pmopath.services.accounts.sessions import SESSION_LIFETIME
from pmopath.web.deps import PageSession, RuntimeDep, StoreDep
from pmopath.web.flash import redirect_with
from pmopath.web.forms import refusal
from pmopath.web.security import (
    PRE_SESSION_COOKIE,
    SESSION_COOKIE,
    client_address,
    cookie_header,
)
from pmopath.web.templating import render

router = APIRouter(tags=["pages"])
MAX_EMAIL = 254
MAX_PASSWORD = 1024


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
    return render(request, "sign_in.html", {"next": safe_next(next), "email": "", "message": ""})


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
        return render(request, "sign_in.html", context, status_code=422)
    except SignInFailed as failure:
        context = {"next": safe_next(next), "email": email, "message": str(failure)}
        return render(request, "sign_in.html", context, status_code=401)
    except Throttled as throttled:
        context = {"next": safe_next(next), "email": email, "message": str(throttled)}
        refused = render(request, "sign_in.html", context, status_code=429)
        refused.headers["Retry-After"] = str(throttled.retry_after_seconds)
        return refused
    if signed is not None and signed.session_token:
        accounts.sign_out(store, signed.session_token)
    response = RedirectResponse(safe_next(next), status_code=303)
    secure = runtime.settings.secure_cookies
    lifetime = int(SESSION_LIFETIME.total_seconds())
    response.headers.append(
        "set-cookie", cookie_header(SESSION_COOKIE, token, secure=secure, max_age=lifetime)
    )
    response.headers.append(
        "set-cookie", cookie_header(PRE_SESSION_COOKIE, "", secure=secure, max_age=0)
    )
    return response


@router.post("/sign-out")
def sign_out(
    request: Request, runtime: RuntimeDep, store: StoreDep, signed: PageSession
) -> Response:
    """End the session: the cookie is cleared and the session can never be used again."""
    if signed is not None and signed.session_token:
        accounts.sign_out(store, signed.session_token)
    response = redirect_with(request, "/sign-in", "You are signed out.")
    response.headers.append(
        "set-cookie",
        cookie_header(SESSION_COOKIE, "", secure=runtime.settings.secure_cookies, max_age=0),
    )
    return response
