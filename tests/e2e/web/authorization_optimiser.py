"""Authorization rows for the plan optimiser, eligibility, held credentials and role history.

The optimiser works on the caller's own person only (no owner in the path); an admin account
has no person and is told so (400). Eligibility and credentials read like a person's record;
credentials change like their own records (themselves or an admin; a manager above gets 403).
Role history is read and changed by whoever reads the person (themselves, a manager above them,
an admin).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from typing import Any

from pmopath.domain.people import RoleSpell
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

# ---- role history: read like a person's record, and changed by the same people ----------------
_SPELLS = itertools.count()


def _past_spell(form: bool) -> Callable[[Any], dict[str, Any]]:
    """A spell in a year no other call of this session used (callers must not overlap)."""

    def body(world: Any) -> dict[str, Any]:
        year = 1960 + next(_SPELLS) % 60
        spell = {"role": "project_manager", "started_on": f"{year}-01", "ended_on": f"{year}-06"}
        return {**spell, "kinds": "agile" if form else ["agile"]}

    return body


def _a_past_spell(world: Any, owner: str) -> dict[str, str]:
    """A new past spell of the owner's (an id nobody has for the unknown owner)."""
    if owner == "unknown":
        return {"person_id": "987654", "spell_id": "987654"}
    person = world.person_id(owner)
    year = 1960 + next(_SPELLS) % 60
    with world.runtime.unit_of_work() as uow:
        spell = RoleSpell("project_manager", date(year, 1, 1), date(year, 7, 1))
        stored = uow.role_history.add(person, spell)
        uow.commit()
    return {"person_id": str(person), "spell_id": str(stored.id)}


for owner in ("sam", "alex", "unknown"):
    rows(
        Row("GET", "/api/v1/people/{person_id}/history", owner, READERS[owner]),
        Row(
            "POST",
            "/api/v1/people/{person_id}/history",
            owner,
            READERS[owner],
            body=_past_spell(form=False),
        ),
        Row(
            "DELETE",
            "/api/v1/people/{person_id}/history/{spell_id}",
            owner,
            READERS[owner],
            params=_a_past_spell,
        ),
        Row(
            "POST",
            "/people/{person_id}/history",
            owner,
            READERS[owner],
            form=True,
            body=_past_spell(form=True),
        ),
        Row(
            "POST",
            "/people/{person_id}/history/{spell_id}/remove",
            owner,
            READERS[owner],
            form=True,
            params=_a_past_spell,
        ),
        Row(
            "POST",
            "/people/{person_id}/history/{spell_id}/remove",
            owner,
            READERS[owner],
            form=True,
            params=_a_past_spell,
            body=lambda w: {"confirmed": "yes"},
        ),
    )
