"""The PDF adapter: our own stylesheet is served, anything else a document asks for is refused."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pypdf
import pytest

from pmopath.adapters.documents import (
    STATIC_FOLDER,
    StaticOnlyFetcher,
    html_to_pdf,
    with_chart_styles,
)

PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR4nGNgYAAAAAMAAWgm"
    "WQ0AAAAASUVORK5CYII="
)


class CountingHandler(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        CountingHandler.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        return None


@pytest.fixture
def web_server() -> Iterator[str]:
    """A local HTTP server counting requests: a document must never reach it."""
    CountingHandler.hits = []
    server = HTTPServer(("127.0.0.1", 0), CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(5)


def _text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_only_static_files_and_inline_images_are_fetched(web_server: str) -> None:
    fetcher = StaticOnlyFetcher()
    html = f"""<html><head><link rel="stylesheet" href="print.css">
      <link rel="stylesheet" href="{web_server}/evil.css"></head><body>
      <h1>Report</h1>
      <img src="file:///etc/passwd"><img src="{web_server}/track.png">
      <img src="https://example.org/x.png"><img src="../templates/base.html">
      <img src="file:///etc/hostname"><img src="{PIXEL}">
      <div style="background: url('{web_server}/bg.png')">styled</div>
    </body></html>"""
    pdf = html_to_pdf(html, fetcher)
    assert "Report" in _text(pdf)
    assert CountingHandler.hits == []  # the local server was never asked for anything
    assert fetcher.served[0] == (STATIC_FOLDER.resolve() / "print.css").as_uri()
    refused = " ".join(fetcher.refused)
    for url in ("file:///etc/passwd", "/track.png", "/evil.css", "/bg.png", "example.org"):
        assert url in refused
    assert "templates/base.html" in refused  # no climbing out of the static folder
    assert any(s.startswith("data:image/png") for s in fetcher.served)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.png",
        "https://example.org/",
        "ftp://example.org/x",
        "data:text/html;base64,PGgxPmhpPC9oMT4=",
        "file://otherhost" + str(STATIC_FOLDER / "print.css"),
        (STATIC_FOLDER / ".." / "templates" / "base.html").as_uri(),
    ],
)
def test_the_fetcher_refuses_anything_but_our_files(url: str) -> None:
    fetcher = StaticOnlyFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_the_fetcher_serves_a_static_file() -> None:
    fetcher = StaticOnlyFetcher()
    answer = fetcher.fetch((STATIC_FOLDER / "print.css").as_uri())
    assert answer.content_type == "text/css" and b"@page" in answer.read()


def test_every_chart_carries_the_chart_styles_inside_it() -> None:
    html = '<p>&lt;svg onload="x"&gt;</p><svg viewBox="0 0 1 1" role="img"><rect/></svg><svg></svg>'
    styled = with_chart_styles(html)
    assert styled.count("<style>") == 2 and ".trend-line" in styled
    assert styled.startswith(
        '<p>&lt;svg onload="x"&gt;</p><svg viewBox="0 0 1 1" role="img"><style>'
    )
