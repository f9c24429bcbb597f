"""The PMO CV: a person's chosen records as a CV to send, printed (PDF) or as JSON Resume.

What goes in is the person's choice (``CvChoices``, saved by them or an admin; the defaults
until then); the rules that turn records into a CV are in ``pmopath.domain.cv``. A person reads
their own CV, a manager their reports', an admin everyone's; every download is audited.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from pmopath.domain.cv import (
    COMPETENCIES_MAX,
    EVIDENCE_MAX,
    QUOTES_MAX,
    SUMMARY_MAX,
    CompetencyOption,
    Cv,
    CvChoices,
    CvRecords,
    Quote,
    competency_options,
    compose_cv,
    default_choices,
    ordered_competencies,
)
from pmopath.domain.errors import InvalidRequest, PermissionDenied
from pmopath.domain.feedback import MIN_RESPONSES_ALLOWED, FeedbackPolicy
from pmopath.domain.framework import Framework
from pmopath.domain.people import AuditEntry, Person
from pmopath.domain.permissions import Viewer, can_edit_own
from pmopath.domain.text import usable_text
from pmopath.services.exports.resume import json_resume
from pmopath.services.feedback.queries import chosen_quotes
from pmopath.services.people.access import own_person, readable_person
from pmopath.services.people.records import record_of
from pmopath.services.ports.repositories import UnitOfWork
from pmopath.services.ports.store import Store


def quotes_for_cv(uow: UnitOfWork, person_id: int) -> list[Quote]:
    """The stakeholder feedback quotes a person may put on their CV (text and competency,
    never who said it), inside an open unit of work: the examples they chose as quotes.

    A quote can only be chosen while its request's answers are open (at the threshold in force
    then), so the choice itself is the check: the lowest threshold allowed applies here, and
    raising the setting later does not take back quotes already chosen."""
    chosen = chosen_quotes(uow, person_id, QUOTES_CHOSEN)
    return [Quote(text=q.text, competency=q.competency) for q in chosen]


QUOTES_CHOSEN = FeedbackPolicy(min_responses=MIN_RESPONSES_ALLOWED)


@dataclass(frozen=True, slots=True)
class CvPage:
    """The CV page: the records to choose from, the choices in force and the CV they make."""

    records: CvRecords
    choices: CvChoices
    cv: Cv
    may_choose: bool
    """The person themselves or an admin: a manager reads a report's CV but does not write it."""
    competencies: tuple[CompetencyOption, ...]
    """What the form offers: every competency, with the person's level and evidence count."""


def read_records(uow: UnitOfWork, person: Person) -> CvRecords:
    """Everything a CV is made from, for one person, inside an open unit of work."""
    assert person.id is not None
    record = record_of(uow, person)
    evidence = uow.plans.evidence_for(person.id)
    verifier_ids = {e.verified_by_id for e in evidence if e.verified_by_id is not None}
    verifiers = {
        vid: found.name for vid in verifier_ids if (found := uow.people.by_id(vid)) is not None
    }
    return CvRecords(
        person,
        record.history,
        dict(record.levels),
        tuple(sorted(evidence, key=lambda e: (e.happened_on, e.id or 0), reverse=True)),
        verifiers,
        uow.credentials.for_person(person.id),
        tuple(quotes_for_cv(uow, person.id)),
    )


def _read(store: Store, reference: str, viewer: Viewer) -> tuple[CvRecords, CvChoices | None]:
    with store.unit_of_work() as uow:
        person = readable_person(uow, viewer, reference)
        assert person.id is not None
        return read_records(uow, person), uow.cv_choices.choices_for(person.id)


def cv_page(
    store: Store, reference: str, *, viewer: Viewer, trying: CvChoices | None = None
) -> CvPage:
    """The CV page of a person the viewer may read (else NotFound): with ``trying``, a preview
    of those choices (checked: InvalidRequest naming the field), else the saved ones or the
    defaults."""
    records, saved = _read(store, reference, viewer)
    person = records.person
    assert person.id is not None
    may_choose = can_edit_own(viewer, person.id)
    framework = store.framework
    if trying is not None:
        if not may_choose:
            raise PermissionDenied(f"only {person.name} or an admin chooses what their CV shows")
        choices = check_choices(framework, records, trying)
    else:
        choices = saved or default_choices(framework, records)
    cv = compose_cv(framework, records, choices, store.clock().date())
    options = competency_options(framework, records)
    return CvPage(records, choices, cv, may_choose, options)


def check_choices(framework: Framework, records: CvRecords, choices: CvChoices) -> CvChoices:
    """The choices tidied (summary trimmed, repeats dropped) when each is allowed; else
    InvalidRequest naming the field: summary, competencies, evidence or quotes."""
    summary = usable_text("summary", choices.summary).strip()
    if len(summary) > SUMMARY_MAX:
        raise InvalidRequest(f"summary: at most {SUMMARY_MAX} characters")
    competencies = tuple(dict.fromkeys(choices.competencies))
    unknown = [c for c in competencies if c not in framework.competencies_by_id]
    if unknown:
        raise InvalidRequest(f"competencies: unknown {', '.join(unknown[:5])}")
    if len(competencies) > COMPETENCIES_MAX:
        raise InvalidRequest(f"competencies: at most {COMPETENCIES_MAX} on a CV")
    evidence_ids = _checked_evidence(records, competencies, choices.evidence_ids)
    quote_keys = tuple(dict.fromkeys(choices.quote_keys))
    available = {q.key for q in records.quotes}
    if any(k not in available for k in quote_keys):
        raise InvalidRequest("quotes: a chosen quote is no longer available; choose again")
    if len(quote_keys) > QUOTES_MAX:
        raise InvalidRequest(f"quotes: at most {QUOTES_MAX} on a CV")
    ordered = tuple(ordered_competencies(framework, competencies, records.levels))
    return replace(
        choices,
        person_id=records.person.id or 0,
        summary=summary,
        competencies=ordered,
        evidence_ids=evidence_ids,
        quote_keys=quote_keys,
    )


def _checked_evidence(
    records: CvRecords, competencies: Sequence[str], chosen: Sequence[int]
) -> tuple[int, ...]:
    ids = tuple(dict.fromkeys(chosen))
    theirs = {e.id: e for e in records.evidence}
    if any(i not in theirs for i in ids):
        raise InvalidRequest("evidence: a chosen piece is not in the evidence log; choose again")
    if len(ids) > EVIDENCE_MAX:
        raise InvalidRequest(f"evidence: at most {EVIDENCE_MAX} pieces on a CV")
    shown = set(competencies)
    for evidence_id in ids:
        found = theirs[evidence_id]
        if not shown.intersection(found.competencies):
            raise InvalidRequest(
                f"evidence: “{found.title}” shows none of the chosen competencies; "
                "choose one it shows, or leave it out"
            )
    return ids


def save_cv_choices(
    store: Store, reference: str, choices: CvChoices, *, viewer: Viewer, actor: str
) -> CvChoices:
    """Keep what the person's CV shows (theirs or an admin's to change; a manager who may read
    them is PermissionDenied, anyone else NotFound); InvalidRequest names a refused field."""
    now = store.clock()
    with store.unit_of_work() as uow:
        person = own_person(uow, viewer, reference)
        assert person.id is not None
        records = read_records(uow, person)
        checked = check_choices(store.framework, records, replace(choices, person_id=person.id))
        before = uow.cv_choices.choices_for(person.id)
        uow.cv_choices.save_choices(checked, now)
        uow.audit.record(
            AuditEntry(
                now,
                actor,
                "cv.choose",
                "person",
                str(person.id),
                _audited(before) if before else None,
                _audited(checked),
            )
        )
        uow.commit()
    return replace(checked, saved=True)


def _audited(choices: CvChoices) -> dict[str, object]:
    """What an admin sees of a change: what was chosen, not the summary's words."""
    return {
        "summary_characters": len(choices.summary),
        "competencies": list(choices.competencies),
        "evidence": len(choices.evidence_ids),
        "quotes": len(choices.quote_keys),
        "show_levels": choices.show_levels,
    }


def _exported(store: Store, reference: str, viewer: Viewer, actor: str, kind: str) -> Cv:
    """The person's CV as saved (or the defaults), with the download recorded in the audit."""
    now = store.clock()
    with store.unit_of_work() as uow:
        person = readable_person(uow, viewer, reference)
        assert person.id is not None
        records = read_records(uow, person)
        choices = uow.cv_choices.choices_for(person.id) or default_choices(store.framework, records)
        cv = compose_cv(store.framework, records, choices, now.date())
        uow.audit.record(
            AuditEntry(now, actor, "export.cv", "person", str(person.id), None, {"format": kind})
        )
        uow.commit()
    return cv


def cv_pdf(store: Store, reference: str, *, viewer: Viewer, actor: str) -> tuple[bytes, str]:
    """The person's CV as a PDF and its file name; NotFound for someone the viewer cannot see."""
    cv = _exported(store, reference, viewer, actor, "pdf")
    content = store.ports.documents.pdf("cv_print.html", {"cv": cv, "printed_on": cv.made_on})
    return content, cv_filename(cv, "pdf")


def cv_json_resume(
    store: Store, reference: str, *, viewer: Viewer, actor: str
) -> tuple[dict[str, Any], str]:
    """The person's CV as a JSON Resume document (schema v1.0.0) and its file name."""
    cv = _exported(store, reference, viewer, actor, "json_resume")
    return json_resume(cv, store.clock()), cv_filename(cv, "json")


def cv_filename(cv: Cv, extension: str) -> str:
    """``cv-sam-patel.pdf``: the name in plain ASCII letters and digits (the person's id when
    none are left), never anything a file system or a header could misread."""
    plain = unicodedata.normalize("NFKD", cv.name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60].strip("-")
    return f"cv-{slug or f'person-{cv.person_id}'}.{extension}"
