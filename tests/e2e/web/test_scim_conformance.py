"""The SCIM conformance checker (scim2-tester) against /scim/v2: no check may fail.

It runs through Starlette's TestClient (an httpx2 client bound to the app), on the test's own
database (SQLite, and PostgreSQL when configured). What the service does not support (bulk,
sorting, password changes) is declared in its ServiceProviderConfig, and the checker skips it;
so does it a search at the root (/.search, several resource types at once), which answers 501.
"""

from __future__ import annotations

from collections import Counter

from fastapi.testclient import TestClient
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server

from pmopath.domain.accounts import TokenScope
from tests.e2e.web.conftest import World
from tests.e2e.web.test_scim import token_for

FAILING = {Status.ERROR, Status.CRITICAL} if hasattr(Status, "CRITICAL") else {Status.ERROR}


def test_scim2_tester_finds_no_failure(world: World) -> None:
    token = token_for(world, "admin", TokenScope.SCIM, "scim2-tester")
    http = TestClient(world.app, base_url="http://testserver/scim/v2")
    http.headers["Authorization"] = f"Bearer {token}"
    results = check_server(SyncSCIMClient(http))
    tally = Counter(result.status.name for result in results)
    skipped = [f"{r.title}: {r.reason}" for r in results if r.status is Status.SKIPPED]
    print(f"scim2-tester: {len(results)} checks: {dict(sorted(tally.items()))}", *skipped, sep="\n")
    failed = [
        f"{r.title} [{r.resource_type or '-'}]: {r.reason}" for r in results if r.status in FAILING
    ]
    assert not failed, "\n".join(failed)
    assert tally["SUCCESS"] > 20
