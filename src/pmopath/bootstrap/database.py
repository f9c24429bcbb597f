"""Opening the store: the database created and migrated on first use, the active framework read
from it (the shipped or named framework parsed only for an empty store), and every port wired."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from threading import Lock
from typing import Any

from sqlalchemy import Engine

from pmopath.adapters import framework_files
from pmopath.adapters.db import archive
from pmopath.adapters.db.engine import make_engine, upgrade
from pmopath.adapters.db.insight_queries import SqlInsightQueries
from pmopath.adapters.db.unit_of_work import SqlUnitOfWork
from pmopath.bootstrap.container import Container, process_container
from pmopath.domain.framework import Framework
from pmopath.services.careers.active_framework import active_framework, store_first_framework
from pmopath.services.ports.store import Store

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The clock every store runs on."""
    return datetime.now(UTC)


def open_store(
    database: str | None = None,
    framework: str | Path | None = None,
    *,
    container: Container | None = None,
    clock: Clock = utc_now,
) -> Store:
    """Open (and on first use create and migrate) the store; make sure a framework is active.

    On an empty store the framework at ``framework`` (else PMOPATH_FRAMEWORK, else the shipped
    one) is stored and activated; afterwards the stored active version is used, and no file is
    read. ``clock`` dates everything the store writes (tests seed at a fixed instant).
    """
    ports = container or process_container()
    engine = make_engine(ports.settings.database(database))
    try:
        upgrade(engine)
        chosen = framework if framework is not None else ports.settings.framework
        return store_on(engine, ports, chosen, clock=clock)
    except BaseException:
        engine.dispose()
        raise


def store_on(
    engine: Engine, container: Container, chosen: str | Path | None, *, clock: Clock = utc_now
) -> Store:
    """The store on an open engine with the active framework (stored first if there is none)."""

    def unit_of_work() -> SqlUnitOfWork:
        return SqlUnitOfWork(engine, clock)

    found = active_framework(unit_of_work())
    if found is None:
        found = store_first_framework(unit_of_work(), *_first_framework(chosen), clock())
    version_id, content = found
    active = _framework_of(content, version_id)
    return Store(
        unit_of_work,
        active,
        version_id,
        clock,
        container,
        SqlInsightQueries(engine),
        engine.dispose,
    )


def _first_framework(chosen: str | Path | None) -> tuple[dict[str, Any], str]:
    """The framework to store in an empty database, as stored content and its hash."""
    if chosen is None:
        data, content_hash = _shipped_framework()
        return copy.deepcopy(data), content_hash
    text = framework_files.read_text_file(Path(chosen), "framework")
    data = framework_files.framework_data(text, str(chosen))
    return data, framework_files.content_hash(data)


@cache
def _shipped_framework() -> tuple[dict[str, Any], str]:
    """The shipped framework as stored content and its hash: parsed once per process."""
    text = framework_files.default_framework_text()
    data = framework_files.framework_data(text, "<pmopath>/default_framework.yaml")
    return data, framework_files.content_hash(data)


_VALIDATING = Lock()
_VALIDATED: dict[str, Framework] = {}
"""Stored frameworks already validated in this process, by content hash (the few most recent):
each store opened reads its active framework, and checking it again costs a few hundred ms."""
_VALIDATED_KEPT = 8


def _framework_of(content: Any, version_id: int) -> Framework:
    key = framework_files.content_hash(content)
    with _VALIDATING:  # request threads open stores too
        framework = _VALIDATED.get(key)
    if framework is None:
        framework = framework_files.framework_from_data(
            content, f"<stored framework #{version_id}>"
        )
        with _VALIDATING:
            while len(_VALIDATED) >= _VALIDATED_KEPT:
                _VALIDATED.pop(next(iter(_VALIDATED)))
            _VALIDATED[key] = framework
    return framework


def upgrade_database(database: str | None = None) -> tuple[str, bool]:
    """Create or migrate the database; return its URL (no password) and whether it changed."""
    engine = make_engine(process_container().settings.database(database))
    try:
        return engine.url.render_as_string(hide_password=True), upgrade(engine, check_derived=True)
    finally:
        engine.dispose()


def backup_database(database: str | None, path: str | Path) -> dict[str, int]:
    """Write a JSON archive of the whole database; return rows per table."""
    engine = make_engine(process_container().settings.database(database))
    try:
        upgrade(engine)
        return archive.write_archive(engine, Path(path))
    finally:
        engine.dispose()


def restore_database(database: str | None, path: str | Path, *, force: bool) -> dict[str, int]:
    """Restore a JSON archive (checked whole first) into the database; return rows per table.

    Refuses a database holding data unless ``force``; refuses a damaged archive before writing.
    """
    document = archive.read_archive(Path(path))
    engine = make_engine(process_container().settings.database(database))
    try:
        upgrade(engine)
        return archive.restore(engine, document, replace=force)
    finally:
        engine.dispose()
