"""Fixtures of the integration tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pmopath.adapters.db.engine import make_engine
from pmopath.adapters.db.insight_queries import SqlInsightQueries
from pmopath.bootstrap.database import open_store
from tests.support.insight_world import Db


@pytest.fixture
def db(database_url: str) -> Iterator[Db]:
    store = open_store(database_url)
    engine = make_engine(database_url)
    try:
        yield Db(store, SqlInsightQueries(engine), engine)
    finally:
        engine.dispose()
        store.close()
