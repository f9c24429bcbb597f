"""Charts drawn on the server as SVG geometry: no script, readable in a PDF, with text twins.

Pages (web/templating.py) and printed documents (adapters/documents.py) draw the same charts
from these numbers, so the geometry lives below both.

Each function returns plain numbers for a template to draw; templates add the <title>, the
<desc> and a table with the same figures for screen readers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Gauge:
    percent: float
    arc_path: str
    threshold_x: float
    threshold_y: float


def gauge(percent: float, *, threshold: float = 80.0) -> Gauge:
    """A half-circle gauge (radius 80 around 100,100) filled to ``percent``."""
    shown = max(0.0, min(100.0, percent))

    def point(value: float) -> tuple[float, float]:
        angle = math.pi * (1 - value / 100)
        return 100 + 80 * math.cos(angle), 100 - 80 * math.sin(angle)

    end_x, end_y = point(shown)
    arc = f"M 20 100 A 80 80 0 0 1 {end_x:.2f} {end_y:.2f}" if shown > 0 else ""
    mark_x, mark_y = point(threshold)
    return Gauge(shown, arc, round(mark_x, 2), round(mark_y, 2))


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    current: int
    required: int
    y: float
    current_width: float
    required_x: float
    critical: bool


def competency_bars(
    rows: Sequence[tuple[str, int, int, bool]], *, scale_max: int, width: float = 220.0
) -> list[Bar]:
    """One bar per (label, current, required, critical); a tick marks the required level."""
    unit = width / max(scale_max, 1)
    return [
        Bar(label, current, required, 26.0 * index, current * unit, required * unit, critical)
        for index, (label, current, required, critical) in enumerate(rows)
    ]


@dataclass(frozen=True, slots=True)
class Trend:
    points: str
    dots: tuple[tuple[float, float, str, float], ...]


def trend(
    samples: Sequence[tuple[date, float]], *, width: float = 300, height: float = 120
) -> Trend:
    """A readiness line over time (0-100 up the side), dates spread evenly by day."""
    if not samples:
        return Trend("", ())
    first = samples[0][0].toordinal()
    span = max(samples[-1][0].toordinal() - first, 1)
    dots = tuple(
        (
            round(10 + (day.toordinal() - first) / span * (width - 20), 2),
            round(height - 10 - value / 100 * (height - 20), 2),
            day.isoformat(),
            value,
        )
        for day, value in samples
    )
    return Trend(" ".join(f"{x},{y}" for x, y, _, _ in dots), dots)


@dataclass(frozen=True, slots=True)
class Segment:
    level: int
    count: int
    x: float
    width: float


@dataclass(frozen=True, slots=True)
class Spread:
    """One competency's people by level: a stacked bar, a segment per level held."""

    label: str
    y: float
    segments: tuple[Segment, ...]
    total: int


def level_spreads(
    rows: Sequence[tuple[str, Sequence[int]]], *, width: float = 300.0
) -> list[Spread]:
    """One stacked bar per (label, counts per level); each bar's full width is its total."""
    spreads = []
    for index, (label, counts) in enumerate(rows):
        total = sum(counts)
        unit = width / total if total else 0.0
        x, segments = 0.0, []
        for level, count in enumerate(counts):
            if count:
                segments.append(Segment(level, count, round(x, 2), round(count * unit, 2)))
                x += count * unit
        spreads.append(Spread(label, 42.0 * index, tuple(segments), total))
    return spreads


@dataclass(frozen=True, slots=True)
class PairBar:
    label: str
    value: float
    width: float
    y: float


def paired_bars(
    rows: Sequence[tuple[str, float]], *, width: float = 220.0, scale: float | None = None
) -> list[PairBar]:
    """One bar per (label, value), side by side in rows 22 apart, scaled to the largest value
    (or ``scale``): the leader's view's small charts (now against before, now against 12 months
    on)."""
    top = scale if scale is not None else max((v for _, v in rows), default=0.0)
    unit = width / top if top > 0 else 0.0
    return [
        PairBar(label, value, round(max(0.0, value) * unit, 2), 22.0 * index)
        for index, (label, value) in enumerate(rows)
    ]
