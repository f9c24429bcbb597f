"""Careers: the active framework, roles and tracks, paths between roles, gaps and readiness.

Also the framework's own life: uploading a framework file (read through the ``FileReaders``
port), previewing what it changes, and activating it as a new version.
"""
