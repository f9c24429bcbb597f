"""The FastAPI application factory: middleware, error mapping, static assets, pages and API."""

from __future__ import annotations

from importlib import resources
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.routing import Match
from starlette.types import Scope

from pmopath.bootstrap.web import WebRuntime
from pmopath.config import Settings
from pmopath.web.api import admin as admin_api
from pmopath.web.api import audit as audit_api
from pmopath.web.api import calibration as calibration_api
from pmopath.web.api import career as career_api
from pmopath.web.api import cv as cv_api
from pmopath.web.api import evidence as evidence_api
from pmopath.web.api import exports as exports_api
from pmopath.web.api import feedback as feedback_api
from pmopath.web.api import health as health_api
from pmopath.web.api import leader as leader_api
from pmopath.web.api import mentoring as mentoring_api
from pmopath.web.api import people as people_api
from pmopath.web.api import plan_optimiser as plan_optimiser_api
from pmopath.web.api import plan_reviews as plan_reviews_api
from pmopath.web.api import plans as plans_api
from pmopath.web.api import role_history as role_history_api
from pmopath.web.api import team as team_api
from pmopath.web.api import tokens as tokens_api
from pmopath.web.api_docs import install_api_docs
from pmopath.web.errors import install_error_handlers
from pmopath.web.ids import ids_in_range
from pmopath.web.pages import (
    admin,
    admin_accounts,
    admin_audit,
    assessment,
    calibration,
    career,
    home,
    people,
    person_records,
    sign_in,
    team,
)
from pmopath.web.pages import cv as cv_pages
from pmopath.web.pages import evidence as evidence_pages
from pmopath.web.pages import exports as export_pages
from pmopath.web.pages import feedback as feedback_pages
from pmopath.web.pages import feedback_answers as feedback_answer_pages
from pmopath.web.pages import leader as leader_pages
from pmopath.web.pages import mentoring as mentoring_pages
from pmopath.web.pages import mentoring_relationships as mentoring_relationship_pages
from pmopath.web.pages import plan_moves as plan_move_pages
from pmopath.web.pages import plan_optimiser as plan_optimiser_pages
from pmopath.web.pages import plan_reviews as plan_review_pages
from pmopath.web.pages import plans as plan_pages
from pmopath.web.response_cache import ResponseCache
from pmopath.web.scim import routes as scim_routes
from pmopath.web.scim.discovery import SCIM_PREFIX
from pmopath.web.security import BodyLimit, PreSessionCookie, SecurityHeaders
from pmopath.web.templating import make_environment

MAX_BODY_BYTES = 2 * 1024 * 1024
"""The largest request accepted: a framework file or a people CSV of a few thousand rows."""

PAGE_ROUTERS = (
    sign_in.router,
    home.router,
    career.router,
    team.router,
    admin.router,
    admin_accounts.router,
    admin_audit.router,
    assessment.router,
    people.router,
    evidence_pages.router,
    plan_optimiser_pages.router,
    person_records.router,
    plan_pages.router,
    plan_move_pages.router,
    plan_review_pages.router,
    export_pages.router,
    feedback_pages.router,
    feedback_answer_pages.router,
    cv_pages.router,
    calibration.router,
    leader_pages.router,
    mentoring_pages.router,  # before the relationship's: /mentoring/matching is no id
    mentoring_relationship_pages.router,
)
API_ROUTERS = (
    health_api.router,
    career_api.router,
    tokens_api.router,
    audit_api.router,
    team_api.router,
    admin_api.router,
    people_api.router,
    evidence_api.router,
    plan_optimiser_api.router,
    role_history_api.router,
    plans_api.router,
    plan_reviews_api.router,
    exports_api.router,
    feedback_api.router,
    cv_api.router,
    calibration_api.router,
    leader_api.router,
    mentoring_api.router,
)

STATIC_FOLDER = resources.files("pmopath.web") / "static"
API_PREFIX = "/api/v1"


class PagesRouter(APIRouter):
    """Every page router under one, which declines a path under the API's prefix at once.

    FastAPI tries each route of each included router in turn, so without it every API request
    was matched against every page route first (about 0.25 ms, a quarter of a cached answer's
    time). No page lives under the API's prefix (a test keeps it so).
    """

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        path: str = scope.get("path", "")
        root: str = scope.get("root_path", "")
        if path[len(root) if path.startswith(root) else 0 :].startswith(
            (API_PREFIX + "/", SCIM_PREFIX + "/")
        ):
            return Match.NONE, {}
        return super().matches(scope)


def create_app(runtime: WebRuntime) -> FastAPI:
    """Build the app around one process's runtime (database engine, secret, framework)."""
    app = FastAPI(
        title="PMO Pathways",
        summary="Careers in and around a Project Management Office: paths, gaps, plans.",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
        debug=False,
        dependencies=[Depends(ids_in_range)],
    )
    app.state.runtime = runtime
    app.state.templates = make_environment()
    app.state.response_cache = ResponseCache(max_bytes=runtime.settings.response_cache_mb << 20)
    install_error_handlers(app)
    app.mount("/static", StaticFiles(directory=str(STATIC_FOLDER)), name="static")
    install_api_docs(app)
    pages = PagesRouter()
    for router in PAGE_ROUTERS:
        pages.include_router(router)
    app.include_router(pages, include_in_schema=False)
    for router in API_ROUTERS:
        app.include_router(router, prefix=API_PREFIX)
    app.include_router(scim_routes.router, prefix=SCIM_PREFIX)
    app.state.mounted_routers = [
        *[("", r) for r in PAGE_ROUTERS],
        *[(API_PREFIX, r) for r in API_ROUTERS],
        (SCIM_PREFIX, scim_routes.router),
    ]
    secure = runtime.settings.secure_cookies
    app.add_middleware(PreSessionCookie, secure=secure)
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)
    app.add_middleware(SecurityHeaders, hsts=secure, form_targets=_form_targets(runtime.settings))
    return app


def _form_targets(settings: Settings) -> tuple[str, ...]:
    """The provider's origin when signing out (a form) may send the browser there."""
    if not (settings.single_sign_on and settings.sso_sign_out and settings.sso_issuer):
        return ()
    issuer = urlsplit(settings.sso_issuer)
    return (f"{issuer.scheme}://{issuer.netloc}",)
