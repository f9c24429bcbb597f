"""Writers of one SQLite database take turns at a gate the operating system keeps, instead of
sleeping in SQLite's busy handler.

SQLite lets one connection write at a time. A connection that finds another writing waits in
SQLite's busy handler, which sleeps and tries again: 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50
ms, then 100 ms at a time, however soon the writer finishes; with a dozen writers waiting, the
unlucky ones sleep through many turns. Under the web benchmark's writing mix (32 clients, two
worker processes) writes of 3-5 ms waited up to 800 ms that way (p99).

So, before a connection's first writing statement (one beginning INSERT, UPDATE, DELETE,
REPLACE or DDL; the driver begins its transaction there), it takes its turn: first the engine's
lock in this process, where waiting threads are woken as soon as it is released (in no
particular order), then an exclusive ``flock`` on the file ``<database>-writers``, which every
engine of every process takes the same way (one thread per engine and process waits for that,
trying every half millisecond to two). The turn is given back when the connection goes back to
the pool, its transaction over. SQLite's lock stays the guard: a writer that does not come
through here (a statement beginning otherwise, such as ``WITH ... INSERT``; the driver's cursor
used directly before any statement that came through; another program) is waited for by the
busy handler as before, and a thread that already holds a turn writes on another connection
without a second one (it would wait for itself). Should the lock file not open (a directory
this user may not write to), the engine's lock alone serves.

A writer that has not had its turn within the busy timeout fails as SQLite would ("database is
locked", a Conflict to the caller). A statement executed with the execution option
``wait_for_writers=False`` (the session check's touch, which runs on the event loop) takes its
turn at once or fails at once.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import time
import weakref
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.pool import ConnectionPoolEntry

try:
    import fcntl
except ImportError:  # not a POSIX system: the process's lock alone
    fcntl = None  # type: ignore[assignment]

WRITING = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")
_TURN = "pmopath_writer_turn"
_log = logging.getLogger(__name__)
_FIRST_PAUSE, _LONGEST_PAUSE = 0.0005, 0.002


class WriterGate:
    """The turns of one database's writers, for one engine's connections (see the module
    docstring). ``attach`` it to the engine."""

    def __init__(self, database: Path, timeout: float) -> None:
        self.database = database
        self.lock_file = database.with_name(database.name + "-writers")
        self.timeout = timeout
        self._process = threading.Lock()
        self._descriptor: int | None = None
        self._opened_by = 0

    def attach(self, engine: Engine) -> None:
        event.listen(engine, "before_cursor_execute", self._before_execute)
        for name in ("checkin", "close", "detach"):
            event.listen(engine.pool, name, self._give_back)

    def _before_execute(
        self,
        conn: Any,
        cursor: object,
        statement: str,
        parameters: object,
        context: Any,
        many: bool,
    ) -> None:
        info = conn.info
        if _TURN in info or not statement.lstrip()[:7].upper().startswith(WRITING):
            return
        if _holders.get(threading.get_ident()):
            return  # this thread writes elsewhere already: SQLite's busy handler, as before
        wait = context.execution_options.get("wait_for_writers", True) if context else True
        self._take(wait)
        info[_TURN] = threading.get_ident()
        _held(info[_TURN], +1)

    def _give_back(self, _dbapi: object, record: ConnectionPoolEntry) -> None:
        holder = record.info.pop(_TURN, None)
        if holder is None:
            return
        _held(holder, -1)
        try:
            if fcntl is not None and self._descriptor is not None:
                fcntl.flock(self._descriptor, fcntl.LOCK_UN)
        finally:
            self._process.release()

    def _take(self, wait: bool) -> None:
        deadline = time.monotonic() + self.timeout
        if not self._process.acquire(timeout=self.timeout if wait else 0):
            raise _busy()
        try:
            self._take_file(wait, deadline)
        except BaseException:
            self._process.release()
            raise

    def _take_file(self, wait: bool, deadline: float) -> None:
        if fcntl is None:
            return
        descriptor = self._file()
        if descriptor is None:
            return
        pause = _FIRST_PAUSE
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if not wait or time.monotonic() >= deadline:
                    raise _busy() from None
            time.sleep(pause)
            pause = min(pause * 2, _LONGEST_PAUSE)

    def _file(self) -> int | None:
        """The lock file, opened once by each process (a forked child opens its own: a shared
        descriptor would share the lock) with the database file's permissions, as SQLite gives
        its own -wal and -shm files, and closed with the gate; None if it cannot be opened."""
        if self._opened_by != os.getpid():
            self._opened_by, self._descriptor = os.getpid(), None
            try:
                permissions = self.database.stat().st_mode & 0o666
            except OSError:
                permissions = 0o600
            try:
                descriptor = os.open(self.lock_file, os.O_RDWR | os.O_CREAT, permissions)
            except OSError as error:
                _log.warning("writers take turns in this process only: %s", error)
                return None
            with contextlib.suppress(OSError):  # another user's file keeps its own
                os.fchmod(descriptor, permissions)
            self._descriptor = descriptor
            weakref.finalize(self, os.close, descriptor)
        return self._descriptor


def attach_writer_gate(engine: Engine, database: str, timeout: float) -> None:
    """Have the writers of ``engine`` (a SQLite file database) take turns at the gate."""
    WriterGate(Path(database), timeout).attach(engine)


def _busy() -> sqlite3.OperationalError:
    return sqlite3.OperationalError("database is locked: another connection is writing")


_holders: dict[int, int] = {}
_holders_lock = threading.Lock()


def _held(thread: int, change: int) -> None:
    """How many turns each thread holds (a turn may be given back on another thread, as when a
    connection is collected)."""
    with _holders_lock:
        count = _holders.get(thread, 0) + change
        if count:
            _holders[thread] = count
        else:
            _holders.pop(thread, None)
