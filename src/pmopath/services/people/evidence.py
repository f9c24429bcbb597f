"""The evidence log: achievements tagged to competencies, verified by a manager."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from pmopath.domain.errors import InvalidRequest, NotFound, PermissionDenied
from pmopath.domain.people import AuditEntry
from pmopath.domain.permissions import Viewer, manages
from pmopath.domain.plans import Evidence
from pmopath.domain.text import usable_text
from pmopath.services.people.access import own_person, readable_person
from pmopath.services.ports.store import Store

TITLE_MAX = 200
TEXT_MAX = 4000
COMPETENCIES_MAX = 50
STAR_MAX = 1000
"""Each STAR part (situation, task, action, result): a few sentences, so a CV stays readable."""
STAR_PROMPTS = {
    "situation": "say what the context was",
    "task": "say what you were asked, or set yourself, to do",
    "action": "say what you did yourself",
    "result": "say what changed because of it",
}


def check_evidence(store: Store, evidence: Evidence, today: date) -> Evidence:
    """Return the evidence trimmed when its fields are within limits; else InvalidRequest."""
    title = usable_text("title", evidence.title, lines=False).strip()
    if not title:
        raise InvalidRequest("title: say what you achieved")
    if len(title) > TITLE_MAX:
        raise InvalidRequest(f"title: at most {TITLE_MAX} characters")
    for name, text in (("description", evidence.description), ("impact", evidence.impact)):
        usable_text(name, text)
        if len(text) > TEXT_MAX:
            raise InvalidRequest(f"{name}: at most {TEXT_MAX} characters")
    if len(evidence.competencies) > COMPETENCIES_MAX:
        raise InvalidRequest(f"competencies: at most {COMPETENCIES_MAX}")
    unknown = [c for c in evidence.competencies if c not in store.framework.competencies_by_id]
    if unknown:
        raise InvalidRequest(f"competencies: unknown {', '.join(unknown)}")
    if evidence.happened_on > today:
        raise InvalidRequest("happened_on: the date cannot be in the future")
    situation, task, action, result = checked_star(evidence)
    return replace(
        evidence,
        title=title,
        description=evidence.description.strip(),
        impact=evidence.impact.strip(),
        situation=situation,
        task=task,
        action=action,
        result=result,
        competencies=tuple(dict.fromkeys(evidence.competencies)),
        verified_by_id=None,
        id=None,
    )


def checked_star(evidence: Evidence) -> tuple[str, str, str, str]:
    """The STAR parts trimmed: all four empty (evidence told freely) or all four given, each
    within ``STAR_MAX``; else InvalidRequest naming the part."""
    parts = {
        "situation": evidence.situation,
        "task": evidence.task,
        "action": evidence.action,
        "result": evidence.result,
    }
    trimmed = {name: usable_text(name, text).strip() for name, text in parts.items()}
    for name, text in trimmed.items():
        if len(text) > STAR_MAX:
            raise InvalidRequest(f"{name}: at most {STAR_MAX} characters")
    if any(trimmed.values()):
        for name, text in trimmed.items():
            if not text:
                raise InvalidRequest(
                    f"{name}: {STAR_PROMPTS[name]} (a STAR account has all four parts)"
                )
    return trimmed["situation"], trimmed["task"], trimmed["action"], trimmed["result"]


def evidence_of(store: Store, reference: str, *, viewer: Viewer) -> list[Evidence]:
    """A person's evidence, newest first, if the viewer may read their records."""
    with store.unit_of_work() as uow:
        person = readable_person(uow, viewer, reference)
        assert person.id is not None
        found = uow.plans.evidence_for(person.id)
    return sorted(found, key=lambda e: (e.happened_on, e.id or 0), reverse=True)


def log_evidence(
    store: Store, reference: str, evidence: Evidence, *, viewer: Viewer, actor: str
) -> Evidence:
    """Add a piece of evidence to a person's own log (theirs or an admin's to add)."""
    now = store.clock()
    with store.unit_of_work() as uow:
        person = own_person(uow, viewer, reference)
        assert person.id is not None
        checked = check_evidence(store, replace(evidence, person_id=person.id), now.date())
        saved = uow.plans.add_evidence(checked)
        uow.audit.record(
            AuditEntry(
                now,
                actor,
                "evidence.add",
                "evidence",
                str(saved.id),
                None,
                {"person_id": person.id, "title": saved.title, "star": saved.told_as_star},
            )
        )
        uow.commit()
        return saved


def verify_evidence(store: Store, evidence_id: int, *, viewer: Viewer, actor: str) -> Evidence:
    """Mark a report's evidence verified by the viewer, a manager above them.

    Evidence the viewer may not read is NotFound; their own, or anyone's when the viewer has
    no person to sign with or does not manage its owner, is PermissionDenied.
    """
    now = store.clock()
    with store.unit_of_work() as uow:
        evidence = uow.plans.evidence_by_id(evidence_id)
        if evidence is None or evidence.id is None:
            raise NotFound("evidence", str(evidence_id))
        try:
            readable_person(uow, viewer, str(evidence.person_id))
        except NotFound:
            raise NotFound("evidence", str(evidence_id)) from None
        chain = uow.people.managers_above(evidence.person_id)
        if viewer.person_id is None or not (viewer.is_admin or manages(viewer, chain)):
            raise PermissionDenied("only a manager of its owner can verify this evidence")
        if viewer.person_id == evidence.person_id:
            raise PermissionDenied("nobody verifies their own evidence")
        uow.plans.verify_evidence(evidence.id, viewer.person_id)
        uow.audit.record(
            AuditEntry(
                now,
                actor,
                "evidence.verify",
                "evidence",
                str(evidence.id),
                {"verified_by_id": evidence.verified_by_id},
                {"verified_by_id": viewer.person_id},
            )
        )
        uow.commit()
        return replace(evidence, verified_by_id=viewer.person_id)
