"""Reading rows without the ORM's bookkeeping, for the reads every page makes.

Measured with valgrind (instructions per read of one person on SQLite, on a session already
holding its connection): ``session.get(PersonRow, id)`` 567 k; the same select built at each
call, through the session, 742 k (building a statement and its cache key costs more than the
ORM saves); a statement built once with bound parameters, through the session, 396 k; the same
on the session's connection, 221 k. So the reads every page makes are statements built once
(module constants, ``plain(...)`` with ``bindparam``), run by ``read`` on the session's
connection: rows, not mapped objects (each mapped attribute is named as its column, so a row
reads as the object did), and the session's pending writes flushed first, as the ORM's
autoflush would (nothing to flush on a page, and the check is a few attribute reads).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import CursorResult, Executable, Select, select
from sqlalchemy.orm import Session

from pmopath.adapters.db.tables import Base


def plain(entity: type[Base]) -> Select[Any]:
    """``select(entity)`` as rows of its table's columns, not mapped objects."""
    return select(*entity.__table__.columns)


def read(
    session: Session, statement: Executable, parameters: Mapping[str, Any]
) -> CursorResult[Any]:
    """``statement`` (built once) on the session's connection, after its pending writes."""
    session.flush()
    return session.connection().execute(statement, parameters)
