"""Response models of feedback requests: the API's and the CLI's --json shapes.

No model names a respondent next to an answer: a request lists the people asked (by name,
sorted) apart from its answers, which come aggregated and in an order unrelated to arrival,
and only once the threshold of answers is reached.
"""

from __future__ import annotations

from pmopath.services.ports.schemas import Moment, Schema


class FeedbackRequestPublic(Schema):
    """A request: about whom, what it asks, until when, and how many answered of how many."""

    id: int
    person_id: int
    competencies: list[str]
    question: str
    created_at: Moment
    expires_at: Moment
    withdrawn_at: Moment | None
    status: str
    """open, closed (expired) or withdrawn."""
    asked: int
    answered: int
    answers_open: bool
    """Whether enough answers arrived for them to be shown (aggregated, unattributed)."""


class FeedbackRequestsPublic(Schema):
    data: list[FeedbackRequestPublic]
    count: int


class IssuedLinkPublic(Schema):
    """A respondent's link, shown this once (only its hash is stored)."""

    name: str
    email: str
    url: str
    mailed: bool


class FeedbackRequestCreated(FeedbackRequestPublic):
    links: list[IssuedLinkPublic]
    mail_configured: bool


class CompetencyTallyPublic(Schema):
    """How the answers rated one competency: count per level, not observed, median."""

    competency: str
    by_level: dict[int, int]
    not_observed: int
    median: float | None
    """None (and no levels) when fewer answers than the threshold rated it: they could be
    told apart."""


class FeedbackExamplePublic(Schema):
    """One answer's example (STAR) and answer to the question; nobody's name, no time."""

    key: str
    """Names the answer (to use its example); random, so it says nothing of arrival."""
    competency: str
    situation: str
    task: str
    action: str
    result: str
    answer: str
    evidence_id: int | None
    quoted: bool


class FeedbackRequestDetail(FeedbackRequestPublic):
    asked_names: list[str]
    """The people asked, sorted by name: never who answered."""
    min_responses: int
    tallies: list[CompetencyTallyPublic]
    examples: list[FeedbackExamplePublic]
    """Empty until ``answers_open``."""
    held_back: int
    """Answers not shown yet: they show in whole groups of ``min_responses`` as they arrive,
    so that a new answer never shows on its own."""


class RemindersPublic(Schema):
    dry_run: bool
    data: list[dict[str, str]]
    count: int
