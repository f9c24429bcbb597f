"""Charts drawn on the server as SVG geometry (see services/chart_geometry.py, shared with PDFs)."""

from __future__ import annotations

from pmopath.services.chart_geometry import Bar, Gauge, Trend, competency_bars, gauge, trend

__all__ = ["Bar", "Gauge", "Trend", "competency_bars", "gauge", "trend"]
