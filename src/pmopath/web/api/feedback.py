"""Feedback requests as JSON: a person's requests, asking, one request with its answers
(aggregated, unattributed, from the threshold), withdrawing, and using an answer's example."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from pmopath.services.feedback import examples, requests
from pmopath.services.feedback.checks import (
    COMPETENCIES_MAX,
    NAME_MAX,
    QUESTION_MAX,
    RESPONDENTS_MAX,
    Invitee,
)
from pmopath.services.feedback.schemas import (
    FeedbackExamplePublic,
    FeedbackRequestCreated,
    FeedbackRequestDetail,
    FeedbackRequestPublic,
    FeedbackRequestsPublic,
)
from pmopath.services.feedback.views import (
    created_view,
    detail_view,
    example_view,
    request_view,
    requests_view,
)
from pmopath.services.people.assessment_views import evidence_view
from pmopath.services.people.schemas import EvidencePublic
from pmopath.web.api.routing import ApiRouter
from pmopath.web.deps import ApiCaller, RuntimeDep, StoreDep
from pmopath.web.errors import error_responses

router = ApiRouter(tags=["feedback"])

ResponseKey = Annotated[str, Path(max_length=64)]
CompetencyId = Annotated[str, StringConstraints(min_length=1, max_length=80)]


class RespondentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=NAME_MAX)
    email: str = Field(min_length=3, max_length=254)


class FeedbackRequestCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    competencies: list[CompetencyId] = Field(min_length=1, max_length=COMPETENCIES_MAX)
    question: str = Field(min_length=1, max_length=QUESTION_MAX)
    respondents: list[RespondentCreate] = Field(min_length=1, max_length=RESPONDENTS_MAX)


class QuoteChoice(BaseModel):
    model_config = ConfigDict(extra="forbid")
    chosen: bool


@router.get("/people/{person_id}/feedback-requests")
def list_feedback_requests(
    caller: ApiCaller, runtime: RuntimeDep, store: StoreDep, person_id: int
) -> FeedbackRequestsPublic:
    """The person's feedback requests, newest first, with how many answered of how many."""
    policy = runtime.settings.feedback_policy
    _, found = requests.requests_of(store, str(person_id), viewer=caller.viewer, policy=policy)
    return requests_view(found, store.clock())


@router.post(
    "/people/{person_id}/feedback-requests", status_code=201, responses=error_responses(400)
)
def create_feedback_request(
    request: Request,
    caller: ApiCaller,
    runtime: RuntimeDep,
    store: StoreDep,
    person_id: int,
    body: FeedbackRequestCreate,
) -> FeedbackRequestCreated:
    """Ask people for feedback: each gets a single-use link (in the answer, this once)."""
    sent = requests.request_feedback(
        store,
        str(person_id),
        competencies=body.competencies,
        question=body.question,
        invitees=[Invitee(r.name, r.email) for r in body.respondents],
        viewer=caller.viewer,
        actor=caller.actor,
        policy=runtime.settings.feedback_policy,
        base_url=runtime.settings.public_url,
    )
    return created_view(sent, store.clock())


@router.get("/feedback-requests/{request_id}")
def feedback_request(
    caller: ApiCaller, runtime: RuntimeDep, store: StoreDep, request_id: int
) -> FeedbackRequestDetail:
    """One request: "n of m answered"; from the threshold, the answers aggregated."""
    detail = requests.request_detail(
        store, request_id, viewer=caller.viewer, policy=runtime.settings.feedback_policy
    )
    return detail_view(detail, store.clock())


@router.post("/feedback-requests/{request_id}/withdraw")
def withdraw_feedback_request(
    caller: ApiCaller, runtime: RuntimeDep, store: StoreDep, request_id: int
) -> FeedbackRequestPublic:
    """Withdraw a request: its links stop working at once (answers given are kept)."""
    requests.withdraw_request(store, request_id, viewer=caller.viewer, actor=caller.actor)
    policy = runtime.settings.feedback_policy
    detail = requests.request_detail(store, request_id, viewer=caller.viewer, policy=policy)
    return request_view(detail.summary, store.clock())


@router.post(
    "/feedback-responses/{response_key}/evidence",
    status_code=201,
    responses=error_responses(400, 403, 404, 409),
)
def feedback_example_to_evidence(
    caller: ApiCaller, runtime: RuntimeDep, store: StoreDep, response_key: ResponseKey
) -> EvidencePublic:
    """Log an answer's example in the person's evidence log (theirs to do, once)."""
    saved = examples.example_to_evidence(
        store,
        response_key,
        viewer=caller.viewer,
        actor=caller.actor,
        policy=runtime.settings.feedback_policy,
    )
    return evidence_view(saved)


@router.put("/feedback-responses/{response_key}/quote", responses=error_responses(403, 404))
def choose_feedback_quote(
    caller: ApiCaller,
    runtime: RuntimeDep,
    store: StoreDep,
    response_key: ResponseKey,
    body: QuoteChoice,
) -> FeedbackExamplePublic:
    """Include an answer's example among the person's CV quotes, or leave it out."""
    chosen = examples.choose_quote(
        store,
        response_key,
        body.chosen,
        viewer=caller.viewer,
        actor=caller.actor,
        policy=runtime.settings.feedback_policy,
    )
    return example_view(chosen)
