"""Engines for SQLite and PostgreSQL, and the migrations that bring a database up to date."""

from __future__ import annotations

import os
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, false, literal, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.pool import ConnectionPoolEntry

from pmopath.adapters.db import role_readiness
from pmopath.adapters.db.sqlite_writers import attach_writer_gate
from pmopath.adapters.db.tables import Base
from pmopath.domain.errors import BadInput, UnusableText
from pmopath.domain.text import unstorable_character

MIGRATIONS = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_MS = 10_000


def make_engine(
    url: str, *, connections: int | None = None, autocommit: bool = False, read_only: bool = False
) -> Engine:
    """Return an engine for ``url``; SQLite gets WAL, foreign keys and a busy timeout.

    ``connections`` keeps that many connections open in the pool (a server passes its number of
    threads, so no request pays for opening one); by default SQLAlchemy's 5. ``autocommit``
    makes every connection commit statement by statement, set once when it is opened (cheaper
    than ``execution_options(isolation_level=...)``, which sets and resets it at every checkout;
    nothing is rolled back when a connection goes back to the pool), and on PostgreSQL skips
    the ping before each use: its users must replace a connection found dead (as
    ``SqlSessionCheck`` does). ``read_only`` has a PostgreSQL server refuse any write made
    through the engine's connections. Raises BadInput for a URL SQLAlchemy cannot use.
    """
    pool: dict[str, Any] = {"pool_size": connections} if connections else {}
    if autocommit:
        pool |= {"isolation_level": "AUTOCOMMIT", "pool_reset_on_return": None}
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise BadInput(f"not a database URL: {_safe(url)}") from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, **pool)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "before_cursor_execute", _refuse_unstorable_text)
        if parsed.database and not is_in_memory(engine) and not parsed.database.startswith("file:"):
            attach_writer_gate(engine, parsed.database, BUSY_TIMEOUT_MS / 1000)
        return engine
    if parsed.get_backend_name() != "postgresql":
        raise BadInput(
            f"unsupported database {parsed.get_backend_name()!r}: use SQLite or PostgreSQL"
        )
    if read_only:  # added to the URL's own options (or PGOPTIONS), which libpq would drop
        given = _first(parsed.query.get("options")) or os.environ.get("PGOPTIONS", "")
        options = f"{given} -c default_transaction_read_only=on".strip()
        pool["connect_args"] = {"options": options}
    engine = create_engine(parsed, pool_pre_ping=not autocommit, **pool)
    event.listen(engine, "before_cursor_execute", _refuse_unstorable_text)
    return engine


def _refuse_unstorable_text(
    conn: object, cursor: object, statement: str, parameters: Any, context: object, many: bool
) -> None:
    """The last line against text no database of ours can store: raise UnusableText before
    PostgreSQL fails on a NUL (a 500) and SQLite stores one silently.

    Services check what people type, naming the field; this catches what reaches a query any
    other way (a lookup by a typed e-mail, a value no service checked yet)."""
    for values in parameters if many else (parameters,):
        if isinstance(values, dict):
            values = values.values()
        elif not isinstance(values, list | tuple):
            values = (values,)
        for value in values:
            found = unstorable_character(value) if isinstance(value, str) else None
            if found is not None:
                raise UnusableText("", found)


def _first(value: str | tuple[str, ...] | None) -> str:
    """A URL query value (repeated: the first)."""
    if isinstance(value, tuple):
        return value[0] if value else ""
    return value or ""


LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def on_this_machine(engine: Engine) -> bool:
    """Whether the database answers from this machine: SQLite, or a server reached over a
    loopback address or a Unix socket. The host is the URL's, else its ``host`` or ``hostaddr``
    query parameter (the first of a list), else PGHOST; none at all is libpq's local socket. A
    ``service`` or anything else unrecognised counts as another machine."""
    if engine.dialect.name == "sqlite":
        return True
    query = engine.url.query
    host = (
        engine.url.host
        or _first(query.get("host")).split(",")[0]
        or _first(query.get("hostaddr")).split(",")[0]
        or (None if "service" in query else os.environ.get("PGHOST", "").split(",")[0])
    )
    if host is None:
        return False
    return not host or host in LOOPBACK_HOSTS or host.startswith("/")


def is_in_memory(engine: Engine) -> bool:
    """An in-memory SQLite database: private to its engine (a second engine would see another)."""
    return engine.dialect.name == "sqlite" and engine.url.database in (None, "", ":memory:")


def warm_pool(engine: Engine, connections: int) -> None:
    """Open ``connections`` pooled connections at once and have each plan a read of every
    table, so the first requests do not pay for connecting (on PostgreSQL, a new server process
    per connection) or for the server's first look at each table's definition."""

    probes = [
        select(literal(1)).select_from(table).where(false())
        for table in Base.metadata.sorted_tables
    ]
    with ExitStack() as held:
        for _ in range(connections):
            connection = held.enter_context(engine.connect())
            for probe in probes:
                connection.execute(probe)
            connection.rollback()


def spare_connections(engine: Engine) -> int | None:
    """How many more connections the PostgreSQL server would accept now: its
    ``max_connections``, less those reserved (for superusers, and on PostgreSQL 16 for
    ``pg_use_reserved_connections``) and those open, the one asking aside; None for SQLite,
    which has no such limit. Other roles' sessions, whose kind a role without ``pg_monitor``
    is not shown, are all counted as connections."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as connection:
        spare = connection.execute(
            text(
                "SELECT current_setting('max_connections')::int"
                " - current_setting('superuser_reserved_connections')::int"
                " - coalesce(current_setting('reserved_connections', true)::int, 0)"
                " - (SELECT count(*) FROM pg_stat_activity"
                "    WHERE backend_type = 'client backend' OR backend_type IS NULL)"
            )
        ).scalar_one()
    return int(spare) + 1


def _safe(url: str) -> str:
    """The URL without its password, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unreadable URL>"


def _sqlite_pragmas(connection: Any, _record: ConnectionPoolEntry) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def upgrade(engine: Engine, *, check_derived: bool = False) -> bool:
    """Bring the database to the newest migration; return True when anything was applied or
    rebuilt.

    Derived tables a migration leaves empty or stale are rebuilt in the same transaction. With
    ``check_derived`` (``pmopath db upgrade``, and the web application as it starts) so are
    figures left stale with no migration, by a new version of the readiness model
    (engine/readiness.py); opening a store for a command skips that check, and until the
    rebuild such figures are computed on each query instead of read.
    """
    config = alembic_config(engine)
    head = ScriptDirectory.from_config(config).get_current_head()
    try:
        with engine.begin() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
            if current == head:
                if not check_derived or role_readiness.is_current(connection):
                    return False
                role_readiness.rebuild(connection)
                return True
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            if not role_readiness.is_current(connection):  # e.g. data older than 0003
                role_readiness.rebuild(connection)
    except OperationalError as error:
        raise BadInput(f"cannot open the database {_safe(str(engine.url))}: {error.orig}") from None
    return True
