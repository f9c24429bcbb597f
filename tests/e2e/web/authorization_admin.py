"""Authorization rows for the team pages, the admin pages and their API."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

from tests.e2e.web.authorization import ALLOW, CALLERS, DENY_403, DENY_404, Row, rows

MANAGERS = {"sam": DENY_403, "priya": DENY_403, "maria": ALLOW, "alex": ALLOW, "admin": ALLOW}
ADMIN_ONLY = {c: DENY_403 for c in CALLERS if c != "anonymous"} | {"admin": ALLOW}
PASSWORD = "plum tractor velvet 42"


def _framework_text() -> str:
    return resources.files("pmopath.data").joinpath("default_framework.yaml").read_text("utf-8")


def _framework_form(world: Any) -> dict[str, str]:
    return {"content": _framework_text(), "filename": "framework.yaml"}


def _framework_json(world: Any) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(_framework_text())
    return data


def _people_form(world: Any) -> dict[str, str]:
    return {"content": "email,name\nnew.person@example.org,New Person\n", "filename": "people.csv"}


def _account_form(world: Any) -> dict[str, str]:
    return {"email": "matrix.account@example.org", "role": "member", "password": PASSWORD}


def _account_change(world: Any) -> dict[str, str]:
    return {"role": "member", "person": "sam@demo.pmopath.org"}


def _sams_account(world: Any, owner: str) -> dict[str, str]:
    with world.runtime.unit_of_work() as uow:
        account = uow.accounts.by_email("sam@demo.pmopath.org")
    return {"account_id": str(account.id if owner == "sam" else 987654)}


def _sams_token(world: Any, owner: str) -> dict[str, str]:
    """An API token of sam's account (an unknown account for the owner ``unknown``)."""
    from pmopath.services.accounts import tokens

    with world.runtime.unit_of_work() as uow:
        account = uow.accounts.by_email("sam@demo.pmopath.org")
    token_id, _ = tokens.create_api_token(world.runtime.store(), account, "matrix")
    return {**_sams_account(world, owner), "token_id": str(token_id)}


for _owner, _admin in (("sam", ALLOW), ("unknown", DENY_404)):
    rows(
        Row(
            "GET",
            "/admin/accounts/{account_id}/tokens",
            owner=_owner,
            params=_sams_account,
            expect={**ADMIN_ONLY, "admin": _admin},
        ),
        Row(  # the first POST asks; the matrix's second row confirms
            "POST",
            "/admin/accounts/{account_id}/tokens/{token_id}/revoke",
            owner=_owner,
            form=True,
            params=_sams_token,
            expect={**ADMIN_ONLY, "admin": _admin},
        ),
        Row(
            "POST",
            "/admin/accounts/{account_id}/tokens/{token_id}/revoke",
            owner=_owner,
            form=True,
            params=_sams_token,
            body=lambda w: {"confirmed": "yes"},
            expect={**ADMIN_ONLY, "admin": _admin},
        ),
        Row(
            "GET",
            "/api/v1/admin/accounts/{account_id}/tokens",
            owner=_owner,
            params=_sams_account,
            expect={**ADMIN_ONLY, "admin": _admin},
        ),
        Row(
            "DELETE",
            "/api/v1/admin/accounts/{account_id}/tokens/{token_id}",
            owner=_owner,
            params=_sams_token,
            expect={**ADMIN_ONLY, "admin": _admin},
        ),
    )

ISSUER = "https://id.example.org"


def _sams_identity(world: Any, owner: str) -> dict[str, str]:
    """Sam's account linked to an identity at a provider (an unknown account for ``unknown``)."""
    from datetime import UTC, datetime

    from pmopath.domain.single_sign_on import LinkedIdentity

    with world.runtime.unit_of_work() as uow:
        account = uow.accounts.by_email("sam@demo.pmopath.org")
        if not uow.single_sign_on.identities(account.id):
            uow.single_sign_on.link(
                LinkedIdentity(account.id, ISSUER, "sub-sam", datetime.now(UTC))
            )
            uow.commit()
    return _sams_account(world, owner)


def _identity_fields(world: Any, confirmed: bool = False) -> dict[str, str]:
    return {"issuer": ISSUER, "subject": "sub-sam"} | ({"confirmed": "yes"} if confirmed else {})


for _owner, _admin in (("sam", ALLOW), ("unknown", DENY_404)):
    rows(
        Row(  # the first POST asks; the second confirms
            "POST",
            "/admin/accounts/{account_id}/identities/unlink",
            owner=_owner,
            form=True,
            params=_sams_identity,
            body=_identity_fields,
            expect={**ADMIN_ONLY, "admin": _admin},
        ),
        Row(
            "POST",
            "/admin/accounts/{account_id}/identities/unlink",
            owner=_owner,
            form=True,
            params=_sams_identity,
            body=lambda w: _identity_fields(w, confirmed=True),
            expect={**ADMIN_ONLY, "admin": _admin},
        ),
        Row(
            "GET",
            "/api/v1/admin/accounts/{account_id}/identities",
            owner=_owner,
            params=_sams_identity,
            expect={**ADMIN_ONLY, "admin": _admin},
        ),
        Row(
            "POST",
            "/api/v1/admin/accounts/{account_id}/identities/unlink",
            owner=_owner,
            params=_sams_identity,
            body=_identity_fields,
            expect={**ADMIN_ONLY, "admin": _admin},
        ),
    )

rows(
    Row("GET", "/team", expect=MANAGERS),
    Row("GET", "/team/ready", expect=MANAGERS, query={"role": "pmo_manager", "at_least": "40"}),
    Row(
        "GET",
        "/api/v1/team",
        expect=MANAGERS,
        query={"manager": "maria@demo.pmopath.org"},
    ),
    # a manager sees a team below them, not one above: alex's team is unknown to maria
    Row(
        "GET",
        "/api/v1/team",
        owner="alex",
        expect={**MANAGERS, "maria": DENY_404},
        query={"manager": "alex@demo.pmopath.org"},
    ),
    Row("GET", "/api/v1/ready", expect=MANAGERS, query={"role": "pmo_manager", "at_least": "40"}),
    Row("GET", "/admin", expect=ADMIN_ONLY),
    Row("POST", "/admin/framework", form=True, body=_framework_form, expect=ADMIN_ONLY),
    Row("POST", "/admin/framework/activate", form=True, body=_framework_form, expect=ADMIN_ONLY),
    Row("POST", "/admin/people", form=True, body=_people_form, expect=ADMIN_ONLY),
    Row("POST", "/admin/people/import", form=True, body=_people_form, expect=ADMIN_ONLY),
    Row("GET", "/admin/accounts", expect=ADMIN_ONLY),
    Row("POST", "/admin/accounts", form=True, body=_account_form, expect=ADMIN_ONLY),
    Row(
        "POST",
        "/admin/accounts/{account_id}",
        owner="sam",
        form=True,
        params=_sams_account,
        body=_account_change,
        expect=ADMIN_ONLY,
    ),
    Row(  # disabling asks first: the confirmation page is the admin's alone too
        "POST",
        "/admin/accounts/{account_id}",
        owner="sam",
        form=True,
        params=_sams_account,
        body=lambda w: {**_account_change(w), "disabled": "true"},
        expect=ADMIN_ONLY,
    ),
    Row(
        "POST",
        "/admin/accounts/{account_id}",
        owner="unknown",
        form=True,
        params=_sams_account,
        body=_account_change,
        expect={**ADMIN_ONLY, "admin": DENY_404},
    ),
    Row("POST", "/api/v1/admin/framework", body=_framework_json, expect=ADMIN_ONLY),
    # the matrix sends JSON; a people CSV must come as text/csv or an upload (tested elsewhere)
    Row(
        "POST",
        "/api/v1/admin/people",
        body=lambda w: {"csv": "email,name"},
        expect={**ADMIN_ONLY, "admin": 400},
        query={"dry_run": "true"},
    ),
    Row("GET", "/api/v1/admin/accounts", expect=ADMIN_ONLY),
    Row(
        "POST",
        "/api/v1/admin/accounts",
        body=lambda w: {**_account_form(w), "person": None},
        expect=ADMIN_ONLY,
    ),
    Row(
        "PATCH",
        "/api/v1/admin/accounts/{account_id}",
        owner="sam",
        params=_sams_account,
        body=_account_change,
        expect=ADMIN_ONLY,
    ),
    Row(
        "PATCH",
        "/api/v1/admin/accounts/{account_id}",
        owner="unknown",
        params=_sams_account,
        body=_account_change,
        expect={**ADMIN_ONLY, "admin": DENY_404},
    ),
)

# the audit log: admins only, page, CSV and API alike
rows(
    Row("GET", "/admin/audit", expect=ADMIN_ONLY),
    Row("GET", "/admin/audit", expect=ADMIN_ONLY, query={"kind": "sign_in", "actor": "sam"}),
    Row("GET", "/admin/audit.csv", expect=ADMIN_ONLY),
    Row("GET", "/api/v1/audit", expect=ADMIN_ONLY, query={"kind": "accounts"}),
)
