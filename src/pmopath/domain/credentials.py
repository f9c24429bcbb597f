"""What a person holds that certification bodies ask about: certifications passed, education."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from pmopath.domain.framework import Education

MAX_HELD = 50
EARLIEST_EARNED = date(1950, 1, 1)
"""No certification in the catalogue is older; an earlier day is a typing mistake."""


@dataclass(frozen=True, slots=True)
class Credentials:
    """Certifications held (action ids, sorted) and the highest education (None: not given).

    Unknown education is taken as met by eligibility, which says so. ``earned_on`` gives, for
    held certifications only and where known, the day each was earned (or last renewed): a
    certificate with a validity expires that long after it.
    """

    certifications: tuple[str, ...] = ()
    education: Education | None = None
    earned_on: Mapping[str, date] = field(default_factory=dict)
