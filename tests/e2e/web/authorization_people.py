"""Authorization rows: self-assessment, person pages, targets, evidence and the people API.

Reading a person: themselves, a manager above them, an admin; anyone else is told 404.
Changing their own records (targets, self-assessment, evidence): themselves or an admin; a
manager who can read them is told 403. A manager assessment or verifying evidence: a manager
above them (an admin may assess but, having no person, cannot sign a verification).
"""

from __future__ import annotations

from typing import Any

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
HAS_A_PERSON = {**EVERYONE_SIGNED_IN, "admin": DENY_404}
READ_SAM = {**EVERYONE_SIGNED_IN, "priya": DENY_404}
READ_ALEX = {**NOBODY, "alex": ALLOW, "admin": ALLOW}
OWN_SAM = {**READ_SAM, "maria": DENY_403, "alex": DENY_403}
MANAGE_SAM = {**READ_SAM, "sam": DENY_403}
VERIFY_SAM = {**MANAGE_SAM, "admin": DENY_403}
READERS = {"sam": READ_SAM, "alex": READ_ALEX, "unknown": NOBODY}


def _levels(world: Any) -> dict[str, Any]:
    return {"source": "self", "levels": {"strategic_alignment": 2}}


def _manager_levels(world: Any) -> dict[str, Any]:
    return {"source": "manager", "levels": {"strategic_alignment": 3}, "note": "matrix"}


def _evidence(world: Any) -> dict[str, Any]:
    return {"title": "Matrix evidence", "happened_on": "2026-01-05", "competencies": []}


def _sams_evidence(world: Any, owner: str) -> dict[str, str]:
    """The demo's piece of evidence of sam's, or an id nobody has."""
    if owner == "unknown":
        return {"evidence_id": "987654"}
    sam = world.person_id("sam")
    with world.runtime.unit_of_work() as uow:
        found = uow.plans.evidence_for(sam)
    return {"evidence_id": str(found[0].id)}


# ---- pages ------------------------------------------------------------------------------------
rows(
    Row("GET", "/assessment", expect=HAS_A_PERSON),
    Row("GET", "/assessment", expect=HAS_A_PERSON, query={"competency": "business_case"}),
    Row(
        "POST",
        "/assessment",
        form=True,
        body=lambda w: {"go": "save", "a": "strategic_alignment:2"},
        expect=HAS_A_PERSON,
    ),
    Row("GET", "/assessment/history", expect=HAS_A_PERSON),
    Row("GET", "/evidence", expect=HAS_A_PERSON),
    Row(
        "POST",
        "/evidence",
        form=True,
        body=lambda w: {"title": "Matrix", "happened_on": "2026-01-05"},
        expect=HAS_A_PERSON,
    ),
)
for _owner, _expect in READERS.items():
    rows(Row("GET", "/people/{person_id}", owner=_owner, expect=_expect))
for _owner in ("sam", "unknown"):
    _manage = MANAGE_SAM if _owner == "sam" else NOBODY
    _own = OWN_SAM if _owner == "sam" else NOBODY
    rows(
        Row(
            "POST",
            "/people/{person_id}/assessment",
            owner=_owner,
            form=True,
            body=lambda w: {"a": "strategic_alignment:3", "note": "matrix"},
            expect=_manage,
        ),
        Row(
            "POST",
            "/people/{person_id}/targets",
            owner=_owner,
            form=True,
            body=lambda w: {"role": "pmo_analyst", "primary": "true"},
            expect=_own,
        ),
        Row(
            "POST",
            "/evidence/{evidence_id}/verify",
            owner=_owner,
            form=True,
            params=_sams_evidence,
            expect=VERIFY_SAM if _owner == "sam" else NOBODY,
        ),
    )

# ---- API --------------------------------------------------------------------------------------
rows(Row("GET", "/api/v1/me", expect=EVERYONE_SIGNED_IN))
for _owner, _expect in READERS.items():
    for _path in ("", "/gap", "/closest-roles", "/assessments", "/targets", "/evidence"):
        rows(Row("GET", "/api/v1/people/{person_id}" + _path, owner=_owner, expect=_expect))
for _owner in ("sam", "unknown"):
    _own = OWN_SAM if _owner == "sam" else NOBODY
    rows(
        Row("POST", "/api/v1/people/{person_id}/assessments", _owner, _own, _levels),
        Row(
            "POST",
            "/api/v1/people/{person_id}/assessments",
            _owner,
            MANAGE_SAM if _owner == "sam" else NOBODY,
            _manager_levels,
        ),
        Row(
            "POST",
            "/api/v1/people/{person_id}/targets",
            _owner,
            _own,
            lambda w: {"role": "pmo_analyst", "primary": False},
        ),
        Row("POST", "/api/v1/people/{person_id}/evidence", _owner, _own, _evidence),
        Row(
            "POST",
            "/api/v1/evidence/{evidence_id}/verify",
            owner=_owner,
            params=_sams_evidence,
            expect=VERIFY_SAM if _owner == "sam" else NOBODY,
        ),
    )
