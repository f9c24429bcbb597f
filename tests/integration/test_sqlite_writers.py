"""SQLite writers take turns at the writer gate (adapters/db/sqlite_writers.py), not in SQLite's
busy handler: these tests turn the busy handler off (busy_timeout 0, so SQLite itself would
refuse a second writer at once) and see the gate hand the turns out, within a process and
across processes."""

from __future__ import annotations

import gc
import os
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, text
from sqlalchemy.exc import OperationalError

from pmopath.adapters.db import engine as engine_module
from pmopath.adapters.db.engine import make_engine


def impatient(url: str) -> Engine:
    """An engine whose connections never wait in SQLite's busy handler."""
    engine = make_engine(url)

    @event.listens_for(engine, "connect")
    def _no_busy_handler(connection: object, _record: object) -> None:
        connection.execute("PRAGMA busy_timeout = 0")  # type: ignore[attr-defined]

    return engine


def write_on_another_thread(
    engine: Engine, statement: str, options: dict[str, object] | None = None
) -> tuple[list[OperationalError], float]:
    """Run a writing statement on a thread of its own (the thread holding a turn would not wait
    for itself): what it raised, and how long it took."""
    seen: list[OperationalError] = []

    def write() -> None:
        try:
            with engine.begin() as connection:
                connection.execute(text(statement), execution_options=options or {})
        except OperationalError as error:
            seen.append(error)

    started = time.monotonic()
    thread = threading.Thread(target=write)
    thread.start()
    thread.join(timeout=20)
    return seen, time.monotonic() - started


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'gate.db'}"
    setup = make_engine(url)
    with setup.begin() as connection:
        connection.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
    setup.dispose()
    yield url


def test_writers_on_many_threads_and_engines_take_turns(url: str) -> None:
    engines = [impatient(url), impatient(url)]  # two gates: their turns meet at the lock file
    errors: list[BaseException] = []

    def write(engine: Engine, worker: int) -> None:
        for n in range(10):
            try:
                with engine.begin() as connection:
                    connection.execute(text("INSERT INTO notes (body) VALUES (:b)"), {"b": n})
                    time.sleep(0.001)  # a turn held for a while
                    connection.execute(
                        text("UPDATE notes SET body = :b WHERE id = (SELECT max(id) FROM notes)"),
                        {"b": f"{worker}-{n}"},
                    )
            except OperationalError as error:
                errors.append(error)

    threads = [threading.Thread(target=write, args=(engines[i % 2], i)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors[0]
    with engines[0].connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM notes")) == 80
    for engine in engines:
        engine.dispose()


def test_the_turn_comes_back_when_the_connection_goes_back_to_the_pool(url: str) -> None:
    first, second = impatient(url), impatient(url)
    with first.connect() as connection:
        connection.execute(text("INSERT INTO notes (body) VALUES ('rolled back')"))
        connection.rollback()
    with pytest.raises(RuntimeError), first.begin() as connection:
        connection.execute(text("INSERT INTO notes (body) VALUES ('failed')"))
        raise RuntimeError("the use case failed")
    with second.begin() as connection:  # not waited for: no turn is left held
        connection.execute(
            text("INSERT INTO notes (body) VALUES ('written')"),
            execution_options={"wait_for_writers": False},
        )
    with second.connect() as connection:
        assert connection.scalars(text("SELECT body FROM notes")).all() == ["written"]


def test_a_writer_kept_waiting_past_the_busy_timeout_fails_as_sqlite_would(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)
    holder, waiter = impatient(url), impatient(url)
    with holder.begin() as held:
        held.execute(text("INSERT INTO notes (body) VALUES ('held')"))
        seen, waited = write_on_another_thread(
            waiter, "INSERT INTO notes (body) VALUES ('too late')"
        )
    assert len(seen) == 1
    assert "locked" in str(seen[0].orig)  # what the unit of work answers as a Conflict
    assert 0.2 <= waited < 2


def test_a_writer_that_will_not_wait_fails_at_once(url: str) -> None:
    """The session check's touch, on the event loop, takes its turn now or not at all."""
    holder, toucher = impatient(url), make_engine(url)  # the toucher's busy timeout: 10 s
    with holder.begin() as held:
        held.execute(text("INSERT INTO notes (body) VALUES ('held')"))
        seen, waited = write_on_another_thread(
            toucher, "UPDATE notes SET body = 'touched'", {"wait_for_writers": False}
        )
        assert waited < 1
    assert len(seen) == 1
    assert "locked" in str(seen[0].orig)


def test_a_thread_holding_a_turn_does_not_wait_for_itself(url: str) -> None:
    """A connection that wrote and committed but is not back in the pool yet still holds its
    turn; the same thread writing on another connection goes on (SQLite's lock is free)."""
    first, second = impatient(url), impatient(url)
    with first.connect() as connection:
        connection.execute(text("INSERT INTO notes (body) VALUES ('one')"))
        connection.commit()
        with second.begin() as other:
            other.execute(text("INSERT INTO notes (body) VALUES ('two')"))
    with second.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM notes")) == 2


HOLDER = """
import sys, time
from sqlalchemy import text
from pmopath.adapters.db.engine import make_engine
engine = make_engine(sys.argv[1])
with engine.begin() as connection:
    connection.execute(text("INSERT INTO notes (body) VALUES ('other process')"))
    print("holding", flush=True)
    time.sleep(0.5)
print("done", flush=True)
"""


def test_a_writer_in_another_process_is_waited_for_at_the_gate(url: str) -> None:
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, url], stdout=subprocess.PIPE, text=True
    ) as child:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "holding"
        started = time.monotonic()
        engine = impatient(url)  # SQLite alone would refuse this writer at once
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO notes (body) VALUES ('this process')"))
        waited = time.monotonic() - started
        with engine.connect() as connection:
            bodies = connection.scalars(text("SELECT body FROM notes ORDER BY id")).all()
        assert child.stdout.read().strip() == "done"
    assert bodies == ["other process", "this process"]
    assert waited >= 0.2


def test_the_lock_file_takes_the_databases_permissions_and_closes_with_its_engine(
    url: str, tmp_path: Path
) -> None:
    database = tmp_path / "gate.db"
    database.chmod(0o660)  # a database a group of users writes to
    opened = len(os.listdir("/proc/self/fd"))
    for _ in range(20):
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO notes (body) VALUES ('x')"))
        engine.dispose()
        del engine
    gc.collect()
    assert len(os.listdir("/proc/self/fd")) <= opened + 2  # not one more per engine
    assert stat.S_IMODE((tmp_path / "gate.db-writers").stat().st_mode) == 0o660


def test_writers_still_write_when_the_lock_file_cannot_be_opened(url: str, tmp_path: Path) -> None:
    lock_file = tmp_path / "gate.db-writers"
    lock_file.unlink()
    lock_file.mkdir()  # in the way: not a file
    engine = impatient(url)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO notes (body) VALUES ('written')"))
    with engine.connect() as connection:
        assert connection.scalars(text("SELECT body FROM notes")).all() == ["written"]
    engine.dispose()
