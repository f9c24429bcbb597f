"""Web benchmark: the server (2 uvicorn workers, uvloop + httptools) on the store benchmark's
100,000-person organisation, on SQLite and on PostgreSQL, under 32 concurrent clients.

For each database: the organisation is generated with the store benchmark's fixed seed and
restored into a fresh database; accounts are added for 32 members and 8 managers; the database
is read once into memory, as a running organisation's server would find it (``--cold-database``
skips this, so first reads come from the disk); the server is started with
``pmopath serve --workers 2``; each client signs in; then ``wrk`` (C, from apt)
drives 32 connections for ``--seconds`` per scenario: the hello-world endpoint (the ceiling),
home, career map, path planner, gap (API), team, and a mix of them all; then the writing mix
(benchmarks/write_mix.py: each of the 32 members reads and writes through their own session and
API token for ``--write-seconds``, and every acknowledged write is looked for in the database
afterwards). Reported: requests/s,
p50 and p99 latency, errors (non-2xx/3xx and socket errors, by kind), and the resident memory
of each worker after the runs. The server's output goes to
``benchmarks/results/web-server-<database>.log``; what it said during a scenario with errors is
printed beside that scenario's figures. Targets (issue 4): no errors; p99 under 100 ms; home
and gap throughput at least 40% of the ceiling; under 300 MB per worker.

    .venv/bin/python benchmarks/web.py [--people 100000] [--db sqlite|postgresql|both]
        [--seconds 30] [--connections 32] [--cache-mb 64] [--cold-database] [--write-seconds 60]

The server keeps answers to repeated signed-in GETs until the data changes
(pmopath/web/response_cache.py); the 32 members and 8 managers ask for the same pages again and
again, so after the first round most answers come from memory. ``--cache-mb 0`` measures the
same runs with every answer computed.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import write_mix  # noqa: E402
from benchmarks.bench_databases import DEFAULT_POSTGRES, postgres_database, vacuum_analyze  # noqa: E402
from benchmarks.database_prewarm import read_into_memory  # noqa: E402
from benchmarks.store import Results, build_document  # noqa: E402
from benchmarks.wrk_runs import run_wrk  # noqa: E402
from pmopath.adapters.db import archive  # noqa: E402
from pmopath.adapters.db.engine import make_engine, upgrade  # noqa: E402
from pmopath.bootstrap.database import open_store  # noqa: E402
from pmopath.services.accounts import management as accounts

PASSWORD = "benchmark-password-2026"
SECRET = "benchmark-secret-" + "z" * 40
ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
PMOPATH = str(Path(sys.executable).with_name("pmopath"))


@dataclass(frozen=True)
class Caller:
    email: str
    person_id: int
    target: str
    cookie: str = ""


def add_accounts(url: str, rng: random.Random) -> tuple[list[Caller], list[Caller]]:
    """Accounts for 32 members (people with a manager and a target) and 8 managers."""
    engine = make_engine(url)
    upgrade(engine)
    with engine.connect() as connection:
        members = connection.execute(
            text(
                "SELECT p.id, p.email, t.role FROM people p JOIN targets t "
                "ON t.person_id = p.id AND t.is_primary "
                "WHERE p.manager_id IS NOT NULL ORDER BY p.id LIMIT 5000"
            )
        ).all()
        managers = connection.execute(
            text(
                "SELECT m.id, m.email, m.role FROM people m WHERE EXISTS "
                "(SELECT 1 FROM people r WHERE r.manager_id = m.id) ORDER BY m.id LIMIT 2000"
            )
        ).all()
    store = open_store(url)
    chosen = [
        (rng.sample(members, 32), "member"),
        (rng.sample(managers, 8), "manager"),
    ]
    made: list[list[Caller]] = []
    for rows, role in chosen:
        group = []
        for person_id, email, target in rows:
            accounts.add_account(
                store,
                email=email,
                role=role,
                person=str(person_id),
                password=PASSWORD,
                actor="benchmark",
            )
            group.append(Caller(email, person_id, target or "pmo_manager"))
        made.append(group)
    store.close()
    engine.dispose()
    return made[0], made[1]


@contextmanager
def server(
    url: str, port: int, workers: int, log: Path, cache_mb: int = 64
) -> Iterator[subprocess.Popen[bytes]]:
    """The server, its output appended to ``log`` (a file, so a chatty server never blocks)."""
    environment = {
        **os.environ,
        "PMOPATH_SECRET_KEY": SECRET,
        "PMOPATH_RESPONSE_CACHE_MB": str(cache_mb),
        "PYTHONUNBUFFERED": "1",  # what it prints lands beside the scenario that caused it
    }
    with log.open("ab") as output:
        process = subprocess.Popen(
            [PMOPATH, "serve", "--db", url, "--port", str(port), "--workers", str(workers)],
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if _get(port, "/api/v1/health")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("the server did not start within 60 s")
        yield process
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _get(port: int, path: str, cookie: str = "") -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    answer = connection.getresponse()
    return answer.status, answer.read()


def sign_in(port: int, caller: Caller) -> Caller:
    """Sign in through the form like a browser; return the caller with its session cookie."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/sign-in")
    answer = connection.getresponse()
    page = answer.read().decode()
    pre = answer.getheader("set-cookie", "").split(";")[0]
    token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page)
    assert token, "no CSRF token on the sign-in page"
    form = urllib.parse.urlencode(
        {"email": caller.email, "password": PASSWORD, "csrf_token": token.group(1)}
    )
    connection.request(
        "POST",
        "/sign-in",
        body=form,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": pre},
    )
    answer = connection.getresponse()
    answer.read()
    cookies = [v for k, v in answer.getheaders() if k.lower() == "set-cookie"]
    session = next(c.split(";")[0] for c in cookies if c.startswith("pmopath_session="))
    return Caller(caller.email, caller.person_id, caller.target, session)


def scenarios(members: list[Caller], managers: list[Caller]) -> dict[str, list[tuple[str, str]]]:
    """Scenario -> (path, cookie) requests that wrk cycles through."""
    return {
        "hello (ceiling)": [("/api/v1/health", "")],
        "home": [("/", m.cookie) for m in members],
        "career map": [("/map", m.cookie) for m in members],
        "path planner": [(f"/paths?to={m.target}", m.cookie) for m in members],
        "gap (API)": [(f"/api/v1/people/{m.person_id}/gap", m.cookie) for m in members],
        "team": [("/team", m.cookie) for m in managers],
    }


def mix(plans: dict[str, list[tuple[str, str]]]) -> list[tuple[str, str]]:
    mixed: list[tuple[str, str]] = []
    for name, requests in plans.items():
        if name != "hello (ceiling)":
            mixed.extend(requests)
    random.Random(7).shuffle(mixed)
    return mixed


def workers(process: subprocess.Popen[bytes]) -> list[str]:
    """The process ids of the server's workers (not multiprocessing's resource tracker)."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    return [pid for pid in children if _is_worker(pid)]


def _is_worker(pid: str) -> bool:
    try:
        return "resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_text()
    except FileNotFoundError:  # it ended since the list was read
        return False


def worker_memory(process: subprocess.Popen[bytes]) -> list[float]:
    """Resident memory (MB) of each worker process under the server."""
    sizes = []
    for pid in workers(process):
        found = re.search(r"VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
        if found:
            sizes.append(int(found.group(1)) / 1024)
    return sizes


def measure(
    label: str, url: str, args: argparse.Namespace, table: dict[str, dict[str, Any]]
) -> None:
    members, managers = add_accounts(url, random.Random(11))
    if args.cold_database:
        table.setdefault("database read into memory first", {})[label] = "no (--cold-database)"
    else:
        started = time.monotonic()
        size = read_into_memory(url)
        read = f"{size / 1e6:,.0f} MB in {time.monotonic() - started:.1f} s"
        table.setdefault("database read into memory first", {})[label] = read
        Console().print(f"{label}: the database was read into memory first ({read})")
    port = 8800 + random.Random().randrange(100)
    log = RESULTS / f"web-server-{label.lower()}.log"
    log.parent.mkdir(exist_ok=True)
    log.write_bytes(b"")
    Console().print(f"{label}: the server's output goes to {log.relative_to(ROOT)}")
    with (
        server(url, port, args.workers, log, args.cache_mb) as process,
        tempfile.TemporaryDirectory() as folder,
    ):
        seen_workers = set(workers(process))
        members = [sign_in(port, m) for m in members]
        managers = [sign_in(port, m) for m in managers]
        plans = scenarios(members, managers)
        plans["mix of all pages"] = mix(plans)
        for name, requests in plans.items():
            status, _ = _get(port, requests[0][0], requests[0][1])
            if status == 404:
                table.setdefault(name, {})[label] = "route missing (404)"
                continue
            logged = log.stat().st_size
            figures = run_wrk(port, requests, args.seconds, args.connections, Path(folder))
            table.setdefault(name, {})[label] = figures
            Console().print(f"{label} {name}: {figures}")
            if figures["errors"] != "0":
                said = log.read_bytes()[logged:].decode(errors="replace").strip()
                Console().print(f"the server said during {name}:", said or "(nothing)")
            seen_workers |= set(workers(process))
        if args.write_seconds:
            _writing_mix(label, url, port, members, args, table)
            seen_workers |= set(workers(process))
        memory = worker_memory(process)
        # uvicorn replaces a worker that died or missed its health check, logging that below
        # "warning": every worker seen and gone was replaced (checked after each scenario)
        replaced = len(seen_workers - set(workers(process)))
        table.setdefault("workers replaced during the runs", {})[label] = str(replaced)
        table.setdefault("memory per worker (MB)", {})[label] = ", ".join(
            f"{m:.0f}" for m in memory
        )


def _writing_mix(
    label: str,
    url: str,
    port: int,
    members: list[Caller],
    args: argparse.Namespace,
    table: dict[str, dict[str, Any]],
) -> None:
    """Reads and writes together (benchmarks/write_mix.py), then every acknowledged write
    looked for in the database."""
    store = open_store(url)
    competencies = sorted(store.framework.competencies_by_id)
    store.close()
    writers = [
        write_mix.Member(m.email, m.person_id, m.cookie, competencies)
        for m in members[: args.connections]
    ]
    write_mix.prepare(url, port, writers)
    before = write_mix.counts(url, writers)
    outcome = write_mix.run(port, writers, args.write_seconds)
    missing = write_mix.missing_writes(url, writers, before, outcome)
    figures = write_mix.figures(outcome, args.write_seconds, missing)
    table.setdefault("writing mix", {})[label] = figures
    Console().print(f"{label} writing mix: {figures}")
    for line in missing[:20]:
        Console().print(f"  missing: {line}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--write-seconds",
        type=int,
        default=60,
        help="how long the writing mix runs (reads and writes together); 0 skips it",
    )
    parser.add_argument(
        "--cache-mb",
        type=int,
        default=64,
        help="PMOPATH_RESPONSE_CACHE_MB for the server; 0 measures every request computed",
    )
    parser.add_argument(
        "--cold-database",
        action="store_true",
        help="skip reading the database into memory first: first reads come from the disk",
    )
    parser.add_argument(
        "--postgresql-url", default=os.environ.get("PMOPATH_BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    document, _ = build_document(args.people, Results())
    table: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="pmopath_webbench_") as folder:
        if args.db in ("sqlite", "both"):
            url = f"sqlite:///{folder}/web.db"
            _restore(url, document)
            measure("SQLite", url, args, table)
        if args.db in ("postgresql", "both"):
            with postgres_database(args.postgresql_url, f"pmopath_webbench_{os.getpid()}") as url:
                _restore(url, document)
                measure("PostgreSQL", url, args, table)
    show(table, args)


def _restore(url: str, document: dict[str, Any]) -> None:
    engine = make_engine(url)
    upgrade(engine)
    archive.restore(engine, document, replace=False)
    if engine.dialect.name == "postgresql":
        vacuum_analyze(engine)
    engine.dispose()


def show(table: dict[str, dict[str, Any]], args: argparse.Namespace) -> None:
    out = Table(
        title=f"PMO Pathways web benchmark: {args.people:,} people, {args.workers} workers, "
        f"{args.connections} connections, {args.seconds} s per scenario, "
        f"response cache {args.cache_mb} MB"
    )
    labels = sorted({label for row in table.values() for label in row}, reverse=True)
    out.add_column("scenario")
    for label in labels:
        out.add_column(f"{label}: req/s · p50 · p99 · errors")
    for name, row in table.items():
        cells = []
        for label in labels:
            value = row.get(label, "")
            if isinstance(value, dict):
                rate = float(value["requests/s"])
                value = f"{rate:.0f} · {value['p50']} · {value['p99']} · {value['errors']}"
                if "writes acknowledged" in row.get(label, {}):
                    written = row[label]
                    value += (
                        f" · {written['writes/s']} writes/s (p99 {written['writes p99']}),"
                        f" {written['writes acknowledged']} acknowledged,"
                        f" {written['acknowledged writes missing']} missing"
                    )
            cells.append(str(value))
        out.add_row(name, *cells)
    Console(width=200).print(out)


if __name__ == "__main__":
    main()
