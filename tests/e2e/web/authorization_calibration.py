"""Authorization rows: calibration (issue 18).

A person's calibration page and levels side by side: whoever may read the person (the person
sees their calibrated levels, a manager above or an admin also the comparison). Recording a
calibrated level: a manager above the person or an admin; the person themselves is told 403.
A group's flags: managers (narrowed to their tree) and admins; members are told 403. Sessions:
admins only.
"""

from __future__ import annotations

from typing import Any

from tests.e2e.web.authorization import ALLOW, DENY_403, DENY_404, EVERYONE_SIGNED_IN, Row, rows
from tests.e2e.web.authorization_people import MANAGE_SAM, NOBODY, READERS

ADMIN_ONLY = {"sam": DENY_403, "priya": DENY_403, "maria": DENY_403, "alex": DENY_403}
ADMIN_ONLY = {**ADMIN_ONLY, "admin": ALLOW}
NO_SESSION = {**ADMIN_ONLY, "admin": DENY_404}
CALIBRATORS = {**EVERYONE_SIGNED_IN, "sam": DENY_403, "priya": DENY_403}
PMO = {"kind": "team", "group": "PMO"}


def _decision(world: Any) -> dict[str, Any]:
    return {"competency": "data_analysis", "level": 3, "reason": "matrix: weighed the sources"}


def _session_form(world: Any) -> dict[str, Any]:
    return {"name": "Matrix session", **PMO}


def _a_session(world: Any, owner: str) -> dict[str, str]:
    """A fresh open session over the demo's team (each call its own), or an id nobody has."""
    if owner == "unknown":
        return {"session_id": "987654"}
    from pmopath.domain.calibration import GroupKind
    from pmopath.domain.permissions import SYSTEM
    from pmopath.services.calibration import sessions

    opened = sessions.open_session(
        world.runtime.store(), "Matrix", GroupKind.TEAM, "PMO", viewer=SYSTEM, actor="matrix"
    )
    return {"session_id": str(opened.id)}


# ---- pages ------------------------------------------------------------------------------------
rows(
    Row("GET", "/calibration", expect=EVERYONE_SIGNED_IN),
    Row("GET", "/calibration", expect=EVERYONE_SIGNED_IN, query=PMO),
    Row("GET", "/calibration/sessions", expect=ADMIN_ONLY),
    Row("POST", "/calibration/sessions", form=True, body=_session_form, expect=ADMIN_ONLY),
)
for _owner, _expect in READERS.items():
    rows(Row("GET", "/people/{person_id}/calibration", owner=_owner, expect=_expect))
for _owner in ("sam", "unknown"):
    _found = _owner == "sam"
    rows(
        Row(
            "POST",
            "/people/{person_id}/calibration",
            owner=_owner,
            form=True,
            body=_decision,
            expect=MANAGE_SAM if _found else NOBODY,
        ),
        Row(
            "GET",
            "/calibration/sessions/{session_id}",
            owner=_owner,
            params=_a_session,
            expect=ADMIN_ONLY if _found else NO_SESSION,
        ),
        Row(
            "POST",
            "/calibration/sessions/{session_id}/close",
            owner=_owner,
            form=True,
            params=_a_session,
            expect=ADMIN_ONLY if _found else NO_SESSION,
        ),
    )

# ---- API --------------------------------------------------------------------------------------
rows(
    Row("GET", "/api/v1/calibration/flags", expect=CALIBRATORS, query=PMO),
    Row("GET", "/api/v1/calibration/sessions", expect=ADMIN_ONLY),
    Row("POST", "/api/v1/calibration/sessions", body=_session_form, expect=ADMIN_ONLY),
)
for _owner, _expect in READERS.items():
    rows(Row("GET", "/api/v1/people/{person_id}/calibration", owner=_owner, expect=_expect))
for _owner in ("sam", "unknown"):
    _found = _owner == "sam"
    rows(
        Row(
            "POST",
            "/api/v1/people/{person_id}/calibration",
            owner=_owner,
            body=_decision,
            expect=MANAGE_SAM if _found else NOBODY,
        ),
        Row(
            "GET",
            "/api/v1/calibration/sessions/{session_id}",
            owner=_owner,
            params=_a_session,
            expect=ADMIN_ONLY if _found else NO_SESSION,
        ),
        Row(
            "POST",
            "/api/v1/calibration/sessions/{session_id}/close",
            owner=_owner,
            params=_a_session,
            expect=ADMIN_ONLY if _found else NO_SESSION,
        ),
    )
