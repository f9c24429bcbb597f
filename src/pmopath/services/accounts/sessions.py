"""Sign-in with throttling, and sessions: checking, touching and ending them.

Use cases take the store (its clock, its password hasher); all state lives in the database, so
any number of server processes can share it. The session check every signed-in request makes
(``session_for_token``) takes a lighter unit of its own instead (bootstrap's autocommit one).
Session tokens are never stored: only their hashes."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from pmopath.domain.accounts import Account, AccountSession, ThrottlePolicy, normalise_email
from pmopath.domain.errors import Conflict, SignInFailed, Throttled
from pmopath.domain.text import usable_text
from pmopath.services.accounts.checks import audit, token_hash, verified
from pmopath.services.ports.repositories import SessionCheckUnit, UnitOfWork
from pmopath.services.ports.store import Store

SESSION_IDLE = timedelta(hours=8)


SESSION_LIFETIME = timedelta(days=7)


TOUCH_EVERY = timedelta(minutes=1)


"""Last-seen and last-used times are written at most this often: not one write per request."""


ADDRESS_MAX = 64


def sign_in(
    store: Store,
    *,
    email: str,
    password: str,
    client_address: str,
    lifetime: timedelta = SESSION_LIFETIME,
    throttle: ThrottlePolicy = ThrottlePolicy(),  # noqa: B008 - frozen, so one shared default is safe
) -> tuple[str, Account]:
    """Check the e-mail and password and open a new session; return its token and the account.

    The token is returned once and only its hash is stored. After ``throttle.failures`` failed
    attempts for the e-mail (from anywhere or from this address), or ``throttle.address_failures``
    from the address on any accounts, within ``throttle.window``, every attempt (even with the
    right password) raises Throttled. A wrong e-mail and a wrong password both raise
    SignInFailed, and take the same time: the hasher runs for unknown e-mails too.
    """
    address = normalise_email(usable_text("email", email, lines=False))[:254]
    client = client_address[:ADDRESS_MAX]
    hasher, now = store.ports.hasher, store.clock()
    with store.unit_of_work() as uow:
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
        token, session = open_session(uow, account.id, now, lifetime)
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


def open_session(
    uow: UnitOfWork, account_id: int, now: datetime, lifetime: timedelta = SESSION_LIFETIME
) -> tuple[str, AccountSession]:
    """A new session for the account (inside the caller's unit of work): its token, returned
    once (only its hash is stored), and the session. Every way of signing in opens one here."""
    token = secrets.token_urlsafe(32)
    session = uow.account_sessions.add(
        AccountSession(None, account_id, token_hash(token), now, now, now + lifetime)
    )
    return token, session


def _refuse_if_throttled(
    uow: UnitOfWork, throttle: ThrottlePolicy, email: str, client: str, now: datetime
) -> None:
    since = now - throttle.window
    failures = uow.sign_in_failures
    waits = [
        throttle.retry_after(failures.for_email(email, since), now),
        throttle.retry_after(failures.for_email_from(email, client, since), now),
        throttle.retry_after(failures.for_address(client, since), now, throttle.address_failures),
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
    store: Store, token: str, *, idle: timedelta = SESSION_IDLE
) -> Account | None:
    """The signed-in account for a session token, or None when the session is unknown, revoked,
    idle for longer than ``idle``, past its absolute lifetime, or its account is disabled."""
    found = session_for_token(store.unit_of_work(), token, store.clock(), idle=idle)
    return found.account if found is not None else None


@dataclass(frozen=True, slots=True)
class LiveSession:
    """A live session's account, and the store's change stamp read with it."""

    account: Account
    changes: int
    unread: int
    """Unread notifications, for the nav badge."""
    name: str | None = None
    """The account's person's name, for the nav (None without a person)."""


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
    return LiveSession(account, found.changes, found.unread, found.name)


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


def sign_out(store: Store, token: str) -> None:
    """End the session with this token (nothing happens for an unknown one)."""
    now = store.clock()
    with store.unit_of_work() as uow:
        session = uow.account_sessions.by_token_hash(token_hash(token))
        if session is None or session.id is None or session.revoked_at is not None:
            return
        uow.account_sessions.revoke(session.id, now)
        account = uow.accounts.by_id(session.account_id)
        actor = account.email if account else "anonymous"
        audit(uow, now, actor, "account.sign_out", session.account_id, session_id=session.id)
        uow.commit()
