"""Answers to signed-in GET requests, kept per process until the store changes.

A route opts in with ``@cacheable`` and ``route_class=CacheableRoute`` on its router. Such a
route only reads, so its GET requests are marked read-only (``deps.mark_read_only``). A GET
request with a live session is answered from memory when this process has already answered the
same URL for the same session under the same change stamp and on the same day; else it runs as
usual and a 200 answer is kept. The stamp (``adapters/db/change_stamp.py``) comes in
the one query that checks the session, so a hit costs that query and a lookup, and any write by
any process to what pages show makes every older entry unreachable. Several workers behave as
one: each keeps its own entries, and each entry is only ever served while the database says
nothing has changed since it was made.

Keys hold the session token, so one person's page is never served to another (nor across their
own sessions: pages carry a CSRF token bound to the session). Bearer-token API calls and anything
but GET are never cached. Entries are bounded in number and bytes; the least recently used go
first (PMOPATH_RESPONSE_CACHE_MB sets the bytes; 0 keeps nothing).
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from fastapi import Request, Response
from fastapi.routing import APIRoute

from pmopath.bootstrap.web import WebRuntime
from pmopath.web.deps import mark_read_only, read_session
from pmopath.web.flash import FLASH_COOKIE

MAX_ENTRIES = 4096
MAX_ENTRY_BYTES = 1024 * 1024
_MARK = "pmopath_cacheable"

Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])
Key = tuple[int, date, str, str, str, str]


def cacheable(endpoint: Endpoint) -> Endpoint:
    """Mark a GET endpoint whose answer depends only on the store, the session, the URL and the
    day (never on the time of day, a random value or another header)."""
    setattr(endpoint, _MARK, True)
    return endpoint


@dataclass(frozen=True, slots=True)
class Kept:
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes


class ResponseCache:
    """A bounded least-recently-used map from request keys to kept answers (event loop only)."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = 64 << 20) -> None:
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._entries: OrderedDict[Key, Kept] = OrderedDict()
        self._bytes = 0
        self.hits = self.misses = self.shared = 0
        self.computing: dict[Key, asyncio.Future[Kept | None]] = {}
        """Answers being made now, which requests for the same key wait for."""

    def get(self, key: Key) -> Kept | None:
        kept = self._entries.get(key)
        if kept is None:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return kept

    def put(self, key: Key, kept: Kept) -> None:
        if len(kept.body) > min(MAX_ENTRY_BYTES, self.max_bytes):
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self._bytes -= len(old.body)
        self._entries[key] = kept
        self._bytes += len(kept.body)
        while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
            _, dropped = self._entries.popitem(last=False)
            self._bytes -= len(dropped.body)

    def __len__(self) -> int:
        return len(self._entries)


class CacheableRoute(APIRoute):
    """An APIRoute that answers ``@cacheable`` endpoints from the process's ResponseCache."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        if not getattr(self.endpoint, _MARK, False):
            return handler
        read = _made_again_if_connection_lost(handler)

        async def answer(request: Request) -> Response:
            if request.method != "GET":
                return await handler(request)
            mark_read_only(request)
            key = await _key(request)
            if key is None:
                return await read(request)
            cache: ResponseCache = request.app.state.response_cache
            kept = cache.get(key)
            if kept is None:
                making = cache.computing.get(key)  # the same answer, being made now
                if making is None:
                    return await _computed(cache, key, read, request)
                kept = await asyncio.shield(making)
                if kept is None:  # it could not be kept (an error, a redirect): make our own
                    return await read(request)
                cache.shared += 1
            response = Response(kept.body, kept.status)
            response.raw_headers = list(kept.headers)
            return response

        return answer


def _made_again_if_connection_lost(
    handler: Callable[[Request], Coroutine[Any, Any, Response]],
) -> Callable[[Request], Coroutine[Any, Any, Response]]:
    """The route's answer; the route only reads, so if its pooled connection had been dropped
    by the database (as after a restart), the answer is made once more, on a new one."""

    async def read(request: Request) -> Response:
        runtime: WebRuntime = request.app.state.runtime
        try:
            return await handler(request)
        except Exception as error:
            if not runtime.lost_connection(error):
                raise
        return await handler(request)

    return read


async def _computed(
    cache: ResponseCache,
    key: Key,
    handler: Callable[[Request], Coroutine[Any, Any, Response]],
    request: Request,
) -> Response:
    """Run the route and keep its answer; requests for the same key meanwhile wait for it
    (a page opened in several tabs at once, or a cold start, is made once)."""
    made: asyncio.Future[Kept | None] = asyncio.get_running_loop().create_future()
    cache.computing[key] = made
    kept = None
    try:
        response = await handler(request)
        body = getattr(response, "body", None)  # streamed answers have none
        if isinstance(body, bytes) and _keepable(response):
            kept = Kept(response.status_code, tuple(response.raw_headers), body)
            cache.put(key, kept)
        return response
    finally:
        made.set_result(kept)  # None: the waiters make their own answers
        del cache.computing[key]  # only this call sets the key while it is absent


async def _key(request: Request) -> Key | None:
    runtime: WebRuntime = request.app.state.runtime
    signed = await read_session(runtime, request)
    if signed is None or signed.changes is None or signed.session_token is None:
        return None
    if FLASH_COOKIE in request.cookies:  # a message waits: this answer is made and shown once
        return None
    return (
        signed.changes,
        runtime.clock().date(),
        signed.session_token,
        request.url.path,
        request.url.query,
        request.headers.get("hx-request", ""),
    )


def _keepable(response: Response) -> bool:
    return response.status_code == 200 and not any(
        name.lower() == b"set-cookie" for name, _ in response.raw_headers
    )
