"""A liveness check, and the benchmark's hello-world ceiling: no database, no sign-in."""

from __future__ import annotations

from fastapi import APIRouter

from pmopath.services.ports.schemas import HealthPublic

router = APIRouter(tags=["health"])
OK = HealthPublic(status="ok")


@router.get("/health")
def health() -> HealthPublic:
    """Answers while the server runs (touches nothing else)."""
    return OK
