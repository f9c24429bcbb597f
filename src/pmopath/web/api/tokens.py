"""API tokens: the signed-in user creates, lists and revokes their own."""

from __future__ import annotations

from typing import Annotated

from fastapi import Body

from pmopath.services.accounts import tokens as accounts
from pmopath.services.accounts.schemas import ApiTokenCreated, ApiTokensPublic
from pmopath.services.accounts.views import api_tokens_view
from pmopath.web.api.routing import ApiRouter
from pmopath.web.deps import ApiCaller, StoreDep
from pmopath.web.errors import error_responses

router = ApiRouter(tags=["tokens"])


@router.get("/tokens")
def list_tokens(caller: ApiCaller, store: StoreDep) -> ApiTokensPublic:
    """My API tokens (never their secrets)."""
    return api_tokens_view(accounts.list_api_tokens(store, caller.account))


@router.post("/tokens", status_code=201, responses=error_responses(400))
def create_token(
    caller: ApiCaller,
    store: StoreDep,
    label: Annotated[str, Body(embed=True, max_length=accounts.LABEL_MAX)] = "",
) -> ApiTokenCreated:
    """A new token for me; the secret is in this answer only."""
    token_id, secret = accounts.create_api_token(store, caller.account, label)
    return ApiTokenCreated(id=token_id, label=label, token=secret)


@router.delete("/tokens/{token_id}", status_code=204)
def revoke_token(caller: ApiCaller, store: StoreDep, token_id: int) -> None:
    """Revoke one of my tokens (an admin may revoke anyone's)."""
    accounts.revoke_api_token(store, caller.account, token_id)
