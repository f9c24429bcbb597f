"""Refused forms in plain words, and confirmation before what cannot be undone.

A service refuses a form with a message that names where it went wrong the way the API and the
CLI need it (``target_role: choose a target role first``, ``item 10: due before it starts``).
A page shows the same form again, with what was typed, and puts the message at the field in
the form's own words: ``refusal`` finds the field and drops the internal name.

A destructive action (close a plan, remove an item, withdraw...) is a form whose first POST
shows ``confirm.html``: what will happen, a button that sends the same form again with
``confirmed=yes`` (and the CSRF token), and a way back. Nothing changes before that second
POST, so it works without JavaScript; with it, app.js asks in a dialog (``data-confirm``) and
adds ``confirmed=yes`` itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import HTMLResponse

from pmopath.web.templating import render

CONFIRMED = "yes"
Confirmation = Annotated[str, Form(max_length=3)]
"""A destructive form's ``confirmed`` field: ``yes`` once asked (see ``is_confirmed``)."""
_NAMED = re.compile(r"^(?:item \d+|[a-z_][a-z0-9_]*(?:\.[A-Za-z0-9_.-]+)?): ")
_PHRASES = (
    ("due before it starts", "due_on"),
    ("unknown competency", "competency"),
    ("unknown action", "action_id"),
    ("say what it is", "free_text"),
    ("rates no competency", "levels"),
    ("choose a target role", "target_role"),
)


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a form was refused: the field it concerns ("" for the whole form) and the words."""

    field: str
    message: str
    form: str = ""
    """Which form on the page (several share one page: ``new``, ``item3``, ``checkin``...)."""

    def at(self, form: str, field: str) -> bool:
        """Whether this refusal belongs next to ``field`` of ``form``."""
        return self.form == form and self.field == field


def refusal(problem: Exception | str, form: str = "") -> Refusal:
    """The field a service's message concerns and the message without internal names."""
    text = str(problem).strip()
    named = _NAMED.match(text)
    field = ""
    if named is not None:
        name = named.group(0)[:-2]
        field, _, detail = ("" if name.startswith("item ") else name).partition(".")
        text = text[named.end() :]
        if detail:  # levels.risk_management: which one it is stays, in words
            text = f"{field_words(detail)}: {text}"
    for phrase, guessed in _PHRASES:
        if phrase in text:
            field = field or guessed
    return Refusal(field, _sentence(text), form)


def field_words(name: str) -> str:
    """A field's name as words for a page (``target_level`` -> ``Target level``)."""
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else "The form"


def _sentence(text: str) -> str:
    if not text:
        return "This cannot be done."
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def confirmation(
    request: Request,
    *,
    title: str,
    consequences: Sequence[str],
    action: str,
    button: str,
    back: str,
    fields: Mapping[str, str | int] | None = None,
) -> HTMLResponse:
    """The page that asks before a destructive action (see the module's docstring)."""
    context = {
        "title": title,
        "consequences": list(consequences),
        "action": action,
        "button": button,
        "back": back,
        "fields": dict(fields or {}),
        "confirmed": CONFIRMED,
    }
    return render(request, "confirm.html", context)


def is_confirmed(value: str) -> bool:
    """Whether the form came from the confirmation (or from app.js's dialog)."""
    return value == CONFIRMED
