"""The SQLAlchemy repository of people's held certifications and education."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import bindparam
from sqlalchemy.orm import Session

from pmopath.adapters.db.plain_rows import plain, read
from pmopath.adapters.db.tables import CredentialsRow
from pmopath.domain.credentials import Credentials
from pmopath.domain.framework import Education

_CREDENTIALS = plain(CredentialsRow).where(CredentialsRow.person_id == bindparam("person_id"))


class SqlCredentials:
    def __init__(self, session: Session) -> None:
        self.session = session

    def for_person(self, person_id: int) -> Credentials:
        row = read(self.session, _CREDENTIALS, {"person_id": person_id}).first()
        if row is None:
            return Credentials()
        education = Education(row.education) if row.education else None
        held = tuple(sorted(row.certifications))
        earned = {k: date.fromisoformat(v) for k, v in (row.earned_on or {}).items() if k in held}
        return Credentials(held, education, earned)

    def save(self, person_id: int, credentials: Credentials, at: datetime) -> None:
        row = self.session.get(CredentialsRow, person_id)
        if row is None:
            row = CredentialsRow(person_id=person_id)
            self.session.add(row)
        row.certifications = sorted(set(credentials.certifications))
        row.education = credentials.education.value if credentials.education else None
        row.earned_on = {
            k: v.isoformat()
            for k, v in sorted(credentials.earned_on.items())
            if k in row.certifications
        } or None
        row.updated_at = at
        self.session.flush()

    def forget(self, person_id: int) -> None:
        row = self.session.get(CredentialsRow, person_id)
        if row is not None:
            self.session.delete(row)
            self.session.flush()
