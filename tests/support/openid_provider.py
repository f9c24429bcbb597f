"""A real OpenID provider for tests (oidc-provider-mock, Authlib underneath) on 127.0.0.1 in a
thread, and the steps of a single sign-on through it driven by an HTTP client.

Its issuer is ``http://127.0.0.1:<port>``. A test chooses who signs in and their claims with
``set_user`` (PUT /users/<sub>); ``wrong_issuer`` makes the token endpoint sign ID tokens as
another issuer (``http://localhost:<port>``), as a provider that is not the configured one
would."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import oidc_provider_mock
import werkzeug.serving

CLIENT_ID = "pmopath-tests"
CLIENT_SECRET = "not-a-real-secret-for-tests"


@dataclass
class Provider:
    issuer: str
    wrong_issuer: bool = False
    seen: list[str] = field(default_factory=list)

    def set_user(self, subject: str, **claims: Any) -> None:
        """Who signs in as ``subject`` next, with these claims (email, email_verified, ...)."""
        response = httpx.put(f"{self.issuer}/users/{subject}", json=claims, timeout=10)
        assert response.status_code == 204, response.text

    def authorize(self, authorization_url: str, subject: str) -> str:
        """Sign in at the provider as ``subject`` (its form, as a person would click it); the
        URL it sends the browser back to (our callback, with code and state)."""
        response = httpx.post(authorization_url, data={"sub": subject}, timeout=10)
        assert response.status_code in (302, 303), response.text
        return response.headers["location"]


class _IssuerSwap:
    """WSGI middleware: while ``provider.wrong_issuer``, the token endpoint sees another host
    name, so the ID token it signs names another issuer."""

    def __init__(self, app: Any, provider: Provider) -> None:
        self.app, self.provider = app, provider

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        self.provider.seen.append(str(environ.get("PATH_INFO")))
        if self.provider.wrong_issuer and environ.get("PATH_INFO") == "/oauth2/token":
            environ["HTTP_HOST"] = environ["HTTP_HOST"].replace("127.0.0.1", "localhost")
        return self.app(environ, start_response)


@contextmanager
def running_provider() -> Iterator[Provider]:
    """The provider, served on 127.0.0.1 on a free port until the block ends."""
    provider = Provider(issuer="")
    app = _IssuerSwap(oidc_provider_mock.app(require_nonce=True), provider)
    server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
    provider.issuer = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()
