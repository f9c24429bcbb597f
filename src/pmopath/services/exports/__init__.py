"""Exports: a plan and a readiness pack as PDF, every plan as CSV, and the PMO CV."""
