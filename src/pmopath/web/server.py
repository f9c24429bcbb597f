"""What uvicorn imports in each worker: the app built from the environment's settings."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI

from pmopath.bootstrap.container import Container
from pmopath.bootstrap.web import WEB_THREADS, open_web_runtime
from pmopath.config import read_settings
from pmopath.web.app import create_app
from pmopath.web.templating import compile_templates


def app_from_environment() -> FastAPI:
    """A uvicorn factory: each worker reads the settings once, as it starts (``pmopath serve``
    sets PMOPATH_DATABASE_URL for ``--db``; with one worker the factory runs in the command's
    own process, after the command read the settings), and opens its own engines."""
    runtime = open_web_runtime(container=Container(read_settings()))
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
