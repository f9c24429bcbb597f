"""Exports: a plan and a readiness pack as PDF, and every plan as CSV."""
