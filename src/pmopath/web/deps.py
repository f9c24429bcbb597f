"""Request dependencies shared by pages and API: the runtime, who is signed in, CSRF checks.

They are coroutines on purpose: FastAPI runs a plain ``def`` dependency in a worker thread,
and a hop per dependency cost more than the brief database reads they do in the event loop.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from pmopath.bootstrap.web import WebRuntime
from pmopath.domain.accounts import Account
from pmopath.domain.errors import NotSignedIn, PermissionDenied
from pmopath.domain.people import AccountRole
from pmopath.domain.permissions import Viewer
from pmopath.services.accounts.sessions import session_for_token
from pmopath.services.accounts.tokens import account_for_api_token
from pmopath.services.ports.store import Store
from pmopath.web.security import (
    CSRF_FIELD,
    CSRF_HEADER,
    PRE_SESSION_COOKIE,
    SESSION_COOKIE,
    STALE_SESSION,
    UNSAFE_METHODS,
    csrf_matches,
    csrf_token,
)

MAX_BEARER = 200


@dataclass(frozen=True, slots=True)
class Signed:
    """The account behind a request and how it proved itself."""

    account: Account
    session_token: str | None
    """The session cookie's token; None when a bearer API token was used."""
    changes: int | None = None
    """The store's change stamp read with the session (None for a bearer token)."""
    unread: int | None = None
    """Unread notifications, read with the session (None for a bearer token)."""
    name: str | None = None
    """The account's person's name, read with the session (None for a bearer token, or an
    account without a person)."""

    @property
    def viewer(self) -> Viewer:
        return Viewer(self.account.role, self.account.person_id)

    @property
    def actor(self) -> str:
        return f"web:{self.account.email}"


async def get_runtime(request: Request) -> WebRuntime:
    runtime: WebRuntime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[WebRuntime, Depends(get_runtime)]


async def get_store(request: Request, runtime: RuntimeDep) -> Store:
    """The store; when the session check already ran, its change stamp spares the query for
    the active framework (an endpoint's session dependency comes before this one). A request
    marked read-only (``mark_read_only``) gets the store that only reads."""
    remembered = _remembered_session(request)
    signed = remembered[0] if remembered is not None else None
    read_only = getattr(request.state, "read_only", False)
    return runtime.store(signed.changes if signed is not None else None, read_only=read_only)


def mark_read_only(request: Request) -> None:
    """Declare that this request only reads: its store's units of work refuse to commit, and
    on PostgreSQL skip the transaction (three round trips fewer) on connections the server
    keeps read-only."""
    request.state.read_only = True


StoreDep = Annotated[Store, Depends(get_store)]


def _remembered_session(request: Request) -> tuple[Signed | None] | None:
    """What this request's session check found, if it has run (a 1-tuple: None is an answer)."""
    remembered: tuple[Signed | None] | None = getattr(request.state, "session_read", None)
    return remembered


def from_session(runtime: WebRuntime, request: Request) -> Signed | None:
    """Who the session cookie belongs to (read once per request, then remembered on it)."""
    remembered = _remembered_session(request)
    if remembered is not None:
        return remembered[0]
    token = request.cookies.get(SESSION_COOKIE)
    signed = None
    if token and len(token) <= MAX_BEARER:
        found = session_for_token(runtime.session_check(), token, runtime.clock())
        signed = (
            Signed(found.account, token, found.changes, found.unread, found.name) if found else None
        )
    request.state.session_read = (signed,)
    return signed


async def read_session(runtime: WebRuntime, request: Request) -> Signed | None:
    """``from_session`` for async code: on a worker thread of its own when the database is on
    another machine, so the event loop is not held while the query crosses the network (see
    ``WebRuntime.session_threads``)."""
    if runtime.session_threads is None or hasattr(request.state, "session_read"):
        return from_session(runtime, request)
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(runtime.session_threads, from_session, runtime, request)


def _from_bearer(runtime: WebRuntime, request: Request) -> Signed | None:
    header = request.headers.get("authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret or len(secret) > MAX_BEARER:
        return None
    account = account_for_api_token(runtime.session_check(), secret.strip(), runtime.clock())
    return Signed(account, None) if account is not None else None


async def page_session(request: Request, runtime: RuntimeDep) -> Signed | None:
    """For every page: who is signed in (if anyone), the CSRF token, and the CSRF check."""
    signed = await read_session(runtime, request)
    if signed is None and SESSION_COOKIE in request.cookies:
        setattr(request.state, STALE_SESSION, True)  # cleared, and a pre-session set instead
    binding = signed.session_token if signed else _pre_session(request)
    request.state.signed = signed
    request.state.csrf_token = csrf_token(runtime.secret, binding) if binding else ""
    if request.method in UNSAFE_METHODS:
        form = await request.form()
        presented = form.get(CSRF_FIELD)
        if not isinstance(presented, str):
            presented = request.headers.get(CSRF_HEADER)
        if not csrf_matches(runtime.secret, binding, presented):
            raise PermissionDenied(
                "This form has expired or did not come from PMO Pathways. "
                "Reload the page and try again."
            )
    return signed


def _pre_session(request: Request) -> str | None:
    return request.cookies.get(PRE_SESSION_COOKIE) or getattr(request.state, "pre_session", None)


PageSession = Annotated[Signed | None, Depends(page_session)]


async def signed_page(signed: PageSession) -> Signed:
    """Pages behind sign-in: anyone else is sent to the sign-in page (see web/errors.py)."""
    if signed is None:
        raise NotSignedIn()
    return signed


SignedPage = Annotated[Signed, Depends(signed_page)]


async def api_caller(request: Request, runtime: RuntimeDep) -> Signed:
    """The API accepts a bearer token, or the session cookie plus the X-CSRF-Token header."""
    signed = _from_bearer(runtime, request)
    if signed is not None:
        return signed
    signed = await read_session(runtime, request)
    if signed is None:
        raise NotSignedIn()
    if request.method in UNSAFE_METHODS and not csrf_matches(
        runtime.secret, signed.session_token, request.headers.get(CSRF_HEADER)
    ):
        raise PermissionDenied("a request signed in by cookie needs the X-CSRF-Token header")
    return signed


ApiCaller = Annotated[Signed, Depends(api_caller)]


def require_role(signed: Signed, *roles: AccountRole) -> None:
    """Raise PermissionDenied unless the account has one of ``roles``."""
    if signed.account.role not in roles:
        raise PermissionDenied("this page is for " + " or ".join(r.value + "s" for r in roles))
