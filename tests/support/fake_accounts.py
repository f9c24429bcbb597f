"""In-memory fakes of the account repositories (accounts, sessions, API tokens, failed sign-ins,
single sign-on) and of password hashing, for service tests that need no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from pmopath.domain.accounts import LINK_ATTEMPTS_KEY, Account, AccountSession, ApiToken, SignedIn
from pmopath.domain.errors import Conflict
from pmopath.domain.single_sign_on import LinkedIdentity, PendingSignIn

if TYPE_CHECKING:
    from tests.support.fakes import FakeState


class FakeAccounts:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def add(self, account: Account, password_hash: str) -> Account:
        if self.by_email(account.email) is not None:
            raise Conflict(f"an account for {account.email} exists")
        stored = replace(account, id=len(self.state.accounts) + 1, email=account.email.lower())
        self.state.accounts[stored.id] = (stored, password_hash)  # type: ignore[index]
        return stored

    def by_id(self, account_id: int) -> Account | None:
        found = self.state.accounts.get(account_id)
        return found[0] if found else None

    def by_email(self, email: str) -> Account | None:
        wanted = email.lower()
        return next((a for a, _ in self.state.accounts.values() if a.email == wanted), None)

    def by_person(self, person_id: int) -> Account | None:
        return next((a for a, _ in self.state.accounts.values() if a.person_id == person_id), None)

    def everyone(self) -> list[Account]:
        return sorted((a for a, _ in self.state.accounts.values()), key=lambda a: a.email)

    def update(self, account: Account) -> None:
        assert account.id is not None
        stored, password_hash = self.state.accounts[account.id]
        self.state.accounts[account.id] = (replace(account, email=stored.email), password_hash)

    def set_email(self, account_id: int, email: str) -> None:
        stored, password_hash = self.state.accounts[account_id]
        self.state.accounts[account_id] = (replace(stored, email=email.lower()), password_hash)

    def password_hash(self, account_id: int) -> str | None:
        found = self.state.accounts.get(account_id)
        return found[1] if found else None

    def set_password_hash(self, account_id: int, password_hash: str) -> None:
        account, _ = self.state.accounts[account_id]
        self.state.accounts[account_id] = (account, password_hash)


class FakeAccountSessions:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def add(self, session: AccountSession) -> AccountSession:
        stored = replace(session, id=len(self.state.account_sessions) + 1)
        self.state.account_sessions[stored.id] = stored  # type: ignore[index]
        return stored

    def by_token_hash(self, token_hash: str) -> AccountSession | None:
        sessions = self.state.account_sessions.values()
        return next((s for s in sessions if s.token_hash == token_hash), None)

    def signed_in(self, token_hash: str) -> SignedIn | None:
        session = self.by_token_hash(token_hash)
        stored = self.state.accounts.get(session.account_id) if session else None
        if session is None or stored is None:
            return None
        person = stored[0].person_id
        unread = sum(
            1 for n in self.state.notifications.values() if n.person_id == person and not n.read_at
        )
        named = self.state.people.get(person) if person is not None else None
        name = named.name if named is not None else None
        return SignedIn(session, stored[0], self.state.commits, unread, name)

    def touch(self, session_id: int, at: datetime) -> None:
        session = self.state.account_sessions[session_id]
        self.state.account_sessions[session_id] = replace(session, last_seen_at=at)

    def revoke(self, session_id: int, at: datetime) -> None:
        session = self.state.account_sessions[session_id]
        if session.revoked_at is None:
            self.state.account_sessions[session_id] = replace(session, revoked_at=at)

    def revoke_all(self, account_id: int, at: datetime, *, keep: int | None = None) -> int:
        ended = [
            s.id
            for s in self.state.account_sessions.values()
            if s.account_id == account_id and s.revoked_at is None and s.id != keep
        ]
        for session_id in ended:
            self.revoke(session_id or 0, at)
        return len(ended)


class FakeApiTokens:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def add(self, token: ApiToken) -> ApiToken:
        stored = replace(token, id=len(self.state.api_tokens) + 1)
        self.state.api_tokens[stored.id] = stored  # type: ignore[index]
        return stored

    def by_id(self, token_id: int) -> ApiToken | None:
        return self.state.api_tokens.get(token_id)

    def bearer(self, secret_hash: str) -> tuple[ApiToken, Account] | None:
        tokens = self.state.api_tokens.values()
        token = next((t for t in tokens if t.secret_hash == secret_hash), None)
        found = self.state.accounts.get(token.account_id) if token is not None else None
        return (token, found[0]) if token is not None and found is not None else None

    def for_account(self, account_id: int) -> list[ApiToken]:
        return [t for t in self.state.api_tokens.values() if t.account_id == account_id]

    def touch(self, token_id: int, at: datetime) -> None:
        token = self.state.api_tokens[token_id]
        self.state.api_tokens[token_id] = replace(token, last_used_at=at)

    def revoke(self, token_id: int, at: datetime) -> None:
        token = self.state.api_tokens[token_id]
        if token.revoked_at is None:
            self.state.api_tokens[token_id] = replace(token, revoked_at=at)

    def revoke_all(self, account_id: int, at: datetime) -> int:
        live = [t.id or 0 for t in self.for_account(account_id) if t.revoked_at is None]
        for token_id in live:
            self.revoke(token_id, at)
        return len(live)


class FakeSignInFailures:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def add(self, email: str, client_address: str, at: datetime) -> None:
        self.state.sign_in_failures.append((email.lower(), client_address, at))

    def for_email(self, email: str, since: datetime) -> list[datetime]:
        wanted = email.lower()
        return sorted(at for e, _, at in self.state.sign_in_failures if e == wanted and at > since)

    def for_address(self, client_address: str, since: datetime) -> list[datetime]:
        failures = self.state.sign_in_failures
        return sorted(
            at
            for e, a, at in failures
            if a == client_address and at > since and e != LINK_ATTEMPTS_KEY
        )

    def for_email_from(self, email: str, client_address: str, since: datetime) -> list[datetime]:
        wanted, failures = email.lower(), self.state.sign_in_failures
        return sorted(
            at for e, a, at in failures if e == wanted and a == client_address and at > since
        )

    def clear_email(self, email: str) -> None:
        wanted = email.lower()
        self.state.sign_in_failures[:] = [f for f in self.state.sign_in_failures if f[0] != wanted]

    def prune(self, before: datetime) -> None:
        self.state.sign_in_failures[:] = [f for f in self.state.sign_in_failures if f[2] > before]


class FakePasswordHasher:
    """Fast and obviously fake: for service tests that do not test hashing itself."""

    def __init__(self) -> None:
        self.verified = 0

    def hash(self, password: str) -> str:
        return "fake$" + password[::-1]

    def verify(self, password_hash: str, password: str) -> bool:
        self.verified += 1
        return password_hash == self.hash(password)

    def needs_rehash(self, password_hash: str) -> bool:
        return False

    def waste_time(self, password: str) -> None:
        self.verified += 1


class FakeCommonPasswords:
    def __init__(self, *common: str) -> None:
        self.common = set(common)

    def is_common(self, password: str) -> bool:
        return password in self.common


class FakeSingleSignOn:
    """Sign-ins under way (taken once) and linked provider identities, in memory."""

    def __init__(self, state: FakeState) -> None:
        self.state = state

    def add_pending(self, pending: PendingSignIn) -> None:
        self.state.sso_pending[pending.state_hash] = pending

    def take_pending(self, state_hash: str) -> PendingSignIn | None:
        return self.state.sso_pending.pop(state_hash, None)

    def prune_pending(self, before: datetime) -> None:
        for key, pending in list(self.state.sso_pending.items()):
            if pending.created_at < before:
                del self.state.sso_pending[key]

    def account_for(self, issuer: str, subject: str) -> int | None:
        found = self.state.sso_identities.get((issuer, subject))
        return found.account_id if found else None

    def link(self, identity: LinkedIdentity) -> None:
        self.state.sso_identities[(identity.issuer, identity.subject)] = identity

    def unlink(self, account_id: int, issuer: str, subject: str) -> bool:
        found = self.state.sso_identities.get((issuer, subject))
        if found is None or found.account_id != account_id:
            return False
        del self.state.sso_identities[(issuer, subject)]
        return True

    def identities(self, account_id: int) -> list[LinkedIdentity]:
        return [i for i in self.state.sso_identities.values() if i.account_id == account_id]
