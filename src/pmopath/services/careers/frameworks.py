"""Changing the active framework without orphaning stored data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pmopath.domain.errors import Conflict
from pmopath.domain.framework import Framework
from pmopath.domain.framework_change import KINDS, FrameworkChange, compare
from pmopath.domain.people import AuditEntry
from pmopath.domain.permissions import Viewer, require_admin
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
        uow.readiness.refresh()
        uow.commit()
        return change


def upload_framework(
    store: Store,
    viewer: Viewer,
    text: str,
    source: str,
    mapping_text: str | None = None,
    mapping_source: str = "mapping",
    *,
    actor: str,
    activate: bool,
) -> tuple[Framework, FrameworkChange]:
    """Read framework text (and a rename mapping), compare it with the active framework and,
    when ``activate``, make it active (admins only).

    Raises PermissionDenied, FrameworkError or InvalidDocument (every problem with its line),
    UnsafeFrameworkChange (it would orphan stored data); nothing is changed on error.
    """
    require_admin(viewer)
    readers = store.ports.readers
    document = readers.framework(text, source)
    renames = readers.renames(mapping_text, mapping_source) if mapping_text else {}
    change = activate_framework(
        store,
        document.framework,
        document.data,
        document.content_hash,
        renames,
        actor=actor,
        dry_run=not activate,
    )
    return document.framework, change
