"""Store benchmark: import, queries, backup and restore of a 100,000-person organisation.

Run with ``.venv/bin/python benchmarks/store.py [--people N] [--db sqlite|postgresql|both]``.
Prints figures; it is not a pass/fail test. Targets (issue 3): import under 60 s; one person's
gap and readiness under 10 ms; a 12-person team's heatmap under 30 ms; "who is at least 80%
ready for role X" across the organisation under 1 s; no query count that grows with the team.

The organisation is generated with a fixed seed as one archive document (the format of
``pmopath.adapters.db.archive``: columns in table order, a checksum, the current schema) and
imported with ``archive.restore`` into a fresh database: a SQLite file in a temporary folder,
and a temporary PostgreSQL database ``pmopath_bench_<pid>`` created and dropped here.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, event, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_databases import (  # noqa: E402
    DEFAULT_POSTGRES,
    database_size,
    postgres_database,
    sample_emails,
    sample_managers,
    sqlite_database,
    vacuum_analyze,
)
from benchmarks.organisation import SEED, Organisation  # noqa: E402
from benchmarks.timing import ms, timed  # noqa: E402
from pmopath.adapters import framework_files  # noqa: E402
from pmopath.adapters.db import archive  # noqa: E402
from pmopath.adapters.db.engine import alembic_config, make_engine, upgrade  # noqa: E402
from pmopath.adapters.db.insight_queries import SqlInsightQueries  # noqa: E402
from pmopath.adapters.db.tables import Base  # noqa: E402
from pmopath.bootstrap.database import open_store  # noqa: E402
from pmopath.bootstrap.files import default_framework  # noqa: E402
from pmopath.domain.framework import Framework  # noqa: E402
from pmopath.services.insight import levels as insight  # noqa: E402
from pmopath.services.people.records import person_gap  # noqa: E402
from pmopath.services.ports.store import Store  # noqa: E402


class Statements:
    """Counts the SQL statements every engine sends, while counting."""

    def __init__(self) -> None:
        self.count = 0
        event.listen(Engine, "before_cursor_execute", self._seen)

    def _seen(self, *_: Any) -> None:
        self.count += 1

    def of(self, function: Callable[[], object]) -> int:
        before = self.count
        function()
        return self.count - before


@dataclass
class Results:
    """Figures by (measure, database)."""

    rows: dict[str, dict[str, str]] = field(default_factory=dict)
    targets: dict[str, str] = field(default_factory=dict)

    def add(self, measure: str, database: str, value: str, target: str = "") -> None:
        self.rows.setdefault(measure, {})[database] = value
        if target:
            self.targets[measure] = target
        print(f"  [{database}] {measure}: {value}", flush=True)  # a stopped run still tells


@dataclass
class Bench:
    document: dict[str, Any]
    framework: Framework
    results: Results
    statements: Statements
    indexes: list[str] = field(default_factory=list)
    suffix: str = ""
    """Added to the name of every query measure (for the runs with an extra index)."""

    def note(self, measure: str, label: str, value: str, target: str = "") -> None:
        self.results.add(measure + self.suffix, label, value, target)

    def run(self, label: str, url: str, restore_url: Callable[[], Any]) -> None:
        engine = make_engine(url)
        try:
            upgrade(engine)
            seconds = timed(lambda: archive.restore(engine, self.document, replace=False)) / 1000
            self.results.add("import: archive.restore (s)", label, f"{seconds:.1f}", "< 60")
            self.results.add(
                "VACUUM ANALYZE after import, as autovacuum would (s)",
                label,
                f"{vacuum_analyze(engine):.1f}" if engine.dialect.name == "postgresql" else "-",
            )
            size = database_size(engine) / 1e6
            self.results.add("database size (MB)", label, f"{size:.0f}")
            self.queries(label, url, engine)
            self.backup_and_restore(label, engine, restore_url)
            if self.indexes:
                self.with_indexes(label, url, engine)
        finally:
            engine.dispose()

    def with_indexes(self, label: str, url: str, engine: Engine) -> None:
        """Measure the queries again with each --index toggled, in this benchmark database only.

        An index the schema lacks is created; one the schema has (same table and columns) is
        dropped, so either way the figures show what the index is worth.
        """
        changes = []
        for spec in self.indexes:
            table, columns = spec.split(":")
            existing = next(
                (
                    index.name
                    for index in Base.metadata.tables[table].indexes
                    if [c.name for c in index.columns] == columns.split(",")
                ),
                None,
            )
            name = existing or f"bench_ix_{table}_{columns.replace(',', '_')}"
            sql = (
                f"DROP INDEX {name}" if existing else f"CREATE INDEX {name} ON {table} ({columns})"
            )
            with engine.begin() as connection:
                seconds = timed(partial(connection.execute, text(sql)))
            change = f"{'without' if existing else 'with'} index {table}({columns})"
            changes.append(change)
            self.results.add(f"{change}: {sql.split(' ON ')[0]} (ms)", label, f"{seconds:.0f}")
        self.suffix = f" [{'; '.join(changes)}, in the benchmark database only]"
        try:
            self.queries(label, url, engine)
        finally:
            self.suffix = ""

    def queries(self, label: str, url: str, engine: Engine) -> None:
        store = open_store(url)
        queries = SqlInsightQueries(engine)
        framework = store.framework
        rng = random.Random(SEED + 1)  # the same people and managers on every database
        emails = sample_emails(engine, 200, rng)
        managers = sample_managers(engine, 100, rng)
        try:
            self.person_pages(label, store, queries, framework, emails)
            heatmaps = [
                timed(partial(insight.team_heatmap, queries, framework, m)) for m in managers
            ]
            self.note("team heatmap, 12 reports: median / p95 (ms)", label, ms(heatmaps), "< 30")
            calls = self.statements.of(
                lambda: insight.team_heatmap(queries, framework, managers[0])
            )
            self.note("queries per team heatmap (12 reports)", label, str(calls))
            self.organisation(label, queries, framework)
        finally:
            store.close()

    def person_pages(
        self,
        label: str,
        store: Store,
        queries: SqlInsightQueries,
        framework: Framework,
        emails: list[str],
    ) -> None:
        stored = [timed(partial(person_gap, store, e)) for e in emails]
        self.note("person gap, person_gap: median / p95 (ms)", label, ms(stored), "< 10")
        direct = [timed(partial(insight.person_readiness, queries, framework, e)) for e in emails]
        self.note(
            "person gap, insight.person_readiness: median / p95 (ms)", label, ms(direct), "< 10"
        )
        calls = self.statements.of(lambda: person_gap(store, emails[0]))
        also = self.statements.of(lambda: insight.person_readiness(queries, framework, emails[0]))
        self.note(
            "queries per person page (person_gap / person_readiness)", label, f"{calls} / {also}"
        )

    def organisation(self, label: str, queries: SqlInsightQueries, framework: Framework) -> None:
        insight.ready_for(queries, framework, framework.roles[0].id, 80)  # warm the cache once
        found: list[int] = []

        def ready(role: str) -> None:
            found.append(len(insight.ready_for(queries, framework, role, 80)))

        times = [timed(partial(ready, r.id)) for r in framework.roles]
        roles = len(framework.roles)
        self.note(f"ready_for >= 80%, {roles} roles: median / p95 (ms)", label, ms(times), "< 1000")
        self.note(
            "people >= 80% ready, per role: min / median / max",
            label,
            f"{min(found)} / {statistics.median(found):.0f} / {max(found)}",
        )

    def backup_and_restore(
        self, label: str, engine: Engine, restore_url: Callable[[], Any]
    ) -> None:
        start = time.perf_counter()
        dumped = archive.dump(engine)
        dump_s = time.perf_counter() - start
        same = dumped["sha256"] == self.document["sha256"]
        serialised = json.dumps(dumped, ensure_ascii=False, separators=(",", ":"))
        total_s = time.perf_counter() - start
        del dumped
        gc.collect()
        self.results.add("backup: dump + JSON (s)", label, f"{dump_s:.1f} + {total_s - dump_s:.1f}")
        self.results.add(
            "backup size (MB); same checksum as the import",
            label,
            f"{len(serialised) / 1e6:.0f}; {'yes' if same else 'NO'}",
        )
        with restore_url() as url:
            target = make_engine(url)
            try:
                upgrade(target)
                start = time.perf_counter()
                loaded = json.loads(serialised)
                del serialised
                parse_s = time.perf_counter() - start
                archive.check_archive(loaded, "<backup>")
                check_s = time.perf_counter() - start - parse_s
                archive.restore(target, loaded, replace=False)
                restore_s = time.perf_counter() - start - parse_s - check_s
            finally:
                target.dispose()
        figures = f"{parse_s:.1f} + {check_s:.1f} + {restore_s:.1f}"
        self.results.add("restore: JSON parse + check + archive.restore (s)", label, figures)


def build_document(size: int, results: Results) -> tuple[dict[str, Any], Framework]:
    text_form = framework_files.default_framework_text()
    parsed = framework_files.framework_data(text_form, "<pmopath>/default_framework.yaml")
    content = json.loads(json.dumps(parsed))  # as a JSON column gives it back: keys are text
    framework = default_framework()
    start = time.perf_counter()
    tables = Organisation(framework, size).build(content, framework_files.content_hash(parsed))
    built = time.perf_counter() - start
    checksum = archive._canonical_hash(tables)
    hashed = time.perf_counter() - start - built
    counts = ", ".join(f"{name} {len(t['rows']):,}" for name, t in tables.items() if t["rows"])
    results.add("generate organisation + checksum (s)", "all", f"{built:.1f} + {hashed:.1f}")
    Console().print(f"[bold]{size:,} people[/bold]: {counts}")
    head = ScriptDirectory.from_config(alembic_config(make_engine("sqlite://"))).get_current_head()
    document = {
        "format": archive.FORMAT,
        "version": archive.VERSION,
        "schema": head,
        "tables": tables,
        "sha256": checksum,
    }
    return document, framework


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=100_000, help="organisation size")
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument(
        "--index",
        action="append",
        default=[],
        metavar="TABLE:COLUMN,COLUMN",
        help="after the plain run, measure the queries again with this index created (or, when "
        "the schema has it, dropped) in the benchmark database only (repeatable)",
    )
    parser.add_argument(
        "--postgresql-url",
        default=os.environ.get("PMOPATH_BENCH_POSTGRES_URL", DEFAULT_POSTGRES),
        help="a database to connect to for creating the benchmark's own",
    )
    args = parser.parse_args()
    # Stopped with SIGTERM, still drop the temporary database and folder on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    results = Results()
    document, framework = build_document(args.people, results)
    bench = Bench(document, framework, results, Statements(), args.index)
    name = f"pmopath_bench_{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix="pmopath_bench_") as folder:
        if args.db in ("sqlite", "both"):
            with sqlite_database(Path(folder), "bench") as url:
                bench.run("SQLite", url, lambda: sqlite_database(Path(folder), "restored"))
        if args.db in ("postgresql", "both"):
            with postgres_database(args.postgresql_url, name) as url:
                bench.run(
                    "PostgreSQL",
                    url,
                    lambda: postgres_database(args.postgresql_url, f"{name}_restore"),
                )
    print_results(results, args.people)


def print_results(results: Results, size: int) -> None:
    table = Table(title=f"PMO Pathways store benchmark: {size:,} people")
    databases = ["all", "SQLite", "PostgreSQL"]
    present = [d for d in databases if any(d in row for row in results.rows.values())]
    for heading in ("measure", "target", *present):
        table.add_column(heading)
    for measure, figures in results.rows.items():
        table.add_row(
            measure, results.targets.get(measure, ""), *(figures.get(d, "") for d in present)
        )
    Console(width=200).print(table)


if __name__ == "__main__":
    main()
