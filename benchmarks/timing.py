"""Timing a call and summarising samples (median and p95, in milliseconds)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


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
