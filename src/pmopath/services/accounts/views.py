"""Plain-data views of accounts and API tokens, for --json and the API: never a hash or secret."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pmopath.domain.accounts import Account, ApiToken


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def account_view(account: Account) -> dict[str, Any]:
    return {
        "id": account.id,
        "email": account.email,
        "role": account.role.value,
        "person_id": account.person_id,
        "created_at": _time(account.created_at),
        "disabled": account.disabled,
    }


def accounts_view(accounts: list[Account]) -> dict[str, Any]:
    return {"data": [account_view(a) for a in accounts], "count": len(accounts)}


def api_token_view(token: ApiToken) -> dict[str, Any]:
    """A token's description; its secret is not kept, so it cannot appear here."""
    return {
        "id": token.id,
        "account_id": token.account_id,
        "label": token.label,
        "created_at": _time(token.created_at),
        "last_used_at": _time(token.last_used_at),
        "revoked_at": _time(token.revoked_at),
    }
