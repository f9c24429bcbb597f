"""A liveness check, and the benchmark's hello-world ceiling: no database, no sign-in."""

from __future__ import annotations

from pmopath.services.ports.schemas import HealthPublic
from pmopath.web.api.routing import ApiRouter

router = ApiRouter(tags=["health"])
OK = HealthPublic(status="ok")


@router.get("/health")
def health() -> HealthPublic:
    """Answers while the server runs (touches nothing else)."""
    return OK
