"""A person's levels at one moment, as the engine consumes them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Assessment:
    """Levels by competency id; a competency left out counts as level 0.

    ``current_role`` is a role id (already resolved), ``months_in_role`` the time served in it,
    ``certifications`` the ids of certification actions already held.
    """

    levels: Mapping[str, int] = field(default_factory=dict)
    current_role: str | None = None
    months_in_role: int | None = None
    certifications: tuple[str, ...] = ()

    def level(self, competency: str) -> int:
        """Return the assessed level of ``competency`` (0 when not assessed)."""
        return self.levels.get(competency, 0)

    def with_levels(self, raises: Mapping[str, int]) -> Assessment:
        """Return a copy with some levels replaced."""
        return Assessment(
            {**self.levels, **raises},
            self.current_role,
            self.months_in_role,
            self.certifications,
        )
