"""The respondent's page: answering a feedback request through its link, without signing in.

The link's token is the key to this one form and to nothing else: the page shows no
navigation for someone not signed in, reads no session, and its answers go to this request
only. Refused or unknown uses count against the client's address (see
services/feedback/respondents.py); a used, expired or withdrawn link answers a page that says
so (410), never an error trace.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from pmopath.domain.errors import InvalidRequest
from pmopath.domain.feedback import StarExample
from pmopath.services.feedback import respondents
from pmopath.services.feedback.checks import ANSWER_MAX, STAR_MAX
from pmopath.web.deps import PageSession, RuntimeDep, StoreDep
from pmopath.web.flash import redirect_with
from pmopath.web.forms import refusal
from pmopath.web.security import client_address
from pmopath.web.templating import render

router = APIRouter(tags=["pages"])
TEXT_FIELDS = ("example_competency", "situation", "task", "action", "result", "answer")
PRIVATE = {"Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer"}


@router.get("/respond/done", response_class=HTMLResponse)
def answer_sent(request: Request, signed: PageSession) -> HTMLResponse:
    """Thanks, after an answer was sent (the link is used up)."""
    return render(request, "feedback_thanks.html", {})


def _form(
    request: Request,
    runtime: Any,
    store: Any,
    token: str,
    typed: dict[str, str] | None = None,
    problem: str | None = None,
) -> HTMLResponse:
    address = client_address(request, runtime.settings.trusted_proxy_networks)
    link = respondents.open_link(
        store, token, client_address=address, policy=runtime.settings.feedback_policy
    )
    refused = refusal(problem) if problem else None
    context = {
        "link": link,
        "token": token,
        "typed": typed or {},
        "problem": refused.message if refused else None,
        "problem_field": refused.field if refused else "",
        "limits": {"star": STAR_MAX, "answer": ANSWER_MAX},
    }
    page = render(request, "feedback_respond.html", context, status_code=400 if problem else 200)
    page.headers.update(PRIVATE)
    return page


@router.get("/respond/{token}", response_class=HTMLResponse)
def answer_form(
    request: Request, signed: PageSession, runtime: RuntimeDep, store: StoreDep, token: str
) -> HTMLResponse:
    """The feedback form a respondent's link opens (no sign-in; the link is the key)."""
    return _form(request, runtime, store, token)


@router.post("/respond/{token}", response_model=None)
async def send_answer(
    request: Request, signed: PageSession, runtime: RuntimeDep, store: StoreDep, token: str
) -> Response:
    """Send the answer: the link is used up; a refusal shows the form again as typed."""
    form = await request.form()
    typed = {
        name: value[:5000]
        for name, value in form.items()
        if isinstance(value, str) and (name in TEXT_FIELDS or name.startswith("rating_"))
    }
    ratings = {
        name.removeprefix("rating_"): value
        for name, value in typed.items()
        if name.startswith("rating_")
    }
    answer = respondents.Answer(
        ratings,
        StarExample(
            typed.get("example_competency", ""),
            typed.get("situation", ""),
            typed.get("task", ""),
            typed.get("action", ""),
            typed.get("result", ""),
        ),
        typed.get("answer", ""),
    )
    address = client_address(request, runtime.settings.trusted_proxy_networks)
    try:
        await run_in_threadpool(
            respondents.answer_link,
            store,
            token,
            answer,
            client_address=address,
            policy=runtime.settings.feedback_policy,
        )
    except InvalidRequest as problem:
        return await run_in_threadpool(_form, request, runtime, store, token, typed, str(problem))
    return redirect_with(request, "/respond/done", "Thank you: your answer was sent.")
