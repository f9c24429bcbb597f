"""Template databases: built once per test session (per xdist worker), copied for each test.

A template is a database made once (migrated; migrated and demo-seeded; ...) and then copied
for every test that wants one like it. Each test owns its copy.

SQLite: the template's file is copied (its write-ahead log folded in first).

PostgreSQL: a test's database is made with ``CREATE DATABASE ... TEMPLATE`` the first time its
name is used. For the next test under that name, dropping it and copying again would cost more
than most tests: DROP DATABASE makes the server write a checkpoint (every dirty page of every
database on it, on this shared machine 1-50 s under load). So while the copy still has the
template's schema (a fingerprint of its tables, columns, indexes, constraints, triggers,
functions, sequences, extensions and settings says so), it is put back to the template's
contents instead: its connections ended, every table truncated and reloaded with the template's
rows (COPY, triggers and foreign-key checks off while loading, as a copy would have them), every
sequence set where the template's stands. A test that changed the schema (a downgrade, an
extension) gets a new ``CREATE DATABASE ... TEMPLATE`` copy.

Every PostgreSQL database this process makes is named after the database of
``PMOPATH_TEST_DATABASE_URL`` and the xdist worker (``<base>_<worker>_...``), so workers never
share one, and each is dropped when the session ends (``drop_all``). The database named in the
URL is only connected to, never changed.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy.engine import URL, make_url

from pmopath.adapters.db.engine import MIGRATIONS
from pmopath.services.demo import organisation as demo

PG_URL = os.environ.get("PMOPATH_TEST_DATABASE_URL")
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
IDENTIFIER_MAX = 63  # PostgreSQL truncates longer names


def fingerprint() -> str:
    """A short hash of what a template's contents come from: the migrations and the demo seed."""
    digest = hashlib.sha256()
    files = sorted(p for p in MIGRATIONS.rglob("*") if p.suffix in (".py", ".mako"))
    for path in [*files, Path(demo.__file__)]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:8]


SCHEMA = """
WITH ours AS (
  SELECT oid FROM pg_namespace
  WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
    AND nspname NOT LIKE 'pg_temp_%' AND nspname NOT LIKE 'pg_toast_temp_%'
)
SELECT md5(coalesce(string_agg(part, E'\\n' ORDER BY part), '')) FROM (
  SELECT 'namespace ' || nspname FROM pg_namespace WHERE oid IN (SELECT oid FROM ours)
  UNION ALL
  SELECT 'relation ' || c.oid::regclass::text || ' ' || c.relkind::text || c.relpersistence::text
  FROM pg_class c WHERE c.relnamespace IN (SELECT oid FROM ours)
  UNION ALL
  SELECT 'column ' || a.attrelid::regclass::text || '.' || a.attname || ' '
         || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull::text || ' '
         || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid AND c.relnamespace IN (SELECT oid FROM ours)
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  WHERE a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
  SELECT 'index ' || pg_get_indexdef(i.indexrelid)
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
  WHERE c.relnamespace IN (SELECT oid FROM ours)
  UNION ALL
  SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' '
         || pg_get_constraintdef(oid)
  FROM pg_constraint WHERE connamespace IN (SELECT oid FROM ours)
  UNION ALL
  SELECT 'trigger ' || pg_get_triggerdef(oid) || ' ' || tgenabled::text
  FROM pg_trigger WHERE NOT tgisinternal
  UNION ALL
  SELECT 'function ' || oid::regprocedure::text || ' ' || md5(prosrc)
  FROM pg_proc WHERE pronamespace IN (SELECT oid FROM ours)
  UNION ALL
  SELECT 'extension ' || extname || ' ' || extversion FROM pg_extension
  UNION ALL
  SELECT 'setting ' || array_to_string(setconfig, ',') FROM pg_db_role_setting
  WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
) AS parts(part)
"""
"""One hash of everything a test could change in a database besides its rows."""

TABLES = """
SELECT format('%I.%I', schemaname, tablename) FROM pg_tables
WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1
"""
SEQUENCES = """
SELECT format('%I.%I', schemaname, sequencename) FROM pg_sequences ORDER BY 1
"""
REFERENCES = """
SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint WHERE contype = 'f'
"""


def _rows_hash(table: str) -> str:
    """A query for a hash of ``table``'s rows, in the order they are stored."""
    rows = "md5(coalesce(string_agg(t::text, E'\\n' ORDER BY ctid), ''))"
    return f"SELECT '{table}', {rows} FROM {table} t"


@dataclass(frozen=True)
class Contents:
    """What a template holds besides its schema: every table's rows, every sequence's place."""

    schema: str
    tables: dict[str, bytes]
    """Qualified table name -> its rows, as binary COPY data (empty tables too)."""
    hashes: dict[str, str]
    """Qualified table name -> the hash of its rows (``_rows_hash``)."""
    referenced_by: dict[str, set[str]]
    """Table -> the tables whose foreign keys point at it (truncated with it)."""
    sequences: dict[str, tuple[int, bool]]
    """Qualified sequence name -> (last_value, is_called)."""

    def hashes_query(self) -> str:
        return " UNION ALL ".join(_rows_hash(table) for table in self.tables)

    def to_reload(self, found: dict[str, str]) -> list[str]:
        """The tables whose rows differ from these (a test changed them), with every table
        that refers to one of them: TRUNCATE takes them together."""
        changed = [table for table, hashed in self.hashes.items() if found.get(table) != hashed]
        closure = set(changed)
        while changed:
            closure_more = self.referenced_by.get(changed.pop(), set()) - closure
            closure |= closure_more
            changed.extend(closure_more)
        return sorted(closure)


def _contents(connection: psycopg.Connection[Any]) -> Contents:
    tables: dict[str, bytes] = {}
    for (table,) in connection.execute(TABLES).fetchall():
        with connection.cursor().copy(f"COPY {table} TO STDOUT (FORMAT binary)") as copying:
            tables[table] = b"".join(bytes(block) for block in copying)
    sequences = {}
    for (sequence,) in connection.execute(SEQUENCES).fetchall():
        found = connection.execute(f"SELECT last_value, is_called FROM {sequence}").fetchone()
        assert found is not None
        sequences[sequence] = (int(found[0]), bool(found[1]))
    referenced_by: dict[str, set[str]] = {}
    for referring, referred in connection.execute(REFERENCES).fetchall():
        referenced_by.setdefault(_qualified(referred), set()).add(_qualified(referring))
    contents = Contents(_schema(connection), tables, {}, referenced_by, sequences)
    contents.hashes.update(_hashes(connection, contents))
    return contents


def _qualified(regclass: str) -> str:
    """``regclass::text`` leaves out the schema on the search path (public)."""
    return regclass if "." in regclass else f"public.{regclass}"


def _hashes(connection: psycopg.Connection[Any], contents: Contents) -> dict[str, str]:
    return {
        str(table): str(hashed) for table, hashed in connection.execute(contents.hashes_query())
    }


def _schema(connection: psycopg.Connection[Any]) -> str:
    found = connection.execute(SCHEMA).fetchone()
    assert found is not None
    return str(found[0])


class Postgres:
    """This process's databases on the test PostgreSQL server (see the module's text)."""

    def __init__(self, url: str, worker: str = WORKER) -> None:
        self.url = make_url(url)
        base = re.sub(r"[^a-z0-9_]", "_", (self.url.database or "pmopath").lower())
        if len(base) > 24:  # room for the worker and the longest suffix within 63 characters
            base = f"{base[:15]}_{hashlib.sha256(base.encode()).hexdigest()[:8]}"
        self.prefix = f"{base}_{worker}"
        self.made: set[str] = set()
        """Every database made and not yet dropped."""
        self._copies: dict[str, str] = {}
        """Database -> the template it is a copy of (and may be put back to)."""
        self._contents: dict[str, Contents] = {}
        """Template -> its contents, read on first use."""

    def name(self, suffix: str) -> str:
        name = f"{self.prefix}_{suffix}"
        assert len(name) <= IDENTIFIER_MAX, name
        return name

    def url_of(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def _connect(self, name: str | None = None) -> psycopg.Connection[Any]:
        """A libpq connection (autocommit) to ``name``, else to the URL's own database."""
        url: URL = self.url.set(drivername="postgresql")
        if name is not None:
            url = url.set(database=name)
        return psycopg.connect(url.render_as_string(hide_password=False), autocommit=True)

    def create(self, name: str, template: str = "template0") -> str:
        """``name``, a new copy of ``template`` (nothing copied: template0); its URL. Nobody
        may be connected to the template; connections to an old ``name`` are ended."""
        with self._connect() as connection:
            statement = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            connection.execute(statement.format(sql.Identifier(name)))
            self._copies.pop(name, None)
            self.made.add(name)
            statement = sql.SQL("CREATE DATABASE {} TEMPLATE {}")
            connection.execute(statement.format(sql.Identifier(name), sql.Identifier(template)))
        self._copies[name] = template
        return self.url_of(name)

    def copy(self, template: str, name: str) -> str:
        """``name`` holding what ``template`` holds: put back if it is a copy of it that kept
        its schema, else made anew. Its URL."""
        if self._copies.get(name) == template and self._put_back(name, template):
            return self.url_of(name)
        return self.create(name, template)

    def _put_back(self, name: str, template: str) -> bool:
        """Give ``name`` the template's rows and sequences again; False (nothing done) if its
        schema is no longer the template's, or the user may not load rows with triggers off."""
        wanted = self._contents.get(template)
        if wanted is None:
            with self._connect(template) as connection:
                wanted = self._contents[template] = _contents(connection)
        with self._connect(name) as connection:
            connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            superuser = connection.execute("SELECT current_setting('is_superuser')").fetchone()
            if _schema(connection) != wanted.schema or superuser != ("on",):
                return False  # loading with triggers off takes a superuser (CI's user is one)
            with connection.transaction():
                connection.execute("SET LOCAL session_replication_role = replica")
                reload = wanted.to_reload(_hashes(connection, wanted))
                if reload:
                    connection.execute(f"TRUNCATE {', '.join(reload)}")
                for table in reload:
                    if wanted.tables[table]:
                        copying = f"COPY {table} FROM STDIN (FORMAT binary)"
                        with connection.cursor().copy(copying) as loading:
                            loading.write(wanted.tables[table])
                for sequence, (value, called) in wanted.sequences.items():
                    connection.execute(
                        "SELECT setval(%s::regclass, %s, %s)", (sequence, value, called)
                    )
        return True

    def drop_all(self) -> None:
        """Drop every database this process made (the URL's own is left alone), several at
        once: the checkpoint each drop asks for is shared."""

        def drop(name: str) -> None:
            with self._connect() as connection:
                statement = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                connection.execute(statement.format(sql.Identifier(name)))

        with ThreadPoolExecutor(min(len(self.made), 8) or 1) as together:
            list(together.map(drop, sorted(self.made)))
        self.made.clear()
        self._copies.clear()
        self._contents.clear()


_postgres: Postgres | None = None


def postgres() -> Postgres:
    """The test PostgreSQL server's databases for this process (PMOPATH_TEST_DATABASE_URL)."""
    global _postgres
    assert PG_URL, "PMOPATH_TEST_DATABASE_URL is not set"
    if _postgres is None:
        _postgres = Postgres(PG_URL)
    return _postgres


def drop_all() -> None:
    """At the end of the session: drop every PostgreSQL database this process made."""
    global _postgres
    if _postgres is not None:
        _postgres.drop_all()
        _postgres = None


def fresh_postgres(suffix: str = "empty") -> str:
    """A truly empty PostgreSQL database (nothing migrated) for this worker: its URL."""
    server = postgres()
    return server.create(server.name(suffix))


Build = Callable[[str], Any]
"""Fills a template, given its URL (an empty database, or a copy of the base template); what it
returns is kept with the template (e.g. session tokens made while building it)."""


@dataclass(frozen=True)
class Template:
    database: str
    """"sqlite" or "postgresql"."""
    where: str
    """The SQLite file, or the PostgreSQL database name."""
    extra: Any = None


class Templates:
    """Templates by name, each built on first use; SQLite files live in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.key = fingerprint()
        self._made: dict[tuple[str, str], Template] = {}

    def get(self, database: str, name: str, build: Build, base: Template | None = None) -> Template:
        """The template ``name`` on ``database``: built by ``build`` (on a copy of ``base``,
        else on an empty database) the first time it is asked for."""
        found = self._made.get((database, name))
        if found is None:
            found = self._build(database, name, build, base)
            self._made[database, name] = found
        return found

    def _build(self, database: str, name: str, build: Build, base: Template | None) -> Template:
        label = f"t_{name}_{self.key}"
        if database == "sqlite":
            path = self.folder / f"{label}.db"
            if base is not None:
                copy(base, str(path))
            extra = build(f"sqlite:///{path}")
            _checkpoint(path)
            return Template(database, str(path), extra)
        server = postgres()
        db_name = server.name(label)
        url = server.create(db_name, base.where if base is not None else "template0")
        return Template(database, db_name, build(url))  # build disposes its engines


def copy(template: Template, target: str) -> str:
    """Make ``target`` (a SQLite path, or a PostgreSQL database name) a copy of ``template``;
    return its URL. Nothing may hold ``target`` open (dispose its engines first)."""
    if template.database == "sqlite":
        path = Path(target)
        partial = path.with_name(f".{path.name}.partial")
        shutil.copyfile(template.where, partial)
        for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        os.replace(partial, path)  # a connection left open by mistake keeps the old file
        return f"sqlite:///{path}"
    return postgres().copy(template.where, target)


def _checkpoint(path: Path) -> None:
    """Fold the write-ahead log into the file, so the file alone is the whole database."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        connection.close()
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
