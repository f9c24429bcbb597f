"""The web benchmark reads the whole database into memory before measuring, on both databases."""

from __future__ import annotations

from pathlib import Path

from benchmarks.database_prewarm import read_into_memory
from sqlalchemy import text

from pmopath.adapters.db.engine import make_engine, upgrade

MAIN_FORKS = """
SELECT sum(pg_relation_size(c.oid)) FROM pg_class c
WHERE c.relkind IN ('r', 't', 'i') AND (
  c.relnamespace = 'public'::regnamespace
  OR c.oid IN (SELECT reltoastrelid FROM pg_class WHERE relnamespace = 'public'::regnamespace)
  OR c.oid IN (
    SELECT i.indexrelid FROM pg_index i JOIN pg_class t ON t.reltoastrelid = i.indrelid
    WHERE t.relnamespace = 'public'::regnamespace
  )
)
"""
"""Every table, TOAST table and index of the schema, and their sizes, asked another way."""


def test_every_table_and_index_is_read(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            stored = int(connection.execute(text(MAIN_FORKS)).scalar_one())
    engine.dispose()  # on SQLite: the write-ahead log folded into the file
    if engine.dialect.name == "sqlite":
        stored = Path(str(engine.url.database)).stat().st_size  # its log folded in: one file
    assert stored > 100_000  # the schema's tables and indexes, as yet empty
    assert read_into_memory(database_url) == stored  # every block of every one of them
