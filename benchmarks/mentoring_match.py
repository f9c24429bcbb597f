"""Mentoring benchmark: matching 1,000 mentees to 300 mentors (issue 18: under 2 s).

Run with ``.venv/bin/python benchmarks/mentoring_match.py [--people N] [--db sqlite|postgresql|both]
[--runs N]``. Prints figures; it is not a pass/fail test.

The organisation is the store benchmark's (benchmarks/organisation.py: people in teams of 12,
three assessments each, targets and plans), restored into each database. 300 people who hold
competencies at level 4 or more offer to mentor up to three of them, with one to five places
each; 1,000 others, chosen with a fixed seed, are matched. Measured, median and p95 over
``--runs``: the whole use case as an admin runs it (``match_people``: levels, targets and
management chains read from the database, each mentee's gaps by the engine, the assignment
solved through the port) and the solve alone (scipy's ``linear_sum_assignment`` on the
capacitated problem), with the problem's size.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_databases import (  # noqa: E402
    DEFAULT_POSTGRES,
    postgres_database,
    sqlite_database,
    vacuum_analyze,
)
from benchmarks.store import Results, build_document  # noqa: E402
from benchmarks.timing import ms  # noqa: E402
from pmopath.adapters.assignment import ScipyAssignment  # noqa: E402
from pmopath.adapters.db import archive  # noqa: E402
from pmopath.adapters.db.engine import make_engine, upgrade  # noqa: E402
from pmopath.bootstrap.database import open_store  # noqa: E402
from pmopath.domain.mentoring import OFFER_LEVEL, Offer  # noqa: E402
from pmopath.services.mentoring import matching  # noqa: E402
from pmopath.services.ports.assignment import AssignmentProblem  # noqa: E402

SEED = 20261207
MENTORS = 300
MENTEES = 1_000
TARGET_MS = 2_000


class CountingSolver:
    """The real adapter, remembering the last problem's size and its solve time."""

    def __init__(self) -> None:
        self.inner = ScipyAssignment()
        self.last: tuple[int, int, int, float] = (0, 0, 0, 0.0)

    def assign(self, problem: AssignmentProblem) -> list[tuple[int, int]]:
        start = time.perf_counter()
        pairs = self.inner.assign(problem)
        seconds = time.perf_counter() - start
        self.last = (problem.row_count, sum(problem.capacity), len(problem.rows), seconds)
        return pairs


def seed_offers(url: str, rng: random.Random) -> list[int]:
    """300 offers from people holding level 4 or more; return the mentees to match."""
    store = open_store(url)
    try:
        with store.unit_of_work() as uow:
            people = uow.people.everyone()
            ids = [p.id for p in people if p.id is not None]
            rng.shuffle(ids)
            levels = uow.mentoring.current_levels_of(ids[:5_000])
            mentors = []
            for pid in ids[:5_000]:
                strong = sorted(c for c, v in levels.get(pid, {}).items() if v >= OFFER_LEVEL)
                if strong and len(mentors) < MENTORS:
                    offered = tuple(rng.sample(strong, min(3, len(strong))))
                    now = datetime.now(UTC)
                    uow.mentoring.save_offer(Offer(pid, offered, rng.randint(1, 5), "", now))
                    mentors.append(pid)
            uow.commit()
        chosen = set(mentors)
        return [pid for pid in ids[5_000:] if pid not in chosen][:MENTEES]
    finally:
        store.close()


def load(label: str, url: str, document: dict[str, object], results: Results) -> list[int]:
    """Restore the organisation, add the offers; return the mentees."""
    engine = make_engine(url)
    try:
        upgrade(engine)
        start = time.perf_counter()
        archive.restore(engine, document, replace=False)  # type: ignore[arg-type]
        results.add("import: archive.restore (s)", label, f"{time.perf_counter() - start:.1f}")
        mentees = seed_offers(url, random.Random(SEED))
        if engine.dialect.name == "postgresql":
            vacuum_analyze(engine)
    finally:
        engine.dispose()
    return mentees


def measure(label: str, url: str, mentees: list[int], runs: int, results: Results) -> None:
    solver = CountingSolver()
    base = open_store(url)
    ports = _with_solver(base.ports, solver)
    store = base.__class__(
        base.unit_of_work,
        base.framework,
        base.framework_version_id,
        base.clock,
        ports,
        base.insight,
        base.close,
    )
    whole: list[float] = []
    solves: list[float] = []
    proposals = 0
    try:
        for _ in range(runs + 1):  # the first run loads numpy and scipy: left out
            start = time.perf_counter()
            with store.unit_of_work() as uow:
                people = list(uow.people.by_ids(mentees).values())
                result = matching.match_people(store, uow, people)
            whole.append((time.perf_counter() - start) * 1000)
            solves.append(solver.last[3] * 1000)
            proposals = len(result.proposals)
    finally:
        store.close()
    rows, places, pairs, _ = solver.last
    results.add("mentees x places (allowed pairs)", label, f"{rows:,} x {places:,} ({pairs:,})")
    results.add("proposals", label, f"{proposals:,}")
    results.add(
        "match_people, whole use case (ms, median / p95)", label, ms(whole[1:]), f"< {TARGET_MS:,}"
    )
    results.add("the assignment alone, scipy (ms, median / p95)", label, ms(solves[1:]))


def _with_solver(ports: object, solver: CountingSolver) -> object:
    class Ports:
        def __getattr__(self, name: str) -> object:
            return solver if name == "assignment" else getattr(ports, name)

    return Ports()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=20_000, help="organisation size")
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--postgresql-url",
        default=os.environ.get("PMOPATH_BENCH_POSTGRES_URL", DEFAULT_POSTGRES),
        help="a database to connect to for creating the benchmark's own",
    )
    args = parser.parse_args()
    results = Results()
    document, _ = build_document(args.people, results)
    name = f"pmopath_bench_mentoring_{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix="pmopath_bench_") as folder, ExitStack() as held:
        loaded = []
        if args.db in ("sqlite", "both"):
            url = held.enter_context(sqlite_database(Path(folder), "bench"))
            loaded.append(("SQLite", url, load("SQLite", url, document, results)))
        if args.db in ("postgresql", "both"):
            url = held.enter_context(postgres_database(args.postgresql_url, name))
            loaded.append(("PostgreSQL", url, load("PostgreSQL", url, document, results)))
        # The generated organisation (millions of objects) would make every garbage collection
        # during the runs scan it; a server process holds no such thing.
        del document
        gc.collect()
        for label, url, mentees in loaded:
            measure(label, url, mentees, args.runs, results)
    table = Table(
        title=f"Mentoring: {MENTEES:,} mentees, {MENTORS} mentors, {args.people:,} people"
    )
    present = [
        d for d in ("all", "SQLite", "PostgreSQL") if any(d in r for r in results.rows.values())
    ]
    for heading in ("measure", "target", *present):
        table.add_column(heading)
    for measure_name, figures in results.rows.items():
        table.add_row(
            measure_name,
            results.targets.get(measure_name, ""),
            *(figures.get(d, "") for d in present),
        )
    Console(width=160).print(table)


if __name__ == "__main__":
    main()
