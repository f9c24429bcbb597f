"""Careers: the active framework, roles and tracks, paths between roles, gaps and readiness."""
