"""Insight: what the pages show at a glance: home, a person's profile, a manager's team, levels
across the organisation, and chart geometry."""
