"""The active framework: read from the store, or stored and activated on first use of an empty
store."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pmopath.domain.people import AuditEntry
from pmopath.services.ports.repositories import UnitOfWork


def active_framework(uow: UnitOfWork) -> tuple[int, Mapping[str, Any]] | None:
    """The active framework version's id and stored content; None for an empty store."""
    with uow:
        return uow.frameworks.active()


def store_first_framework(
    uow: UnitOfWork, content: Mapping[str, Any], content_hash: str, now: datetime
) -> tuple[int, Mapping[str, Any]]:
    """Store and activate ``content`` in an empty store; return the active version (another
    process's, if one activated a framework first)."""
    with uow:
        active = uow.frameworks.active()
        if active is not None:
            return active
        version_id = uow.frameworks.by_hash(content_hash) or uow.frameworks.add(
            content, content_hash, now
        )
        uow.frameworks.activate(version_id)
        uow.audit.record(
            AuditEntry(now, "system", "framework.activate", "framework", str(version_id))
        )
        uow.readiness.refresh()
        uow.commit()
        return version_id, content
