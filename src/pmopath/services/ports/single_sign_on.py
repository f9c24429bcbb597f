"""The port to an OpenID Connect provider: where to send the browser, and who came back."""

from __future__ import annotations

from typing import Protocol

from pmopath.domain.single_sign_on import ProviderIdentity


class OpenIdProvider(Protocol):
    """One configured provider (Authorization Code flow with PKCE, S256)."""

    @property
    def issuer(self) -> str: ...

    def authorization_url(
        self, *, redirect_uri: str, state: str, nonce: str, code_verifier: str
    ) -> str:
        """The provider's address that asks the person to sign in (discovery on first use).

        Raises SingleSignOnFailed when the provider cannot be reached or its metadata is wrong."""
        ...

    def identity(
        self, *, code: str, redirect_uri: str, code_verifier: str, nonce: str
    ) -> ProviderIdentity:
        """Exchange ``code`` (with the PKCE verifier) and check the ID token: its signature by
        the provider's keys, the issuer exactly, the audience, its times and ``nonce``.

        Raises SingleSignOnFailed saying which check failed."""
        ...

    def end_session_url(self, *, post_logout_redirect_uri: str, state: str) -> str | None:
        """The provider's address that ends its own session and sends the browser back to
        ``post_logout_redirect_uri`` (OpenID Connect RP-Initiated Logout), or None when the
        provider offers none or cannot be reached: signing out here never waits on it."""
        ...
