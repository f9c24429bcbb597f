"""What uvicorn imports in each worker: the app built from the environment's settings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from pmopath.bootstrap import open_web_runtime
from pmopath.web.app import create_app


def app_from_environment() -> FastAPI:
    """A uvicorn factory: each worker opens its own engine on PMOPATH_DATABASE_URL."""
    runtime = open_web_runtime()
    app = create_app(runtime)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        runtime.close()

    app.router.lifespan_context = lifespan
    return app
