"""Accounts and credentials: add accounts, passwords, sign-in with throttling, sessions, API tokens.

Every function takes the unit of work, the password hasher where one is needed, and ``now``
explicitly; all state lives in the database, so any number of server processes can share it.
Secrets (passwords, session tokens, API token secrets) are never stored or audited: only their
hashes are stored, and the audit log records who did what to which account.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from pmopath.domain.accounts import (
    Account,
    AccountSession,
    ApiToken,
    ThrottlePolicy,
    normalise_email,
)
from pmopath.domain.errors import (
    AlreadyExists,
    Conflict,
    InvalidRequest,
    NotFound,
    SignInFailed,
    Throttled,
)
from pmopath.domain.people import AccountRole
from pmopath.services.credentials import (
    audit,
    check_password,
    parse_role,
    token_hash,
    valid_email,
    verified,
)
from pmopath.services.people import find_person
from pmopath.services.ports import (
    CommonPasswords,
    PasswordHasher,
    SessionCheckUnit,
    UnitOfWork,
)

SESSION_IDLE = timedelta(hours=8)
SESSION_LIFETIME = timedelta(days=7)
TOUCH_EVERY = timedelta(minutes=1)
"""Last-seen and last-used times are written at most this often: not one write per request."""
LABEL_MAX = 100
ADDRESS_MAX = 64
API_TOKEN_PREFIX = "pmo_"


def _account_view(account: Account) -> dict[str, object]:
    """What the audit log keeps of an account: never a password or a hash."""
    return {
        "email": account.email,
        "role": account.role.value,
        "person_id": account.person_id,
        "disabled": account.disabled,
    }


def add_account(
    uow: UnitOfWork,
    hasher: PasswordHasher,
    common_passwords: CommonPasswords,
    *,
    email: str,
    role: str | AccountRole,
    person: str | None,
    password: str,
    now: datetime,
    actor: str,
) -> Account:
    """Create an account for ``email`` (optionally linked to a stored person) and return it.

    Raises InvalidRequest (bad e-mail or role), WeakPassword, NotFound (person), AlreadyExists
    (an account with this e-mail, or one already linked to the person).
    """
    address = valid_email(email)
    account_role = parse_role(role)
    check_password(common_passwords, password, address)
    with uow:
        if uow.accounts.by_email(address) is not None:
            raise AlreadyExists("account", address)
        person_id = None
        if person is not None:
            person_id = find_person(uow, person).id
            assert person_id is not None
            if uow.accounts.by_person(person_id) is not None:
                raise AlreadyExists("account", f"person {person}")
        account = uow.accounts.add(
            Account(None, address, account_role, person_id, now), hasher.hash(password)
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


def list_accounts(uow: UnitOfWork) -> list[Account]:
    """Every account, by e-mail."""
    with uow:
        return sorted(uow.accounts.everyone(), key=lambda a: a.email)


def get_account(uow: UnitOfWork, reference: str) -> Account:
    """The account with this e-mail or id; raises NotFound."""
    with uow:
        return find_account(uow, reference)


def update_account(
    uow: UnitOfWork,
    reference: str,
    *,
    now: datetime,
    actor: str,
    role: str | AccountRole | None = None,
    person: str | None = None,
    unlink_person: bool = False,
    disabled: bool | None = None,
) -> Account:
    """Change an account's role, linked person or disabled flag; return the account as stored.

    Disabling an account also ends its sessions. Raises NotFound, InvalidRequest, AlreadyExists.
    """
    with uow:
        before = find_account(uow, reference)
        assert before.id is not None
        after = before
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
        return after


def change_password(
    uow: UnitOfWork,
    hasher: PasswordHasher,
    common_passwords: CommonPasswords,
    *,
    account_id: int,
    new_password: str,
    now: datetime,
    actor: str,
    current_password: str | None = None,
    keep_session: str | None = None,
) -> None:
    """Set a new password (checked against the policy) and end the account's other sessions.

    With ``current_password`` (a user changing their own), that must be right first; an admin
    resetting someone's password gives none. ``keep_session`` is the token of a session to keep.
    Raises NotFound, WeakPassword, SignInFailed (wrong current password).
    """
    with uow:
        account = uow.accounts.by_id(account_id)
        if account is None:
            raise NotFound("account", str(account_id))
        if current_password is not None:
            stored = uow.accounts.password_hash(account_id) or ""
            if not verified(hasher, stored, current_password):
                raise SignInFailed()
        check_password(common_passwords, new_password, account.email)
        uow.accounts.set_password_hash(account_id, hasher.hash(new_password))
        kept = (
            uow.account_sessions.by_token_hash(token_hash(keep_session)) if keep_session else None
        )
        uow.account_sessions.revoke_all(account_id, now, keep=kept.id if kept else None)
        audit(uow, now, actor, "account.password", account_id)
        uow.commit()


def sign_in(
    uow: UnitOfWork,
    hasher: PasswordHasher,
    *,
    email: str,
    password: str,
    client_address: str,
    now: datetime,
    lifetime: timedelta = SESSION_LIFETIME,
    throttle: ThrottlePolicy = ThrottlePolicy(),  # noqa: B008 - frozen, so one shared default is safe
) -> tuple[str, Account]:
    """Check the e-mail and password and open a new session; return its token and the account.

    The token is returned once and only its hash is stored. After ``throttle.failures`` failed
    attempts for the e-mail or the address within ``throttle.window``, every attempt (even with
    the right password) raises Throttled. A wrong e-mail and a wrong password both raise
    SignInFailed, and take the same time: the hasher runs for unknown e-mails too.
    """
    address = normalise_email(email)[:254]
    client = client_address[:ADDRESS_MAX]
    with uow:
        _refuse_if_throttled(uow, throttle, address, client, now)
        account = uow.accounts.by_email(address)
        stored = uow.accounts.password_hash(account.id) if account and account.id else None
        if account is None or account.id is None or account.disabled or stored is None:
            verified(hasher, "", password)
            ok = False
        else:
            ok = verified(hasher, stored, password)
        if not ok or account is None or account.id is None or stored is None:
            _record_failure(uow, throttle, address, client, now, account)
            uow.commit()
            raise SignInFailed()
        if hasher.needs_rehash(stored):
            uow.accounts.set_password_hash(account.id, hasher.hash(password))
        token = secrets.token_urlsafe(32)
        session = uow.account_sessions.add(
            AccountSession(None, account.id, token_hash(token), now, now, now + lifetime)
        )
        uow.sign_in_failures.clear_email(address)
        audit(
            uow,
            now,
            address,
            "account.sign_in",
            account.id,
            session_id=session.id,
            client_address=client,
        )
        uow.commit()
        return token, account


def _refuse_if_throttled(
    uow: UnitOfWork, throttle: ThrottlePolicy, email: str, client: str, now: datetime
) -> None:
    since = now - throttle.window
    waits = [
        throttle.retry_after(uow.sign_in_failures.for_email(email, since), now),
        throttle.retry_after(uow.sign_in_failures.for_address(client, since), now),
    ]
    longest = max((w for w in waits if w is not None), default=None)
    if longest is not None:
        raise Throttled(longest)


def _record_failure(
    uow: UnitOfWork,
    throttle: ThrottlePolicy,
    email: str,
    client: str,
    now: datetime,
    account: Account | None,
) -> None:
    uow.sign_in_failures.prune(now - throttle.window)
    uow.sign_in_failures.add(email, client, now)
    entity_id = account.id if account is not None else "unknown"
    audit(uow, now, "anonymous", "account.sign_in_failed", entity_id, client_address=client)


def account_for_session(
    uow: UnitOfWork, token: str, now: datetime, *, idle: timedelta = SESSION_IDLE
) -> Account | None:
    """The signed-in account for a session token, or None when the session is unknown, revoked,
    idle for longer than ``idle``, past its absolute lifetime, or its account is disabled."""
    found = session_for_token(uow, token, now, idle=idle)
    return found.account if found is not None else None


@dataclass(frozen=True, slots=True)
class LiveSession:
    """A live session's account, and the store's change stamp read with it."""

    account: Account
    changes: int
    unread: int
    """Unread notifications, for the nav badge."""


def session_for_token(
    uow: SessionCheckUnit, token: str, now: datetime, *, idle: timedelta = SESSION_IDLE
) -> LiveSession | None:
    """As ``account_for_session``, with the change stamp read in the same query (before
    anything the request reads next, so what is computed from later reads is never older)."""
    with uow:
        found = uow.account_sessions.signed_in(token_hash(token))
    if found is None:
        return None
    session, account = found.session, found.account
    if session.id is None or not session.alive(now, idle) or account.disabled:
        return None
    if now - session.last_seen_at >= TOUCH_EVERY:
        _touch(uow, session.id, now)
    return LiveSession(account, found.changes, found.unread)


def _touch(uow: SessionCheckUnit, session_id: int, now: datetime) -> None:
    """Note the session was used, in a transaction of its own (on SQLite a read transaction
    cannot become a writer once another has committed). Best effort: a busy database only
    postpones it to a later request."""
    try:
        with uow:
            uow.account_sessions.touch(session_id, now)
            uow.commit()
    except Conflict:
        return


def sign_out(uow: UnitOfWork, token: str, now: datetime) -> None:
    """End the session with this token (nothing happens for an unknown one)."""
    with uow:
        session = uow.account_sessions.by_token_hash(token_hash(token))
        if session is None or session.id is None or session.revoked_at is not None:
            return
        uow.account_sessions.revoke(session.id, now)
        account = uow.accounts.by_id(session.account_id)
        actor = account.email if account else "anonymous"
        audit(uow, now, actor, "account.sign_out", session.account_id, session_id=session.id)
        uow.commit()


def create_api_token(
    uow: UnitOfWork, account: Account, label: str, now: datetime, *, actor: str | None = None
) -> tuple[int, str]:
    """Create an API token for ``account``; return its id and its secret (shown this once)."""
    text = label.strip()
    if len(text) > LABEL_MAX:
        raise InvalidRequest(f"a token label has at most {LABEL_MAX} characters")
    if account.id is None:
        raise NotFound("account", account.email)
    secret = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    with uow:
        token = uow.api_tokens.add(ApiToken(None, account.id, text, token_hash(secret), now))
        assert token.id is not None
        audit(
            uow,
            now,
            actor or account.email,
            "api_token.create",
            token.id,
            label=text,
            account_id=account.id,
        )
        uow.commit()
        return token.id, secret


def list_api_tokens(uow: UnitOfWork, account: Account) -> list[ApiToken]:
    """The account's API tokens (revoked ones too), oldest first; secrets are not kept."""
    with uow:
        return uow.api_tokens.for_account(account.id or 0)


def revoke_api_token(
    uow: UnitOfWork,
    account: Account,
    token_id: int,
    now: datetime,
    *,
    actor: str | None = None,
    owner_only: bool = False,
) -> ApiToken:
    """Revoke a token of ``account`` (an admin may revoke anyone's, unless ``owner_only``);
    return it as it was.

    Someone else's token answers NotFound, exactly like a token that does not exist.
    """
    admin = account.role is AccountRole.ADMIN and not owner_only
    with uow:
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


def account_for_api_token(uow: UnitOfWork, secret: str, now: datetime) -> Account | None:
    """The account a bearer secret belongs to, or None (unknown, revoked, account disabled)."""
    with uow:
        token = uow.api_tokens.by_secret_hash(token_hash(secret))
        if token is None or token.id is None or token.revoked_at is not None:
            return None
        account = uow.accounts.by_id(token.account_id)
    if account is None or account.disabled:
        return None
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        try:  # in its own transaction and best effort, as a session's touch
            with uow:
                uow.api_tokens.touch(token.id, now)
                uow.commit()
        except Conflict:
            pass
    return account
