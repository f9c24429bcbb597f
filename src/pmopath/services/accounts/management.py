"""Accounts: add one, list, find, change its role, person or state, and change its password.

Secrets are never stored or audited: only password hashes are stored, and the audit log records
who did what to which account."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from pmopath.domain.accounts import Account, normalise_email
from pmopath.domain.errors import AlreadyExists, NotFound, SignInFailed
from pmopath.domain.people import AccountRole
from pmopath.services.accounts.checks import (
    audit,
    check_password,
    parse_role,
    token_hash,
    valid_email,
    verified,
)
from pmopath.services.people.records import find_person
from pmopath.services.ports.repositories import UnitOfWork
from pmopath.services.ports.store import Store


def _account_view(account: Account) -> dict[str, object]:
    """What the audit log keeps of an account: never a password or a hash."""
    return {
        "email": account.email,
        "role": account.role.value,
        "person_id": account.person_id,
        "disabled": account.disabled,
    }


def add_account(
    store: Store,
    *,
    email: str,
    role: str | AccountRole,
    person: str | None,
    password: str,
    actor: str,
) -> Account:
    """Create an account for ``email`` (optionally linked to a stored person) and return it.

    Raises InvalidRequest (bad e-mail or role), WeakPassword, NotFound (person), AlreadyExists
    (an account with this e-mail, or one already linked to the person).
    """
    address = valid_email(email)
    account_role = parse_role(role)
    check_password(store.ports.common_passwords, password, address)
    now = store.clock()
    with store.unit_of_work() as uow:
        if uow.accounts.by_email(address) is not None:
            raise AlreadyExists("account", address)
        person_id = None
        if person is not None:
            person_id = find_person(uow, person).id
            assert person_id is not None
            if uow.accounts.by_person(person_id) is not None:
                raise AlreadyExists("account", f"person {person}")
        account = uow.accounts.add(
            Account(None, address, account_role, person_id, now),
            store.ports.hasher.hash(password),
        )
        audit(uow, now, actor, "account.add", account.id, None, **_account_view(account))
        uow.commit()
        return account


def find_account(uow: UnitOfWork, reference: str) -> Account:
    """The account with this e-mail or numeric id (inside an open unit of work); NotFound."""
    text = reference.strip()
    account = (
        uow.accounts.by_id(int(text))
        if text.isdigit()
        else uow.accounts.by_email(normalise_email(text))
    )
    if account is None:
        raise NotFound("account", reference)
    return account


def list_accounts(store: Store) -> list[Account]:
    """Every account, by e-mail."""
    with store.unit_of_work() as uow:
        return sorted(uow.accounts.everyone(), key=lambda a: a.email)


def get_account(store: Store, reference: str) -> Account:
    """The account with this e-mail or id; raises NotFound."""
    with store.unit_of_work() as uow:
        return find_account(uow, reference)


@dataclass(frozen=True, slots=True)
class AccountChange:
    """An account as stored after a change, and how many of its API tokens it revoked."""

    account: Account
    api_tokens_revoked: int = 0


def revoke_all_api_tokens(uow: UnitOfWork, account_id: int, now: datetime, actor: str) -> int:
    """Revoke every live API token of the account (audited when there was one); return how
    many. A password reset and disabling an account do it: a token outlives neither."""
    revoked = uow.api_tokens.revoke_all(account_id, now)
    if revoked:
        audit(uow, now, actor, "api_token.revoke_all", account_id, revoked=revoked)
    return revoked


def update_account(
    store: Store,
    reference: str,
    *,
    actor: str,
    role: str | AccountRole | None = None,
    person: str | None = None,
    unlink_person: bool = False,
    disabled: bool | None = None,
) -> AccountChange:
    """Change an account's role, linked person or disabled flag; return the account as stored
    and how many API tokens were revoked.

    Disabling an account also ends its sessions and revokes its API tokens (enabling it again
    brings neither back). Raises NotFound, InvalidRequest, AlreadyExists.
    """
    now = store.clock()
    with store.unit_of_work() as uow:
        before = find_account(uow, reference)
        assert before.id is not None
        after, revoked = before, 0
        if role is not None:
            after = replace(after, role=parse_role(role))
        if unlink_person:
            after = replace(after, person_id=None)
        elif person is not None:
            person_id = find_person(uow, person).id
            linked = uow.accounts.by_person(person_id or 0)
            if linked is not None and linked.id != before.id:
                raise AlreadyExists("account", f"person {person}")
            after = replace(after, person_id=person_id)
        if disabled is not None:
            after = replace(after, disabled=disabled)
            if disabled:
                uow.account_sessions.revoke_all(before.id, now)
                revoked = revoke_all_api_tokens(uow, before.id, now, actor)
        uow.accounts.update(after)
        audit(
            uow,
            now,
            actor,
            "account.update",
            before.id,
            before=_account_view(before),
            **_account_view(after),
        )
        uow.commit()
        return AccountChange(after, revoked)


def change_password(
    store: Store,
    *,
    account_id: int,
    new_password: str,
    actor: str,
    current_password: str | None = None,
    keep_session: str | None = None,
) -> int:
    """Set a new password (checked against the policy), end the account's other sessions and
    revoke all its API tokens (a reset is often because one leaked); return how many tokens.

    With ``current_password`` (a user changing their own), that must be right first; an admin
    resetting someone's password gives none. ``keep_session`` is the token of a session to keep.
    Raises NotFound, WeakPassword, SignInFailed (wrong current password).
    """
    hasher, now = store.ports.hasher, store.clock()
    with store.unit_of_work() as uow:
        account = uow.accounts.by_id(account_id)
        if account is None:
            raise NotFound("account", str(account_id))
        if current_password is not None:
            stored = uow.accounts.password_hash(account_id) or ""
            if not verified(hasher, stored, current_password):
                raise SignInFailed()
        check_password(store.ports.common_passwords, new_password, account.email)
        uow.accounts.set_password_hash(account_id, hasher.hash(new_password))
        kept = (
            uow.account_sessions.by_token_hash(token_hash(keep_session)) if keep_session else None
        )
        uow.account_sessions.revoke_all(account_id, now, keep=kept.id if kept else None)
        revoked = revoke_all_api_tokens(uow, account_id, now, actor)
        audit(uow, now, actor, "account.password", account_id, api_tokens_revoked=revoked)
        uow.commit()
        return revoked
