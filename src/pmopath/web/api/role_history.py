"""A person's role history as JSON: past spells with their dates and kinds of work."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from pmopath.domain.role_history import SPELL_KINDS
from pmopath.services.people import role_history
from pmopath.services.people.schemas import HistoryPublic, HistorySpellPublic
from pmopath.services.people.views import history_view, spell_view
from pmopath.web.api.routing import ApiRouter
from pmopath.web.deps import ApiCaller, StoreDep
from pmopath.web.errors import error_responses

router = ApiRouter(tags=["people"])

Day = Annotated[str, StringConstraints(max_length=10)]
Kind = Annotated[str, StringConstraints(max_length=32)]


class SpellCreate(BaseModel):
    """A past spell: the role (id, title or alias), its first and last day or month
    (YYYY-MM-DD or YYYY-MM, inclusive) and the kinds of work done in it (such as agile)."""

    role: str = Field(min_length=1, max_length=120)
    started_on: Day
    ended_on: Day
    kinds: list[Kind] = Field(default_factory=list, max_length=len(SPELL_KINDS))


@router.get("/people/{person_id}/history")
def get_history(caller: ApiCaller, store: StoreDep, person_id: int) -> HistoryPublic:
    """The person's role history, oldest first, with the kinds of work of each spell."""
    found = role_history.history_of(store, str(person_id), viewer=caller.viewer)
    return history_view(store.framework, found)


@router.post("/people/{person_id}/history", status_code=201, responses=error_responses(400))
def add_spell(
    caller: ApiCaller, store: StoreDep, person_id: int, body: SpellCreate
) -> HistorySpellPublic:
    """Record a past spell in a role (the person, a manager above them or an admin)."""
    stored = role_history.add_spell(
        store,
        str(person_id),
        body.role,
        body.started_on,
        body.ended_on,
        body.kinds,
        actor=caller.actor,
        viewer=caller.viewer,
    )
    return spell_view(store.framework, stored)


@router.delete("/people/{person_id}/history/{spell_id}", responses=error_responses(400))
def remove_spell(
    caller: ApiCaller, store: StoreDep, person_id: int, spell_id: int
) -> HistorySpellPublic:
    """Remove a past spell (the current one follows the person's role); answers what it was."""
    removed = role_history.remove_spell(
        store, str(person_id), spell_id, actor=caller.actor, viewer=caller.viewer
    )
    return spell_view(store.framework, removed)
