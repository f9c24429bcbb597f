"""The SCIM conformance checker (scim2-tester) against /scim/v2: no check may fail.

It runs through Starlette's TestClient (an httpx2 client bound to the app), on the test's own
database (SQLite, and PostgreSQL when configured). What the service does not support (bulk,
sorting, password changes) is declared in its ServiceProviderConfig, and the checker skips it.
"""

from __future__ import annotations

from collections import Counter

import pytest
from fastapi.testclient import TestClient
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server

from pmopath.domain.accounts import TokenScope
from tests.e2e.web.conftest import World
from tests.e2e.web.test_scim import token_for

FAILING = {Status.ERROR, Status.CRITICAL} if hasattr(Status, "CRITICAL") else {Status.ERROR}


KNOWN = (
    "12 of 77 checks still fail: attributes/excludedAttributes on GET by id and POST /.search "
    "are not honoured; PATCH remove of displayName/active falls back to a value; a manager's "
    "and a member's display names are the person's name, not what the client sent"
)


@pytest.mark.xfail(strict=True, reason=KNOWN)
def test_scim2_tester_finds_no_failure(world: World) -> None:
    token = token_for(world, "admin", TokenScope.SCIM, "scim2-tester")
    http = TestClient(world.app, base_url="http://testserver/scim/v2")
    http.headers["Authorization"] = f"Bearer {token}"
    results = check_server(SyncSCIMClient(http))
    tally = Counter(result.status.name for result in results)
    print(f"scim2-tester: {len(results)} checks: {dict(sorted(tally.items()))}")
    failed = [
        f"{r.title} [{r.resource_type or '-'}]: {r.reason}" for r in results if r.status in FAILING
    ]
    assert not failed, "\n".join(failed)
    assert tally["SUCCESS"] > 20
