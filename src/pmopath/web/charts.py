"""Charts drawn on the server as SVG geometry (see services/insight/charts.py, shared with PDFs)."""

from __future__ import annotations

from pmopath.services.insight.charts import (
    Bar,
    Gauge,
    PairBar,
    Spread,
    Trend,
    competency_bars,
    gauge,
    level_spreads,
    paired_bars,
    trend,
)

__all__ = [
    "Bar",
    "Gauge",
    "PairBar",
    "Spread",
    "Trend",
    "competency_bars",
    "gauge",
    "level_spreads",
    "paired_bars",
    "trend",
]
