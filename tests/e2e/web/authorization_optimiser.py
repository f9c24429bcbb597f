"""Authorization rows for the plan optimiser, eligibility and held credentials.

The optimiser works on the caller's own person only (no owner in the path); an admin account
has no person and is told so (400). Eligibility and credentials read like a person's record;
credentials change like their own records (themselves or an admin; a manager above gets 403).
"""

from __future__ import annotations

from tests.e2e.web.authorization import (
    ALLOW,
    CALLERS,
    DENY_403,
    DENY_404,
    EVERYONE_SIGNED_IN,
    Row,
    rows,
)

SIGNED_IN = [c for c in CALLERS if c != "anonymous"]
NOBODY = dict.fromkeys(SIGNED_IN, DENY_404)
READERS = {
    "sam": {**EVERYONE_SIGNED_IN, "priya": DENY_404},
    "alex": {**NOBODY, "alex": ALLOW, "admin": ALLOW},
    "unknown": NOBODY,
}
OWNERS = {
    "sam": {**READERS["sam"], "maria": DENY_403, "alex": DENY_403},
    "alex": READERS["alex"],
    "unknown": NOBODY,
}
SUGGEST = {"hours": "10", "budget": "1000"}
# sam's demo plan is submitted: its items cannot be replaced (400); the admin has no person
USERS = {**EVERYONE_SIGNED_IN, "admin": 400}
USE = {**USERS, "sam": 400}

rows(
    Row("GET", "/plan/suggest", expect=USERS, query=SUGGEST),
    Row("POST", "/plan/suggest/use", form=True, expect=USE, body=lambda w: dict(SUGGEST)),
    Row("POST", "/api/v1/plans/suggest", expect=USERS, body=lambda w: {"hours_per_month": 10}),
    Row("POST", "/api/v1/plans/suggest/use", expect=USE, body=lambda w: {"hours_per_month": 10}),
)
for owner in ("sam", "alex", "unknown"):
    rows(
        Row("GET", "/api/v1/people/{person_id}/eligibility", owner, READERS[owner]),
        Row("GET", "/api/v1/people/{person_id}/credentials", owner, READERS[owner]),
        Row(
            "PUT",
            "/api/v1/people/{person_id}/credentials",
            owner,
            OWNERS[owner],
            body=lambda w: {"certifications": ["capm"], "education": "degree"},
        ),
        Row(
            "POST",
            "/people/{person_id}/credentials",
            owner,
            OWNERS[owner],
            form=True,
            body=lambda w: {"certifications": "capm", "education": "secondary"},
        ),
    )
