"""Signed-in GET answers kept in memory: served again only while nothing has changed, never to
another session, and never after a write by this or another process."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from pmopath.bootstrap.web import open_web_runtime
from pmopath.web.app import create_app
from pmopath.web.response_cache import Kept, ResponseCache
from tests.e2e.web.conftest import World, page_csrf, sign_in
from tests.support.containers import cheap_container


@pytest.fixture
def other_process(world: World) -> Iterator[TestClient]:
    """Another server process's app (its own engine and cache) on the same database."""
    runtime = open_web_runtime(world.database_url, container=cheap_container())
    yield TestClient(create_app(runtime), base_url="http://testserver")
    runtime.close()


def _hits(world: World) -> int:
    cache: ResponseCache = world.app.state.response_cache
    return cache.hits


def test_a_repeated_page_is_answered_from_memory_with_the_same_bytes(world: World) -> None:
    client = sign_in(world.client(), "sam")
    first = client.get("/")
    before = _hits(world)
    again = client.get("/")
    assert _hits(world) == before + 1
    assert again.status_code == 200 and again.content == first.content
    assert again.headers["content-type"] == first.headers["content-type"]
    assert "default-src" in again.headers["content-security-policy"]


def test_a_write_through_another_process_is_seen_at_once(
    world: World, other_process: TestClient
) -> None:
    sam = sign_in(world.client(), "sam")
    assert "PMO Analyst" in sam.get("/").text
    assert "PMO Analyst" in sam.get("/").text  # now kept in this process
    elsewhere = sign_in(other_process, "sam")
    made = elsewhere.post(
        "/target", data={"role": "pmo_manager", "csrf_token": page_csrf(elsewhere, "/map")}
    )
    assert made.status_code == 200  # followed to the home page of the other process
    target = sam.get("/").text.split('id="target-h"')[1][:400]
    assert "PMO Manager" in target and "PMO Analyst" not in target


def test_the_api_sees_a_write_made_through_the_pages(world: World) -> None:
    sam = sign_in(world.client(), "sam")
    person = world.person_id("sam")
    before = sam.get(f"/api/v1/people/{person}/gap").json()
    sam.post("/target", data={"role": "pmo_manager", "csrf_token": page_csrf(sam, "/map")})
    after = sam.get(f"/api/v1/people/{person}/gap").json()
    assert before["role"] != after["role"] and after["role"] == "pmo_manager"


def test_one_session_is_never_answered_with_anothers_page(world: World) -> None:
    sam, maria = sign_in(world.client(), "sam"), sign_in(world.client(), "maria")
    assert sam.get("/api/v1/me").json()["person"]["name"] == "Sam Patel"
    assert maria.get("/api/v1/me").json()["person"]["name"] != "Sam Patel"
    again = sign_in(world.client(), "sam")  # a second session of the same account
    assert page_csrf(again) != page_csrf(sam)


def test_a_signed_out_session_gets_nothing_kept(world: World) -> None:
    sam = sign_in(world.client(), "sam")
    kept = sam.cookies.get("pmopath_session")
    sam.get("/")
    sam.post("/sign-out", data={"csrf_token": page_csrf(sam)})
    stale = world.client()
    stale.cookies.set("pmopath_session", kept or "")
    answer = stale.get("/", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/sign-in")


def test_the_cache_drops_the_least_recently_used_beyond_its_bounds() -> None:
    from datetime import date

    cache = ResponseCache(max_entries=2, max_bytes=10)
    day = date(2026, 11, 22)

    def key(n: int) -> tuple[int, date, str, str, str, str]:
        return (1, day, "session", f"/{n}", "", "")

    cache.put(key(1), Kept(200, (), b"aaaa"))
    cache.put(key(2), Kept(200, (), b"bbbb"))
    assert cache.get(key(1)) is not None  # 1 is now the most recent
    cache.put(key(3), Kept(200, (), b"cccc"))  # over two entries: 2 goes
    assert cache.get(key(2)) is None and cache.get(key(1)) is not None
    cache.put(key(4), Kept(200, (), b"dddddddd"))  # over ten bytes: 3 and 1 go
    assert len(cache) == 1 and cache.get(key(4)) is not None
    nothing = ResponseCache(max_bytes=0)  # PMOPATH_RESPONSE_CACHE_MB=0: the cache is off
    nothing.put(key(1), Kept(200, (), b"a"))
    assert nothing.get(key(1)) is None and len(nothing) == 0


def test_requests_for_an_answer_being_made_wait_for_it(world_either_way: World) -> None:
    import asyncio
    from concurrent.futures import ThreadPoolExecutor
    from typing import Any

    world = world_either_way

    maria = sign_in(world.client(), "maria")  # a manager: /team/ready is hers to see
    cookie = f"pmopath_session={maria.cookies.get('pmopath_session')}".encode()
    cache: ResponseCache = world.app.state.response_cache

    async def get(path: str) -> tuple[int, bytes]:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": [(b"host", b"testserver"), (b"cookie", cookie)],
            "client": ("127.0.0.1", 1234),
            "server": ("testserver", 80),
        }
        sent: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        await world.app(scope, receive, send)
        body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
        return sent[0]["status"], body

    async def together() -> list[tuple[int, bytes]]:
        return list(await asyncio.gather(*(get("/team/ready") for _ in range(3))))

    misses, hits, shared = cache.misses, cache.hits, cache.shared
    # A fresh thread has no event loop of its own, whatever an earlier test (Playwright's sync
    # API, for one) left running in this one.
    with ThreadPoolExecutor(max_workers=1) as thread:
        answers = thread.submit(asyncio.run, together()).result()
    assert {status for status, _ in answers} == {200}
    assert len({body for _, body in answers}) == 1
    waited = cache.shared - shared
    assert (cache.misses - misses) - waited == 1  # made once: every other miss waited
    if world.runtime.session_threads is None:  # all three are checked before it is made
        assert waited == 2
    else:  # on their threads a check can end after the answer is kept, and find it there
        assert waited + (cache.hits - hits) == 2
    sam = sign_in(world.client(), "sam")  # a member: refused each time, nothing kept
    assert [sam.get("/team/ready").status_code for _ in range(2)] == [403, 403]
