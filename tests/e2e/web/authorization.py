"""The authorization matrix: every route, for every kind of caller and owner, allow or deny.

Each module of routes adds its rows to ``MATRIX``. A row names a route (method and path as
FastAPI declares it), how to fill its path parameters for an *owner*, an optional request body,
and what each caller should get. ``test_authorization_matrix.py`` fails for any route of the
app that has no row, so a new route cannot ship unchecked.

Callers (from the demo organisation):
  anonymous · sam (member; reports to maria) · priya (member; reports to maria, sam's peer)
  · maria (manager of sam, priya, tom, lena, ella) · alex (manager above maria) · admin.
Owners: ``self`` is the caller's own record where it has one, else sam's; ``sam``, ``alex``,
``unknown`` (an id nobody has).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

CALLERS = ("anonymous", "sam", "priya", "maria", "alex", "admin")
ALLOW = "allow"  # any 2xx or 3xx other than a redirect to sign-in
DENY_404 = 404
DENY_403 = 403
ANON = "anon"  # pages: 303 to /sign-in; API: 401


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    """As declared, e.g. /api/v1/people/{person_id}."""
    owner: str = "none"
    """Whose record the path points at: none, sam, alex, unknown."""
    expect: Mapping[str, object] = field(default_factory=dict)
    """Caller -> ALLOW, DENY_404, DENY_403 or ANON; missing callers default to ANON/ALLOW rules."""
    body: Callable[[Any], dict[str, Any]] | None = None
    """Builds a JSON body (API) or form fields (pages) from the test world."""
    params: Callable[[Any, str], dict[str, str]] | None = None
    """Fills path parameters from the world and the owner (default: person_id, plan_id...)."""
    form: bool = False
    query: Mapping[str, str] = field(default_factory=dict)


MATRIX: list[Row] = []


def rows(*new: Row) -> None:
    MATRIX.extend(new)


EVERYONE_SIGNED_IN = {c: ALLOW for c in CALLERS if c != "anonymous"}

# ---- routes open to every signed-in caller (no owner) ----------------------------------------
for _path in ("/", "/map", "/map.json", "/roles/{role_id}", "/paths"):
    rows(Row("GET", _path, expect=EVERYONE_SIGNED_IN))
for _path in ("/api/v1/roles", "/api/v1/roles/{role_id}", "/api/v1/map", "/api/v1/tokens"):
    rows(Row("GET", _path, expect=EVERYONE_SIGNED_IN))
rows(
    Row("GET", "/api/v1/health", expect=dict.fromkeys(CALLERS, ALLOW)),
    Row("GET", "/sign-in", expect=dict.fromkeys(CALLERS, ALLOW)),
    # single sign-on is not configured in the matrix's app: both answer 404 to everyone
    # (tests/e2e/web/test_single_sign_on.py walks them with a provider)
    Row("GET", "/sign-in/sso", expect=dict.fromkeys(CALLERS, DENY_404)),
    Row("GET", "/sign-in/sso/callback", expect=dict.fromkeys(CALLERS, DENY_404)),
    Row(
        "GET",
        "/api/v1/paths",
        expect=EVERYONE_SIGNED_IN,
        query={"from": "pmo_analyst", "to": "pmo_manager"},
    ),
    Row("POST", "/api/v1/tokens", expect=EVERYONE_SIGNED_IN, body=lambda w: {"label": "matrix"}),
    Row(
        "POST",
        "/target",
        form=True,
        body=lambda w: {"role": "pmo_manager"},
        expect={**EVERYONE_SIGNED_IN, "admin": DENY_404},
    ),  # admin has no person of their own
    # sign-out always lands on the sign-in page, signed in or not
    Row("POST", "/sign-out", form=True, expect=dict.fromkeys(CALLERS, ANON)),
    # signing in as sam works whoever was signed in before (it rotates the session)
    Row(
        "POST",
        "/sign-in",
        form=True,
        expect=dict.fromkeys(CALLERS, ALLOW),
        body=lambda w: {"email": "sam@demo.pmopath.org", "password": "pathways-demo-2026"},
    ),
)


def _sams_token(world: Any, owner: str) -> dict[str, str]:
    """An API token of sam's: sam and admin may revoke it; anyone else is told it is unknown."""
    from pmopath.services.accounts import tokens as accounts

    with world.runtime.unit_of_work() as uow:
        sam = uow.accounts.by_email("sam@demo.pmopath.org")
    token_id, _ = accounts.create_api_token(world.runtime.store(), sam, "matrix")
    return {"token_id": str(token_id if owner == "sam" else 987654)}


rows(
    Row(
        "DELETE",
        "/api/v1/tokens/{token_id}",
        owner="sam",
        params=_sams_token,
        expect={**EVERYONE_SIGNED_IN, "priya": DENY_404, "maria": DENY_404, "alex": DENY_404},
    ),
    Row(
        "DELETE",
        "/api/v1/tokens/{token_id}",
        owner="unknown",
        params=_sams_token,
        expect={c: DENY_404 for c in CALLERS if c != "anonymous"},
    ),
)
