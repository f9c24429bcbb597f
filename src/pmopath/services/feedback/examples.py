"""Using answers: a response's example becomes evidence, or a quote chosen for the person's CV.

Only once the request's answers are open (the threshold reached), and only by the person the
feedback is about (or an admin): the evidence log and the CV are theirs.
"""

from __future__ import annotations

from dataclasses import replace

from pmopath.domain.errors import Conflict, NotFound, PermissionDenied
from pmopath.domain.feedback import FeedbackPolicy, FeedbackRequest, FeedbackResponse
from pmopath.domain.people import AuditEntry
from pmopath.domain.permissions import Viewer, can_edit_own
from pmopath.domain.plans import Evidence
from pmopath.services.feedback.requests import readable_request
from pmopath.services.people.evidence import check_evidence
from pmopath.services.ports.repositories import UnitOfWork
from pmopath.services.ports.store import Store

TITLE = "Feedback example: {name}"


def _usable(
    uow: UnitOfWork, viewer: Viewer, response_key: str, policy: FeedbackPolicy
) -> tuple[FeedbackResponse, FeedbackRequest]:
    response = uow.feedback.response_by_key(response_key)
    if response is None or response.id is None:
        raise NotFound("feedback response", response_key)
    try:
        request, person = readable_request(uow, viewer, response.request_id)
    except NotFound:
        raise NotFound("feedback response", response_key) from None
    answered = sum(
        1 for r in uow.feedback.respondents([response.request_id]) if r.answered_at is not None
    )
    if not policy.aggregates_open(answered):
        raise NotFound("feedback response", response_key)
    assert person.id is not None
    if not can_edit_own(viewer, person.id):
        raise PermissionDenied(f"only {person.name} or an admin can use their feedback")
    return response, request


def example_to_evidence(
    store: Store, response_key: str, *, viewer: Viewer, actor: str, policy: FeedbackPolicy
) -> Evidence:
    """Log the response's example in the person's evidence log (once: Conflict after)."""
    now = store.clock()
    with store.unit_of_work() as uow:
        response, request = _usable(uow, viewer, response_key, policy)
        if response.evidence_id is not None:
            raise Conflict("this example is already in the evidence log")
        example = response.example
        names = store.framework.competencies_by_id
        title = TITLE.format(
            name=names[example.competency].name
            if example.competency in names
            else example.competency
        )
        draft = Evidence(
            request.person_id,
            title,
            now.date(),
            (example.competency,),
            situation=example.situation,
            task=example.task,
            action=example.action,
            result=example.result,
        )
        saved = uow.plans.add_evidence(check_evidence(store, draft, now.date()))
        assert saved.id is not None and response.id is not None
        uow.feedback.set_evidence(response.id, saved.id)
        uow.audit.record(
            AuditEntry(
                now,
                actor,
                "feedback.to_evidence",
                "feedback_request",
                str(request.id),
                None,
                {"person_id": request.person_id, "evidence_id": saved.id},
            )
        )
        uow.commit()
        return saved


def choose_quote(
    store: Store,
    response_key: str,
    chosen: bool,
    *,
    viewer: Viewer,
    actor: str,
    policy: FeedbackPolicy,
) -> FeedbackResponse:
    """Include (or leave out) the response's example among the person's CV quotes."""
    now = store.clock()
    with store.unit_of_work() as uow:
        response, request = _usable(uow, viewer, response_key, policy)
        if response.quoted == chosen:
            return response
        assert response.id is not None
        uow.feedback.set_quoted(response.id, chosen)
        uow.audit.record(
            AuditEntry(
                now,
                actor,
                "feedback.quote",
                "feedback_request",
                str(request.id),
                {"quoted": response.quoted},
                {"person_id": request.person_id, "quoted": chosen},
            )
        )
        uow.commit()
        return replace(response, quoted=chosen)
