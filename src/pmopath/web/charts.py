"""Charts drawn on the server as SVG geometry (see services/insight/charts.py, shared with PDFs)."""

from __future__ import annotations

from pmopath.services.insight.charts import (
    Bar,
    Gauge,
    PairBar,
    Trend,
    competency_bars,
    gauge,
    paired_bars,
    trend,
)

__all__ = ["Bar", "Gauge", "PairBar", "Trend", "competency_bars", "gauge", "paired_bars", "trend"]
