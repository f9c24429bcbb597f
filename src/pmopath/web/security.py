"""Security built into every response: headers, request-size limits and CSRF tokens.

CSRF tokens are an HMAC of the session token (or, before sign-in, of a random pre-session
cookie) under the server's secret: nothing to store, the same in every worker, and useless
to anyone who cannot read the victim's cookies.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Sequence
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE = "pmopath_session"
PRE_SESSION_COOKIE = "pmopath_presession"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def content_security_policy(form_targets: tuple[str, ...] = ()) -> str:
    """The pages' policy: everything from this site only, no inline script. ``form_targets``:
    other origins a form here may end up at through a redirect (the single sign-on provider,
    where signing out sends the browser), which browsers check against form-action."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            " ".join(["form-action 'self'", *form_targets]),
            "frame-ancestors 'none'",
        ]
    )


CONTENT_SECURITY_POLICY = content_security_policy()
_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
    "cross-origin-opener-policy": "same-origin",
}
_DOCS_PATHS = ("/api/docs",)


class SecurityHeaders:
    """Adds the security headers to every HTTP response (the API docs get a looser CSP)."""

    def __init__(self, app: ASGIApp, *, hsts: bool, form_targets: tuple[str, ...] = ()) -> None:
        self.app = app
        self.hsts = hsts
        policy = content_security_policy(form_targets)
        self.headers = [(b"content-security-policy", policy.encode("latin-1")), *_RAW_HEADERS]
        self.docs_policy = policy.replace(
            "style-src 'self'", "style-src 'self' 'unsafe-inline'"
        ).encode("latin-1")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = str(scope.get("path", "")).startswith(_DOCS_PATHS)
        static = str(scope.get("path", "")).startswith("/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = self._secured(list(message.get("headers", [])), docs, static)
                if self.hsts:
                    message["headers"].append(_HSTS)
            await send(message)

        await self.app(scope, receive, with_headers)

    def _secured(self, raw: _RawHeaders, docs: bool, static: bool) -> _RawHeaders:
        """The response's headers plus each security header it does not set itself (on every
        response, so built from pre-encoded pairs)."""
        present = {name.lower() for name, _ in raw}
        if docs:  # Swagger UI sets inline styles on its elements (never scripts)
            raw = [(n, v) for n, v in raw if n.lower() != b"content-security-policy"]
            raw.append((b"content-security-policy", self.docs_policy))
            present.add(b"content-security-policy")
        raw.extend(pair for pair in self.headers if pair[0] not in present)
        if not static and b"cache-control" not in present:
            raw.append((b"cache-control", b"no-store"))
        return raw


_RAW_HEADERS = [(n.encode("latin-1"), v.encode("latin-1")) for n, v in _HEADERS.items()]
_HSTS = (b"strict-transport-security", b"max-age=31536000")
_RawHeaders = list[tuple[bytes, bytes]]


class BodyLimit:
    """Refuses request bodies above ``limit`` bytes with 413, whatever Content-Length says.

    The API is answered at once (JSON); a page's body is refused when read, so the app answers
    with its error page (web/errors.py), as for a body that grows past the limit.
    """

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        over = declared is not None and declared.isdigit() and int(declared) > self.limit
        if over and str(scope.get("path", "")).startswith("/api"):
            await _too_large(send, self.limit)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            if over:
                raise BodyTooLarge(self.limit)
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        await self.app(scope, counted, send)


class BodyTooLarge(Exception):
    """A request body went past the limit while streaming in."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the request is larger than the {limit // 1024} KiB allowed")
        self.limit = limit


async def _too_large(send: Send, limit: int) -> None:
    message = f"the request is larger than the {limit // 1024} KiB allowed"
    body = json.dumps({"error": {"type": "TooLarge", "message": message}}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"connection", b"close")],
        }
    )
    await send({"type": "http.response.body", "body": body})


def new_pre_session() -> str:
    return secrets.token_urlsafe(32)


def csrf_token(secret: bytes, binding: str) -> str:
    """The CSRF token for a session (or pre-session) token."""
    return hmac.new(secret, b"csrf:" + binding.encode(), hashlib.sha256).hexdigest()


def csrf_matches(secret: bytes, binding: str | None, presented: str | None) -> bool:
    if not binding or not presented:
        return False
    return hmac.compare_digest(csrf_token(secret, binding), presented)


class PreSessionCookie:
    """Gives every visitor without a session a random pre-session cookie for CSRF tokens.

    The sign-in form needs a CSRF token before there is a session to bind it to. A session
    cookie whose session has ended on the server (idle, password reset, account disabled) is
    no session: the page's session check marks it stale (``mark_stale_session``), and this
    response then clears it and sets the pre-session cookie, so the sign-in form works.
    """

    def __init__(self, app: ASGIApp, *, secure: bool) -> None:
        self.app = app
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or str(scope.get("path", "")).startswith(("/static", "/api")):
            await self.app(scope, receive, send)
            return
        cookies = _cookie_names(scope)
        if PRE_SESSION_COOKIE in cookies:
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        value = new_pre_session()
        state["pre_session"] = value
        session = SESSION_COOKIE in cookies
        cookie = cookie_header(PRE_SESSION_COOKIE, value, secure=self.secure, max_age=None)
        ended = cookie_header(SESSION_COOKIE, "", secure=self.secure, max_age=0)

        async def with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                stale = session and state.get(STALE_SESSION, False)
                if not session or stale:
                    headers = MutableHeaders(scope=message)
                    headers.append("set-cookie", cookie)
                    if stale and not _sets_session(headers):  # not a new sign-in's cookie
                        headers.append("set-cookie", ended)
            await send(message)

        await self.app(scope, receive, with_cookie)


def _sets_session(headers: MutableHeaders) -> bool:
    return any(c.startswith(SESSION_COOKIE + "=") for c in headers.getlist("set-cookie"))


STALE_SESSION = "stale_session"
"""Set on a request's state when its session cookie no longer names a live session."""


def _cookie_names(scope: Scope) -> set[str]:
    names: set[str] = set()
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                names.add(part.split("=", 1)[0].strip())
    return names


Networks = Sequence[IPv4Network | IPv6Network]


def client_address(request: Request, trusted: Networks) -> str:
    """The address of the client, for throttling and the audit log.

    The connecting peer's, unless it is a trusted proxy: then the forwarding headers
    (``Forwarded``, else ``X-Forwarded-For``) are read from the nearest hop back, skipping
    trusted proxies, and the first address that is not one is the client's. From anyone else
    those headers are ignored: a client could write anything there.
    """
    peer = request.client.host if request.client else "unknown"
    if not trusted or not _within(peer, trusted):
        return peer
    chain = _forwarded_for(request.headers.get("forwarded", ""))
    if not chain:
        chain = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",")]
    client = peer
    for hop in reversed([hop for hop in chain if hop]):
        if _address(hop) is None:
            break  # an obfuscated or garbled hop: what lies beyond it cannot be trusted
        client = hop
        if not _within(hop, trusted):
            break
    return client


def _forwarded_for(header: str) -> list[str]:
    """The ``for=`` addresses of a Forwarded header (RFC 7239), nearest hop last."""
    found = []
    for element in header.split(","):
        for pair in element.split(";"):
            name, _, value = pair.strip().partition("=")
            if name.strip().lower() == "for":
                found.append(value.strip().strip('"'))
    return found


def _address(text: str) -> IPv4Address | IPv6Address | None:
    text = text.strip()
    if text.startswith("["):  # [2001:db8::1]:4711
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:  # 192.0.2.1:4711
        text = text.partition(":")[0]
    try:
        return ip_address(text)
    except ValueError:
        return None


def _within(text: str, trusted: Networks) -> bool:
    address = _address(text)
    return address is not None and any(address in network for network in trusted)


def cookie_header(name: str, value: str, *, secure: bool, max_age: int | None) -> str:
    """A Set-Cookie value: HttpOnly, SameSite=Lax, Path=/, Secure behind HTTPS."""
    parts = [f"{name}={value}", "Path=/", "HttpOnly", "SameSite=Lax"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    if secure:
        parts.append("Secure")
    return "; ".join(parts)
