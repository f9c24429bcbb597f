"""Opening the store: the database created and migrated on first use, the active framework read
from it (the shipped or named framework parsed only for an empty store), and every port wired."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

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


def utc_now() -> datetime:
    """The clock every store runs on."""
    return datetime.now(UTC)


def open_store(
    database: str | None = None,
    framework: str | Path | None = None,
    *,
    container: Container | None = None,
) -> Store:
    """Open (and on first use create and migrate) the store; make sure a framework is active.

    On an empty store the framework at ``framework`` (else PMOPATH_FRAMEWORK, else the shipped
    one) is stored and activated; afterwards the stored active version is used, and no file is
    read.
    """
    ports = container or process_container()
    engine = make_engine(ports.settings.database(database))
    try:
        upgrade(engine)
        chosen = framework if framework is not None else ports.settings.framework
        return store_on(engine, ports, chosen)
    except BaseException:
        engine.dispose()
        raise


def store_on(
    engine: Engine,
    container: Container,
    chosen: str | Path | None,
    *,
    unit_of_work: Callable[[], SqlUnitOfWork] | None = None,
    close: Callable[[], None] | None = None,
) -> Store:
    """The store on an open engine with the active framework (stored first if there is none)."""

    def default_unit_of_work() -> SqlUnitOfWork:
        return SqlUnitOfWork(engine, utc_now)

    units = unit_of_work or default_unit_of_work
    found = active_framework(units())
    if found is None:
        found = store_first_framework(units(), *_first_framework(chosen), utc_now())
    version_id, content = found
    active = _framework_of(content, version_id)
    return Store(
        units,
        active,
        version_id,
        utc_now,
        container,
        SqlInsightQueries(engine),
        close if close is not None else engine.dispose,
    )


def _first_framework(chosen: str | Path | None) -> tuple[dict[str, object], str]:
    """The framework to store in an empty database, as stored content and its hash."""
    text = (
        framework_files.read_text_file(Path(chosen), "framework")
        if chosen is not None
        else framework_files.default_framework_text()
    )
    data = framework_files.framework_data(text, str(chosen or "<pmopath>/default_framework.yaml"))
    return data, framework_files.content_hash(data)


def _framework_of(content: object, version_id: int) -> Framework:
    return framework_files.framework_from_data(content, f"<stored framework #{version_id}>")


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
