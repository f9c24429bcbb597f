"""The benchmarks' databases: a SQLite file or a temporary PostgreSQL database, and what is measured
of them (size, VACUUM ANALYZE, samples of e-mails and managers)."""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.timing import timed  # noqa: E402

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@contextmanager
def sqlite_database(folder: Path, name: str) -> Iterator[str]:
    yield f"sqlite:///{folder / name}.db"


@contextmanager
def postgres_database(admin_url: str, name: str) -> Iterator[str]:
    """Create a database for the benchmark and drop it afterwards, whatever happens."""
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def vacuum_analyze(engine: Engine) -> float:
    """Seconds PostgreSQL takes to vacuum and analyze everything just loaded.

    Autovacuum would do the same soon after a bulk load; doing it first keeps it from running
    during the measurements, and gives the planner its statistics.
    """
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        return timed(lambda: connection.execute(text("VACUUM ANALYZE"))) / 1000


def database_size(engine: Engine) -> int:
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            return int(connection.scalar(text("SELECT pg_database_size(current_database())")))
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    path = Path(str(engine.url.database))
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def sample_emails(engine: Engine, count: int, rng: random.Random) -> list[str]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, email FROM people ORDER BY id")).all()
    return [email for _, email in rng.sample(rows, min(count, len(rows)))]


def sample_managers(engine: Engine, count: int, rng: random.Random) -> list[str]:
    """Managers of exactly 12 direct reports."""
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT m.email FROM people m JOIN people r ON r.manager_id = m.id "
                "GROUP BY m.id, m.email HAVING COUNT(*) = 12 ORDER BY m.id"
            )
        ).all()
    emails = [row[0] for row in rows]
    return rng.sample(emails, min(count, len(emails)))


def sample_team_leads(engine: Engine, count: int, rng: random.Random) -> list[str]:
    """Managers of a 12-person team: exactly 12 direct reports, none of whom manage anyone
    (``sample_managers`` also finds managers of 12 whose reports lead teams of their own)."""
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT m.email FROM people m JOIN people r ON r.manager_id = m.id "
                "WHERE NOT EXISTS (SELECT 1 FROM people d WHERE d.manager_id = r.id) "
                "GROUP BY m.id, m.email HAVING COUNT(*) = 12 "
                "AND COUNT(*) = (SELECT COUNT(*) FROM people a WHERE a.manager_id = m.id) "
                "ORDER BY m.id"
            )
        ).all()
    emails = [row[0] for row in rows]
    return rng.sample(emails, min(count, len(emails)))
