"""What uvicorn imports in each worker: the app built from the environment's settings."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI

from pmopath.bootstrap.web import WEB_THREADS, open_web_runtime
from pmopath.web.app import create_app
from pmopath.web.templating import compile_templates


def app_from_environment() -> FastAPI:
    """A uvicorn factory: each worker opens its own engine on PMOPATH_DATABASE_URL."""
    runtime = open_web_runtime()
    app = create_app(runtime)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = WEB_THREADS
        compile_templates(app.state.templates)  # not while the first visitors wait
        runtime.warm()
        gc.collect()
        gc.freeze()
        yield
        runtime.close()

    app.router.lifespan_context = lifespan
    return app
