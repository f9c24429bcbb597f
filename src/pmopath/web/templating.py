"""The Jinja2 environment for pages (autoescaped, always) and the one way pages are rendered."""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from datetime import date
from importlib import resources
from typing import Any, NamedTuple

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, Template, select_autoescape
from jinja2.runtime import Context

from pmopath.domain.eligibility import EligibilityGroups, grouped
from pmopath.services.careers import advice_text
from pmopath.services.insight import formats
from pmopath.services.people.access import own_name
from pmopath.services.plans import notifications
from pmopath.web import charts
from pmopath.web.flash import FLASH_COOKIE, clear_flash, take_flash

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
    environment.context_class = _NotedContext
    environment.globals.update(
        gauge=charts.gauge,
        competency_bars=charts.competency_bars,
        trend=charts.trend,
        level_spreads=charts.level_spreads,
        paired_bars=charts.paired_bars,
        advice_text=advice_text,
        month_words=formats.month,
        eligibility_groups=eligibility_groups,
    )
    environment.filters.update(formats.FILTERS)
    return environment


def eligibility_groups(entries: Any, today: Any = None) -> EligibilityGroups:
    """A list of certifications grouped by what matters (domain.eligibility.grouped); pages pass
    the app's day, a page that does not is grouped as of the calendar's."""
    if isinstance(today, str) and today:
        today = date.fromisoformat(today)
    return grouped(tuple(entries or ()), today if isinstance(today, date) else date.today())


def compile_templates(environment: Environment) -> None:
    """Compile every template now (Jinja2 otherwise compiles each on its first render)."""
    for name in environment.list_templates():
        environment.get_template(name)


class NavItem(NamedTuple):
    key: str
    href: str
    label: str
    icon: str
    needs: str
    """Who sees it: "anyone" signed in, a "person" (an account linked to one), a "manager"
    (or an admin), an "admin"."""


NAV = (
    NavItem("home", "/", "Home", "home", "anyone"),
    NavItem("map", "/map", "Career map", "map", "anyone"),
    NavItem("paths", "/paths", "Path planner", "route", "anyone"),
    NavItem("assessment", "/assessment", "Self-assessment", "clipboard-check", "person"),
    NavItem("plan", "/plan", "My plan", "checklist", "person"),
    NavItem("evidence", "/evidence", "Evidence", "file-certificate", "person"),
    NavItem("mentoring", "/mentoring", "Mentoring", "heart-handshake", "anyone"),
    NavItem("notifications", "/notifications", "Notifications", "bell", "person"),
    NavItem("team", "/team", "Team", "users", "manager"),
    NavItem("inbox", "/inbox", "Inbox", "inbox", "manager"),
    NavItem("calibration", "/calibration", "Calibration", "scale", "manager"),
    NavItem("leader", "/leader", "PMO insight", "presentation-analytics", "manager"),
    NavItem("admin", "/admin", "Admin", "settings", "admin"),
)
_SECTIONS = (
    ("/map", "map"),
    ("/roles", "map"),
    ("/paths", "paths"),
    ("/assessment", "assessment"),
    ("/plan", "plan"),
    ("/plans", "plan"),
    ("/evidence", "evidence"),
    ("/mentoring", "mentoring"),
    ("/notifications", "notifications"),
    ("/team", "team"),
    ("/people", "team"),
    ("/inbox", "inbox"),
    ("/calibration", "calibration"),
    ("/leader", "leader"),
    ("/admin", "admin"),
)


def nav_section(path: str) -> str | None:
    """The nav item a page belongs to (marked aria-current="page"), or None."""
    if path == "/":
        return "home"
    for prefix, key in _SECTIONS:
        if path == prefix or path.startswith(prefix + "/"):
            return key
    return None


def nav_items(signed: Any) -> list[NavItem]:
    """The nav items this account may open."""
    if signed is None:
        return []
    role = signed.account.role.value
    allowed = {"anyone"}
    if signed.account.person_id is not None:
        allowed.add("person")
    if role in ("manager", "admin"):
        allowed.add("manager")
    if role == "admin":
        allowed.add("admin")
    return [item for item in NAV if item.needs in allowed]


def _unread(request: Request, signed: Any) -> int:
    """The nav badge: one indexed count, asked only by pages that show the nav."""
    if signed is None or signed.account.person_id is None:
        return 0
    if signed.unread is not None:  # read with the session, in the same query
        return int(signed.unread)
    runtime = request.app.state.runtime
    return notifications.unread_count(runtime.unit_of_work, signed.viewer)


def _own_name(request: Request, signed: Any) -> str:
    """The signed-in person's name for the nav (the e-mail for an account with no person)."""
    if signed is None:
        return ""
    if signed.session_token is not None:  # the session check read the name with the session
        return str(signed.name or signed.account.email)
    runtime = request.app.state.runtime
    read_only = getattr(request.state, "read_only", False)  # a page that only reads stays so
    store = runtime.store(signed.changes, read_only=read_only)
    name = own_name(store.unit_of_work, signed.viewer)
    return name or str(signed.account.email)


def render(
    request: Request, template: str, context: Mapping[str, Any], *, status_code: int = 200
) -> HTMLResponse:
    """Render a page with what every page needs: who is signed in, the CSRF token, the nav."""
    environment: Environment = request.app.state.templates
    signed = getattr(request.state, "signed", None)
    waiting = FLASH_COOKIE in request.cookies
    page = rendered(
        environment.get_template(template),
        {
            "request": request,
            "signed": signed,
            "csrf_token": getattr(request.state, "csrf_token", ""),
            "unread_notices": lambda: _unread(request, signed),
            "own_name": lambda: _own_name(request, signed),
            "nav": nav_items(signed),
            "nav_current": nav_section(request.url.path),
            "flash": take_flash(request) if waiting else None,
            **context,
        },
    )
    response = HTMLResponse(page, status_code=status_code)
    if waiting:
        clear_flash(request, response)
    return response


_RENDERING: ContextVar[list[Context] | None] = ContextVar("pmopath_rendering", default=None)
_PAGE_MARK, _PAGE = "pmopath_page", object()
"""A variable every context made for a page carries (includes copy it), and no other."""


class _NotedContext(Context):
    """A Jinja context that the render under way notes (``rendered`` empties it after)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        made = _RENDERING.get()
        if made is not None:
            made.append(self)


def rendered(template: Template, variables: dict[str, Any]) -> str:
    """``template.render(**variables)``, leaving no garbage for the cycle collector.

    A template's macros are bound to the render's context, which holds them (and an included
    template's context holds the includer's): cycles, so every context, and with it all the
    page was given (a person's gap, their plan...), was freed only by Python's cycle
    collector, hundreds of objects a page. Under load the collector then ran every few
    requests, and its pauses (up to tens of milliseconds, every thread of the worker stopped)
    were paid by whichever requests were in flight. Once the page is written, the variables
    of every context that carried the page's (the page's, its includes', its imports' with
    context) are emptied, which breaks the cycles, so reference counting frees it all at once.
    Modules imported without context (cached by Jinja, shared by every render) are left alone.
    """
    made: list[Context] = []
    noting = _RENDERING.set(made)
    try:
        context = template.new_context({**variables, _PAGE_MARK: _PAGE})
        return template.environment.concat(template.root_render_func(context))
    except Exception:
        template.environment.handle_exception()
    finally:
        _RENDERING.reset(noting)
        for context in made:
            if context.parent.get(_PAGE_MARK) is _PAGE:  # it carried this page's variables
                context.vars.clear()
                context.exported_vars.clear()
