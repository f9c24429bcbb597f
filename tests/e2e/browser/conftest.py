"""A live server on a seeded demo database, and Debian's Chromium driven by Playwright.

Never a browser download: Chromium comes from apt (the Makefile installs it). Without it the
browser tests fail in CI; elsewhere they are skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from pmopath.bootstrap.web import WebRuntime, open_web_runtime
from pmopath.services.demo.organisation import DEMO_DOMAIN, DEMO_PASSWORD
from pmopath.web.app import create_app
from tests.conftest import demo_template
from tests.support import templates
from tests.support.containers import cheap_container

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(os.environ.get("PMOPATH_TEST_ARTIFACTS", "test-artifacts")) / "screenshots"

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI must run the browser tests (make installs it)")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def live_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_templates: templates.Templates
) -> Iterator[str]:
    """The app on a fresh SQLite demo database (a copy of the template), served by uvicorn in
    a thread."""
    port = _free_port()
    monkeypatch.setenv("PMOPATH_SECRET_KEY", "browser-test-secret-" + "y" * 40)
    monkeypatch.setenv("PMOPATH_PUBLIC_URL", f"http://127.0.0.1:{port}")  # links in e-mails
    url = templates.copy(demo_template(database_templates, "sqlite"), str(tmp_path / "browser.db"))
    runtime = open_web_runtime(url, container=cheap_container())
    with serving(runtime, port):
        yield f"http://127.0.0.1:{port}"


@contextmanager
def serving(runtime: WebRuntime, port: int) -> Iterator[None]:
    """The app of ``runtime`` served by uvicorn in a thread on 127.0.0.1:``port``; stopped and
    the runtime closed on the way out."""
    server = uvicorn.Server(
        uvicorn.Config(create_app(runtime), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        assert server.started, "the test server did not start"
        yield
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        runtime.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def sign_in(page: Page, base: str, key: str) -> None:
    page.goto(f"{base}/sign-in")
    page.get_by_label("E-mail").fill(f"{key}@{DEMO_DOMAIN}")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def screenshot(page: Page, name: str) -> None:
    """Save a full-page screenshot under the test artifacts folder."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
