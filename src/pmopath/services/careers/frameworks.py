"""Changing the active framework without orphaning stored data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pmopath.domain.errors import Conflict
from pmopath.domain.framework import Framework
from pmopath.domain.framework_change import KINDS, FrameworkChange, compare
from pmopath.domain.people import AuditEntry
from pmopath.services.ports.store import Store


class UnsafeFrameworkChange(Conflict):
    """Activating would orphan stored data (or the mapping is wrong); nothing was changed."""

    def __init__(self, change: FrameworkChange) -> None:
        self.change = change
        super().__init__(
            "the new framework cannot be activated:\n  " + "\n  ".join(change.problems)
        )


def activate_framework(
    store: Store,
    new: Framework,
    content: Mapping[str, Any],
    content_hash: str,
    mapping: Mapping[str, Mapping[str, str]],
    *,
    actor: str,
    dry_run: bool = False,
) -> FrameworkChange:
    """Show what changes and, unless ``dry_run``, store and activate the new version.

    Stored references to renamed ids follow the ``mapping``. Raises UnsafeFrameworkChange,
    changing nothing, when stored data would be orphaned or the mapping is inconsistent.
    """
    now = store.clock()
    with store.unit_of_work() as uow:
        change = compare(store.framework, new, mapping, uow.usage.references())
        if not change.is_safe:
            raise UnsafeFrameworkChange(change)
        if dry_run:
            return change
        version_id = uow.frameworks.by_hash(content_hash) or uow.frameworks.add(
            content, content_hash, now
        )
        for kind in KINDS:
            for old, target in change.renamed.get(kind, {}).items():
                uow.usage.rename(kind, old, target)
        uow.frameworks.activate(version_id)
        uow.audit.record(
            AuditEntry(
                now,
                actor,
                "framework.activate",
                "framework",
                str(version_id),
                {"version_id": store.framework_version_id},
                {
                    "version_id": version_id,
                    "renamed": {k: dict(v) for k, v in change.renamed.items()},
                },
            )
        )
        uow.commit()
        return change
