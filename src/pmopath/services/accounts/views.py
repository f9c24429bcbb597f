"""Response models of accounts and API tokens, for --json and the API: never a hash or secret."""

from __future__ import annotations

from collections.abc import Sequence

from pmopath.domain.accounts import Account, ApiToken
from pmopath.domain.people import PersonRecord
from pmopath.services.accounts.schemas import (
    AccountPublic,
    AccountsPublic,
    ApiTokenPublic,
    ApiTokensPublic,
    MePublic,
)
from pmopath.services.people.views import record_view


def account_view(account: Account) -> AccountPublic:
    assert account.id is not None, "only stored accounts are shown"
    return AccountPublic(
        id=account.id,
        email=account.email,
        role=account.role,
        person_id=account.person_id,
        created_at=account.created_at,
        disabled=account.disabled,
    )


def accounts_view(accounts: list[Account]) -> AccountsPublic:
    return AccountsPublic(data=[account_view(a) for a in accounts], count=len(accounts))


def me_view(account: Account, record: PersonRecord | None) -> MePublic:
    """The signed-in account, with the record of its person when it has one."""
    return MePublic(
        account=account_view(account),
        person=record_view(record) if record is not None else None,
    )


def api_token_view(token: ApiToken) -> ApiTokenPublic:
    """A token's description; its secret is not kept, so it cannot appear here."""
    assert token.id is not None, "only stored tokens are shown"
    return ApiTokenPublic(
        id=token.id,
        account_id=token.account_id,
        label=token.label,
        created_at=token.created_at,
        last_used_at=token.last_used_at,
        revoked_at=token.revoked_at,
    )


def api_tokens_view(tokens: Sequence[ApiToken]) -> ApiTokensPublic:
    return ApiTokensPublic(data=[api_token_view(t) for t in tokens], count=len(tokens))


def tokens_revoked_words(count: int) -> str:
    """How many API tokens a change revoked, in words (``2 API tokens revoked``)."""
    if count == 0:
        return "no API tokens to revoke"
    return f"{count} API token{'' if count == 1 else 's'} revoked"
