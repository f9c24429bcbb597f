"""The one place that wires settings to adapters: loading frameworks, assessments and schemas."""

from __future__ import annotations

import getpass
import json
import os
import secrets
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from pmopath.adapters import assessment_files, file_writing, framework_files
from pmopath.adapters.db import archive
from pmopath.adapters.db.account_repository import SqlSessionCheck
from pmopath.adapters.db.engine import (
    is_in_memory,
    make_engine,
    on_this_machine,
    spare_connections,
    upgrade,
    warm_pool,
)
from pmopath.adapters.db.insight_queries import SqlInsightQueries
from pmopath.adapters.db.repositories import active_framework_id
from pmopath.adapters.db.unit_of_work import ReadOnlyUnitOfWork, SqlUnitOfWork, lost_connection
from pmopath.adapters.framework_format import framework_json_schema
from pmopath.adapters.highs_milp import HighsMilp
from pmopath.adapters.mail import SmtpMailSender
from pmopath.adapters.onet_import import OnetImportSummary, import_onet
from pmopath.adapters.passwords import Argon2Hasher, CommonPasswordList
from pmopath.adapters.path_search import IgraphPathSearch
from pmopath.adapters.people_csv import parse_people_csv, read_people_csv
from pmopath.config import DEVELOPMENT_SECRET_FILE, Settings, data_folder, read_settings
from pmopath.domain.assessment import Assessment
from pmopath.domain.errors import BadInput, PmopathError
from pmopath.domain.framework import Framework, Role
from pmopath.domain.framework_change import FrameworkChange
from pmopath.domain.paths import CareerPath
from pmopath.domain.permissions import Viewer
from pmopath.services.accounts.admin import require_admin
from pmopath.services.careers import paths as career
from pmopath.services.careers.active_framework import ensure_framework
from pmopath.services.careers.frameworks import activate_framework
from pmopath.services.demo.organisation import DemoSummary, seed_demo
from pmopath.services.people.imports import ImportReport, import_people
from pmopath.services.ports.outputs import CalendarWriter, DocumentRenderer, MailSender
from pmopath.services.ports.search import PathSearch
from pmopath.services.ports.security import CommonPasswords, PasswordHasher
from pmopath.services.ports.store import Store


@lru_cache(maxsize=1)
def default_framework() -> Framework:
    """Return the PMO framework shipped with PMO Pathways (loaded once per process)."""
    return framework_files.load_default_framework()


@lru_cache(maxsize=1)
def path_search() -> PathSearch:
    """The career path search (igraph and numpy), one per process."""
    return IgraphPathSearch()


def find_paths(
    framework: Framework,
    from_role: str | Role,
    to_role: str | Role,
    *,
    assessment: Assessment | None = None,
    k: int = 3,
    avoid: Iterable[str] = (),
    max_steps: int | None = None,
) -> list[CareerPath]:
    """``services.careers.paths.find_paths`` with the process's path search (see there)."""
    return career.find_paths(
        framework,
        from_role,
        to_role,
        assessment=assessment,
        k=k,
        avoid=avoid,
        max_steps=max_steps,
        search=path_search(),
    )


def sample_assessment(framework: Framework) -> Assessment:
    """Return Sam's assessment (PMO Administrator, 18 months in), shipped for the demo."""
    text = resources.files("pmopath.data").joinpath("sample_assessment.yaml").read_text("utf-8")
    return assessment_files.parse_assessment(text, "<pmopath>/sample_assessment.yaml", framework)


def load_framework(path: str | Path) -> Framework:
    """Load and validate a framework file (YAML or JSON).

    Raises FrameworkError listing every problem, each with its file, line and column.
    """
    return framework_files.load_framework_file(Path(path))


def framework_for(path: str | Path | None) -> Framework:
    """Return the framework at ``path``, else PMOPATH_FRAMEWORK's, else the shipped default."""
    chosen = path if path is not None else read_settings().framework
    return load_framework(chosen) if chosen is not None else default_framework()


def load_assessment(path: str | Path, framework: Framework | None = None) -> Assessment:
    """Load an assessment file and check it against ``framework`` (default: the shipped one).

    Raises AssessmentError listing every problem with its location.
    """
    return assessment_files.load_assessment_file(Path(path), framework or default_framework())


def save_assessment(path: str | Path, assessment: Assessment) -> None:
    """Write an assessment file (JSON by a .json suffix, YAML otherwise), atomically."""
    file_writing.write_assessment_file(Path(path), assessment)


def framework_schema() -> dict[str, Any]:
    """Return the JSON Schema of framework files."""
    return framework_json_schema()


def assessment_schema() -> dict[str, Any]:
    """Return the JSON Schema of assessment files."""
    return assessment_files.assessment_json_schema()


def import_onet_framework(directory: str | Path, out: str | Path) -> OnetImportSummary:
    """Convert an O*NET text database folder to a framework file at ``out``; return the summary.

    The framework is validated before anything is written, and written atomically: as JSON
    when ``out`` ends in .json (fast to load at full O*NET size), else as YAML.
    """
    data, summary = import_onet(Path(directory))
    framework_files.framework_from_data(data, str(out))
    file_writing.write_text_atomically(Path(out), file_writing.document_text(data, Path(out)))
    return summary


def _utc_now() -> datetime:
    return datetime.now(UTC)


def open_store(database: str | None = None, framework: str | Path | None = None) -> Store:
    """Open (and on first use create and migrate) the store; make sure a framework is active.

    On an empty store the framework at ``framework`` (else PMOPATH_FRAMEWORK, else the shipped
    one) is stored and activated; afterwards the stored active version is used.
    """
    settings = read_settings()
    engine = make_engine(settings.database(database))
    try:
        upgrade(engine)
        return _store_on(engine, framework if framework is not None else settings.framework)
    except BaseException:
        engine.dispose()
        raise


def _store_on(engine: Engine, chosen: str | Path | None) -> Store:

    def unit_of_work() -> SqlUnitOfWork:
        return SqlUnitOfWork(engine, _utc_now)

    text = (
        framework_files.read_text_file(Path(chosen), "framework")
        if chosen is not None
        else framework_files.default_framework_text()
    )
    data = framework_files.framework_data(text, str(chosen or "<pmopath>/default_framework.yaml"))
    version_id, content = ensure_framework(
        unit_of_work(), data, framework_files.content_hash(data), _utc_now()
    )
    active = framework_files.framework_from_data(content, f"<stored framework #{version_id}>")
    return Store(unit_of_work, active, version_id, _utc_now, engine.dispose, HighsMilp())


def import_people_file(store: Store, path: str | Path, *, dry_run: bool) -> ImportReport:
    """Validate and import a people CSV (all rows or none)."""
    header, rows = read_people_csv(Path(path))
    return import_people(
        store.unit_of_work(),
        store.framework,
        str(path),
        header,
        rows,
        today=_utc_now().date(),
        actor=cli_actor(),
        now=_utc_now(),
        dry_run=dry_run,
    )


def cli_actor() -> str:
    """Who is acting, for the audit log, when the CLI is used."""
    return f"cli:{getpass.getuser()}"


def upgrade_database(database: str | None = None) -> tuple[str, bool]:
    """Create or migrate the database; return its URL (no password) and whether it changed."""
    engine = make_engine(read_settings().database(database))
    try:
        return engine.url.render_as_string(hide_password=True), upgrade(engine)
    finally:
        engine.dispose()


def backup_database(database: str | None, path: str | Path) -> dict[str, int]:
    """Write a JSON archive of the whole database; return rows per table."""
    engine = make_engine(read_settings().database(database))
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
    engine = make_engine(read_settings().database(database))
    try:
        upgrade(engine)
        return archive.restore(engine, document, replace=force)
    finally:
        engine.dispose()


def save_json(path: str | Path, data: object) -> None:
    """Write ``data`` as indented JSON, atomically."""
    file_writing.write_text_atomically(
        Path(path), json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    )


def activate_framework_file(
    database: str | None, path: str | Path, mapping: str | Path | None, *, dry_run: bool
) -> FrameworkChange:
    """Compare a framework file with the active one and (unless dry_run) activate it."""
    text = framework_files.read_text_file(Path(path), "framework")
    data = framework_files.framework_data(text, str(path))
    new = framework_files.framework_from_data(data, str(path))
    renames = framework_files.load_mapping_file(Path(mapping)) if mapping else {}
    with open_store(database) as store:
        return activate_framework(
            store,
            new,
            data,
            framework_files.content_hash(data),
            renames,
            actor=cli_actor(),
            dry_run=dry_run,
        )


class StartupRefused(PmopathError):
    """The server will not start with this configuration (a production safety rule)."""


_WEAK_SECRETS = {"", "secret", "changeme", "change-me", "dev", "development", "default"}
_MIN_SECRET_LENGTH = 32


def web_secret(settings: Settings) -> bytes:
    """The key that signs CSRF tokens: configured, or (development only) generated once.

    Production refuses to start without a strong configured secret, or with debug on.
    """
    configured = settings.secret_key.get_secret_value() if settings.secret_key else ""
    if settings.environment == "production":
        if settings.debug:
            raise StartupRefused("refusing to start in production with PMOPATH_DEBUG on")
        if configured.lower() in _WEAK_SECRETS or len(configured) < _MIN_SECRET_LENGTH:
            raise StartupRefused(
                "refusing to start in production without a strong PMOPATH_SECRET_KEY "
                f"(at least {_MIN_SECRET_LENGTH} random characters, e.g. from "
                "'python -c \"import secrets; print(secrets.token_urlsafe(48))\"')"
            )
    if configured:
        return configured.encode()
    return _development_secret(data_folder() / DEVELOPMENT_SECRET_FILE)


def _development_secret(path: Path) -> bytes:
    """Read the generated secret; the first process to need it creates it.

    The file is linked into place only if absent, so workers starting together all end up
    with the one secret that won.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        candidate = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
        handle = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(secrets.token_urlsafe(48) + "\n")
        try:
            os.link(candidate, path)
        except FileExistsError:
            pass
        finally:
            candidate.unlink()
    return path.read_text(encoding="utf-8").strip().encode()


class WebRuntime:
    """What one server process holds: the engine, the secret, and the current framework.

    Nothing here is state that matters across processes: the framework is re-read whenever the
    database says another version became active, so several workers behave as one.
    """

    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        *,
        hasher: PasswordHasher | None = None,
        session_engine: Engine | None = None,
        reading_engine: Engine | None = None,
        check_sessions_on_threads: bool | None = None,
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.secret = web_secret(settings)
        self.hasher: PasswordHasher = hasher or Argon2Hasher()
        self.common_passwords = CommonPasswordList()
        self.clock = _utc_now
        self._reading_engine = reading_engine
        store = _store_on(engine, settings.framework)
        self._current: tuple[Store, Store, int | None] = (store, self._reading(store), None)
        """The store with the framework last found active, the same store for requests that
        only read, and the change stamp it was found under (None: not known)."""
        self.insight = SqlInsightQueries(engine)
        self._session_engine = session_engine
        if check_sessions_on_threads is None:
            check_sessions_on_threads = settings.session_check_threads
        if check_sessions_on_threads is None:
            check_sessions_on_threads = not on_this_machine(session_engine or engine)
        self.session_threads = (
            ThreadPoolExecutor(WEB_LOOP_CONNECTIONS, thread_name_prefix="session-check")
            if check_sessions_on_threads and session_engine is not None
            else None
        )
        """Where the event loop hands the session check when the database is on another
        machine (the loop serves other requests while the query crosses the network). From a
        database on this machine (SQLite, PostgreSQL over loopback or a Unix socket) the answer
        comes back quicker than a hand-over to a thread and back costs, so the check runs on
        the loop (measured with benchmarks/web.py: about a third more signed-in requests per
        second on PostgreSQL over loopback, and a lower p99)."""
        self._autocommit = session_engine or engine.execution_options(isolation_level="AUTOCOMMIT")

    def unit_of_work(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, _utc_now)

    def session_check(self) -> SqlSessionCheck:
        """The unit of work of the session check every signed-in request makes: Core, each
        statement committing on its own (one read, and at most a once-a-minute touch), which
        on PostgreSQL saves the BEGIN and ROLLBACK round trips around them."""
        return SqlSessionCheck(self._autocommit)

    def store(self, changes: int | None = None, *, read_only: bool = False) -> Store:
        """The store with the framework active right now.

        ``changes`` is the change stamp the request's session check read. Activating a framework
        is a watched write, so under the stamp the active framework was last checked at it
        cannot have changed, and no query is needed; otherwise one cheap query checks it.
        ``read_only`` (a request that only reads, as every cacheable GET does): a store whose
        units of work refuse to commit, and on PostgreSQL read on autocommit connections on
        which the server refuses writes.
        """
        store, reading, checked_at = self._current
        if changes is None or changes != checked_at:
            looking = self._reading_engine if read_only and self._reading_engine else self.engine
            active = active_framework_id(looking)  # read after the stamp: at least as new
            if active != store.framework_version_id:
                store = _store_on(self.engine, self.settings.framework)
                reading = self._reading(store)
            self._current = (store, reading, changes)  # one assignment: threads see a whole
        return reading if read_only else store

    def _reading(self, store: Store) -> Store:
        reading_engine = self._reading_engine or self.engine  # SQLite: its reads begin nothing

        def unit_of_work() -> ReadOnlyUnitOfWork:
            return ReadOnlyUnitOfWork(reading_engine, _utc_now)

        return replace(store, unit_of_work=unit_of_work)

    @staticmethod
    def lost_connection(error: BaseException) -> bool:
        """Whether a read failed on a pooled connection the database had dropped (as after a
        restart); the pool replaces it, so a request that only reads can be made again."""
        return lost_connection(error)

    def warm(self) -> None:
        """Before the first request: every pooled connection open and used once."""
        warm_pool(self.engine, WEB_THREADS)
        if self._session_engine is not None:
            warm_pool(self._session_engine, WEB_LOOP_CONNECTIONS)
        if self._reading_engine is not None:
            warm_pool(self._reading_engine, WEB_THREADS)

    def close(self) -> None:
        self.engine.dispose()
        if self.session_threads is not None:
            self.session_threads.shutdown(wait=False)
        for extra in (self._session_engine, self._reading_engine):
            if extra is not None:
                extra.dispose()


WEB_THREADS = 4
"""Worker threads per server process for the synchronous endpoints (anyio's default is 40:
more threads than a few cores can use only contend for the GIL and for connections)."""
WEB_LOOP_CONNECTIONS = 4
"""Pooled autocommit connections per server process for the session check (made on the event
loop for a database on this machine, else on as many threads of its own)."""
WEB_CONNECTIONS_PER_WORKER = WEB_THREADS + WEB_LOOP_CONNECTIONS + WEB_THREADS
"""PostgreSQL connections a worker opens at start: its pages' pool, the session check's and
the read-only pool. Under load each pool may open up to 10 more for a while (SQLAlchemy's
overflow), which the check at start does not count."""


def open_web_runtime(
    database: str | None = None,
    *,
    hasher: PasswordHasher | None = None,
    check_sessions_on_threads: bool | None = None,
) -> WebRuntime:
    """Open (create and migrate on first use) the database for the web application.

    Pools: a connection for each worker thread, and a few autocommit ones for the session
    check, so no request waits for one or pays for opening one (an in-memory
    SQLite database, private to its engine, has one pool). On PostgreSQL, a third: autocommit
    connections for each worker thread, for requests that only read. ``hasher`` is for tests,
    which pass cheap argon2 parameters; ``check_sessions_on_threads`` (None: only when the
    database is on another machine) lets them choose where the session check runs.
    """
    settings = read_settings()
    url = settings.database(database)
    engine = make_engine(url, connections=WEB_THREADS)
    session_engine = reading_engine = None
    try:
        upgrade(engine)
        if not is_in_memory(engine):
            session_engine = make_engine(url, connections=WEB_LOOP_CONNECTIONS, autocommit=True)
        if engine.dialect.name == "postgresql":  # SQLite's reads begin no transaction anyway
            reading_engine = make_engine(
                url, connections=WEB_THREADS, autocommit=True, read_only=True
            )
        return WebRuntime(
            settings,
            engine,
            hasher=hasher,
            session_engine=session_engine,
            reading_engine=reading_engine,
            check_sessions_on_threads=check_sessions_on_threads,
        )
    except BaseException:
        for opened in (engine, session_engine, reading_engine):
            if opened is not None:
                opened.dispose()
        raise


def password_hasher() -> PasswordHasher:
    """The argon2id password hasher, with the library's parameters (tests swap in cheap ones)."""
    return Argon2Hasher()


def common_passwords() -> CommonPasswords:
    """The list of commonly used passwords a new password is checked against."""
    return CommonPasswordList()


def prepare_server(
    database: str | None, *, demo: bool, workers: int = 1
) -> tuple[str, DemoSummary | None]:
    """Before workers start: migrate, check the secret, check a PostgreSQL server has room for
    the workers' connections, seed the demo if asked and empty.

    Returns the database URL (password hidden) and what the demo seeded, if anything. Raises
    BadInput when the workers would need more connections than the server has to spare.
    """
    runtime = open_web_runtime(database)
    try:
        runtime.engine.dispose()  # what this process holds is closed before the workers start
        _check_connection_room(runtime.engine, workers)
        seeded = None
        if demo:
            seeded = seed_demo(
                runtime.store(), runtime.hasher, runtime.common_passwords, runtime.clock()
            )
        return runtime.engine.url.render_as_string(hide_password=True), seeded
    finally:
        runtime.close()


def _check_connection_room(engine: Engine, workers: int) -> None:
    """Each worker opens its pools' connections at start; one the server refuses fails to
    start, and uvicorn then stops the whole server with no reason a user could act on. Refuse
    at once, saying why, if the server cannot take them all."""
    needed = workers * WEB_CONNECTIONS_PER_WORKER
    spare = spare_connections(engine)
    if spare is not None and needed > spare:
        raise BadInput(
            f"{workers} workers keep {needed} PostgreSQL connections open "
            f"({WEB_CONNECTIONS_PER_WORKER} each), but the server takes only {spare} more "
            "(its max_connections, less those reserved and those in use): run fewer workers "
            "or raise max_connections"
        )


def framework_upload(
    store: Store,
    viewer: Viewer,
    text: str,
    source: str,
    mapping_text: str | None = None,
    *,
    actor: str,
    activate: bool,
) -> tuple[Framework, FrameworkChange]:
    """Validate uploaded framework text (and rename mapping); compare it with the active one
    and, when ``activate``, make it active (admins only).

    Raises PermissionDenied, FrameworkError or InvalidDocument (every problem with its line),
    UnsafeFrameworkChange (it would orphan stored data); nothing is changed on error.
    """
    require_admin(viewer)
    data = framework_files.framework_data(text, source)
    new = framework_files.framework_from_data(data, source)
    renames = framework_files.parse_mapping(mapping_text, "mapping") if mapping_text else {}
    change = activate_framework(
        store,
        new,
        data,
        framework_files.content_hash(data),
        renames,
        actor=actor,
        dry_run=not activate,
    )
    return new, change


def people_upload(
    store: Store, viewer: Viewer, text: str, source: str, *, actor: str, dry_run: bool
) -> ImportReport:
    """Validate and (unless ``dry_run``) import people CSV text, all rows or none (admins only).

    Raises PermissionDenied, or RowProblems listing every bad row with its number.
    """
    require_admin(viewer)
    header, rows = parse_people_csv(text, source)
    now = store.clock()
    return import_people(
        store.unit_of_work(),
        store.framework,
        source,
        header,
        rows,
        today=now.date(),
        actor=actor,
        now=now,
        dry_run=dry_run,
    )


def documents() -> DocumentRenderer:
    """The PDF renderer: the pages' templates through WeasyPrint, fetching only our own files."""
    from pmopath.adapters.documents import PdfDocuments  # WeasyPrint loads on first use only

    return PdfDocuments()


def calendar_writer() -> CalendarWriter:
    """Writes reminders as RFC 5545 calendars (icalendar)."""
    from pmopath.adapters.ical import IcalWriter  # loaded on first use only

    return IcalWriter()


def mail_sender(settings: Settings | None = None) -> MailSender | None:
    """The SMTP sender from PMOPATH_SMTP_* settings; None when no mail server is configured."""
    chosen = settings or read_settings()
    if not chosen.smtp_host:
        return None
    return SmtpMailSender(
        chosen.smtp_host,
        chosen.smtp_port,
        chosen.smtp_from,
        user=chosen.smtp_user,
        password=chosen.smtp_password,
        starttls=chosen.smtp_starttls,
    )
