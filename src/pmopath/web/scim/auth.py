"""Who calls /scim/v2: a bearer token of the SCIM scope, on an admin's account (nothing else:
no session, no ordinary API token)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from pmopath.domain.accounts import Account, ApiToken, TokenScope
from pmopath.domain.errors import NotSignedIn
from pmopath.domain.people import AccountRole
from pmopath.services.accounts.tokens import checked_bearer
from pmopath.web.deps import MAX_BEARER, RuntimeDep


@dataclass(frozen=True, slots=True)
class ScimClient:
    """The identity provider's client behind a request, by the token it presented."""

    token: ApiToken
    account: Account

    @property
    def actor(self) -> str:
        """How the audit log names it: its token's label and id."""
        return f"scim:{self.token.label or 'client'} (token {self.token.id})"


async def scim_client(request: Request, runtime: RuntimeDep) -> ScimClient:
    """The SCIM client of this request; NotSignedIn (401) for anything but a live SCIM token
    of an enabled admin account."""
    scheme, _, secret = request.headers.get("authorization", "").partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret or len(secret) > MAX_BEARER:
        raise NotSignedIn()
    found = checked_bearer(runtime.session_check(), secret, runtime.clock(), TokenScope.SCIM)
    if found is None or found[1].role is not AccountRole.ADMIN:
        raise NotSignedIn()
    return ScimClient(*found)


ScimCaller = Annotated[ScimClient, Depends(scim_client)]
