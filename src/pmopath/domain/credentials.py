"""What a person holds that certification bodies ask about: certifications passed, education."""

from __future__ import annotations

from dataclasses import dataclass

from pmopath.domain.framework import Education

MAX_HELD = 50


@dataclass(frozen=True, slots=True)
class Credentials:
    """Certifications held (action ids, sorted) and the highest education (None: not given).

    Unknown education is taken as met by eligibility, which says so.
    """

    certifications: tuple[str, ...] = ()
    education: Education | None = None
