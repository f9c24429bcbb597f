"""Authorization rows for the PMO leader's view: coverage, succession and KPIs, as pages, JSON
and CSV. Managers see their tree (a manager above them is not found), admins everyone; members
are refused."""

from __future__ import annotations

from tests.e2e.web.authorization import DENY_404, Row, rows
from tests.e2e.web.authorization_admin import MANAGERS

_PARTS = ("coverage", "succession", "kpis")

for _part in _PARTS:
    _page = "/leader" if _part == "coverage" else f"/leader/{_part}"
    for _path in (
        _page,
        f"/leader/{_part}.csv",
        f"/api/v1/leader/{_part}",
        f"/api/v1/leader/{_part}.csv",
    ):
        rows(
            Row("GET", _path, expect=MANAGERS),
            # maria manages below alex: alex's tree is not one she may see
            Row(
                "GET",
                _path,
                owner="alex",
                expect={**MANAGERS, "maria": DENY_404},
                query={"manager": "alex@demo.pmopath.org"},
            ),
        )
