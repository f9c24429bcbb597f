"""Backup and restore: every table as portable JSON, checked whole before anything is written.

The archive is one JSON document::

    {"format": "pmopath-archive", "version": 1, "schema": "<alembic revision>",
     "tables": {"people": {"columns": [...], "rows": [[...], ...]}, ...},
     "sha256": "<hash of the canonical tables>"}

It carries no timestamp of its own (the file has one), so that backing up a restored database
gives the very same bytes.

Rows keep their ids, so references between tables survive; dates and times are ISO 8601 text
(UTC). Restoring writes every table in one transaction, parents before children, then moves
PostgreSQL's id sequences past the restored ids. The same archive restores into SQLite or
PostgreSQL, and backup -> restore -> backup gives the same tables. Derived tables
(``info["derived"]``: everyone's readiness per role) are not archived; restore rebuilds them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Connection, Engine, Table, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.schema import AddConstraint, CreateIndex, DropConstraint, DropIndex
from sqlalchemy.types import Date, DateTime

from pmopath.adapters.db import role_readiness
from pmopath.adapters.db.bulk import read_rows, write_rows
from pmopath.adapters.db.tables import Base
from pmopath.adapters.file_writing import write_text_atomically
from pmopath.domain.errors import BadInput, Conflict

if TYPE_CHECKING:
    from pmopath.engine.readiness import LevelRows

FORMAT = "pmopath-archive"
VERSION = 1
RESTORE_MEMORY_MB = 512  # for index builds and page caches while restoring (_memory_for_loading)


def _tables() -> list[Table]:
    """The archived tables, parents first; derived ones are rebuilt on restore, not archived."""
    return [table for table in Base.metadata.sorted_tables if not table.info.get("derived")]


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):  # SQLite returns naive datetimes; all are stored as UTC
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _decode(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return date.fromisoformat(value)
    return value


def _canonical_hash(tables: dict[str, Any]) -> str:
    text_form = json.dumps(tables, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text_form.encode("utf-8")).hexdigest()


def _schema_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def dump(engine: Engine) -> dict[str, Any]:
    """Return the whole database as an archive document."""
    tables: dict[str, Any] = {}
    with engine.connect() as connection:
        revision = _schema_revision(connection)
        for table in _tables():
            tables[table.name] = {
                "columns": [c.name for c in table.columns],
                "rows": read_rows(connection, table),
            }
    return {
        "format": FORMAT,
        "version": VERSION,
        "schema": revision,
        "tables": tables,
        "sha256": _canonical_hash(tables),
    }


def write_archive(engine: Engine, path: Path) -> dict[str, int]:
    """Write the archive to ``path`` (atomically); return the row count of every table."""
    document = dump(engine)
    write_text_atomically(path, json.dumps(document, ensure_ascii=False, separators=(",", ":")))
    return {name: len(table["rows"]) for name, table in document["tables"].items()}


def read_archive(path: Path) -> dict[str, Any]:
    """Read and check an archive; raises BadInput for anything corrupt, truncated or foreign."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadInput(f"{path}: file not found") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BadInput(f"{path}: not a PMO Pathways archive (unreadable JSON: {error})") from None
    check_archive(document, str(path))
    return document  # type: ignore[no-any-return]


def check_archive(document: Any, source: str) -> None:
    """Refuse an archive whose form, version, tables or checksum are not right."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BadInput(f"{source}: not a PMO Pathways archive")
    if document.get("version") != VERSION:
        raise BadInput(f"{source}: archive version {document.get('version')!r} is not supported")
    tables = document.get("tables")
    if not isinstance(tables, dict) or document.get("sha256") != _canonical_hash(tables):
        raise BadInput(f"{source}: the archive is damaged (its checksum does not match)")
    known = {table.name: table for table in _tables()}
    for name, content in tables.items():
        table = known.get(name)
        if table is None:
            raise BadInput(f"{source}: unknown table '{name}'")
        if content.get("columns") != [c.name for c in table.columns]:
            raise BadInput(f"{source}: table '{name}' has columns this version does not know")


def is_empty(engine: Engine) -> bool:
    """True when no table holds a row (the schema may exist)."""
    with engine.connect() as connection:
        return all(
            (connection.scalar(select(func.count()).select_from(table)) or 0) == 0
            for table in _tables()
        )


def restore(engine: Engine, document: dict[str, Any], *, replace: bool) -> dict[str, int]:
    """Load a checked archive into the database in one transaction; return rows per table.

    Refuses (Conflict) a database that holds data unless ``replace``; then it is emptied first,
    inside the same transaction, so a failure leaves the old data in place. Raises BadInput
    for rows that break a key or a reference (checked once, after loading).
    """
    if not replace and not is_empty(engine):
        raise Conflict("the database is not empty; use --force to replace everything in it")
    driver_error = getattr(engine.dialect.dbapi, "IntegrityError", IntegrityError)
    try:
        return _load(engine, document)
    except (IntegrityError, driver_error) as error:  # rolled back: nothing written
        reason = str(getattr(error, "orig", error)).strip().splitlines()[0]
        raise BadInput(
            f"the archive's rows do not hold together ({reason}); nothing was restored"
        ) from None


def _load(engine: Engine, document: dict[str, Any]) -> dict[str, int]:
    with (
        engine.connect() as connection,
        _sqlite_references_unenforced(connection),
        connection.begin(),
    ):
        return _load_in(connection, document)


@contextmanager
def _sqlite_references_unenforced(connection: Connection) -> Iterator[None]:
    """On SQLite, references are not looked up row by row while loading (``foreign_keys`` off,
    which SQLite allows only outside a transaction); ``_keys_checked_at_the_end`` checks them
    all in one pass before COMMIT instead. The connection is given back enforcing them, or
    thrown away."""
    if connection.dialect.name != "sqlite":
        yield
        return
    connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
    connection.commit()  # ends SQLAlchemy's implicit transaction; SQLite had none open
    try:
        yield
        connection.exec_driver_sql("PRAGMA foreign_keys = ON")
        connection.commit()
    except BaseException:
        connection.invalidate()  # never reused with references unenforced
        raise


def _load_in(connection: Connection, document: dict[str, Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    revision = _schema_revision(connection)
    if document.get("schema") != revision:
        raise BadInput(
            f"the archive was made with schema {document.get('schema')!r} and this database "
            f"has {revision!r}; restore with the PMO Pathways version that made it"
        )
    with _memory_for_loading(connection):
        role_readiness.clear(connection)  # derived from the tables below: emptied first
        for table in _derived_referring_to_archived():  # as ON DELETE CASCADE would
            connection.execute(table.delete())
        for table in reversed(_tables()):
            connection.execute(table.delete())
        with (
            _keys_checked_at_the_end(connection),
            _indexes_built_at_the_end(connection),
        ):
            for table in _tables():
                rows = document["tables"].get(table.name, {"rows": []})["rows"]
                write_rows(connection, table, rows)
                counts[table.name] = len(rows)
        _move_sequences(connection)
        role_readiness.rebuild(connection, _readiness_inputs(document))
    return counts


def _derived_referring_to_archived() -> list[Table]:
    """Derived (unarchived) tables whose rows hang on archived ones, children first."""
    archived = _tables()
    return [
        table
        for table in reversed(Base.metadata.sorted_tables)
        if table not in archived
        and any(fk.referred_table in archived for fk in table.foreign_key_constraints)
    ]


def _readiness_inputs(document: dict[str, Any]) -> tuple[list[int], LevelRows]:
    """From the archive just written: the ids of people not erased, and every current level."""
    people = _columns_of(document, "people")
    levels = _columns_of(document, "current_levels")
    return (
        [
            person
            for person, erased in zip(people["id"], people["erased_at"], strict=True)
            if erased is None
        ],
        (levels["person_id"], levels["competency"], levels["level"]),
    )


def _columns_of(document: dict[str, Any], name: str) -> dict[str, Sequence[Any]]:
    """A table of a checked archive as columns by name (the archive holds rows)."""
    names = [c.name for c in Base.metadata.tables[name].columns]
    rows = document["tables"].get(name, {"rows": []})["rows"]
    return {name: list(map(itemgetter(i), rows)) for i, name in enumerate(names)}


@contextmanager
def _memory_for_loading(connection: Connection) -> Iterator[None]:
    """More memory for the restore's index builds and reference checks, then the usual again.

    SQLite's default page cache is 2 MB: loading millions of rows into tables whose primary
    keys are separate b-trees then rereads and rewrites the same pages over and over.
    PostgreSQL's default ``maintenance_work_mem`` (64 MB) makes every index build sort on disk;
    ``SET LOCAL`` ends with the transaction. Memory only: durability (WAL, synchronous
    commits) is untouched.
    """
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SET LOCAL maintenance_work_mem = '{RESTORE_MEMORY_MB}MB'")
        connection.exec_driver_sql(f"SET LOCAL work_mem = '{RESTORE_MEMORY_MB // 2}MB'")
        yield
        return
    usual = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size=-{RESTORE_MEMORY_MB * 1024}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={int(usual or -2000)}")


@contextmanager
def _indexes_built_at_the_end(connection: Connection) -> Iterator[None]:
    """Build the plain (non-unique) indexes once after loading, not row by row.

    Unique indexes stay: they guard invariants (one active framework, one primary target).
    Dropped and rebuilt inside the restore's transaction, so a failure leaves them as they were.
    """
    plain = [index for table in _tables() for index in table.indexes if not index.unique]
    for index in plain:
        connection.execute(DropIndex(index))
    yield
    for index in plain:
        connection.execute(CreateIndex(index))


@contextmanager
def _keys_checked_at_the_end(connection: Connection) -> Iterator[None]:
    """Check references (and on PostgreSQL, primary keys) once after loading, not row by row.

    On PostgreSQL the foreign keys, then the primary keys (but those of tables referring to
    themselves or referred to by derived tables), are dropped and added back inside the
    restore's transaction, in pg_restore's order: adding a primary key builds its index with
    one sort, and adding a foreign key validates every row in one pass. On SQLite, where
    references are not enforced while loading (``_sqlite_references_unenforced``),
    ``PRAGMA foreign_key_check`` checks them all. Either way a row that breaks a key fails the
    restore, which then writes nothing; and a person may name as manager someone further down
    the archive.
    """
    if connection.dialect.name != "postgresql":
        yield
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
        if broken is not None:
            table, _, parent, _ = broken
            raise BadInput(
                f"the archive's rows do not hold together ({table} refers to a row of {parent} "
                "that is not there); nothing was restored"
            )
        return
    archived = _tables()
    references = [fk for table in archived for fk in table.foreign_key_constraints]
    kept = {  # keys that references stay live on: the table's own, or those of derived tables
        fk.referred_table
        for table in Base.metadata.sorted_tables
        for fk in table.foreign_key_constraints
        if table not in archived or fk.referred_table is table
    }
    keys = [table.primary_key for table in archived if table not in kept]
    for constraint in [*references, *keys]:
        connection.execute(DropConstraint(constraint))
    yield
    for constraint in [*keys, *references]:
        connection.execute(AddConstraint(constraint))


def _move_sequences(connection: Connection) -> None:
    """PostgreSQL hands out ids from sequences; start them after the restored ids."""
    if connection.dialect.name != "postgresql":
        return
    for table in _tables():
        if "id" in table.columns and table.columns["id"].autoincrement in (True, "auto"):
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                )
            )
