"""Plan benchmark: optimised plan generation on the default catalogue and on a generated one.

Run with ``.venv/bin/python benchmarks/plans.py [--people N] [--large N]``. Prints figures; it
is not a pass/fail test. Targets (issue 5): with the default framework and catalogue, p95 under
1 s over many random people; with a generated catalogue of 500 actions and 30 gapped
competencies over 24 months, under 5 s, with the solver's optimality gap reported.

Each solve is given a time limit (the interactive default, INTERACTIVE_SECONDS, for the default
catalogue; 4.5 s for the large one): a plan not proven optimal in time comes back as the best
found with its gap, so the gap columns say how good the timed answers are. "optimal" counts
plans proven within HiGHS's stopping gap (1%).

PDF export (a separate section at the end, --pdf N runs): the demo's Sam's plan and readiness
pack through WeasyPrint, the first render and then N more; target under 2 s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pmopath.adapters.highs_milp import HighsMilp  # noqa: E402
from pmopath.bootstrap.container import Container  # noqa: E402
from pmopath.bootstrap.files import default_framework  # noqa: E402
from pmopath.bootstrap.web import open_web_runtime  # noqa: E402
from pmopath.config import read_settings  # noqa: E402
from pmopath.domain.framework import (  # noqa: E402
    Action,
    ActionKind,
    Area,
    Competency,
    ExperienceNeed,
    Framework,
    PrerequisiteOption,
    Requirement,
    Role,
    Scale,
    ScaleLevel,
    Track,
)
from pmopath.domain.people import RoleSpell  # noqa: E402
from pmopath.domain.plan_schedule import PlanInfeasible, PlanRequest  # noqa: E402
from pmopath.services.optimiser.optimise import INTERACTIVE_SECONDS, OptimisedPlan, optimise_plan

START = date(2026, 12, 1)
HOURS = (8.0, 12.0, 20.0, 30.0)
BUDGETS = (2_000.0, 3_000.0, 6_000.0)
"""The generated catalogues are planned with these hours a month and budgets in turn."""
KINDS = (
    [ActionKind.ASSIGNMENT] * 5
    + [ActionKind.MENTORING] * 2
    + [
        ActionKind.COURSE,
        ActionKind.CERTIFICATION,
        ActionKind.READING,
    ]
)

HIGHS = HighsMilp()


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def random_request(framework: Framework, rng: random.Random) -> PlanRequest:
    """A random person: levels 0-3, a random role spell, target, hours, budget and horizon."""
    levels = {c.id: rng.randint(0, 3) for c in framework.competencies}
    current = rng.choice(framework.roles)
    since = date(2026 - rng.randint(0, 8), rng.randint(1, 12), 1)
    return PlanRequest(
        rng.choice(framework.roles),
        levels,
        START,
        rng.choice([6, 12, 18, 24]),
        float(rng.choice([8, 12, 16, 20, 30, 40])),
        float(rng.choice([0, 500, 1500, 3000, 6000])),
        history=(RoleSpell(current.id, since),),
        held=frozenset(rng.sample(["capm", "prince2_foundation", "msp_foundation"], k=1)),
    )


def generated_framework(
    rng: random.Random, actions: int = 500, competencies: int = 30
) -> Framework:
    """A framework whose one target role needs all ``competencies``, with a big catalogue."""
    ids = [f"skill_{n:02d}" for n in range(competencies)]
    target = Role(
        "target",
        "Target",
        "main",
        3,
        requirements=tuple(
            Requirement(c, rng.randint(3, 5), float(rng.choice([1, 1, 2])), rng.random() < 0.1)
            for c in ids
        ),
    )
    return Framework(
        id="generated",
        name="Generated catalogue",
        version="1",
        scale=Scale(tuple(ScaleLevel(n, f"Level {n}", "") for n in range(6))),
        areas=(Area("general", "General"),),
        competencies=tuple(Competency(c, c, "general") for c in ids),
        tracks=(Track("main", "Main"),),
        roles=(Role("start", "Start", "main", 1), target),
        transitions=(),
        actions=tuple(_action(rng, n, ids) for n in range(actions)),
    )


def _action(rng: random.Random, n: int, ids: list[str]) -> Action:
    kind = rng.choice(KINDS)
    prerequisites: tuple[PrerequisiteOption, ...] = ()
    if kind is ActionKind.CERTIFICATION and n > 10 and rng.random() < 0.5:
        prerequisites = (
            PrerequisiteOption("foundation first", actions=(f"action_{n - rng.randint(1, 10)}",)),
            PrerequisiteOption(
                "experience", experience=(ExperienceNeed(rng.choice([12, 24, 36]), ("start",)),)
            ),
        )
    paid = kind in {ActionKind.COURSE, ActionKind.CERTIFICATION}
    return Action(
        f"action_{n}",
        f"Action {n}",
        kind,
        {c: rng.randint(2, 4) for c in rng.sample(ids, k=rng.randint(1, 3))},
        duration_weeks=rng.choice([1, 2, 4, 8, 12, 26]),
        effort_hours=float(rng.choice([8, 12, 20, 30, 40, 60, 80, 120])),
        cost=float(rng.choice([100, 300, 600, 1200])) if paid else 0.0,
        prerequisites=prerequisites,
    )


def timed_plan(
    framework: Framework, request: PlanRequest, limit: float
) -> tuple[float, OptimisedPlan | None]:
    begun = time.perf_counter()
    try:
        plan = optimise_plan(framework, request, milp=HIGHS, time_limit=limit)
    except PlanInfeasible:
        plan = None
    return time.perf_counter() - begun, plan


def run_default(people: int, rng: random.Random) -> list[object]:
    framework = default_framework()
    times: list[float] = []
    gaps: list[float] = []
    optimal = 0
    for _ in range(people):
        seconds, plan = timed_plan(framework, random_request(framework, rng), INTERACTIVE_SECONDS)
        times.append(seconds)
        if plan is not None:
            gaps.append(plan.gap or 0.0)
            optimal += plan.status == "optimal"
    return [
        f"default ({len(framework.actions)} actions), {people} random people",
        f"{1000 * statistics.median(times):.0f}",
        f"{1000 * percentile(times, 0.95):.0f}",
        f"{1000 * max(times):.0f}",
        f"{optimal}/{len(gaps)}",
        f"{100 * statistics.median(gaps):.2f}%" if gaps else "—",
        f"{100 * percentile(gaps, 0.95):.2f}%" if gaps else "—",
        f"{100 * max(gaps):.2f}%" if gaps else "—",
        "< 1000 ms p95",
    ]


def run_large(runs: int, rng: random.Random) -> list[object]:
    times: list[float] = []
    gaps: list[float] = []
    optimal = 0
    for index in range(runs):
        framework = generated_framework(rng)
        levels = {c.id: rng.randint(0, 2) for c in framework.competencies}
        request = PlanRequest(
            framework.role("target"),
            levels,
            START,
            24,
            HOURS[index % len(HOURS)],
            BUDGETS[index % len(BUDGETS)],
            history=(RoleSpell("start", date(2025, 1, 1)),),
        )
        seconds, plan = timed_plan(framework, request, 4.5)
        times.append(seconds)
        if plan is not None:
            gaps.append(plan.gap or 0.0)
            optimal += plan.status == "optimal"
    return [
        f"generated: 500 actions, 30 gapped competencies, 24 months, 8-30 h/month, {runs} runs",
        f"{1000 * statistics.median(times):.0f}",
        f"{1000 * percentile(times, 0.95):.0f}",
        f"{1000 * max(times):.0f}",
        f"{optimal}/{len(gaps)}",
        f"{100 * statistics.median(gaps):.2f}%" if gaps else "—",
        f"{100 * percentile(gaps, 0.95):.2f}%" if gaps else "—",
        f"{100 * max(gaps):.2f}%" if gaps else "—",
        "< 5000 ms",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--people", type=int, default=100, help="random people (default 100)")
    parser.add_argument("--large", type=int, default=8, help="generated catalogues (default 8)")
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--pdf", type=int, default=10, help="PDF renders (default 10)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    table = Table(title="Plan generation (HiGHS via scipy.optimize.milp)", title_justify="left")
    for column in (
        "case",
        "median ms",
        "p95 ms",
        "max ms",
        "optimal",
        "median gap",
        "p95 gap",
        "max gap",
    ):
        table.add_column(column)
    table.add_column("target")
    table.add_row(*map(str, run_default(args.people, rng)))
    table.add_row(*map(str, run_large(args.large, rng)))
    Console(width=160).print(table)
    print_pdf_section(args.pdf)


# ---- PDF export (issue 5, part 6) ---------------------------------------------------------------


def run_pdf(runs: int) -> list[list[str]]:
    """Time the plan PDF and the readiness pack of the demo's Sam on a fresh SQLite store."""
    import tempfile

    from pmopath.adapters.passwords import Argon2Hasher
    from pmopath.domain.permissions import SYSTEM
    from pmopath.services.demo.organisation import seed_demo
    from pmopath.services.exports import documents as exports

    with tempfile.TemporaryDirectory() as folder:
        cheap = Argon2Hasher(time_cost=1, memory_cost=8, parallelism=1)
        runtime = open_web_runtime(
            f"sqlite:///{folder}/pdf.db",
            container=Container(read_settings(), hasher=cheap),
        )
        try:
            store = runtime.store()
            seed_demo(store)
            sam = "sam@demo.pmopath.org"
            plan_id = exports.current_plan_id(store, sam)
            cases = {
                "plan PDF (Sam's plan, 2 check-ins, trend chart)": lambda: exports.plan_pdf(
                    store, SYSTEM, plan_id
                ),
                "readiness pack PDF (Sam for PMO Analyst)": lambda: exports.readiness_pack_pdf(
                    store, SYSTEM, sam, None
                ),
            }
            return [_timed_rows(name, make, runs) for name, make in cases.items()]
        finally:
            runtime.close()


def _timed_rows(name: str, make: Callable[[], bytes], runs: int) -> list[str]:
    times = []
    size = 0
    for _ in range(runs + 1):
        begun = time.perf_counter()
        size = len(make())
        times.append(time.perf_counter() - begun)
    first, rest = times[0], times[1:]
    return [
        name,
        f"{1000 * first:.0f}",
        f"{1000 * statistics.median(rest):.0f}",
        f"{1000 * percentile(rest, 0.95):.0f}",
        f"{size // 1024} KiB",
        "< 2000 ms",
    ]


def print_pdf_section(runs: int) -> None:
    table = Table(title="PDF export (WeasyPrint, from the print templates)", title_justify="left")
    for column in ("case", "first ms", "median ms", "p95 ms", "size", "target"):
        table.add_column(column)
    for row in run_pdf(runs):
        table.add_row(*row)
    Console(width=160).print(table)


if __name__ == "__main__":
    main()
