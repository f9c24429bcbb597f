"""API tokens: create (the secret shown once, only its hash stored), list, revoke, and check."""

from __future__ import annotations

import secrets
from datetime import datetime

from pmopath.domain.accounts import Account, ApiToken, TokenScope
from pmopath.domain.errors import Conflict, InvalidRequest, NotFound, PermissionDenied
from pmopath.domain.people import AccountRole
from pmopath.domain.text import usable_text
from pmopath.services.accounts.checks import audit, token_hash
from pmopath.services.accounts.sessions import TOUCH_EVERY
from pmopath.services.ports.repositories import BearerCheckUnit, UnitOfWork
from pmopath.services.ports.store import Store

LABEL_MAX = 100
API_TOKEN_PREFIX = "pmo_"


def create_api_token(
    store: Store,
    account: Account,
    label: str,
    *,
    actor: str | None = None,
    scope: TokenScope = TokenScope.API,
) -> tuple[int, str]:
    """Create an API token for ``account``; return its id and its secret (shown this once).

    A SCIM token (``scope``) works on /scim/v2 only, and only an admin's account may hold one:
    it provisions people and accounts. Raises InvalidRequest, NotFound, PermissionDenied.
    """
    text = usable_text("label", label, lines=False).strip()
    if len(text) > LABEL_MAX:
        raise InvalidRequest(f"a token label has at most {LABEL_MAX} characters")
    if account.id is None:
        raise NotFound("account", account.email)
    if scope is TokenScope.SCIM and account.role is not AccountRole.ADMIN:
        raise PermissionDenied("a SCIM token belongs to an admin's account")
    secret = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = store.clock()
    with store.unit_of_work() as uow:
        token = uow.api_tokens.add(
            ApiToken(None, account.id, text, token_hash(secret), now, scope=scope)
        )
        assert token.id is not None
        audit(
            uow,
            now,
            actor or account.email,
            "api_token.create",
            token.id,
            label=text,
            account_id=account.id,
            scope=scope.value,
        )
        uow.commit()
        return token.id, secret


def list_api_tokens(store: Store, account: Account) -> list[ApiToken]:
    """The account's API tokens (revoked ones too), oldest first; secrets are not kept."""
    with store.unit_of_work() as uow:
        return uow.api_tokens.for_account(account.id or 0)


def revoke_api_token(
    store: Store,
    account: Account,
    token_id: int,
    *,
    actor: str | None = None,
    owner_only: bool = False,
) -> ApiToken:
    """Revoke a token of ``account`` (an admin may revoke anyone's, unless ``owner_only``);
    return it as it was.

    Someone else's token answers NotFound, exactly like a token that does not exist.
    """
    admin = account.role is AccountRole.ADMIN and not owner_only
    now = store.clock()
    with store.unit_of_work() as uow:
        token = uow.api_tokens.by_id(token_id)
        mine = token is not None and token.account_id == account.id
        if token is None or token.id is None or not (mine or admin):
            raise NotFound("API token", str(token_id))
        if token.revoked_at is None:
            uow.api_tokens.revoke(token.id, now)
            who = actor or account.email
            audit(uow, now, who, "api_token.revoke", token.id, account_id=token.account_id)
            uow.commit()
        return token


def account_for_api_token(
    unit: BearerCheckUnit, secret: str, now: datetime, scope: TokenScope = TokenScope.API
) -> Account | None:
    """The account a bearer secret of ``scope`` belongs to, or None (unknown, revoked, another
    scope's, account disabled)."""
    found = checked_bearer(unit, secret, now, scope)
    return found[1] if found is not None else None


def checked_bearer(
    unit: BearerCheckUnit, secret: str, now: datetime, scope: TokenScope = TokenScope.API
) -> tuple[ApiToken, Account] | None:
    """The live token of ``scope`` with this secret and its (enabled) account, or None.

    Like the session check (``sessions.session_for_token``), this runs before a request has a
    store, on every request that carries a token: one read on the unit it is given (the web
    gives bootstrap's session check), and the once-a-minute touch in a transaction of its own,
    best effort (a busy database leaves it to a later request)."""
    with unit:
        found = unit.api_tokens.bearer(token_hash(secret))
    live = _live(*found, scope) if found is not None else None
    if live is not None and _touch_due(live[0], now):
        try:
            with unit:
                unit.api_tokens.touch(live[0].id or 0, now)
                unit.commit()
        except Conflict:
            pass
    return live


def _live(token: ApiToken, account: Account, scope: TokenScope) -> tuple[ApiToken, Account] | None:
    if token.id is None or token.revoked_at is not None:
        return None
    if token.scope is not scope or account.disabled:
        return None
    return token, account


def _touch_due(token: ApiToken, now: datetime) -> bool:
    return token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY


def revoke_all_api_tokens(uow: UnitOfWork, account_id: int, now: datetime) -> int:
    """Revoke every live token of the account (inside an open unit of work); return how many."""
    live = [t for t in uow.api_tokens.for_account(account_id) if t.revoked_at is None]
    for token in live:
        assert token.id is not None
        uow.api_tokens.revoke(token.id, now)
    return len(live)
