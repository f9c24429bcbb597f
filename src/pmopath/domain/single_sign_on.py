"""Single sign-on (OpenID Connect): who the provider says signed in, sign-ins under way, the
account an identity is linked to, and roles from a claim."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from pmopath.domain.people import AccountRole

PENDING_LIFETIME = timedelta(minutes=10)
"""How long a sign-in started at the provider may take to come back."""


@dataclass(frozen=True, slots=True)
class ProviderIdentity:
    """What a checked ID token says: who signed in at which issuer, and their claims."""

    issuer: str
    subject: str
    email: str | None
    email_verified: bool | None
    """What the token's ``email_verified`` says; None when it says nothing (Entra ID)."""
    name: str | None
    claims: Mapping[str, object]


@dataclass(frozen=True, slots=True)
class PendingSignIn:
    """A sign-in sent to the provider and not yet back. Only hashes of the state and of the
    browser's binding cookie are stored; the nonce and PKCE verifier are used once."""

    state_hash: str
    browser_hash: str
    nonce: str
    code_verifier: str
    next_path: str
    created_at: datetime

    def expired(self, now: datetime) -> bool:
        return now >= self.created_at + PENDING_LIFETIME


@dataclass(frozen=True, slots=True)
class LinkedIdentity:
    """An account's identity at a provider: (issuer, subject) names one person for good."""

    account_id: int
    issuer: str
    subject: str
    linked_at: datetime


@dataclass(frozen=True, slots=True)
class RoleMapping:
    """Which values of ``claim`` make an admin or a manager (any other: a member).

    ``claim`` None: roles are not taken from the provider."""

    claim: str | None = None
    admin_values: frozenset[str] = frozenset()
    manager_values: frozenset[str] = frozenset()

    def role_for(self, claims: Mapping[str, object]) -> AccountRole | None:
        """The role the claims give, or None when no claim is mapped. A claim may be a list of
        values (as ``groups`` usually is) or one string; admin wins over manager."""
        if self.claim is None:
            return None
        value = claims.get(self.claim)
        values = {value} if isinstance(value, str) else set()
        if isinstance(value, list | tuple):
            values = {str(item) for item in value}
        if values & self.admin_values:
            return AccountRole.ADMIN
        if values & self.manager_values:
            return AccountRole.MANAGER
        return AccountRole.MEMBER


def claim_values(text: str) -> frozenset[str]:
    """The values of a comma-separated setting, trimmed, empty ones left out."""
    return frozenset(part.strip() for part in text.split(",") if part.strip())
