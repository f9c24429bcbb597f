"""CLI start-up benchmark: whole ``pmopath`` processes, as a person at a terminal waits for them.

Run with ``.venv/bin/python benchmarks/cli.py [--runs 10]``. Each command runs once to warm up
(the operating system's file cache, and the shipped framework's entry in the user's cache
folder), then ``--runs`` times, each in a fresh interpreter through the installed ``pmopath``
entry point beside this Python. Prints min, median and max wall time, the median CPU time, and
whether the median wall time meets the floor stated in the issue: ``pmopath --help`` under
0.3 s, ``pmopath roles`` under 0.6 s. Figures, not a pass/fail test; on a shared machine, note
the load (printed before and after).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

PMOPATH = Path(sys.executable).with_name("pmopath")

COMMANDS: list[tuple[list[str], float | None]] = [
    (["--help"], 0.3),
    (["roles"], 0.6),
    (["roles", "--json"], None),
    (["roles", "show", "PMO Manager"], None),
    (["roles", "paths", "--from", "PMO Administrator", "--to", "Head of PMO"], None),
]
"""Each command with its floor (median seconds), or None where the issue states none."""


def timed_run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds from starting ``pmopath ARGS`` to its exit, and the CPU seconds (user and
    system) it used; fails loudly on a non-zero exit."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [str(PMOPATH), *args], capture_output=True, env=env, check=False, timeout=120
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"pmopath {' '.join(args)} failed:\n{result.stderr.decode()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def environment(keep_settings: bool) -> dict[str, str]:
    """The environment the commands run in: this one, without PMOPATH_ settings unless kept
    (as on a person's machine, where none is set)."""
    return {
        name: value
        for name, value in os.environ.items()
        if keep_settings or not name.upper().startswith("PMOPATH_")
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed runs per command")
    parser.add_argument(
        "--keep-settings",
        action="store_true",
        help="keep PMOPATH_ variables of this environment (they make commands read settings)",
    )
    options = parser.parse_args()
    if not PMOPATH.exists():
        raise SystemExit(f"{PMOPATH} is missing: run 'make' first (pip install -e .)")
    env = environment(options.keep_settings)
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"pmopath: {PMOPATH}; {os.cpu_count()} CPUs; load average {load}")
    print(f"{options.runs} timed runs per command after one warm-up, in seconds: wall time (what")
    print("a person waits for) and, beside it, the CPU time used (less swayed by other load)\n")
    width = max(len(" ".join(args)) for args, _ in COMMANDS) + 8
    print(f"{'command':{width}} {'min':>6} {'median':>7} {'max':>6} {'cpu':>6}  floor (median)")
    for args, floor in COMMANDS:
        timed_run(args, env)  # warm-up
        runs = [timed_run(args, env) for _ in range(options.runs)]
        walls = [wall for wall, _ in runs]
        median = statistics.median(walls)
        cpu = statistics.median(cpu for _, cpu in runs)
        verdict = ""
        if floor is not None:
            verdict = f"< {floor:.1f} s {'met' if median < floor else 'MISSED'}"
        name = "pmopath " + " ".join(args)
        figures = f"{min(walls):6.3f} {median:7.3f} {max(walls):6.3f} {cpu:6.3f}"
        print(f"{name:{width}} {figures}  {verdict}")
    if shutil.which("uptime"):
        print("\nafter:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


if __name__ == "__main__":
    main()
