"""Which framework ids stored data refers to, and renaming them when a framework changes."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from pmopath.adapters.db.tables import (
    Base,
    CurrentLevelRow,
    EvidenceRow,
    FeedbackRequestRow,
    FeedbackResponseRow,
    PersonRow,
    PlanItemRow,
    PlanRow,
    RoleSpellRow,
    TargetRow,
)

# Current data follows the active framework; assessment history keeps the ids it was made with
# (each assessment remembers its framework version).
Place = tuple[type[Base], str]
COLUMNS: dict[str, tuple[Place, ...]] = {
    "role": (
        (PersonRow, "role"),
        (RoleSpellRow, "role"),
        (TargetRow, "role"),
        (PlanRow, "target_role"),
    ),
    "competency": ((CurrentLevelRow, "competency"), (PlanItemRow, "competency")),
    "action": ((PlanItemRow, "action_id"),),
}


class SqlFrameworkUsage:
    def __init__(self, session: Session) -> None:
        self.session = session

    def references(self) -> dict[str, Counter[str]]:
        """For roles, competencies and actions: how many stored rows use each id."""
        found = {kind: Counter[str]() for kind in COLUMNS}
        for kind, places in COLUMNS.items():
            for row_class, name in places:
                column = getattr(row_class, name)
                rows = self.session.execute(
                    select(column, func.count()).where(column.is_not(None)).group_by(column)
                )
                for value, count in rows:
                    found[kind][str(value)] += count
        for competencies in self.session.scalars(select(EvidenceRow.competencies)):
            found["competency"].update(competencies)
        for asked in self.session.scalars(select(FeedbackRequestRow.competencies)):
            found["competency"].update(asked)
        return found

    def rename(self, kind: str, old: str, new: str) -> None:
        """Point every current reference to ``old`` at ``new``."""
        for row_class, name in COLUMNS[kind]:
            if row_class is CurrentLevelRow:
                self._merge_levels(old, new)
                continue
            column = getattr(row_class, name)
            self.session.execute(update(row_class).where(column == old).values({name: new}))
        if kind == "competency":
            for row in self.session.scalars(select(EvidenceRow)):
                if old in row.competencies:
                    row.competencies = [new if c == old else c for c in row.competencies]
            self._rename_in_feedback(old, new)

    def _rename_in_feedback(self, old: str, new: str) -> None:
        """Feedback asked about ``old``, and its answers, now speak of ``new``."""
        for request in self.session.scalars(select(FeedbackRequestRow)):
            if old in request.competencies:
                request.competencies = list(
                    dict.fromkeys(new if c == old else c for c in request.competencies)
                )
        for response in self.session.scalars(select(FeedbackResponseRow)):
            if response.example_competency == old:
                response.example_competency = new
            if old in response.ratings:
                ratings = dict(response.ratings)
                moved = ratings.pop(old)
                ratings.setdefault(new, moved)
                response.ratings = ratings

    def _merge_levels(self, old: str, new: str) -> None:
        """Two competencies merged into one keep the newer rating for each person."""
        rows = self.session.scalars(
            select(CurrentLevelRow).where(CurrentLevelRow.competency.in_([old, new]))
        )
        by_person: dict[int, list[CurrentLevelRow]] = {}
        for row in rows:
            by_person.setdefault(row.person_id, []).append(row)
        for entries in by_person.values():
            keep = max(entries, key=lambda r: r.assessed_at)
            for row in entries:
                if row is not keep:
                    self.session.delete(row)
            self.session.flush()
            keep.competency = new
        self.session.flush()
