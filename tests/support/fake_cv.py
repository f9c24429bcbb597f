"""In-memory fake of the CV choices repository, on the fakes' shared state."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from pmopath.domain.cv import CvChoices


class FakeCvChoices:
    def __init__(self, state: Any) -> None:
        self.state = state

    def choices_for(self, person_id: int) -> CvChoices | None:
        found: CvChoices | None = self.state.cv_choices.get(person_id)
        return found

    def save_choices(self, choices: CvChoices, at: datetime) -> None:
        self.state.cv_choices[choices.person_id] = replace(choices, saved=True)
