"""Authorization rows for the PMO CV: its page, its choices, its downloads (pages and API).

Reading a CV (the page, the PDF, the JSON Resume): the person, a manager above them, an admin;
anyone else is told 404. Choosing what it shows: the person or an admin; a manager who may
read them is told 403.
"""

from __future__ import annotations

from tests.e2e.web.authorization import Row, rows
from tests.e2e.web.authorization_people import HAS_A_PERSON, NOBODY, OWN_SAM, READ_ALEX, READERS

OWNERS = {"sam": OWN_SAM, "alex": READ_ALEX, "unknown": NOBODY}

rows(Row("GET", "/cv", expect=HAS_A_PERSON))
for owner in ("sam", "alex", "unknown"):
    rows(
        Row("GET", "/people/{person_id}/cv", owner, READERS[owner]),
        Row(
            "POST",
            "/people/{person_id}/cv",
            owner,
            OWNERS[owner],
            form=True,
            body=lambda w: {"intent": "preview", "summary": "Matrix"},
        ),
        Row(
            "POST",
            "/people/{person_id}/cv",
            owner,
            OWNERS[owner],
            form=True,
            body=lambda w: {"intent": "save", "summary": "Matrix", "show_levels": "yes"},
        ),
        Row("GET", "/people/{person_id}/cv.pdf", owner, READERS[owner]),
        Row("GET", "/people/{person_id}/cv.json", owner, READERS[owner]),
        Row("GET", "/api/v1/people/{person_id}/cv", owner, READERS[owner]),
        Row(
            "PUT",
            "/api/v1/people/{person_id}/cv",
            owner,
            OWNERS[owner],
            body=lambda w: {"summary": "Matrix", "show_levels": False},
        ),
        Row("GET", "/api/v1/people/{person_id}/cv.json", owner, READERS[owner]),
        Row("GET", "/api/v1/people/{person_id}/cv.pdf", owner, READERS[owner]),
    )
