"""SQLAlchemy repositories for accounts, sign-in sessions, API tokens and failed sign-ins."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self, TypeVar

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Select,
    Table,
    Update,
    and_,
    bindparam,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from pmopath.adapters.db import change_stamp
from pmopath.adapters.db.engine import BUSY_TIMEOUT_MS
from pmopath.adapters.db.tables import (
    AccountRow,
    AccountSessionRow,
    ApiTokenRow,
    Base,
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
from pmopath.domain.errors import Conflict
from pmopath.domain.ids import storable_id
from pmopath.domain.people import AccountRole


def _utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _maybe_utc(moment: datetime | None) -> datetime | None:
    return _utc(moment) if moment is not None else None


_SESSIONS: Table = Base.metadata.tables["account_sessions"]
_ACCOUNTS: Table = Base.metadata.tables["accounts"]
_NOTICES: Table = Base.metadata.tables["notifications"]
_UNREAD = (
    select(func.count())
    .select_from(_NOTICES)
    .where(_NOTICES.c.person_id == _ACCOUNTS.c.person_id, _NOTICES.c.read_at.is_(None))
)
_PEOPLE: Table = Base.metadata.tables["people"]
_NAME = select(_PEOPLE.c.name).where(_PEOPLE.c.id == _ACCOUNTS.c.person_id)
_SIGNED_IN = (  # built once: this runs on every signed-in request
    select(
        _SESSIONS.c.id,
        _SESSIONS.c.account_id,
        _SESSIONS.c.token_hash,
        _SESSIONS.c.created_at,
        _SESSIONS.c.last_seen_at,
        _SESSIONS.c.expires_at,
        _SESSIONS.c.revoked_at,
        _ACCOUNTS.c.id,
        _ACCOUNTS.c.email,
        _ACCOUNTS.c.role,
        _ACCOUNTS.c.person_id,
        _ACCOUNTS.c.created_at,
        _ACCOUNTS.c.disabled,
        change_stamp.NOW.scalar_subquery(),
        _UNREAD.scalar_subquery(),
        _NAME.scalar_subquery(),
    )
    .join_from(_SESSIONS, _ACCOUNTS, _SESSIONS.c.account_id == _ACCOUNTS.c.id)
    .where(_SESSIONS.c.token_hash == bindparam("token_hash"))
)
_TOKENS: Table = Base.metadata.tables["api_tokens"]
_BEARER = (  # built once: this runs on every request with a bearer token
    select(
        _TOKENS.c.id,
        _TOKENS.c.account_id,
        _TOKENS.c.label,
        _TOKENS.c.secret_hash,
        _TOKENS.c.created_at,
        _TOKENS.c.last_used_at,
        _TOKENS.c.revoked_at,
        _TOKENS.c.scope,
        _ACCOUNTS.c.id,
        _ACCOUNTS.c.email,
        _ACCOUNTS.c.role,
        _ACCOUNTS.c.person_id,
        _ACCOUNTS.c.created_at,
        _ACCOUNTS.c.disabled,
    )
    .join_from(_TOKENS, _ACCOUNTS, _TOKENS.c.account_id == _ACCOUNTS.c.id)
    .where(_TOKENS.c.secret_hash == bindparam("token_hash"))
)
_UNLOCKED_TOKENS = _TOKENS.alias("unlocked_tokens")
_TOUCH_TOKEN = (  # as _TOUCH: a locked row is skipped, not waited for (PostgreSQL)
    update(_TOKENS)
    .where(
        _TOKENS.c.id
        == select(_UNLOCKED_TOKENS.c.id)
        .where(_UNLOCKED_TOKENS.c.id == bindparam("token_id"))
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    .values(last_used_at=bindparam("at"))
)
_UNLOCKED = _SESSIONS.alias("unlocked")
_TOUCH = (  # a row another transaction has locked is skipped, not waited for (PostgreSQL)
    update(_SESSIONS)
    .where(
        _SESSIONS.c.id
        == select(_UNLOCKED.c.id)
        .where(_UNLOCKED.c.id == bindparam("session_id"))
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    .values(last_seen_at=bindparam("at"))
)


def signed_in(connection: Connection, token_hash: str, *, driver: bool = False) -> SignedIn | None:
    """A session, its account, the change stamp and the unread notices, in one statement:
    the stamp is read before anything the request reads next.

    ``driver`` (the session check's autocommit connection, on every signed-in request): straight
    to the driver's cursor, compiled once per dialect (SQLAlchemy's execution of the statement
    cost more than a third of the whole check); should the driver fail, the statement runs again
    through SQLAlchemy, whose errors say whether the connection died
    (``SqlSessionCheck.read_again_if_dead``)."""
    row = _one_row(connection, _SIGNED_IN, token_hash, driver)
    if row is None:
        return None
    session = AccountSession(
        row[0], row[1], row[2], _when(row[3]), _when(row[4]), _when(row[5]), _maybe_when(row[6])
    )
    account = Account(row[7], row[8], AccountRole(row[9]), row[10], _when(row[11]), bool(row[12]))
    return SignedIn(session, account, int(row[13] or 0), int(row[14] or 0), row[15])


_DRIVER_SQL: dict[tuple[int, str], tuple[str, tuple[str, ...] | None, dict[str, Any]]] = {}
"""The session check's statements (by identity) and dialect: the text, the order of its
parameters (None: by name) and the values of those fixed in it."""


def bearer(
    connection: Connection, token_hash: str, *, driver: bool = False
) -> tuple[ApiToken, Account] | None:
    """The API token with this secret hash and its account, in one statement (``driver``: as
    ``signed_in`` reads)."""
    row = _one_row(connection, _BEARER, token_hash, driver)
    if row is None:
        return None
    token = ApiToken(
        row[0],
        row[1],
        row[2],
        row[3],
        _when(row[4]),
        _maybe_when(row[5]),
        _maybe_when(row[6]),
        TokenScope(row[7]),
    )
    account = Account(row[8], row[9], AccountRole(row[10]), row[11], _when(row[12]), bool(row[13]))
    return token, account


def _one_row(
    connection: Connection, statement: Select[Any], token_hash: str, driver: bool
) -> Sequence[Any] | None:
    """The statement's row for this hash: from the driver's cursor when ``driver`` (and, should
    that fail, again through SQLAlchemy, whose errors say whether the connection died)."""
    if driver:
        try:
            return _driver_row(connection, statement, token_hash)
        except Exception:  # noqa: BLE001 - read again below, with SQLAlchemy's errors
            pass
    return connection.execute(statement, {"token_hash": token_hash}).first()


def _driver_row(
    connection: Connection, statement: Select[Any], token_hash: str
) -> Sequence[Any] | None:
    dialect = connection.dialect
    key = (id(statement), dialect.name)
    compiled = _DRIVER_SQL.get(key)
    if compiled is None:
        made = statement.compile(dialect=dialect)
        fixed = dict(made.construct_params({"token_hash": ""}))
        order = tuple(made.positiontup or ()) if made.positional else None
        compiled = _DRIVER_SQL[key] = (made.string, order, fixed)
    sql, order, fixed = compiled
    values = {**fixed, "token_hash": token_hash}
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql, tuple(values[n] for n in order) if order is not None else values)
        row: Sequence[Any] | None = cursor.fetchone()
        return row
    finally:
        cursor.close()


def _when(value: datetime | str) -> datetime:
    """A stored moment as the driver gives it (SQLite: ISO text, naive), in UTC."""
    return _utc(datetime.fromisoformat(value) if isinstance(value, str) else value)


def _maybe_when(value: datetime | str | None) -> datetime | None:
    return _when(value) if value is not None else None


_T = TypeVar("_T")


class SqlSessionCheck:
    """The unit of work of the session check on every signed-in request: Core on one
    connection, each statement committing on its own (give it an AUTOCOMMIT engine).

    The engine need not ping connections before use (a round trip on every request, made on
    the event loop): a connection found dead, as after a database restart, is replaced and the
    read made again once.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def __enter__(self) -> Self:
        self._connection = self._engine.connect()
        self.account_sessions = _CoreSessionCheck(self)
        self.api_tokens = _CoreBearers(self)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._connection.close()
        if isinstance(error, OperationalError) and "locked" in str(error.orig):
            raise Conflict("The database is busy with another writer; please retry.") from error

    def commit(self) -> None:
        self._connection.commit()

    def read_again_if_dead(self, read: Callable[[Connection], _T]) -> _T:
        """``read`` on this unit's connection; if that connection had died, on a new one."""
        try:
            return read(self._connection)
        except DBAPIError as error:
            if not error.connection_invalidated:
                raise
        self._connection.close()
        self._connection = self._engine.connect()
        return read(self._connection)


class _CoreSessionCheck:
    def __init__(self, unit: SqlSessionCheck) -> None:
        self._unit = unit

    def signed_in(self, token_hash: str) -> SignedIn | None:
        return self._unit.read_again_if_dead(
            lambda connection: signed_in(connection, token_hash, driver=True)
        )

    def touch(self, session_id: int, at: datetime) -> None:
        """Note the session was used, now or not at all: this runs on the event loop, so it
        never waits for another transaction (a locked row on PostgreSQL is left as it is; on
        SQLite a database another connection is writing to fails at once, as a Conflict)."""
        self._unit.read_again_if_dead(
            lambda connection: _touch_at_once(
                connection, _TOUCH, {"session_id": session_id, "at": at}
            )
        )


TOUCH_LOCK_TIMEOUT = "50ms"
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's lock_not_available


class _CoreBearers:
    def __init__(self, unit: SqlSessionCheck) -> None:
        self._unit = unit

    def bearer(self, secret_hash: str) -> tuple[ApiToken, Account] | None:
        return self._unit.read_again_if_dead(
            lambda connection: bearer(connection, secret_hash, driver=True)
        )

    def touch(self, token_id: int, at: datetime) -> None:
        """As the session's touch: now or not at all."""
        self._unit.read_again_if_dead(
            lambda connection: _touch_at_once(
                connection, _TOUCH_TOKEN, {"token_id": token_id, "at": at}
            )
        )


def _touch_at_once(connection: Connection, statement: Update, values: dict[str, Any]) -> None:
    """Run a touch that waits for nobody: on PostgreSQL a locked row is skipped (the
    statement's own ``SKIP LOCKED``) and a change-stamp slot another transaction holds (a
    watched table's trigger bumps one) fails the statement within ``TOUCH_LOCK_TIMEOUT``, as a
    Conflict; on SQLite another writer fails it at once."""
    if connection.dialect.name != "sqlite":
        connection.exec_driver_sql(f"SET lock_timeout = '{TOUCH_LOCK_TIMEOUT}'")
        try:
            connection.execute(statement, values)
        except OperationalError as error:
            if getattr(error.orig, "sqlstate", None) == LOCK_NOT_AVAILABLE:
                raise Conflict("The database is busy with another writer.") from None
            raise
        finally:
            connection.exec_driver_sql("SET lock_timeout = 0")
        return
    connection.exec_driver_sql("PRAGMA busy_timeout = 0")
    try:
        connection.execute(
            statement,
            values,
            execution_options={"wait_for_writers": False},  # adapters/db/sqlite_writers.py
        )
    finally:
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


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

    def by_secret_hash(self, secret_hash: str) -> ApiToken | None:
        row = self.session.scalar(select(ApiTokenRow).where(ApiTokenRow.secret_hash == secret_hash))
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
