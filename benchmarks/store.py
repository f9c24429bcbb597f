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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pmopath.adapters import framework_files  # noqa: E402
from pmopath.adapters.db import archive  # noqa: E402
from pmopath.adapters.db.engine import alembic_config, make_engine, upgrade  # noqa: E402
from pmopath.adapters.db.insight_queries import SqlInsightQueries  # noqa: E402
from pmopath.adapters.db.tables import Base  # noqa: E402
from pmopath.bootstrap.database import open_store  # noqa: E402
from pmopath.bootstrap.files import default_framework  # noqa: E402
from pmopath.domain.assessment import Assessment  # noqa: E402
from pmopath.domain.framework import Framework  # noqa: E402
from pmopath.engine.readiness import analyse_gap  # noqa: E402
from pmopath.services.insight import levels as insight
from pmopath.services.people.records import person_gap
from pmopath.services.ports.store import Store

SEED = 20261122
TODAY = date(2026, 11, 1)
FIRST_ASSESSMENT = datetime(2024, 11, 2, 9, 0, tzinfo=UTC)  # three assessments over two years
TEAM_SIZE = 12
PLAN_SHARE = 0.2
PLAN_STATUSES = ["draft", "submitted", "agreed", "agreed", "changes_requested", "closed"]
ITEM_STATUSES = ["planned", "in_progress", "in_progress", "done"]
FIRST_NAMES = "Ada Ben Cara Dev Ema Finn Gita Hugo Ines Jon Kemi Liam Mei Nils Ola Priya Quin Rosa"
LAST_NAMES = "Adams Baker Chen Diaz Evans Fischer Garcia Haddad Ito Jones Khan Lopez Novak Okafor"
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


# ---- the organisation, as an archive document ------------------------------------------------


def _stamp(moment: datetime) -> str:
    return moment.isoformat()


def _lowered(levels: list[int], drops: list[int]) -> list[int]:
    """Earlier levels: the same or lower, never below 0."""
    return [max(0, level - drop) for level, drop in zip(levels, drops, strict=True)]


@dataclass
class Organisation:
    """Builds every table's rows, in the archive's column order, with one seeded generator."""

    framework: Framework
    size: int
    rng: random.Random = field(default_factory=lambda: random.Random(SEED))
    tables: dict[str, list[list[Any]]] = field(default_factory=dict)
    role_of: list[str] = field(default_factory=list)
    manager_of: list[int | None] = field(default_factory=list)
    levels_of: list[dict[str, int]] = field(default_factory=list)

    def row(self, table: str, *values: Any) -> None:
        self.tables.setdefault(table, []).append(list(values))

    def build(self, content: dict[str, Any], content_hash: str) -> dict[str, Any]:
        """Return the archive's ``tables``: {name: {"columns": [...], "rows": [...]}}."""
        stored_at = _stamp(FIRST_ASSESSMENT - timedelta(days=30))
        framework = self.framework
        self.row("framework_versions", 1, framework.id, framework.name, framework.version)
        self.tables["framework_versions"][0] += [content_hash, content, stored_at, True]
        self.people()
        self.assessments()
        self.targets_and_plans()
        tables = {}
        for table in archive._tables():
            columns = [c.name for c in table.columns]
            rows = self.tables.get(table.name, [])
            if rows and len(rows[0]) != len(columns):  # the schema moved: update the generator
                raise SystemExit(f"{table.name}: generated {len(rows[0])} of {columns}")
            tables[table.name] = {"columns": columns, "rows": rows}
        return tables

    def pick_role(self, depth: int, manages: bool) -> str:
        """Senior roles near the top and for managers; every role somewhere."""
        roles = self.framework.roles
        if depth == 0:
            return "chief_project_officer"
        if manages:
            floor = 5 if depth == 1 else 4 if depth == 2 else 3
            return self.rng.choice([r.id for r in roles if r.seniority >= floor])
        return self.rng.choice(roles).id

    def people(self) -> None:
        """People 1..N in breadth-first order: person i reports to (i - 2) // 12 + 1."""
        first, last = FIRST_NAMES.split(), LAST_NAMES.split()
        managers = (self.size - 2) // TEAM_SIZE + 1
        depth = [0] * (self.size + 1)
        self.role_of, self.manager_of = [""], [None]
        created = _stamp(FIRST_ASSESSMENT - timedelta(days=30))
        for pid in range(1, self.size + 1):
            manager = (pid - 2) // TEAM_SIZE + 1 if pid > 1 else None
            depth[pid] = depth[manager] + 1 if manager else 0
            role = self.pick_role(depth[pid], pid <= managers)
            since = TODAY - timedelta(days=self.rng.randint(60, 2200))
            given, family = self.rng.choice(first), self.rng.choice(last)
            team = f"team-{manager:05d}" if manager else "executive"
            email = f"{given}.{family}.{pid}@example.org".lower()
            self.row("people", pid, email, f"{given} {family}", role, since.isoformat())
            self.tables["people"][-1] += [manager, team, created, created, None]
            self.role_of.append(role)
            self.manager_of.append(manager)
            self.history(pid, role, since)

    def history(self, pid: int, role: str, since: date) -> None:
        before = [t.source for t in self.framework.transitions_to(role)]
        if before and self.rng.random() < 0.6:
            started = since - timedelta(days=self.rng.randint(365, 1500))
            spell = len(self.tables.get("role_history", [])) + 1
            self.row("role_history", spell, pid, self.rng.choice(before), started.isoformat())
            self.tables["role_history"][-1].append(since.isoformat())
        spell = len(self.tables.get("role_history", [])) + 1
        self.row("role_history", spell, pid, role, since.isoformat(), None)

    def assessments(self) -> None:
        """Self, manager, self over two years; every competency each time; newest is current."""
        # In primary-key order, as a backup lists them, so that backing up gives the same rows.
        competencies = sorted(c.id for c in self.framework.competencies)
        top, count = self.framework.scale.maximum, len(competencies)
        rows: list[list[Any]] = []
        levels_rows: list[list[Any]] = []
        current: list[list[Any]] = []
        self.levels_of = [{}]
        for pid in range(1, self.size + 1):
            required = self.framework.role(self.role_of[pid]).required_levels
            drift = self.rng.choices([-2, -1, -1, 0, 0, 0, 1], k=count)
            base = [required.get(c, 1) for c in competencies]
            latest = [min(top, max(0, b + d)) for b, d in zip(base, drift, strict=True)]
            middle = _lowered(latest, self.rng.choices([0, 0, 1], k=count))
            oldest = _lowered(middle, self.rng.choices([0, 1], k=count))
            manager = self.manager_of[pid]
            for step, (source, assessor, values) in enumerate(
                (("self", pid, oldest), ("manager", manager, middle), ("self", pid, latest))
            ):
                aid = len(rows) + 1
                at = FIRST_ASSESSMENT + timedelta(days=350 * step + self.rng.randint(0, 20))
                stamp = _stamp(at.replace(hour=self.rng.randint(8, 17)))
                rows.append([aid, pid, 1, source, assessor, stamp, ""])
                levels_rows.extend([aid, c, v] for c, v in zip(competencies, values, strict=True))
            current.extend(
                [pid, c, v, aid, stamp] for c, v in zip(competencies, latest, strict=True)
            )
            self.levels_of.append(dict(zip(competencies, latest, strict=True)))
        self.tables["assessments"] = rows
        self.tables["assessment_levels"] = levels_rows
        self.tables["current_levels"] = current

    def targets_and_plans(self) -> None:
        for pid in range(1, self.size + 1):
            onward = [t.target for t in self.framework.transitions_from(self.role_of[pid])]
            target = self.rng.choice(onward or [r.id for r in self.framework.roles])
            created = _stamp(FIRST_ASSESSMENT + timedelta(days=self.rng.randint(0, 700)))
            self.row("targets", pid, pid, target, True, created)
            if self.rng.random() < PLAN_SHARE:
                self.plan(pid, target)

    def plan(self, pid: int, target: str) -> None:
        plan_id = len(self.tables.get("plans", [])) + 1
        status = self.rng.choice(PLAN_STATUSES)
        created = FIRST_ASSESSMENT + timedelta(days=self.rng.randint(360, 600))
        agreed = status in ("agreed", "closed")
        manager = self.manager_of[pid] if agreed else None
        agreed_at = _stamp(created + timedelta(days=14)) if manager else None
        self.row("plans", plan_id, pid, target, 1, 1, self.rng.randint(1, 3), status, "")
        self.tables["plans"][-1] += [
            manager,
            agreed_at,
            _stamp(created),
            _stamp(created),
            "quarterly",  # review cadence
        ]
        analysis = analyse_gap(
            self.framework, self.framework.role(target), Assessment(self.levels_of[pid])
        )
        gaps = sorted(analysis.open_gaps, key=lambda g: -g.gap)[: self.rng.randint(3, 6)]
        items = [self.item(plan_id, gap.competency, gap.required, created) for gap in gaps]
        for number in range(self.rng.randint(1, 3)):
            held = created.date() + timedelta(days=60 * (number + 1))
            progress = {str(item): self.rng.choice([0, 25, 50, 75, 100]) for item in items}
            levels = {g.competency: g.current for g in gaps}
            readiness = round(analysis.readiness, 1)
            checkin = len(self.tables.get("checkins", [])) + 1
            self.row("checkins", checkin, plan_id, held.isoformat(), "On track.", progress)
            self.tables["checkins"][-1] += [levels, readiness]

    def item(self, plan_id: int, competency: str, level: int, created: datetime) -> int:
        actions = [a.id for a in self.framework.actions if competency in a.develops]
        item_id = len(self.tables.get("plan_items", [])) + 1
        start = created.date() + timedelta(days=self.rng.randint(0, 60))
        due = start + timedelta(days=self.rng.randint(60, 240))
        action = self.rng.choice(actions) if actions else None
        self.row("plan_items", item_id, plan_id, competency, action, "" if action else "Practice")
        self.tables["plan_items"][-1] += [level, start.isoformat(), due.isoformat()]
        self.tables["plan_items"][-1] += [
            self.rng.choice(ITEM_STATUSES),
            8.0 * self.rng.randint(1, 6),
        ]
        return item_id


# ---- measuring ---------------------------------------------------------------------------------


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


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered), p95


def timed(function: Callable[[], object]) -> float:
    """Milliseconds ``function`` takes."""
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def ms(samples: list[float]) -> str:
    median, p95 = percentiles(samples)
    return f"{median:.2f} / {p95:.2f}"


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


# ---- databases ---------------------------------------------------------------------------------


@contextmanager
def sqlite_database(folder: Path, name: str) -> Iterator[str]:
    yield f"sqlite:///{folder / name}.db"


@contextmanager
def postgres_database(admin_url: str, name: str) -> Iterator[str]:
    """Create a database for the benchmark and drop it afterwards, whatever happens."""
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def vacuum_analyze(engine: Engine) -> float:
    """Seconds PostgreSQL takes to vacuum and analyze everything just loaded.

    Autovacuum would do the same soon after a bulk load; doing it first keeps it from running
    during the measurements, and gives the planner its statistics.
    """
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        return timed(lambda: connection.execute(text("VACUUM ANALYZE"))) / 1000


def database_size(engine: Engine) -> int:
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            return int(connection.scalar(text("SELECT pg_database_size(current_database())")))
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    path = Path(str(engine.url.database))
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def sample_emails(engine: Engine, count: int, rng: random.Random) -> list[str]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, email FROM people ORDER BY id")).all()
    return [email for _, email in rng.sample(rows, min(count, len(rows)))]


def sample_managers(engine: Engine, count: int, rng: random.Random) -> list[str]:
    """Managers of exactly 12 direct reports."""
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT m.email FROM people m JOIN people r ON r.manager_id = m.id "
                "GROUP BY m.id, m.email HAVING COUNT(*) = 12 ORDER BY m.id"
            )
        ).all()
    emails = [row[0] for row in rows]
    return rng.sample(emails, min(count, len(emails)))


# ---- the run -----------------------------------------------------------------------------------


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
