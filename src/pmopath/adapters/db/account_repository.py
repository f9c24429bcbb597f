"""SQLAlchemy repositories for accounts, sign-in sessions, API tokens and failed sign-ins."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    ColumnElement,
    and_,
    delete,
    select,
    update,
)
from sqlalchemy.orm import Session

from pmopath.adapters.db.session_check import bearer, signed_in
from pmopath.adapters.db.tables import (
    AccountRow,
    AccountSessionRow,
    ApiTokenRow,
    SignInFailureRow,
)
from pmopath.domain.accounts import (
    LINK_ATTEMPTS_KEY,
    Account,
    AccountSession,
    ApiToken,
    SignedIn,
    TokenScope,
    email_forms,
    normalise_email,
)
from pmopath.domain.ids import storable_id
from pmopath.domain.people import AccountRole


def _utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _maybe_utc(moment: datetime | None) -> datetime | None:
    return _utc(moment) if moment is not None else None


def _account(row: AccountRow) -> Account:
    return Account(
        row.id, row.email, AccountRole(row.role), row.person_id, _utc(row.created_at), row.disabled
    )


class SqlAccounts:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, account: Account, password_hash: str) -> Account:
        row = AccountRow(
            email=account.email.lower(),
            role=account.role.value,
            person_id=account.person_id,
            created_at=account.created_at,
            password_hash=password_hash,
            disabled=account.disabled,
        )
        self.session.add(row)
        self.session.flush()
        return _account(row)

    def by_id(self, account_id: int) -> Account | None:
        if not storable_id(account_id):
            return None
        row = self.session.get(AccountRow, account_id)
        return _account(row) if row else None

    def by_email(self, email: str) -> Account | None:
        forms = email_forms(normalise_email(email))  # an address stored before NFC too
        rows = self.session.scalars(select(AccountRow).where(AccountRow.email.in_(forms))).all()
        row = min(rows, key=lambda r: forms.index(r.email), default=None)
        return _account(row) if row else None

    def by_person(self, person_id: int) -> Account | None:
        row = self.session.scalar(select(AccountRow).where(AccountRow.person_id == person_id))
        return _account(row) if row else None

    def everyone(self) -> list[Account]:
        return [_account(r) for r in self.session.scalars(select(AccountRow).order_by("email"))]

    def update(self, account: Account) -> None:
        self.session.execute(
            update(AccountRow)
            .where(AccountRow.id == account.id)
            .values(role=account.role.value, person_id=account.person_id, disabled=account.disabled)
        )

    def set_email(self, account_id: int, email: str) -> None:
        self.session.execute(
            update(AccountRow).where(AccountRow.id == account_id).values(email=email.lower())
        )

    def password_hash(self, account_id: int) -> str | None:
        return self.session.scalar(
            select(AccountRow.password_hash).where(AccountRow.id == account_id)
        )

    def set_password_hash(self, account_id: int, password_hash: str) -> None:
        self.session.execute(
            update(AccountRow)
            .where(AccountRow.id == account_id)
            .values(password_hash=password_hash)
        )


def _session(row: AccountSessionRow) -> AccountSession:
    return AccountSession(
        row.id,
        row.account_id,
        row.token_hash,
        _utc(row.created_at),
        _utc(row.last_seen_at),
        _utc(row.expires_at),
        _maybe_utc(row.revoked_at),
    )


class SqlAccountSessions:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, session: AccountSession) -> AccountSession:
        row = AccountSessionRow(
            account_id=session.account_id,
            token_hash=session.token_hash,
            created_at=session.created_at,
            last_seen_at=session.last_seen_at,
            expires_at=session.expires_at,
            revoked_at=session.revoked_at,
        )
        self.session.add(row)
        self.session.flush()
        return _session(row)

    def by_token_hash(self, token_hash: str) -> AccountSession | None:
        row = self.session.scalar(
            select(AccountSessionRow).where(AccountSessionRow.token_hash == token_hash)
        )
        return _session(row) if row else None

    def signed_in(self, token_hash: str) -> SignedIn | None:
        return signed_in(self.session.connection(), token_hash)

    def touch(self, session_id: int, at: datetime) -> None:
        self.session.execute(
            update(AccountSessionRow)
            .where(AccountSessionRow.id == session_id)
            .values(last_seen_at=at)
        )

    def revoke(self, session_id: int, at: datetime) -> None:
        self.session.execute(
            update(AccountSessionRow)
            .where(AccountSessionRow.id == session_id, AccountSessionRow.revoked_at.is_(None))
            .values(revoked_at=at)
        )

    def revoke_all(self, account_id: int, at: datetime, *, keep: int | None = None) -> int:
        query = update(AccountSessionRow).where(
            AccountSessionRow.account_id == account_id, AccountSessionRow.revoked_at.is_(None)
        )
        if keep is not None:
            query = query.where(AccountSessionRow.id != keep)
        result = self.session.execute(query.values(revoked_at=at))
        return int(getattr(result, "rowcount", 0) or 0)


def _token(row: ApiTokenRow) -> ApiToken:
    return ApiToken(
        row.id,
        row.account_id,
        row.label,
        row.secret_hash,
        _utc(row.created_at),
        _maybe_utc(row.last_used_at),
        _maybe_utc(row.revoked_at),
        TokenScope(row.scope),
    )


class SqlApiTokens:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, token: ApiToken) -> ApiToken:
        row = ApiTokenRow(
            account_id=token.account_id,
            label=token.label,
            secret_hash=token.secret_hash,
            created_at=token.created_at,
            last_used_at=token.last_used_at,
            revoked_at=token.revoked_at,
            scope=token.scope.value,
        )
        self.session.add(row)
        self.session.flush()
        return _token(row)

    def by_id(self, token_id: int) -> ApiToken | None:
        if not storable_id(token_id):
            return None
        row = self.session.get(ApiTokenRow, token_id)
        return _token(row) if row else None

    def bearer(self, secret_hash: str) -> tuple[ApiToken, Account] | None:
        return bearer(self.session.connection(), secret_hash)

    def for_account(self, account_id: int) -> list[ApiToken]:
        rows = self.session.scalars(
            select(ApiTokenRow).where(ApiTokenRow.account_id == account_id).order_by(ApiTokenRow.id)
        )
        return [_token(row) for row in rows]

    def touch(self, token_id: int, at: datetime) -> None:
        self.session.execute(
            update(ApiTokenRow).where(ApiTokenRow.id == token_id).values(last_used_at=at)
        )

    def revoke(self, token_id: int, at: datetime) -> None:
        self.session.execute(
            update(ApiTokenRow)
            .where(ApiTokenRow.id == token_id, ApiTokenRow.revoked_at.is_(None))
            .values(revoked_at=at)
        )

    def revoke_all(self, account_id: int, at: datetime) -> int:
        result = self.session.execute(
            update(ApiTokenRow)
            .where(ApiTokenRow.account_id == account_id, ApiTokenRow.revoked_at.is_(None))
            .values(revoked_at=at)
        )
        return int(getattr(result, "rowcount", 0) or 0)


class SqlSignInFailures:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, email: str, client_address: str, at: datetime) -> None:
        self.session.add(
            SignInFailureRow(email=email.lower(), client_address=client_address, at=at)
        )

    def for_email(self, email: str, since: datetime) -> list[datetime]:
        return self._times(SignInFailureRow.email == email.lower(), since)

    def for_address(self, client_address: str, since: datetime) -> list[datetime]:
        return self._times(
            and_(
                SignInFailureRow.client_address == client_address,
                SignInFailureRow.email != LINK_ATTEMPTS_KEY,
            ),
            since,
        )

    def for_email_from(self, email: str, client_address: str, since: datetime) -> list[datetime]:
        return self._times(
            and_(
                SignInFailureRow.email == email.lower(),
                SignInFailureRow.client_address == client_address,
            ),
            since,
        )

    def _times(self, condition: ColumnElement[bool], since: datetime) -> list[datetime]:
        rows = self.session.scalars(
            select(SignInFailureRow.at)
            .where(condition, SignInFailureRow.at > since)
            .order_by(SignInFailureRow.at)
        )
        return [_utc(at) for at in rows]

    def clear_email(self, email: str) -> None:
        self.session.execute(
            delete(SignInFailureRow).where(SignInFailureRow.email == email.lower())
        )

    def prune(self, before: datetime) -> None:
        self.session.execute(delete(SignInFailureRow).where(SignInFailureRow.at <= before))
