"""What one server process holds: its database pools, the secret, its container of adapters and
the framework active now; and the checks made before workers start."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from sqlalchemy import Engine

from pmopath.adapters.db.engine import (
    is_in_memory,
    make_engine,
    on_this_machine,
    spare_connections,
    upgrade,
    warm_pool,
)
from pmopath.adapters.db.repositories import active_framework_id
from pmopath.adapters.db.session_check import SqlSessionCheck
from pmopath.adapters.db.unit_of_work import ReadOnlyUnitOfWork, SqlUnitOfWork, lost_connection
from pmopath.bootstrap.container import Container, process_container
from pmopath.bootstrap.database import store_on, utc_now
from pmopath.bootstrap.secret_key import web_secret
from pmopath.domain.errors import BadInput
from pmopath.services.demo.organisation import DemoSummary, seed_demo
from pmopath.services.ports.store import Store


class WebRuntime:
    """What one server process holds: the engine, the secret, and the current framework.

    Nothing here is state that matters across processes: the framework is re-read whenever the
    database says another version became active, so several workers behave as one.
    """

    def __init__(
        self,
        container: Container,
        engine: Engine,
        *,
        session_engine: Engine | None = None,
        reading_engine: Engine | None = None,
        check_sessions_on_threads: bool | None = None,
    ) -> None:
        settings = container.settings
        self.settings = settings
        self.container = container
        self.engine = engine
        self.secret = web_secret(settings)
        self.clock = utc_now
        self._reading_engine = reading_engine
        store = store_on(engine, container, settings.framework)
        self._current: tuple[Store, Store, int | None] = (store, self._reading(store), None)
        """The store with the framework last found active, the same store for requests that
        only read, and the change stamp it was found under (None: not known)."""
        self._replaced = False
        """Set by ``disconnect``: the next store is opened afresh."""
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
        return SqlUnitOfWork(self.engine, utc_now)

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
        if self._replaced:
            self._replaced = False
            store = store_on(self.engine, self.container, self.settings.framework)
            self._current = (store, self._reading(store), changes)
            return self._current[1] if read_only else store
        if changes is None or changes != checked_at:
            looking = self._reading_engine if read_only and self._reading_engine else self.engine
            active = active_framework_id(looking)  # read after the stamp: at least as new
            if active != store.framework_version_id:
                store = store_on(self.engine, self.container, self.settings.framework)
                reading = self._reading(store)
            self._current = (store, reading, changes)  # one assignment: threads see a whole
        return reading if read_only else store

    def _reading(self, store: Store) -> Store:
        reading_engine = self._reading_engine or self.engine  # SQLite: its reads begin nothing

        def unit_of_work() -> ReadOnlyUnitOfWork:
            return ReadOnlyUnitOfWork(reading_engine, utc_now)

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

    def disconnect(self) -> None:
        """Close every pooled connection, for a database about to be replaced under the same
        name (the test suite serves each test a fresh copy this way): the pools open new ones
        when next asked, and the next store is opened afresh, reading the active framework
        from the new database whatever its id. Answers the app keeps (its response cache) are
        the app's to drop."""
        for engine in (self.engine, self._session_engine, self._reading_engine):
            if engine is not None:
                engine.dispose()
        self._replaced = True

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
    container: Container | None = None,
    check_sessions_on_threads: bool | None = None,
) -> WebRuntime:
    """Open (create and migrate on first use) the database for the web application.

    Pools: a connection for each worker thread, and a few autocommit ones for the session
    check, so no request waits for one or pays for opening one (an in-memory
    SQLite database, private to its engine, has one pool). On PostgreSQL, a third: autocommit
    connections for each worker thread, for requests that only read. ``container`` (default:
    the process's, on the settings read once) is how tests hand in cheap password hashing or a
    fake PDF renderer; ``check_sessions_on_threads`` (None: only when the database is on another
    machine) lets them choose where the session check runs.
    """
    container = container or process_container()
    url = container.settings.database(database)
    engine = make_engine(url, connections=WEB_THREADS)
    session_engine = reading_engine = None
    try:
        upgrade(engine, check_derived=True)  # figures of an earlier readiness model: rebuilt
        if not is_in_memory(engine):
            session_engine = make_engine(url, connections=WEB_LOOP_CONNECTIONS, autocommit=True)
        if engine.dialect.name == "postgresql":  # SQLite's reads begin no transaction anyway
            reading_engine = make_engine(
                url, connections=WEB_THREADS, autocommit=True, read_only=True
            )
        return WebRuntime(
            container,
            engine,
            session_engine=session_engine,
            reading_engine=reading_engine,
            check_sessions_on_threads=check_sessions_on_threads,
        )
    except BaseException:
        for opened in (engine, session_engine, reading_engine):
            if opened is not None:
                opened.dispose()
        raise


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
            store = runtime.store()
            seeded = seed_demo(store)
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
