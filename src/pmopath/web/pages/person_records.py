"""The person page's forms for held credentials and role history.

A refused form shows the person page again with what was typed and the problem (400).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import BaseModel, BeforeValidator, Field, StringConstraints

from pmopath.domain.credentials import MAX_HELD
from pmopath.domain.errors import InvalidRequest, NotFound
from pmopath.domain.role_history import SPELL_KINDS
from pmopath.services.people import credentials as person_credentials
from pmopath.services.people import role_history
from pmopath.web.deps import SignedPage, StoreDep
from pmopath.web.flash import redirect_with
from pmopath.web.forms import Confirmation, confirmation, is_confirmed
from pmopath.web.pages.people import render_person

router = APIRouter(tags=["pages"])

Ref = Annotated[str, StringConstraints(max_length=100)]
Day = Annotated[str, StringConstraints(max_length=10)]


def _blank_is_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


Blank = BeforeValidator(_blank_is_none)


class CredentialsFields(BaseModel):
    """The person page's certifications (checkboxes), education (blank: not recorded) and, per
    certification offered, the day or month it was earned (``earned_for`` names it)."""

    certifications: list[Ref] = Field(default_factory=list, max_length=MAX_HELD)
    education: Annotated[str | None, Blank] = Field(None, max_length=16)
    earned_for: list[Ref] = Field(default_factory=list, max_length=2 * MAX_HELD)
    earned: list[Day] = Field(default_factory=list, max_length=2 * MAX_HELD)

    def earned_on(self) -> dict[str, str]:
        """The earned dates typed, by certification (blank ones left out)."""
        pairs = zip(self.earned_for, self.earned, strict=False)
        return {action: text.strip() for action, text in pairs if text.strip()}


@router.post("/people/{person_id}/credentials")
def save_credentials(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    person_id: int,
    fields: Annotated[CredentialsFields, Form()],
) -> Response:
    """Record my certifications held, when I earned them and my highest education."""
    try:
        person_credentials.set_credentials(
            store,
            str(person_id),
            fields.certifications,
            fields.education,
            actor=signed.actor,
            viewer=signed.viewer,
            earned=fields.earned_on(),
        )
    except InvalidRequest as problem:
        kept = {
            "certifications": list(fields.certifications),
            "education": fields.education or "",
            "earned": fields.earned_on(),
        }
        extra = {"cred_form": kept, "problem": str(problem)}
        return render_person(request, signed, store, person_id, extra, status_code=400)
    return redirect_with(
        request, f"/people/{person_id}#cred-h", "Certifications and education saved."
    )


class SpellFields(BaseModel):
    """A past spell as the person page's form sends it (months as YYYY-MM, or dates)."""

    role: str = Field(min_length=1, max_length=120)
    started_on: Day
    ended_on: Day
    kinds: list[Annotated[str, StringConstraints(max_length=32)]] = Field(
        default_factory=list, max_length=len(SPELL_KINDS)
    )


@router.post("/people/{person_id}/history")
def add_spell(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    person_id: int,
    fields: Annotated[SpellFields, Form()],
) -> Response:
    """Record a past spell in a role (the person, a manager above them or an admin)."""
    try:
        role_history.add_spell(
            store,
            str(person_id),
            fields.role,
            fields.started_on,
            fields.ended_on,
            fields.kinds,
            actor=signed.actor,
            viewer=signed.viewer,
        )
    except InvalidRequest as problem:
        extra = {"history_form": fields.model_dump(), "problem": str(problem)}
        return render_person(request, signed, store, person_id, extra, status_code=400)
    return redirect_with(
        request, f"/people/{person_id}#history-h", "Spell added to the role history."
    )


@router.post("/people/{person_id}/history/{spell_id}/remove", response_model=None)
def remove_spell(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    person_id: int,
    spell_id: int,
    confirmed: Confirmation = "",
) -> Response:
    """Remove a past spell of the role history, once confirmed."""
    if not is_confirmed(confirmed):
        history = role_history.history_of(store, str(person_id), viewer=signed.viewer)
        if not any(s.id == spell_id and not s.current for s in history.spells):
            raise NotFound("role history spell", str(spell_id))
        return confirmation(
            request,
            title="Remove this spell?",
            consequences=[
                "The spell leaves the role history, and the months it counted for go with it.",
                "To have it back, add it again.",
            ],
            action=f"/people/{person_id}/history/{spell_id}/remove",
            button="Remove the spell",
            back=f"/people/{person_id}#history-h",
        )
    role_history.remove_spell(
        store, str(person_id), spell_id, actor=signed.actor, viewer=signed.viewer
    )
    return redirect_with(request, f"/people/{person_id}#history-h", "Spell removed.")
