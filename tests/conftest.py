"""Shared fixtures: frameworks loaded through the real file adapter, and Hypothesis profiles."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from pmopath.bootstrap import files
from pmopath.bootstrap.container import process_container
from pmopath.domain.framework import Framework

settings.register_profile("default", deadline=None, max_examples=100)
settings.register_profile("ci", deadline=None, max_examples=200, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def small_framework() -> Framework:
    return files.load_framework(DATA / "small_framework.yaml")


@pytest.fixture(scope="session")
def default_framework() -> Framework:
    return files.default_framework()


# ---- databases: SQLite always, PostgreSQL when PMOPATH_TEST_DATABASE_URL is set ----------------

PG_URL = os.environ.get("PMOPATH_TEST_DATABASE_URL")
DATABASES = [
    pytest.param("sqlite", id="sqlite"),
    *([pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres)] if PG_URL else []),
]


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("CI") and not PG_URL:
        raise pytest.UsageError(
            "CI must test PostgreSQL too: set PMOPATH_TEST_DATABASE_URL (.ci/run does)"
        )


def _fresh_postgres() -> str:
    """Empty the test PostgreSQL database (every test owns its data)."""
    from sqlalchemy import create_engine, text

    assert PG_URL is not None
    engine = create_engine(PG_URL)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return PG_URL


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database: a new SQLite file, or the test PostgreSQL database emptied."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return _fresh_postgres()


@pytest.fixture(autouse=True)
def _settings_read_afresh() -> Iterator[None]:
    """Each test reads the environment it set up: the CLI's container (settings read once per
    process) is built anew for it."""
    process_container.cache_clear()
    yield
    process_container.cache_clear()
