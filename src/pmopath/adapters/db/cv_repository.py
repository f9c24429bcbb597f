"""The SQLAlchemy repository of people's CV choices (one row per person who saved them)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from pmopath.adapters.db.tables import CvChoicesRow
from pmopath.domain.cv import CvChoices


class SqlCvChoices:
    def __init__(self, session: Session) -> None:
        self.session = session

    def choices_for(self, person_id: int) -> CvChoices | None:
        row = self.session.get(CvChoicesRow, person_id)
        if row is None:
            return None
        return CvChoices(
            row.person_id,
            row.summary,
            tuple(row.competencies),
            tuple(int(i) for i in row.evidence_ids),
            tuple(row.quote_keys),
            row.show_levels,
            saved=True,
        )

    def save_choices(self, choices: CvChoices, at: datetime) -> None:
        row = self.session.get(CvChoicesRow, choices.person_id)
        if row is None:
            row = CvChoicesRow(person_id=choices.person_id)
            self.session.add(row)
        row.summary = choices.summary
        row.competencies = list(choices.competencies)
        row.evidence_ids = list(choices.evidence_ids)
        row.quote_keys = list(choices.quote_keys)
        row.show_levels = choices.show_levels
        row.updated_at = at
        self.session.flush()
