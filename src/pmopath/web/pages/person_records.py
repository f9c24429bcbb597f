"""The person page's forms for held credentials and role history.

A refused form shows the person page again with what was typed and the problem (400).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, BeforeValidator, Field, StringConstraints

from pmopath.domain.credentials import MAX_HELD
from pmopath.domain.errors import InvalidRequest
from pmopath.domain.role_history import SPELL_KINDS
from pmopath.services.people import credentials as person_credentials
from pmopath.services.people import role_history
from pmopath.web.deps import SignedPage, StoreDep
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
    return RedirectResponse(f"/people/{person_id}#cred-h", status_code=303)


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
    return RedirectResponse(f"/people/{person_id}#history-h", status_code=303)


@router.post("/people/{person_id}/history/{spell_id}/remove")
def remove_spell(
    signed: SignedPage, store: StoreDep, person_id: int, spell_id: int
) -> RedirectResponse:
    """Remove a past spell of the role history."""
    role_history.remove_spell(
        store, str(person_id), spell_id, actor=signed.actor, viewer=signed.viewer
    )
    return RedirectResponse(f"/people/{person_id}#history-h", status_code=303)
