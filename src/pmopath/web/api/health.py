"""A liveness check, and the benchmark's hello-world ceiling: no database, no sign-in."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["health"])


@router.get("/health")
def health() -> dict[str, str]:
    """Answers while the server runs (touches nothing else)."""
    return {"status": "ok"}
