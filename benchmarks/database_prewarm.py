"""Reading a benchmark database into memory before measuring (PostgreSQL's pg_prewarm; SQLite's
files read through)."""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pmopath.adapters.db.engine import make_engine  # noqa: E402

PREWARM = """
WITH tables AS (
  SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'
  UNION ALL
  SELECT reltoastrelid FROM pg_class
  WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND reltoastrelid <> 0
), relations AS (
  SELECT oid FROM tables
  UNION ALL
  SELECT indexrelid FROM pg_index WHERE indrelid IN (SELECT oid FROM tables)
)
SELECT coalesce(sum(pg_prewarm(oid, 'read')), 0) FROM relations
"""


def read_into_memory(url: str) -> int:
    """Read the whole database once, as the server of a running organisation would find it in
    memory. What was written earlier may have left the page cache since (on the 2-core CI
    machine it held only 2-3.5 GB of its 24 GiB: a database restored 40 minutes and two
    benchmark runs before was read from the disk at about 90 MB/s, and its first team pages
    took 23 ms per query against 0.6 ms once read). PostgreSQL: pg_prewarm's ``read`` mode
    over every table, index and TOAST table (into the operating system's cache; shared_buffers
    holds far less); SQLite: the files read through. Returns the bytes read."""
    engine = make_engine(url)
    try:
        if engine.dialect.name == "postgresql":
            with engine.begin() as connection:
                connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_prewarm"))
                blocks = int(connection.execute(text(PREWARM)).scalar_one())
            size = blocks * 8192
        else:
            size = 0
            database = Path(str(engine.url.database))
            for path in (database, database.with_name(database.name + "-wal")):
                if not path.exists():
                    continue
                with path.open("rb") as file:
                    while chunk := file.read(1 << 20):
                        size += len(chunk)
    finally:
        engine.dispose()
    return size
