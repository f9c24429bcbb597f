"""Held certifications and education: read and change them, and the eligibility they give.

A person records their own (an admin may too); their managers can read them. Eligibility reads
them together with the role history, so an exam is never planned before the person may sit it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from pmopath.domain.credentials import MAX_HELD, Credentials
from pmopath.domain.eligibility import Eligibility, certification_eligibility
from pmopath.domain.errors import InvalidRequest
from pmopath.domain.framework import Action, ActionKind, Education, Framework
from pmopath.domain.people import AuditEntry, Person, RoleSpell
from pmopath.domain.permissions import SYSTEM, Viewer, can_edit_own
from pmopath.domain.role_history import not_in_future, parse_when, with_current_role
from pmopath.services.people.access import own_person, readable_person
from pmopath.services.ports.store import Store


@dataclass(frozen=True, slots=True)
class RoleEligibility:
    """The viewer's eligibility for the certifications among a role's development actions."""

    role_id: str
    entries: tuple[Eligibility, ...]


@dataclass(frozen=True, slots=True)
class CredentialsPanel:
    """What the person page shows: held credentials, the choices, eligibility, editability."""

    person_id: int
    credentials: Credentials
    choices: tuple[Action, ...]
    educations: tuple[Education, ...]
    eligibility: tuple[Eligibility, ...]
    may_edit: bool


def certifications(framework: Framework) -> list[Action]:
    """The certification actions of the catalogue, in file order (what can be held)."""
    return [a for a in framework.actions if a.kind is ActionKind.CERTIFICATION]


def checked_earned(held: Sequence[str], earned: Mapping[str, str], today: date) -> dict[str, date]:
    """Earned days (ISO date or YYYY-MM: its first day) of held certifications.

    Blank values are left out; raises InvalidRequest naming the field (``earned_on.ID``).
    """
    found: dict[str, date] = {}
    for action_id, text in earned.items():
        if not text.strip():
            continue
        field = f"earned_on.{action_id}"
        if action_id not in held:
            raise InvalidRequest(f"{field}: '{action_id}' is not among the certifications held")
        day, as_month = parse_when(text, field)
        not_in_future(day, as_month, today, field, text)
        found[action_id] = day
    return found


def checked_credentials(
    framework: Framework,
    held: Sequence[str],
    education: str | None,
    earned: Mapping[str, str] | None = None,
    today: date = date.max,
) -> Credentials:
    """Credentials from ids, an education name and earned dates (ISO date or YYYY-MM);
    raises InvalidRequest naming the field."""
    known = {a.id for a in certifications(framework)}
    wanted = sorted({h.strip() for h in held if h.strip()})
    unknown = [h for h in wanted if h not in known]
    if unknown:
        raise InvalidRequest(f"certifications: unknown certification '{unknown[0]}'")
    if len(wanted) > MAX_HELD:
        raise InvalidRequest(f"certifications: at most {MAX_HELD}")
    days = checked_earned(wanted, earned or {}, today)
    if education is None or not education.strip():
        return Credentials(tuple(wanted), None, days)
    try:
        level = Education(education.strip().casefold())
    except ValueError:
        choices = ", ".join(e.value for e in Education)
        raise InvalidRequest(f"education: one of {choices}, not '{education}'") from None
    return Credentials(tuple(wanted), level, days)


def credentials_of(store: Store, reference: str, *, viewer: Viewer = SYSTEM) -> Credentials:
    """What a person the viewer may read holds; raises NotFound."""
    with store.unit_of_work() as uow:
        person = readable_person(uow, viewer, reference)
        assert person.id is not None
        return uow.credentials.for_person(person.id)


def set_credentials(
    store: Store,
    reference: str,
    held: Sequence[str],
    education: str | None,
    *,
    actor: str,
    viewer: Viewer = SYSTEM,
    earned: Mapping[str, str] | None = None,
) -> Credentials:
    """Replace a person's held certifications and education (their own, or an admin's doing).

    ``earned`` (certification id -> ISO date or YYYY-MM) replaces the earned dates; None keeps
    the stored ones of certifications still held. Raises NotFound, PermissionDenied,
    InvalidRequest (an unknown certification or education, a bad or future earned date).
    """
    today = store.clock().date()
    wanted = checked_credentials(store.framework, held, education, earned, today)
    with store.unit_of_work() as uow:
        person = own_person(uow, viewer, reference)
        assert person.id is not None
        before = uow.credentials.for_person(person.id)
        if earned is None:
            kept = {k: v for k, v in before.earned_on.items() if k in wanted.certifications}
            wanted = Credentials(wanted.certifications, wanted.education, kept)
        uow.credentials.save(person.id, wanted, store.clock())
        uow.audit.record(
            AuditEntry(
                store.clock(),
                actor,
                "person.credentials",
                "person",
                str(person.id),
                _audited(before),
                _audited(wanted),
            )
        )
        uow.commit()
    return wanted


def credentials_panel(
    store: Store, viewer: Viewer, reference: str, today: date
) -> CredentialsPanel:
    """A readable person's credentials and eligibility for their page; raises NotFound."""
    framework = store.framework
    with store.unit_of_work() as uow:
        person = readable_person(uow, viewer, reference)
        assert person.id is not None
        history = _history(uow.people.history(person.id), person.role, person.role_since)
        held = uow.credentials.for_person(person.id)
    found = certification_eligibility(
        framework,
        history,
        frozenset(held.certifications),
        held.education,
        today,
        earned=held.earned_on,
    )
    return CredentialsPanel(
        person.id,
        held,
        tuple(certifications(framework)),
        tuple(Education),
        tuple(sorted(found, key=lambda e: (e.held, e.eligible_from is None, e.action.id))),
        can_edit_own(viewer, person.id),
    )


def _audited(credentials: Credentials) -> dict[str, object]:
    education = credentials.education.value if credentials.education else None
    earned = {k: v.isoformat() for k, v in sorted(credentials.earned_on.items())}
    return {
        "certifications": list(credentials.certifications),
        "education": education,
        "earned_on": earned,
    }


def role_eligibility(
    store: Store, viewer: Viewer, role_id: str, today: date
) -> RoleEligibility | None:
    """The viewer's eligibility for the certifications listed on a role; None without a person."""
    if viewer.person_id is None or role_id not in store.framework.roles_by_id:
        return None
    with store.unit_of_work() as uow:
        person = readable_person(uow, viewer, str(viewer.person_id))
        assert person.id is not None
        history = uow.people.history(person.id)
        held = uow.credentials.for_person(person.id)
    return eligibility_for_role(store.framework, role_id, person, history, held, today)


def eligibility_for_role(
    framework: Framework,
    role_id: str,
    person: Person,
    history: Sequence[RoleSpell],
    held: Credentials,
    today: date,
) -> RoleEligibility:
    """``person``'s eligibility for the certifications listed on a role of ``framework``, from
    their stored role history and credentials (for a page that read them with its own data)."""
    role = framework.roles_by_id[role_id]
    wanted = {a.id for a in framework.actions_for_role(role.id)}
    found = certification_eligibility(
        framework,
        _history(history, person.role, person.role_since),
        frozenset(held.certifications),
        held.education,
        today,
        earned=held.earned_on,
    )
    return RoleEligibility(role.id, tuple(e for e in found if e.action.id in wanted))


def _history(
    history: Sequence[RoleSpell], role: str | None, since: date | None
) -> tuple[RoleSpell, ...]:
    return with_current_role(history, role, since)


def plan_eligibility(
    store: Store,
    viewer: Viewer,
    person_id: int,
    action_ids: Sequence[str],
    role_id: str,
    today: date,
) -> tuple[Eligibility, ...]:
    """Eligibility for the certifications in a plan or listed for its target role.

    The plan's owner's role history and credentials count; raises NotFound for a person the
    viewer cannot read.
    """
    framework = store.framework
    wanted = set(action_ids)
    if role_id in framework.roles_by_id:
        wanted |= {a.id for a in framework.actions_for_role(role_id)}
    with store.unit_of_work() as uow:
        person = readable_person(uow, viewer, str(person_id))
        assert person.id is not None
        history = _history(uow.people.history(person.id), person.role, person.role_since)
        held = uow.credentials.for_person(person.id)
    found = certification_eligibility(
        framework,
        history,
        frozenset(held.certifications),
        held.education,
        today,
        earned=held.earned_on,
    )
    return tuple(e for e in found if e.action.id in wanted)
