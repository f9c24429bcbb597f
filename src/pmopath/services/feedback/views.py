"""Feedback requests as their response models (services/feedback/schemas.py)."""

from __future__ import annotations

from datetime import datetime

from pmopath.domain.feedback import FeedbackResponse
from pmopath.services.feedback.requests import RequestDetail, RequestSummary, SentRequest
from pmopath.services.feedback.schemas import (
    CompetencyTallyPublic,
    FeedbackExamplePublic,
    FeedbackRequestCreated,
    FeedbackRequestDetail,
    FeedbackRequestPublic,
    FeedbackRequestsPublic,
    IssuedLinkPublic,
)


def _fields(summary: RequestSummary, now: datetime) -> dict[str, object]:
    request = summary.request
    assert request.id is not None
    return {
        "id": request.id,
        "person_id": request.person_id,
        "competencies": list(request.competencies),
        "question": request.question,
        "created_at": request.created_at,
        "expires_at": request.expires_at,
        "withdrawn_at": request.withdrawn_at,
        "status": summary.status(now),
        "asked": summary.asked,
        "answered": summary.answered,
        "answers_open": summary.aggregates_open,
    }


def request_view(summary: RequestSummary, now: datetime) -> FeedbackRequestPublic:
    return FeedbackRequestPublic.model_validate(_fields(summary, now))


def requests_view(summaries: list[RequestSummary], now: datetime) -> FeedbackRequestsPublic:
    data = [request_view(s, now) for s in summaries]
    return FeedbackRequestsPublic(data=data, count=len(data))


def created_view(sent: SentRequest, now: datetime) -> FeedbackRequestCreated:
    summary = RequestSummary(sent.request, len(sent.links), 0, False)
    links = [
        IssuedLinkPublic(name=k.name, email=k.email, url=k.url, mailed=k.mailed) for k in sent.links
    ]
    return FeedbackRequestCreated.model_validate(
        _fields(summary, now) | {"links": links, "mail_configured": sent.mail_configured}
    )


def example_view(response: FeedbackResponse) -> FeedbackExamplePublic:
    example = response.example
    return FeedbackExamplePublic(
        key=response.key,
        competency=example.competency,
        situation=example.situation,
        task=example.task,
        action=example.action,
        result=example.result,
        answer=response.answer,
        evidence_id=response.evidence_id,
        quoted=response.quoted,
    )


def detail_view(detail: RequestDetail, now: datetime) -> FeedbackRequestDetail:
    tallies = [
        CompetencyTallyPublic(
            competency=t.competency,
            by_level=dict(t.by_level),
            not_observed=t.not_observed,
            median=t.median,
        )
        for t in detail.tallies
    ]
    return FeedbackRequestDetail.model_validate(
        _fields(detail.summary, now)
        | {
            "asked_names": list(detail.asked_names),
            "min_responses": detail.min_responses,
            "tallies": tallies,
            "examples": [example_view(r) for r in detail.responses],
            "held_back": detail.held_back,
        }
    )
