"""The API's documentation page: Swagger UI from the npm registry, served by this app.

``make assets`` copies swagger-ui-dist (pinned in package.json) into static/vendor at build
time: no CDN, and no inline script (a small initialiser file starts it).
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

VENDOR = "/static/vendor/swagger-ui"
DOCS_PAGE = f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>PMO Pathways API</title>
  <link rel="stylesheet" href="{VENDOR}/swagger-ui.css">
  <link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{VENDOR}/swagger-ui-bundle.js"></script>
  <script src="/static/api-docs.js"></script>
</body>
</html>
"""


def install_api_docs(app: FastAPI) -> None:
    """Serve /api/docs (its assets live under /static/vendor/swagger-ui)."""

    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return HTMLResponse(DOCS_PAGE)
