"""Rows for SCIM provisioning (/scim/v2): only a SCIM bearer token gets in, so every caller
of the matrix (a session, or nobody) is refused with 401, admins included. What a SCIM token
may do is in test_scim.py (and an ordinary API token's 401 there)."""

from __future__ import annotations

from tests.e2e.web.authorization import ANON, CALLERS, Row, rows

NOBODY = dict.fromkeys(CALLERS, ANON)


def _ids(world: object, owner: str) -> dict[str, str]:
    return {"user_id": "1", "group_id": "1", "name": "User", "schema_id": "x"}


for _path in (
    "/scim/v2/ServiceProviderConfig",
    "/scim/v2/ResourceTypes",
    "/scim/v2/ResourceTypes/{name}",
    "/scim/v2/Schemas",
    "/scim/v2/Schemas/{schema_id}",
):
    rows(Row("GET", _path, expect=NOBODY, params=_ids))
for _kind in ("Users", "Groups"):
    rows(
        Row("GET", f"/scim/v2/{_kind}", expect=NOBODY),
        Row("POST", f"/scim/v2/{_kind}", expect=NOBODY, body=lambda w: {"displayName": "x"}),
        Row("POST", f"/scim/v2/{_kind}/.search", expect=NOBODY, body=lambda w: {}),
    )
rows(Row("POST", "/scim/v2/.search", expect=NOBODY, body=lambda w: {}))
for _one in ("/scim/v2/Users/{user_id}", "/scim/v2/Groups/{group_id}"):
    for _method in ("GET", "PUT", "PATCH", "DELETE"):
        body = None if _method in ("GET", "DELETE") else (lambda w: {"displayName": "x"})
        rows(Row(_method, _one, expect=NOBODY, params=_ids, body=body))
