"""Administration by a signed-in admin: accounts, with the admin check in front of each use case.

Framework uploads and activation (``careers.frameworks``) and people imports (``people.imports``)
make the same ``require_admin`` check before they read anything.
"""

from __future__ import annotations

from pmopath.domain.accounts import Account, ApiToken
from pmopath.domain.errors import InvalidRequest, NotFound
from pmopath.domain.people import AccountRole
from pmopath.domain.permissions import Viewer, require_admin
from pmopath.domain.single_sign_on import LinkedIdentity
from pmopath.services.accounts import management as accounts
from pmopath.services.accounts import tokens
from pmopath.services.accounts.checks import audit
from pmopath.services.ports.store import Store


def list_accounts(store: Store, viewer: Viewer) -> list[Account]:
    """Every account, by e-mail (admins only)."""
    require_admin(viewer)
    return accounts.list_accounts(store)


def add_account(
    store: Store,
    viewer: Viewer,
    *,
    email: str,
    role: str,
    person: str | None,
    password: str,
    actor: str,
) -> Account:
    """Add an account (admins only); see ``accounts.add_account`` for what it raises."""
    require_admin(viewer)
    return accounts.add_account(
        store,
        email=email,
        role=role,
        person=(person or "").strip() or None,
        password=password,
        actor=actor,
    )


def update_account(
    store: Store,
    viewer: Viewer,
    account_id: int,
    *,
    actor: str,
    acting_account: int | None,
    role: str | None = None,
    person: str | None = None,
    unlink_person: bool = False,
    disabled: bool | None = None,
) -> accounts.AccountChange:
    """Change an account's role, linked person or disabled flag (admins only); disabling it
    revokes its API tokens (how many is in the answer).

    An admin cannot disable their own account or take away their own admin role, so the
    last admin cannot lock everyone out. Raises NotFound, InvalidRequest, AlreadyExists.
    """
    require_admin(viewer)
    if account_id == acting_account and (
        disabled or (role is not None and role.strip().lower() != AccountRole.ADMIN.value)
    ):
        raise InvalidRequest("you cannot disable your own account or take away your admin role")
    return accounts.update_account(
        store,
        str(account_id),
        actor=actor,
        role=role,
        person=(person or "").strip() or None,
        unlink_person=unlink_person,
        disabled=disabled,
    )


def account_api_tokens(
    store: Store, viewer: Viewer, account_id: int
) -> tuple[Account, list[ApiToken]]:
    """An account and its API tokens, revoked ones too (admins only); raises NotFound."""
    require_admin(viewer)
    account = accounts.get_account(store, str(account_id))
    return account, tokens.list_api_tokens(store, account)


def account_identities(store: Store, viewer: Viewer, account_id: int) -> list[LinkedIdentity]:
    """The account's single sign-on identities (admins only); raises NotFound."""
    require_admin(viewer)
    account = accounts.get_account(store, str(account_id))
    assert account.id is not None
    with store.unit_of_work() as uow:
        return uow.single_sign_on.identities(account.id)


def unlink_account_identity(
    store: Store, viewer: Viewer, account_id: int, issuer: str, subject: str, *, actor: str
) -> Account:
    """Forget one single sign-on identity of an account (admins only; audited): the next
    sign-in through that provider links by verified e-mail again, or is refused. Raises
    NotFound for an identity the account does not have."""
    require_admin(viewer)
    account = accounts.get_account(store, str(account_id))
    assert account.id is not None
    with store.unit_of_work() as uow:
        if not uow.single_sign_on.unlink(account.id, issuer, subject):
            raise NotFound("single sign-on identity", f"{issuer} {subject}"[:120])
        audit(
            uow,
            store.clock(),
            actor,
            "account.sso_unlink",
            account.id,
            issuer=issuer,
            subject=subject,
        )
        uow.commit()
    return account


def revoke_account_api_token(
    store: Store, viewer: Viewer, account_id: int, token_id: int, *, actor: str
) -> tuple[Account, ApiToken]:
    """Revoke one API token of an account (admins only; audited); return the account and the
    token as it was. A token of another account answers NotFound, as an unknown one."""
    require_admin(viewer)
    account = accounts.get_account(store, str(account_id))
    token = tokens.revoke_api_token(store, account, token_id, actor=actor, owner_only=True)
    return account, token
