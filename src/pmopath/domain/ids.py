"""Database ids: the range of ids any store can hold."""

from __future__ import annotations

MAX_ID = 2**31 - 1
"""The largest id a stored record can have: ids are 32-bit integers on PostgreSQL (SQLite's
reach 2**63 - 1), so a larger one names no record on either, and is not asked for."""


def storable_id(value: int) -> bool:
    """Whether ``value`` could be a stored record's id (ids start at 1)."""
    return 1 <= value <= MAX_ID
