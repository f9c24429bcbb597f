"""Containers for tests: the real adapters but argon2 with cheap parameters (and any other port
a test hands in)."""

from __future__ import annotations

from pmopath.adapters.passwords import Argon2Hasher
from pmopath.bootstrap.container import Container
from pmopath.config import read_settings

CHEAP_HASHER = Argon2Hasher(time_cost=1, memory_cost=8, parallelism=1)


def cheap_container(**given: object) -> Container:
    """A container on the settings in the environment now, hashing passwords cheaply."""
    given.setdefault("hasher", CHEAP_HASHER)
    return Container(read_settings(), **given)
