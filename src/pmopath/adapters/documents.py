"""Printed documents: the pages' own Jinja templates rendered to PDF by WeasyPrint.

Two rules keep this safe with text people typed (evidence, comments): every template is
autoescaped, and WeasyPrint fetches nothing but the application's own static files (a
stylesheet, the icon) and inline images; any other address (file://, http(s)://, ...) is refused.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from pmopath.services.insight import charts as chart_geometry
from pmopath.services.insight import formats

PACKAGE = Path(str(resources.files("pmopath")))
TEMPLATE_FOLDER = PACKAGE / "web" / "templates"
"""Pages and printed documents share one template folder, so they share the chart macros."""
STATIC_FOLDER = PACKAGE / "web" / "static"
INLINE_IMAGE = re.compile(r"^data:image/(png|jpeg|gif);base64,", re.IGNORECASE)
SVG_START = re.compile(r"<svg\b[^>]*>")
CHART_STYLES = STATIC_FOLDER / "print-charts.css"


class RefusedFetch(ValueError):
    """A document asked for something outside the application's static files."""


class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]
    """Serves files under the static folder and inline raster images; refuses anything else.

    ``refused`` lists what was asked for and refused (the tests read it).
    """

    def __init__(self, root: Path = STATIC_FOLDER) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.root = root.resolve()
        self.refused: list[str] = []
        self.served: list[str] = []

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        if INLINE_IMAGE.match(url):
            self.served.append(url[:40])
            return super().fetch(url, headers)
        path = self._static_path(url)
        if path is None:
            self.refused.append(url)
            raise RefusedFetch(f"refused to fetch {url[:100]!r}: not one of the app's own files")
        self.served.append(url)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})

    def _static_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        return path


@lru_cache(maxsize=1)
def print_environment() -> Environment:
    """Autoescaping for every template, with the pages' chart helpers and filters."""
    environment = Environment(
        loader=FileSystemLoader(str(TEMPLATE_FOLDER)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals.update(
        gauge=chart_geometry.gauge,
        competency_bars=chart_geometry.competency_bars,
        trend=chart_geometry.trend,
        month_words=formats.month,
    )
    environment.filters.update(formats.FILTERS)
    return environment


def html_to_pdf(html: str, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """PDF bytes of ``html``, relative links resolved inside the static folder only."""
    document = HTML(
        string=html,
        base_url=STATIC_FOLDER.resolve().as_uri() + "/",
        url_fetcher=fetcher or StaticOnlyFetcher(),
    )
    return bytes(document.write_pdf())


def with_chart_styles(html: str) -> str:
    """Each inline SVG chart with the chart classes inside it: WeasyPrint draws an SVG with its
    own styles only, not the page's. User text is escaped, so every ``<svg`` is a template's."""
    rules = CHART_STYLES.read_text(encoding="utf-8")
    return SVG_START.sub(lambda found: f"{found.group(0)}<style>{rules}</style>", html)


class PdfDocuments:
    """The document renderer: print templates -> HTML -> PDF."""

    def pdf(self, template: str, context: Mapping[str, Any]) -> bytes:
        html = print_environment().get_template(template).render(**context)
        return html_to_pdf(with_chart_styles(html))
