"""Shared fixtures: frameworks loaded through the real file adapter, and Hypothesis profiles."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from pmopath import bootstrap
from pmopath.domain.framework import Framework

settings.register_profile("default", deadline=None, max_examples=100)
settings.register_profile("ci", deadline=None, max_examples=200, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def small_framework() -> Framework:
    return bootstrap.load_framework(DATA / "small_framework.yaml")


@pytest.fixture(scope="session")
def default_framework() -> Framework:
    return bootstrap.default_framework()
