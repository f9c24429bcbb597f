"""Leader's view benchmark: capability coverage, succession and programme KPIs on the
100,000-person organisation, for the whole organisation and for 12-person teams.

Run with ``.venv/bin/python benchmarks/leader.py [--people N] [--db sqlite|postgresql|both]
[--runs 20]``. Prints median / p95 per answer; it is not a pass/fail test. Targets (issue 18):
each of the three for the whole organisation under 1 s p95, for a 12-person team under 50 ms.

The organisation is the store benchmark's (``benchmarks/organisation.py``, the same seed),
imported with ``archive.restore`` (which builds the readiness figures and their band months).
Each answer is what its page and API compute: the service call and the response model, as the
local operator (an admin) for the whole organisation, and with ``manager=`` a manager of
exactly 12 direct reports (none of whom manage anyone) for a team. The database is read into
memory first (``database_prewarm``), as for the web benchmark: a running server's is. KPIs are
measured over the organisation's last year (to its generator's ``TODAY``) and its last quarter,
each beside the period before. ``--existing`` measures an organisation imported before (the
import is the slow part: minutes).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import signal
import sys
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_databases import (  # noqa: E402
    DEFAULT_POSTGRES,
    postgres_database,
    sample_team_leads,
    sqlite_database,
    vacuum_analyze,
)
from benchmarks.database_prewarm import read_into_memory  # noqa: E402
from benchmarks.organisation import SEED, TODAY  # noqa: E402
from benchmarks.store import Results, build_document  # noqa: E402
from benchmarks.timing import ms, timed  # noqa: E402
from pmopath.adapters.db import archive  # noqa: E402
from pmopath.adapters.db.engine import make_engine, upgrade  # noqa: E402
from pmopath.bootstrap.database import open_store  # noqa: E402
from pmopath.domain.permissions import SYSTEM  # noqa: E402
from pmopath.services.insight import coverage, leader_views, programme, succession  # noqa: E402
from pmopath.services.ports.store import Store  # noqa: E402


def answers(store: Store, manager: str | None) -> dict[str, Callable[[], object]]:
    """The answers measured, each as its page and API compute it."""
    today = store.clock().date()
    year = (TODAY - timedelta(days=364), TODAY)
    quarter = (TODAY - timedelta(days=89), TODAY)

    def kpis(period: tuple[date, date]) -> object:
        found = programme.programme_kpis(
            store, SYSTEM, today, start=period[0], end=period[1], manager=manager
        )
        return leader_views.kpis_data(found)

    return {
        "capability coverage": lambda: leader_views.coverage_data(
            coverage.capability_coverage(store, SYSTEM, today, manager=manager), store.framework
        ),
        "succession": lambda: leader_views.succession_data(
            succession.succession(store, SYSTEM, manager=manager)
        ),
        "KPIs, a quarter": partial(kpis, quarter),
        "KPIs, a year": partial(kpis, year),
    }


def measure(
    label: str, url: str, document: dict[str, object] | None, runs: int, results: Results
) -> None:
    """Import ``document`` into the empty database at ``url`` (None: measure the organisation
    already there), then time each answer."""
    engine = make_engine(url)
    try:
        upgrade(engine, check_derived=True)
        if document is not None:
            seconds = timed(lambda: archive.restore(engine, document, replace=False)) / 1000
            results.add("import: archive.restore (s)", label, f"{seconds:.1f}")
            if engine.dialect.name == "postgresql":
                results.add("VACUUM ANALYZE (s)", label, f"{vacuum_analyze(engine):.1f}")
        managers = sample_team_leads(engine, runs, random.Random(SEED + 2))
    finally:
        engine.dispose()
    read_into_memory(url)  # as a server that has been running a while: no first reads from disk
    store = open_store(url)
    try:
        for answer in answers(store, managers[0] if managers else None).values():
            answer()  # the first calls parse and warm, as a server's first requests
        gc.collect()
        gc.freeze()  # as each server worker does once started (web/server.py)
        for name, answer in answers(store, None).items():
            answer()
            times = [timed(answer) for _ in range(runs)]
            results.add(
                f"{name}, whole organisation: median / p95 (ms)", label, ms(times), "< 1000"
            )
        teams: dict[str, list[float]] = {}
        for manager in managers:
            for name, answer in answers(store, manager).items():
                teams.setdefault(name, []).append(timed(answer))
        for name, times in teams.items():
            results.add(f"{name}, 12-person team: median / p95 (ms)", label, ms(times), "< 50")
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=100_000, help="organisation size")
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--runs", type=int, default=20, help="timed calls per answer")
    parser.add_argument(
        "--postgresql-url",
        default=os.environ.get("PMOPATH_BENCH_POSTGRES_URL", DEFAULT_POSTGRES),
        help="a database to connect to for creating the benchmark's own",
    )
    parser.add_argument(
        "--existing",
        action="append",
        default=[],
        metavar="LABEL=URL",
        help="measure an organisation already imported (by an earlier run kept with this "
        "script's generator), skipping the import (repeatable)",
    )
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    results = Results()
    if args.existing:
        for given in args.existing:
            label, _, url = given.partition("=")
            measure(label, url, None, args.runs, results)
        show(results, args.people)
        return
    document, _ = build_document(args.people, results)
    name = f"pmopath_bench_leader_{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix="pmopath_bench_") as folder:
        if args.db in ("sqlite", "both"):
            with sqlite_database(Path(folder), "leader") as url:
                measure("SQLite", url, document, args.runs, results)
        if args.db in ("postgresql", "both"):
            with postgres_database(args.postgresql_url, name) as url:
                measure("PostgreSQL", url, document, args.runs, results)
    show(results, args.people)


def show(results: Results, people: int) -> None:
    table = Table(title=f"Leader's view: {people:,} people")
    rows = results.rows.values()
    present = [d for d in ("all", "SQLite", "PostgreSQL") if any(d in r for r in rows)]
    for heading in ("measure", "target", *present):
        table.add_column(heading)
    for measure_name, figures in results.rows.items():
        target = results.targets.get(measure_name, "")
        table.add_row(measure_name, target, *(figures.get(d, "") for d in present))
    Console(width=200).print(table)


if __name__ == "__main__":
    main()
