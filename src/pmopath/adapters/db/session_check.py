"""The session check every signed-in request makes, and the bearer check every API request
makes, before the request has a store: Core on one autocommit connection, the statements built
once and read from the driver's cursor (``SqlSessionCheck``); the same reads serve the units of
work's repositories (``signed_in``, ``bearer``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self, TypeVar

from sqlalchemy import Connection, Engine, Select, Table, Update, bindparam, func, select, update
from sqlalchemy.exc import DBAPIError, OperationalError

from pmopath.adapters.db import change_stamp
from pmopath.adapters.db.engine import BUSY_TIMEOUT_MS
from pmopath.adapters.db.tables import Base
from pmopath.domain.accounts import Account, AccountSession, ApiToken, SignedIn, TokenScope
from pmopath.domain.errors import Conflict
from pmopath.domain.people import AccountRole

_SESSIONS: Table = Base.metadata.tables["account_sessions"]
_ACCOUNTS: Table = Base.metadata.tables["accounts"]
_ACCOUNT_COLUMNS = (  # the account, after the session's or token's columns (``_account``)
    _ACCOUNTS.c.id,
    _ACCOUNTS.c.email,
    _ACCOUNTS.c.role,
    _ACCOUNTS.c.person_id,
    _ACCOUNTS.c.created_at,
    _ACCOUNTS.c.disabled,
)
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
        *_ACCOUNT_COLUMNS,
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
        *_ACCOUNT_COLUMNS,
    )
    .join_from(_TOKENS, _ACCOUNTS, _TOKENS.c.account_id == _ACCOUNTS.c.id)
    .where(_TOKENS.c.secret_hash == bindparam("token_hash"))
)


def _touch_unless_locked(table: Table, key: str, column: str) -> Update:
    """Set ``column`` to ``:at`` on the row whose id is ``:key``, unless another transaction
    has it locked (PostgreSQL: the row is skipped, not waited for)."""
    unlocked = table.alias(f"unlocked_{table.name}")
    return (
        update(table)
        .where(
            table.c.id
            == select(unlocked.c.id)
            .where(unlocked.c.id == bindparam(key))
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        .values({column: bindparam("at")})
    )


_TOUCH = _touch_unless_locked(_SESSIONS, "session_id", "last_seen_at")
_TOUCH_TOKEN = _touch_unless_locked(_TOKENS, "token_id", "last_used_at")


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
    return SignedIn(session, _account(row, 7), int(row[13] or 0), int(row[14] or 0), row[15])


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
    return token, _account(row, 8)


def _account(row: Sequence[Any], at: int) -> Account:
    """The account read by ``_ACCOUNT_COLUMNS`` from column ``at`` of ``row`` on."""
    id_, email, role, person_id, created_at, disabled = row[at : at + len(_ACCOUNT_COLUMNS)]
    return Account(id_, email, AccountRole(role), person_id, _when(created_at), bool(disabled))


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
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


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
