"""Reading and writing whole tables fast, in the archive's portable form.

SQLAlchemy's per-row type processing costs more than the database itself at millions of rows,
so whole tables go through the driver: plain SELECTs out; COPY into PostgreSQL and one
executemany into SQLite. Values are converted only in the columns that need it (times, dates,
flags, JSON), so both databases read back exactly the same archive values.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Boolean, Column, Connection, Date, DateTime, String, Table
from sqlalchemy.types import JSON

Convert = Callable[[Any], Any]
CHUNK = 20_000


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# ---- out: database values -> archive values ---------------------------------------------------


def _datetime_out(value: Any) -> str:
    if isinstance(value, str) and len(value) == 26 and value[10] == " ":
        # SQLite's stored UTC text, 'YYYY-MM-DD HH:MM:SS.ffffff': what isoformat() would give
        fraction = "" if value[20:] == "000000" else value[19:]
        return f"{value[:10]}T{value[11:19]}{fraction}+00:00"
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).isoformat()


def _date_out(value: Any) -> str:
    return value if isinstance(value, str) else value.isoformat()


def _json_out(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _out(column: Column[Any]) -> Convert | None:
    if isinstance(column.type, DateTime):
        return _datetime_out
    if isinstance(column.type, Date):
        return _date_out
    if isinstance(column.type, Boolean):
        return bool
    if isinstance(column.type, JSON):
        return _json_out
    return None


def read_rows(connection: Connection, table: Table) -> list[list[Any]]:
    """Every row of ``table`` in primary-key order, as archive values."""
    columns = list(table.columns)
    names = ", ".join(_quoted(c.name) for c in columns)
    # Text keys sort by code point everywhere (PostgreSQL's locale collation would differ).
    binary = ' COLLATE "C"' if connection.dialect.name == "postgresql" else ""
    order = ", ".join(
        _quoted(c.name) + (binary if isinstance(c.type, String) else "")
        for c in table.primary_key.columns
    )
    result = connection.exec_driver_sql(
        f"SELECT {names} FROM {_quoted(table.name)} ORDER BY {order}"
    )
    raw = result.fetchall()
    converters = [_out(c) for c in columns]
    if not any(converters):
        return [list(row) for row in raw]
    return [
        [
            value if convert is None or value is None else convert(value)
            for convert, value in zip(converters, row, strict=True)
        ]
        for row in raw
    ]


# ---- in: archive values -> database values -------------------------------------------------------


def _sqlite_datetime(value: str) -> str:
    """SQLAlchemy's SQLite storage: naive UTC text."""
    if value.endswith("+00:00") and value[10] == "T":  # the archive's own UTC form
        core = value[:-6]
        return f"{core[:10]} {core[11:19]}.{core[20:26] if len(core) > 19 else '000000'}"
    moment = datetime.fromisoformat(value).astimezone(UTC).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def _postgres_datetime(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _in(column: Column[Any], dialect: str) -> Convert | None:
    if isinstance(column.type, DateTime):
        return _sqlite_datetime if dialect == "sqlite" else _postgres_datetime
    if isinstance(column.type, Date):
        return None if dialect == "sqlite" else date.fromisoformat
    if isinstance(column.type, Boolean):
        return int if dialect == "sqlite" else bool
    if isinstance(column.type, JSON):
        return json.dumps
    return None


def write_rows(connection: Connection, table: Table, rows: Iterable[Sequence[Any]]) -> None:
    """Insert archive rows; a column pointing into its own table is filled in afterwards.

    ``rows`` may be a one-pass iterator, except for a table that refers to itself.
    """
    dialect = connection.dialect.name
    columns = list(table.columns)
    own = {
        i for i, c in enumerate(columns) if any(fk.column.table is table for fk in c.foreign_keys)
    }
    converting = [(i, convert) for i, c in enumerate(columns) if (convert := _in(c, dialect))]
    prepared: Iterator[Sequence[Any]] = (
        iter(rows) if not converting and not own else _converted(rows, converting, own)
    )
    if dialect == "postgresql":
        _copy(connection, table, prepared)
    else:
        placeholders = ", ".join("?" for _ in columns)
        names = ", ".join(_quoted(c.name) for c in columns)
        statement = f"INSERT INTO {_quoted(table.name)} ({names}) VALUES ({placeholders})"
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            for chunk in _chunks(prepared):
                cursor.executemany(statement, chunk)
        finally:
            cursor.close()
    if own and not isinstance(rows, Sequence):
        raise TypeError(f"rows of {table.name} refer to each other: pass a sequence")
    key = [c.name for c in columns].index("id") if own else 0
    for index in own:
        links = [(row[index], row[key]) for row in rows if row[index] is not None]
        _link(connection, table, columns[index].name, links)


def _converted(
    rows: Iterable[Sequence[Any]], converting: list[tuple[int, Convert]], own: set[int]
) -> Iterator[list[Any]]:
    for row in rows:
        values = list(row)
        for index, convert in converting:
            if values[index] is not None:
                values[index] = convert(values[index])
        for index in own:
            values[index] = None
        yield values


def _copy(connection: Connection, table: Table, rows: Iterator[Sequence[Any]]) -> None:
    names = ", ".join(_quoted(c.name) for c in table.columns)
    driver = connection.connection.driver_connection
    assert driver is not None
    with (
        driver.cursor() as cursor,
        cursor.copy(f"COPY {_quoted(table.name)} ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _link(connection: Connection, table: Table, column: str, links: list[tuple[Any, Any]]) -> None:
    marker = "?" if connection.dialect.name == "sqlite" else "%s"
    statement = f"UPDATE {_quoted(table.name)} SET {_quoted(column)} = {marker} WHERE id = {marker}"
    for chunk in _chunks(iter(links)):
        connection.exec_driver_sql(statement, chunk)


def _chunks(rows: Iterator[Any]) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
