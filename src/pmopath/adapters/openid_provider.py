"""An OpenID Connect provider through Authlib (Authorization Code flow with PKCE) and joserfc
(the ID token's signature and claims): discovery, the authorization URL, the code exchange.

The client secret never leaves this module except to the provider's token endpoint, and no
message here includes it or a token."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlencode

import httpx2 as httpx
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.httpx_client import OAuth2Client
from joserfc import jwt
from joserfc.errors import ClaimError, InvalidClaimError, JoseError
from joserfc.jwk import KeySet
from joserfc.jwt import JWTClaimsRegistry
from pydantic import SecretStr

from pmopath.domain.errors import SingleSignOnFailed
from pmopath.domain.single_sign_on import ProviderIdentity

if TYPE_CHECKING:
    from joserfc.jwk import KeySetSerialization

log = logging.getLogger("pmopath.sso")

TIMEOUT_SECONDS = 10.0
LEEWAY_SECONDS = 60
"""Clock difference allowed between the provider and this server for exp and iat."""
SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384")
"""Public-key signatures only: never "none", never a shared-secret HMAC."""

_CLAIM_WORDS = {
    "iss": ("wrong_issuer", "the sign-in came from another issuer than the one configured"),
    "aud": ("wrong_audience", "the sign-in was meant for another application"),
    "azp": ("wrong_audience", "the sign-in was meant for another application"),
    "nonce": ("bad_nonce", "the sign-in does not belong to the one this browser started"),
    "exp": ("expired_token", "the sign-in had already expired"),
    "iat": ("bad_token_time", "the sign-in's time is not plausible"),
    "sub": ("no_subject", "the provider did not say who signed in"),
}


def _failed(outcome: str, words: str) -> SingleSignOnFailed:
    return SingleSignOnFailed(outcome, f"Single sign-on did not work: {words}. Please try again.")


class AuthlibOpenIdProvider:
    """One provider, discovered from ``issuer``'s /.well-known/openid-configuration on first
    use (kept for the process); its signing keys are fetched at each sign-in, so keys the
    provider rotates are picked up at once."""

    def __init__(
        self,
        issuer: str,
        client_id: str,
        client_secret: SecretStr,
        scopes: tuple[str, ...],
        *,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.issuer = issuer
        self._client_id = client_id
        self._client_secret = client_secret
        self._scopes = " ".join(scopes)
        self._transport = transport
        self._metadata: Mapping[str, Any] | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:  # never the secret
        return f"AuthlibOpenIdProvider(issuer={self.issuer!r}, client_id={self._client_id!r})"

    def _client(self, redirect_uri: str) -> OAuth2Client:
        return OAuth2Client(
            client_id=self._client_id,
            client_secret=self._client_secret.get_secret_value(),
            scope=self._scopes,
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
            timeout=TIMEOUT_SECONDS,
            transport=self._transport,
        )

    def _get_json(self, url: str) -> Mapping[str, Any]:
        try:
            with httpx.Client(timeout=TIMEOUT_SECONDS, transport=self._transport) as http:
                response = http.get(url, headers={"accept": "application/json"})
                response.raise_for_status()
                found = response.json()
        except (httpx.HTTPError, ValueError) as error:
            log.warning("single sign-on: could not read %s: %s", url, type(error).__name__)
            raise _failed(
                "provider_unreachable", "the sign-in provider could not be reached"
            ) from None
        if not isinstance(found, dict):
            raise _failed("provider_metadata", "the sign-in provider answered something unusable")
        return found

    def metadata(self) -> Mapping[str, Any]:
        """The provider's metadata; its ``issuer`` must be exactly the configured one."""
        with self._lock:
            if self._metadata is not None:
                return self._metadata
        found = self._get_json(self.issuer.rstrip("/") + "/.well-known/openid-configuration")
        if found.get("issuer") != self.issuer:
            log.warning(
                "single sign-on: the provider says its issuer is %r, not %r",
                found.get("issuer"),
                self.issuer,
            )
            raise _failed("wrong_issuer", "the sign-in provider names another issuer")
        for needed in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not isinstance(found.get(needed), str):
                raise _failed("provider_metadata", f"the sign-in provider gives no {needed}")
        with self._lock:
            self._metadata = found
        return found

    def end_session_url(self, *, post_logout_redirect_uri: str, state: str) -> str | None:
        try:
            endpoint = self.metadata().get("end_session_endpoint")
        except SingleSignOnFailed:
            log.warning("single sign-on: no provider sign-out, the provider is unreachable")
            return None
        if not isinstance(endpoint, str) or not endpoint.startswith(("https://", "http://")):
            return None
        parameters = {
            "client_id": self._client_id,
            "post_logout_redirect_uri": post_logout_redirect_uri,
            "state": state,
        }
        separator = "&" if "?" in endpoint else "?"
        return endpoint + separator + urlencode(parameters)

    def authorization_url(
        self, *, redirect_uri: str, state: str, nonce: str, code_verifier: str
    ) -> str:
        endpoint = str(self.metadata()["authorization_endpoint"])
        with self._client(redirect_uri) as client:
            url, _ = client.create_authorization_url(
                endpoint, state=state, nonce=nonce, code_verifier=code_verifier
            )
        return str(url)

    def identity(
        self, *, code: str, redirect_uri: str, code_verifier: str, nonce: str
    ) -> ProviderIdentity:
        metadata = self.metadata()
        try:
            with self._client(redirect_uri) as client:
                token = client.fetch_token(
                    str(metadata["token_endpoint"]),
                    grant_type="authorization_code",
                    code=code,
                    code_verifier=code_verifier,
                )
        except (AuthlibBaseError, httpx.HTTPError, ValueError) as error:
            log.warning("single sign-on: the code exchange failed: %s", type(error).__name__)
            raise _failed(
                "code_exchange", "the sign-in provider did not accept the sign-in"
            ) from None
        id_token = token.get("id_token")
        if not isinstance(id_token, str):
            raise _failed("no_id_token", "the sign-in provider sent no ID token")
        keys = self._get_json(str(metadata["jwks_uri"]))
        return self._checked(id_token, keys, nonce, metadata)

    def _checked(
        self, id_token: str, keys: Mapping[str, Any], nonce: str, metadata: Mapping[str, Any]
    ) -> ProviderIdentity:
        offered = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
        algorithms = [a for a in SIGNING_ALGORITHMS if a in offered]
        registry = JWTClaimsRegistry(
            leeway=LEEWAY_SECONDS,
            iss={"essential": True, "value": self.issuer},
            aud={"essential": True, "value": self._client_id},
            sub={"essential": True},
            exp={"essential": True},
            iat={"essential": True},
            nonce={"essential": True, "value": nonce},
        )
        try:
            decoded = jwt.decode(
                id_token, KeySet.import_key_set(cast("KeySetSerialization", dict(keys))), algorithms
            )
            claims = dict(decoded.claims)
            registry.validate(claims)
            self._check_authorized_party(claims)
        except ClaimError as error:
            outcome, words = _CLAIM_WORDS.get(
                error.claim, ("bad_token", "the ID token does not check out")
            )
            log.warning("single sign-on refused: %s (%s)", outcome, error.error)
            raise _failed(outcome, words) from None
        except (JoseError, ValueError) as error:
            log.warning("single sign-on refused: bad ID token (%s)", type(error).__name__)
            raise _failed("bad_signature", "the ID token's signature does not check out") from None
        verified = claims.get("email_verified")
        email = claims.get("email")
        name = claims.get("name")
        return ProviderIdentity(
            issuer=str(claims["iss"]),
            subject=str(claims["sub"]),
            email=email if isinstance(email, str) and email.strip() else None,
            email_verified=(None if verified is None else verified is True or verified == "true"),
            name=name if isinstance(name, str) and name.strip() else None,
            claims=claims,
        )

    def _check_authorized_party(self, claims: Mapping[str, Any]) -> None:
        """With several audiences, ``azp`` must be this client (OpenID Connect Core 3.1.3.7)."""
        audience = claims.get("aud")
        several = isinstance(audience, list) and len(audience) > 1
        if (several or "azp" in claims) and claims.get("azp") != self._client_id:
            raise InvalidClaimError("azp")
