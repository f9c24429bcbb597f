"""The Jinja2 environment for pages (autoescaped, always) and the one way pages are rendered."""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from pmopath.services.careers import advice_text
from pmopath.services.plans import notifications
from pmopath.web import charts

TEMPLATE_FOLDER = resources.files("pmopath.web") / "templates"


def make_environment() -> Environment:
    """Autoescaping for every template, whatever its name."""
    environment = Environment(
        loader=FileSystemLoader(str(TEMPLATE_FOLDER)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates ship with the package: no stat() per render
    )
    environment.globals.update(
        gauge=charts.gauge,
        competency_bars=charts.competency_bars,
        trend=charts.trend,
        advice_text=advice_text,
    )
    environment.filters["percent"] = _percent
    environment.filters["label"] = lambda value: str(value).replace("_", " ")
    return environment


def compile_templates(environment: Environment) -> None:
    """Compile every template now (Jinja2 otherwise compiles each on its first render)."""
    for name in environment.list_templates():
        environment.get_template(name)


def _percent(value: float) -> str:
    shown = int(value * 10) / 10  # floor, as everywhere: 79.96 never shows as 80
    return f"{shown:g}%"


def _unread(request: Request, signed: Any) -> int:
    """The nav badge: one indexed count, asked only by pages that show the nav."""
    if signed is None or signed.account.person_id is None:
        return 0
    if signed.unread is not None:  # read with the session, in the same query
        return int(signed.unread)
    runtime = request.app.state.runtime
    return notifications.unread_count(runtime.unit_of_work, signed.viewer)


def render(
    request: Request, template: str, context: Mapping[str, Any], *, status_code: int = 200
) -> HTMLResponse:
    """Render a page with what every page needs: who is signed in, the CSRF token, the nav."""
    environment: Environment = request.app.state.templates
    signed = getattr(request.state, "signed", None)
    page = environment.get_template(template).render(
        request=request,
        signed=signed,
        csrf_token=getattr(request.state, "csrf_token", ""),
        unread_notices=lambda: _unread(request, signed),
        **context,
    )
    return HTMLResponse(page, status_code=status_code)
