"""Shared fixtures: frameworks loaded through the real file adapter, and Hypothesis profiles."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import settings

from pmopath.bootstrap import files
from pmopath.bootstrap.container import process_container
from pmopath.domain.framework import Framework
from tests.support import templates
from tests.support.demo import demo_builder, migrate, today

settings.register_profile("default", deadline=None, max_examples=100)
settings.register_profile("ci", deadline=None, max_examples=200, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")

DATA = Path(__file__).parent / "data"
UNIT_TESTS = Path(__file__).parent / "unit"


@pytest.fixture(scope="session")
def small_framework() -> Framework:
    return files.load_framework(DATA / "small_framework.yaml")


@pytest.fixture(scope="session")
def default_framework() -> Framework:
    return files.default_framework()


# ---- databases: SQLite always, PostgreSQL when PMOPATH_TEST_DATABASE_URL is set ----------------
# Every database a test gets is its own copy of a template built once per session (and per
# xdist worker): see tests/support/templates.py and DEVELOPERS.md.

PG_URL = templates.PG_URL
DATABASES = [
    pytest.param("sqlite", id="sqlite"),
    *([pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres)] if PG_URL else []),
]


def _only_unit_tests(config: pytest.Config) -> bool:
    """Whether only tests/unit is run (make test-fast): no test there opens a database."""
    paths = [Path(arg.split("::")[0]).resolve() for arg in config.args]
    return bool(paths) and all(path.is_relative_to(UNIT_TESTS) for path in paths)


SOLVER_ON_A_CLOCK = {"test_plan_optimiser.py"}
"""Tests whose plan search works to a wall-clock budget (it gives up when the time is out):
under xdist they run one after another on one worker, never two at once against each other
for the two cores (two at once failed the budget now and then)."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.name in SOLVER_ON_A_CLOCK:
            item.add_marker(pytest.mark.xdist_group("solver"))


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("CI") and not PG_URL and not _only_unit_tests(config):
        raise pytest.UsageError(
            "CI must test PostgreSQL too: set PMOPATH_TEST_DATABASE_URL (.ci/run does)"
        )
    _own_user_folders()


def _own_user_folders() -> None:
    """The suite never reads or writes the developer's own folders: the framework cache
    (platformdirs' cache folder), the default SQLite database and the development secret (its
    data folder) live in folders of this run's, removed at its end (each xdist worker its
    own)."""
    run = Path(tempfile.mkdtemp(prefix="pmopath-tests-"))
    atexit.register(shutil.rmtree, run, ignore_errors=True)
    os.environ["XDG_CACHE_HOME"] = str(run / "cache")
    os.environ["XDG_DATA_HOME"] = str(run / "data")


@pytest.fixture(scope="session", autouse=True)
def _drop_test_databases() -> Iterator[None]:
    """Every PostgreSQL database this process made is dropped when the session ends."""
    yield
    templates.drop_all()


@pytest.fixture(scope="session")
def database_templates(tmp_path_factory: pytest.TempPathFactory) -> templates.Templates:
    return templates.Templates(tmp_path_factory.mktemp("templates"))


def _fresh_postgres() -> str:
    """A truly empty PostgreSQL database of this worker's (nothing migrated): its URL."""
    return templates.fresh_postgres()


@pytest.fixture(params=DATABASES)
def database_kind(request: pytest.FixtureRequest) -> str:
    """ "sqlite", and "postgresql" when PMOPATH_TEST_DATABASE_URL is set."""
    return str(request.param)


def migrated_database(
    database_templates: templates.Templates, database: str, tmp_path: Path
) -> str:
    """An empty, migrated store of the test's own (a copy of the migrated template): its URL."""
    template = database_templates.get(database, "migrated", migrate)
    if database == "sqlite":
        return templates.copy(template, str(tmp_path / "store.db"))
    return templates.copy(template, templates.postgres().name("db"))


@pytest.fixture
def database_url(
    database_kind: str, tmp_path: Path, database_templates: templates.Templates
) -> str:
    """An empty, migrated database of the test's own (a copy of the migrated template)."""
    return migrated_database(database_templates, database_kind, tmp_path)


@pytest.fixture
def empty_database_url(database_kind: str, tmp_path: Path) -> str:
    """A truly empty database, nothing migrated: a new SQLite file, or a new PostgreSQL one."""
    if database_kind == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return _fresh_postgres()


def demo_template(
    database_templates: templates.Templates, database_kind: str, day: date | None = None
) -> templates.Template:
    """The migrated, demo-seeded template of ``day``, by default today (tests/support/demo.py)."""
    day = day or today()
    return database_templates.get(database_kind, f"demo_{day:%Y%m%d}", demo_builder(day))


@pytest.fixture
def demo_database_url(
    database_kind: str, tmp_path: Path, database_templates: templates.Templates
) -> str:
    """A database of the test's own holding the demo organisation (a copy of the template)."""
    template = demo_template(database_templates, database_kind)
    if database_kind == "sqlite":
        return templates.copy(template, str(tmp_path / "demo.db"))
    return templates.copy(template, templates.postgres().name("demo"))


@pytest.fixture(autouse=True)
def _settings_read_afresh() -> Iterator[None]:
    """Each test reads the environment it set up: the CLI's container (settings read once per
    process) is built anew for it."""
    process_container.cache_clear()
    yield
    process_container.cache_clear()
