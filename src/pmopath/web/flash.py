"""A message after an action, shown once on the next page (the "flash").

An action that changes something answers with a redirect (post/redirect/get) and a short-lived
cookie holding what was done, signed with the server's secret so nobody can plant a message.
The next page rendered (``templating.render``) shows it in its ``role="status"`` region and
clears the cookie. Nothing is stored on the server and no script is needed; a page answered
from the response cache is never served while a message waits (``response_cache._key``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time

from fastapi import Request, Response
from fastapi.responses import RedirectResponse

from pmopath.web.security import cookie_header

FLASH_COOKIE = "pmopath_flash"
LIFETIME_SECONDS = 120
MAX_MESSAGE = 300


def _signature(secret: bytes, body: str) -> str:
    return hmac.new(secret, b"flash:" + body.encode(), hashlib.sha256).hexdigest()


def _secret(request: Request) -> bytes:
    secret: bytes = request.app.state.runtime.secret
    return secret


def _secure(request: Request) -> bool:
    return bool(request.app.state.runtime.settings.secure_cookies)


def flash_value(secret: bytes, message: str, now: float) -> str:
    """The cookie's value: the message, when it expires, and their signature."""
    text = base64.urlsafe_b64encode(message[:MAX_MESSAGE].encode()).decode().rstrip("=")
    body = f"{text}.{int(now) + LIFETIME_SECONDS}"
    return f"{body}.{_signature(secret, body)}"


def read_flash(secret: bytes, value: str | None, now: float) -> str | None:
    """The message in a cookie value, or None if absent, forged, malformed or expired."""
    if not value or len(value) > 2 * MAX_MESSAGE + 100:
        return None
    body, _, signature = value.rpartition(".")
    if not hmac.compare_digest(_signature(secret, body), signature):
        return None
    text, _, expires = body.partition(".")
    if not expires.isdigit() or int(expires) < now:
        return None
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None


def redirect_with(request: Request, url: str, message: str) -> RedirectResponse:
    """A 303 to ``url`` whose next page says ``message``."""
    response = RedirectResponse(url, status_code=303)
    add_flash(request, response, message)
    return response


def add_flash(request: Request, response: Response, message: str) -> None:
    """Have the next page rendered say ``message``."""
    value = flash_value(_secret(request), message, time.time())
    cookie = cookie_header(FLASH_COOKIE, value, secure=_secure(request), max_age=LIFETIME_SECONDS)
    response.headers.append("set-cookie", cookie)


def take_flash(request: Request) -> str | None:
    """The message waiting for this request's page, if any (the caller clears the cookie)."""
    return read_flash(_secret(request), request.cookies.get(FLASH_COOKIE), time.time())


def clear_flash(request: Request, response: Response) -> None:
    """Expire the message cookie once its page has been made."""
    cookie = cookie_header(FLASH_COOKIE, "", secure=_secure(request), max_age=0)
    response.headers.append("set-cookie", cookie)
