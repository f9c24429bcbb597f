"""Mentoring figures for the programme's KPIs."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from pmopath.domain.errors import InvalidRequest
from pmopath.domain.mentoring import people_in
from pmopath.services.ports.repositories import UnitOfWork
from pmopath.services.ports.store import Store


def active_pairs(
    uow: UnitOfWork, start: date, end: date, person_ids: Collection[int] | None = None
) -> int:
    """How many mentoring pairs (agreed by both) were active on some day from ``start`` to
    ``end``, both included; with ``person_ids``, only pairs whose mentor or mentee is one of
    them. Raises InvalidRequest when ``end`` is before ``start``."""
    if end < start:
        raise InvalidRequest(f"to: {end.isoformat()} is before from, {start.isoformat()}")
    return people_in(uow.mentoring.started_pairs(start, end), person_ids)


def active_pairs_in(store: Store, start: date, end: date) -> int:
    """``active_pairs`` over the whole organisation, in a unit of work of its own."""
    with store.unit_of_work() as uow:
        return active_pairs(uow, start, end)
