"""Authorization rows for feedback requests.

A person's requests: whoever may read the person (themselves, a manager above, an admin) lists,
asks, reads and withdraws them; anyone else is told 404. Using an answer (evidence, a CV
quote): the person or an admin; a manager who reads them is told 403. A respondent's link
answers everyone holding it (no sign-in) and reaches that one form only; an unknown link is 410
for everyone. Each call gets a new request (``params`` runs per caller).
"""

from __future__ import annotations

from typing import Any

from tests.e2e.web.authorization import CALLERS, Row, rows
from tests.e2e.web.authorization_people import HAS_A_PERSON, NOBODY, OWN_SAM, READ_ALEX, READERS

OWNERS = {"sam": OWN_SAM, "alex": READ_ALEX, "unknown": NOBODY}
EVERYONE = dict.fromkeys(CALLERS, "allow")
GONE = dict.fromkeys(CALLERS, 410)
ASKED = ("stakeholder_engagement", "data_analysis")
FORM = {"competencies": list(ASKED), "question": "Matrix?", "people": "Pat <pat@example.org>"}
API_BODY = {
    "competencies": list(ASKED),
    "question": "Matrix?",
    "respondents": [{"name": "Pat", "email": "pat@example.org"}],
}
ANSWER = {
    "rating_stakeholder_engagement": "3",
    "rating_data_analysis": "not_observed",
    "example_competency": "stakeholder_engagement",
    "situation": "s",
    "task": "t",
    "action": "a",
    "result": "r",
    "answer": "x",
}


def _sent(world: Any, owner: str, answers: int = 0) -> tuple[int, list[str]]:
    """A new request about the owner (three people asked), ``answers`` of them answered."""
    from pmopath.domain.feedback import FeedbackPolicy, StarExample
    from pmopath.domain.permissions import SYSTEM
    from pmopath.services.feedback import requests, respondents
    from pmopath.services.feedback.checks import Invitee

    store = world.runtime.store()
    sent = requests.request_feedback(
        store,
        f"{owner}@demo.pmopath.org",
        competencies=ASKED,
        question="Matrix?",
        invitees=[Invitee(n, f"{n}@example.org") for n in ("pat", "lee", "kim")],
        viewer=SYSTEM,
        actor="matrix",
        policy=FeedbackPolicy(),
        base_url="http://testserver",
    )
    tokens = [link.url.rsplit("/", 1)[1] for link in sent.links]
    example = StarExample("stakeholder_engagement", "s", "t", "a", "r")
    for token in tokens[:answers]:
        answer = respondents.Answer(
            {"stakeholder_engagement": "3", "data_analysis": "2"}, example, "x"
        )
        respondents.answer_link(
            store, token, answer, client_address="matrix", policy=FeedbackPolicy()
        )
    assert sent.request.id is not None
    return sent.request.id, tokens[answers:]


def _request(world: Any, owner: str) -> dict[str, str]:
    if owner == "unknown":
        return {"request_id": "987654"}
    return {"request_id": str(_sent(world, owner)[0])}


def _response(world: Any, owner: str) -> dict[str, str]:
    """An answer of a request about the owner that reached the threshold (three answers)."""
    if owner == "unknown":
        return {"response_key": "no-such-answer"}
    request_id, _ = _sent(world, owner, answers=3)
    with world.runtime.unit_of_work() as uow:
        return {"response_key": uow.feedback.responses([request_id])[0].key}


def _token(world: Any, owner: str) -> dict[str, str]:
    if owner == "unknown":
        return {"token": "n0-such-link-" + "x" * 30}
    return {"token": _sent(world, owner)[1][0]}


rows(
    Row("GET", "/feedback", expect=HAS_A_PERSON),
    Row("GET", "/respond/done", expect=EVERYONE),
    Row("GET", "/respond/{token}", "sam", EVERYONE, params=_token),
    Row("GET", "/respond/{token}", "unknown", GONE, params=_token),
    Row(
        "POST", "/respond/{token}", "sam", EVERYONE, params=_token, form=True, body=lambda w: ANSWER
    ),
    Row(
        "POST", "/respond/{token}", "unknown", GONE, params=_token, form=True, body=lambda w: ANSWER
    ),
)
for owner in ("sam", "alex", "unknown"):
    rows(
        Row("GET", "/people/{person_id}/feedback", owner, READERS[owner]),
        Row("GET", "/people/{person_id}/feedback/new", owner, READERS[owner]),
        Row(
            "POST",
            "/people/{person_id}/feedback",
            owner,
            READERS[owner],
            form=True,
            body=lambda w: FORM,
        ),
        Row("GET", "/feedback/{request_id}", owner, READERS[owner], params=_request),
        Row(
            "POST",
            "/feedback/{request_id}/withdraw",
            owner,
            READERS[owner],
            params=_request,
            form=True,
        ),
        Row(
            "POST",
            "/feedback/{request_id}/withdraw",
            owner,
            READERS[owner],
            params=_request,
            form=True,
            body=lambda w: {"confirmed": "yes"},
        ),
        Row(
            "POST",
            "/feedback/responses/{response_key}/evidence",
            owner,
            OWNERS[owner],
            params=_response,
            form=True,
        ),
        Row(
            "POST",
            "/feedback/responses/{response_key}/quote",
            owner,
            OWNERS[owner],
            params=_response,
            form=True,
            body=lambda w: {"chosen": "yes"},
        ),
        Row("GET", "/api/v1/people/{person_id}/feedback-requests", owner, READERS[owner]),
        Row(
            "POST",
            "/api/v1/people/{person_id}/feedback-requests",
            owner,
            READERS[owner],
            body=lambda w: API_BODY,
        ),
        Row(
            "GET", "/api/v1/feedback-requests/{request_id}", owner, READERS[owner], params=_request
        ),
        Row(
            "POST",
            "/api/v1/feedback-requests/{request_id}/withdraw",
            owner,
            READERS[owner],
            params=_request,
        ),
        Row(
            "POST",
            "/api/v1/feedback-responses/{response_key}/evidence",
            owner,
            OWNERS[owner],
            params=_response,
        ),
        Row(
            "PUT",
            "/api/v1/feedback-responses/{response_key}/quote",
            owner,
            OWNERS[owner],
            params=_response,
            body=lambda w: {"chosen": True},
        ),
    )
