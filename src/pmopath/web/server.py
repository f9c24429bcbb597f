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
        settle_collector()
        yield
        runtime.close()

    app.router.lifespan_context = lifespan
    return app


FULL_COLLECTION_EVERY = 100
"""Young-generation (gen1) collections between two full ones; Python's default is 10."""


def settle_collector() -> None:
    """Once the worker has loaded and warmed: what it holds now (modules, the framework, the
    compiled templates) moves out of the cycle collector's sight (``gc.freeze``), and full
    collections come ten times more rarely. A full collection looks at every object the worker
    kept since the freeze (pools, caches, whatever requests left behind), every thread stopped
    meanwhile, and under load it found next to nothing to free (the requests' own objects die
    by reference counting; pages leave no cycles, see ``templating.rendered``): measured under
    the writing mix on CPython 3.11, ten of them in 20 s paused a worker for up to 22 ms each
    and freed 744 objects in all."""
    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_EVERY)
