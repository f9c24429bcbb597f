"""The web benchmark reads the whole database into memory before measuring, on both databases."""

from __future__ import annotations

from pathlib import Path

from benchmarks.web import PREWARM, read_into_memory
from sqlalchemy import text

from pmopath.adapters.db.engine import make_engine, upgrade

STORED = PREWARM.replace(
    "coalesce(sum(pg_prewarm(c.oid, 'read')), 0)", "sum(pg_relation_size(c.oid))"
)


def test_every_table_and_index_is_read(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            stored = int(connection.execute(text(STORED)).scalar_one())
    engine.dispose()  # on SQLite: the write-ahead log folded into the file
    if engine.dialect.name == "sqlite":
        stored = sum(p.stat().st_size for p in Path(str(engine.url.database)).parent.glob("*.db*"))
    assert stored > 100_000  # the schema's tables and indexes, as yet empty
    assert read_into_memory(database_url) == stored  # every block of every one of them
