"""Engine benchmark: find_paths, analyse_gap and loading, on the default and a large framework.

Run with ``make bench`` or ``.venv/bin/python benchmarks/engine.py [--pairs N]``. Prints figures; it
is not a pass/fail test. Targets (issue 2): find_paths p95 < 20 ms on the large framework and
< 2 ms on the default one; analyse_gap < 0.2 ms; loading the default framework < 200 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.generated_framework import generate_framework  # noqa: E402
from pmopath.adapters.file_writing import document_text  # noqa: E402
from pmopath.bootstrap.files import import_onet_framework, load_framework  # noqa: E402
from pmopath.domain.assessment import Assessment  # noqa: E402
from pmopath.domain.framework import Framework  # noqa: E402
from pmopath.services.careers import gaps as career  # noqa: E402
from pmopath.services.careers.paths import find_paths  # noqa: E402


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered), p95


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def reachable_pairs(framework: Framework, count: int, rng: random.Random) -> list[tuple[str, str]]:
    graph = nx.DiGraph((t.source, t.target) for t in framework.transitions)
    ids = [role.id for role in framework.roles]
    pairs: list[tuple[str, str]] = []
    while len(pairs) < count:
        source = rng.choice(ids)
        reachable = list(nx.descendants(graph, source)) if source in graph else []
        if reachable:
            pairs.append((source, rng.choice(sorted(reachable))))
    return pairs


def random_assessment(framework: Framework, rng: random.Random, role_id: str) -> Assessment:
    levels = {c.id: rng.randint(0, framework.scale.maximum) for c in framework.competencies}
    return Assessment(levels, role_id, months_in_role=rng.randint(0, 36))


def bench_framework(
    name: str, load: Callable[[], Framework], pairs: int, rows: list[list[str]]
) -> None:
    load_times = [timed(load) for _ in range(5)]
    framework = load()
    rng = random.Random(7)
    chosen = reachable_pairs(framework, pairs, rng)
    people = [random_assessment(framework, rng, source) for source, _ in chosen]
    cases = [(s, t, p) for (s, t), p in zip(chosen, people, strict=True)]
    first_s, first_t, first_p = cases[0]
    first_ms = timed(lambda: find_paths(framework, first_s, first_t, assessment=first_p, k=3))
    # Each operation is timed in its own loop, so one does not pay for another's garbage.
    path_times = [
        timed(lambda s=s, t=t, p=p: find_paths(framework, s, t, assessment=p, k=3))
        for s, t, p in cases
    ]
    limited_times = [
        timed(lambda s=s, t=t, p=p: find_paths(framework, s, t, assessment=p, k=3, max_steps=3))
        for s, t, p in cases
    ]
    roles = [framework.role(t) for _, t, _ in cases]
    gap_times = [
        timed(lambda r=r, p=p: career.analyse_gap(framework, r, p))
        for r, (_, _, p) in zip(roles, cases, strict=True)
    ]
    size = f"{len(framework.roles)} roles, {len(framework.transitions)} transitions"
    rows.append(
        [name, "first find_paths (costs every move once per framework)", f"{first_ms:.1f}", ""]
    )
    for label, samples in (
        (f"load + validate ({size})", load_times),
        (f"find_paths k=3 with assessment ({pairs} pairs)", path_times),
        ("find_paths k=3 with assessment, --max-steps 3", limited_times),
        ("analyse_gap (gap, readiness, what gets me to 80%, impacts)", gap_times),
    ):
        median, p95 = percentiles(samples)
        rows.append([name, label, f"{median:.3f}", f"{p95:.3f}"])


def onet_rows(folder: Path, rows: list[list[str]]) -> None:
    """Time the O*NET import at full database size (synthetic files in the real layout)."""
    from tests.support.onet_fixture import write_synthetic_onet

    source = folder / "db_29_3_text"
    write_synthetic_onet(source, occupations=1000, related_per_occupation=18, knowledge=True)
    for suffix in ("json", "yaml"):
        out = folder / f"onet.{suffix}"
        seconds = timed(lambda o=out: import_onet_framework(source, o)) / 1000
        load = timed(lambda o=out: load_framework(o)) / 1000
        label = f"O*NET import, full size, to {suffix.upper()}: import+validate+write / load (s)"
        rows.append(["onet", label, f"{seconds:.2f}", f"{load:.2f}"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, default=1000, help="random reachable role pairs")
    args = parser.parse_args()
    rows: list[list[str]] = []
    bench_framework("default", lambda: load_framework(_default_path()), args.pairs, rows)
    with tempfile.TemporaryDirectory() as folder:
        data = generate_framework()
        large = Path(folder) / "large.json"
        large.write_text(document_text(data, large), encoding="utf-8")
        bench_framework("large", lambda: load_framework(large), args.pairs, rows)
        large_yaml = Path(folder) / "large.yaml"
        large_yaml.write_text(document_text(data, large_yaml), encoding="utf-8")
        yaml_ms = timed(lambda: load_framework(large_yaml))
        rows.append(
            ["large", "load + validate, the same framework as YAML (once)", f"{yaml_ms:.0f}", ""]
        )
        onet_rows(Path(folder), rows)
    table = Table(title="PMO Pathways engine benchmark (milliseconds)")
    for column in ("framework", "operation", "median", "p95"):
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    Console().print(table)


def _default_path() -> Path:
    from importlib import resources

    return Path(str(resources.files("pmopath.data").joinpath("default_framework.yaml")))


if __name__ == "__main__":
    main()
