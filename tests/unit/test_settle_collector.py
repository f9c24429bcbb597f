"""A worker, once warm, hides what it loaded from the cycle collector and collects fully rarely."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from pmopath.web.server import FULL_COLLECTION_EVERY, settle_collector


@pytest.fixture
def collector_restored() -> Iterator[None]:
    thresholds = gc.get_threshold()
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def test_a_settled_worker_freezes_what_it_holds_and_collects_fully_rarely(
    collector_restored: None,
) -> None:
    young, middle, full = gc.get_threshold()
    assert full < FULL_COLLECTION_EVERY  # Python's default is 10
    gc.collect()
    before = gc.get_freeze_count()
    held = [[n] for n in range(500)]  # lists: objects the collector tracks
    assert all(gc.is_tracked(h) for h in held)
    settle_collector()
    assert gc.get_freeze_count() - before >= len(held)
    assert gc.get_threshold() == (young, middle, FULL_COLLECTION_EVERY)
