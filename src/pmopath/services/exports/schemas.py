"""Response models of exports: a person's CV choices (what their PMO CV shows)."""

from __future__ import annotations

from pmopath.services.ports.schemas import Schema


class QuotePublic(Schema):
    """A feedback quote the person may put on their CV, never attributed."""

    key: str
    """What chooses it in ``quote_keys``."""
    text: str
    competency: str
    """The competency's id ("" when it is about none)."""


class CvChoicesPublic(Schema):
    """What the person's CV shows: saved by them, or the defaults until they save."""

    person_id: int
    summary: str
    competencies: list[str]
    """Competency ids, the strongest first."""
    evidence_ids: list[int]
    quote_keys: list[str]
    show_levels: bool
    saved: bool
    """False: nothing saved yet, these are the defaults."""
    quotes: list[QuotePublic]
    """The quotes available to choose from."""
