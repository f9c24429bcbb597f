"""Reading and writing whole tables fast, in the archive's portable form.

SQLAlchemy's per-row type processing costs more than the database itself at millions of rows,
so whole tables go through the driver: plain SELECTs out; COPY into PostgreSQL and one
executemany into SQLite. Values are converted only in the columns that need it (times, dates,
flags, JSON), so both databases read back exactly the same archive values.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Float,
    Integer,
    SmallInteger,
    String,
    Table,
)
from sqlalchemy.types import JSON

Convert = Callable[[Any], Any]
ColumnConvert = Callable[[Sequence[Any]], list[Any]]


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


def _sqlite_datetimes(values: Sequence[Any]) -> list[Any]:
    """``_sqlite_datetime`` over a column, with the archive's own two forms done by slicing."""
    return [
        None
        if value is None
        else value[:26].replace("T", " ")
        if len(value) == 32 and value[10] == "T" and value.endswith("+00:00")
        else value[:19].replace("T", " ") + ".000000"
        if len(value) == 25 and value[10] == "T" and value.endswith("+00:00")
        else _sqlite_datetime(value)
        for value in values
    ]


def _each(convert: Convert) -> ColumnConvert:
    def column(values: Sequence[Any]) -> list[Any]:
        return [None if value is None else convert(value) for value in values]

    return column


def _in(column: Column[Any], dialect: str) -> ColumnConvert | None:
    """How a column's archive values become what the driver is given, if they must change.

    PostgreSQL's COPY is given dates and times as the archive's ISO 8601 text, which the server
    parses itself (a timestamp with time zone keeps its offset), rather than Python objects the
    driver would only format back into text.
    """
    if isinstance(column.type, DateTime):
        return _sqlite_datetimes if dialect == "sqlite" else None
    if isinstance(column.type, Date):
        return None
    if isinstance(column.type, Boolean):
        return _each(int if dialect == "sqlite" else bool)
    if isinstance(column.type, JSON):
        return _each(json.dumps)
    return None


def write_rows(connection: Connection, table: Table, rows: Iterable[Sequence[Any]]) -> None:
    """Insert archive rows (a sequence, or a one-pass iterator), as they are.

    A row may refer to one later in the same table (a manager further down the archive):
    the caller has references checked after loading (restore defers or re-adds them).
    """
    dialect = connection.dialect.name
    columns = list(table.columns)
    converting = [(i, convert) for i, c in enumerate(columns) if (convert := _in(c, dialect))]
    prepared: Iterable[Sequence[Any]] = _converted(rows, converting) if converting else rows
    if dialect == "postgresql":
        _copy(connection, table, prepared)
        return
    placeholders = ", ".join("?" for _ in columns)
    names = ", ".join(_quoted(c.name) for c in columns)
    statement = f"INSERT INTO {_quoted(table.name)} ({names}) VALUES ({placeholders})"
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(statement, prepared)
    finally:
        cursor.close()


def _converted(
    rows: Iterable[Sequence[Any]], converting: list[tuple[int, ColumnConvert]]
) -> Iterator[Sequence[Any]]:
    """Convert column by column: a comprehension per column, not a Python loop per value.

    Columns are taken out with ``map(itemgetter(i), rows)`` (in C) and zipped back lazily;
    ``zip(*rows)`` would build an iterator per row.
    """
    rows = rows if isinstance(rows, Sequence) else list(rows)
    if not rows:
        return iter(())
    columns: list[Sequence[Any]] = [list(map(itemgetter(i), rows)) for i in range(len(rows[0]))]
    for index, convert in converting:
        columns[index] = convert(columns[index])
    return zip(*columns, strict=True)


def _binary_types(table: Table) -> list[str] | None:
    """PostgreSQL type names for a binary COPY, when every column is a number or text."""
    names = []
    for column in table.columns:
        kind = column.type
        if isinstance(kind, SmallInteger):
            names.append("int2")
        elif isinstance(kind, Integer):
            names.append("int4")
        elif isinstance(kind, Float):
            names.append("float8")
        elif isinstance(kind, String):
            names.append("text")
        else:
            return None
    return names


def _copy(connection: Connection, table: Table, rows: Iterable[Sequence[Any]]) -> None:
    """COPY in binary where the columns allow: numbers then need no text formatting or parsing
    (three times faster for a column of floats); otherwise in text."""
    names = ", ".join(_quoted(c.name) for c in table.columns)
    binary = _binary_types(table)
    driver = connection.connection.driver_connection
    assert driver is not None
    statement = f"COPY {_quoted(table.name)} ({names}) FROM STDIN"
    with (
        driver.cursor() as cursor,
        cursor.copy(statement + (" (FORMAT BINARY)" if binary else "")) as copy,
    ):
        if binary:
            copy.set_types(binary)
        for row in rows:
            copy.write_row(row)
