"""API tokens: the signed-in user creates, lists and revokes their own."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body

from pmopath.services.accounts import tokens as accounts
from pmopath.web.deps import ApiCaller, StoreDep

router = APIRouter(tags=["tokens"])


@router.get("/tokens")
def list_tokens(caller: ApiCaller, store: StoreDep) -> dict[str, Any]:
    """My API tokens (never their secrets)."""
    tokens = accounts.list_api_tokens(store.unit_of_work(), caller.account)
    data = [
        {
            "id": t.id,
            "label": t.label,
            "created_at": t.created_at.isoformat(),
            "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
            "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
        }
        for t in tokens
    ]
    return {"data": data, "count": len(data)}


@router.post("/tokens", status_code=201)
def create_token(
    caller: ApiCaller,
    store: StoreDep,
    label: Annotated[str, Body(embed=True, max_length=accounts.LABEL_MAX)] = "",
) -> dict[str, Any]:
    """A new token for me; the secret is in this answer only."""
    token_id, secret = accounts.create_api_token(
        store.unit_of_work(), caller.account, label, store.clock()
    )
    return {"id": token_id, "label": label, "token": secret}


@router.delete("/tokens/{token_id}", status_code=204)
def revoke_token(caller: ApiCaller, store: StoreDep, token_id: int) -> None:
    """Revoke one of my tokens (an admin may revoke anyone's)."""
    accounts.revoke_api_token(store.unit_of_work(), caller.account, token_id, store.clock())
