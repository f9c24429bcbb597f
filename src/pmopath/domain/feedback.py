"""Stakeholder feedback by link: requests, respondents' single-use links, unattributed answers.

No clock here: ``now`` is always an argument. A response is stored without its respondent (no
link to the respondent's row, no time of its own), so nothing shown can name who said what;
the respondent's row only knows *that* they answered, and when (which the counts use).
"""

from __future__ import annotations

import hashlib
import statistics
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from pmopath.domain.errors import PmopathError, Throttled

MIN_RESPONSES_ALLOWED = 2
"""The lowest threshold PMOPATH_FEEDBACK_MIN_RESPONSES may be: one answer shown alone would
say who gave it."""


@dataclass(frozen=True, slots=True)
class FeedbackPolicy:
    """The settings of feedback requests: how long a link lives, how many answers open the
    aggregated view, how close to expiry a reminder goes, and the public page's rate limit."""

    link_days: int = 14
    min_responses: int = 3
    remind_days: int = 3
    attempts: int = 30
    """Refused or unknown link uses and answers sent from one address within ``window``."""
    window: timedelta = timedelta(minutes=15)

    def expiry(self, now: datetime) -> datetime:
        return now + timedelta(days=self.link_days)

    def aggregates_open(self, answered: int) -> bool:
        """Whether ``answered`` responses are enough to show them (aggregated, unattributed)."""
        return answered >= self.min_responses


class LinkState(StrEnum):
    OPEN = "open"
    USED = "used"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True, slots=True)
class FeedbackRequest:
    """Feedback asked about one person on chosen competencies, with one free-text question."""

    id: int | None
    person_id: int
    asked_by: str
    """Who asked, as the audit log names actors (``web:maria@example.org``)."""
    competencies: tuple[str, ...]
    question: str
    created_at: datetime
    expires_at: datetime
    withdrawn_at: datetime | None = None

    def closed(self, now: datetime) -> bool:
        return self.withdrawn_at is not None or now >= self.expires_at


@dataclass(frozen=True, slots=True)
class Respondent:
    """Someone asked, by name and e-mail, and their link (only hashes of its tokens are kept:
    the first link, and the one a reminder carries)."""

    id: int | None
    request_id: int
    name: str
    email: str
    token_hash: str
    answered_at: datetime | None = None
    reminded_at: datetime | None = None
    reminder_hash: str | None = None


def link_state(request: FeedbackRequest, respondent: Respondent, now: datetime) -> LinkState:
    """What a respondent's link does now: withdrawn, used and expired links answer nothing."""
    if request.withdrawn_at is not None:
        return LinkState.WITHDRAWN
    if respondent.answered_at is not None:
        return LinkState.USED
    if now >= request.expires_at:
        return LinkState.EXPIRED
    return LinkState.OPEN


@dataclass(frozen=True, slots=True)
class StarExample:
    """An example in STAR form about one competency."""

    competency: str
    situation: str
    task: str
    action: str
    result: str

    @property
    def text(self) -> str:
        """The example as one paragraph (a quote, an evidence description)."""
        parts = (self.situation, self.task, self.action, self.result)
        return " ".join(p.strip() for p in parts if p.strip())


@dataclass(frozen=True, slots=True)
class FeedbackResponse:
    """One answer: a level (or None, not observed) per chosen competency, an example, and the
    answer to the question. It names no respondent and carries no time."""

    id: int | None
    request_id: int
    ratings: Mapping[str, int | None]
    example: StarExample
    answer: str
    evidence_id: int | None = None
    quoted: bool = False
    key: str = ""
    """A random name for the response in links and the API: its id would tell the order in
    which answers arrived."""


@dataclass(frozen=True, slots=True)
class PeerLevel:
    """Peers' view of one competency: the median level of the responses that rated it."""

    median: float
    count: int


@dataclass(frozen=True, slots=True)
class Quote:
    """A response's example the person chose for their CV: its text and competency, nobody's
    name."""

    text: str
    competency: str


@dataclass(frozen=True, slots=True)
class FeedbackCounts:
    """Requests made, people asked (links sent) and answers received in a period."""

    requests: int
    asked: int
    answered: int


@dataclass(frozen=True, slots=True)
class CompetencyTally:
    """How the responses rated one competency: how many chose each level, how many did not
    observe it, and the median of the levels given."""

    competency: str
    by_level: Mapping[int, int] = field(default_factory=dict)
    not_observed: int = 0
    median: float | None = None

    @property
    def rated(self) -> int:
        return sum(self.by_level.values())


def released(responses: Iterable[FeedbackResponse], threshold: int) -> list[FeedbackResponse]:
    """The answers of one request that may be shown: whole groups of ``threshold`` in the order
    they arrived (3 shown from 3 to 5 answers, 6 from 6 to 8). Shown as they came, the 4th
    answer would appear alone, and whoever asked knows who answered since."""
    arrived = sorted(responses, key=lambda r: r.id or 0)
    if threshold <= 0:
        return arrived
    return arrived[: len(arrived) - len(arrived) % threshold]


def tally(
    responses: Iterable[FeedbackResponse], competencies: Sequence[str], threshold: int = 1
) -> list[CompetencyTally]:
    """One tally per competency, in the request's order. A competency fewer than ``threshold``
    answers rated (the others did not observe it) shows no levels: they could be told apart."""
    levels: dict[str, list[int]] = {c: [] for c in competencies}
    unseen = dict.fromkeys(competencies, 0)
    for response in responses:
        for competency in competencies:
            level = response.ratings.get(competency)
            if level is None:
                unseen[competency] += 1
            else:
                levels[competency].append(level)
    found = []
    for competency in competencies:
        given = levels[competency]
        counts: dict[int, int] = {}
        for level in given:
            counts[level] = counts.get(level, 0) + 1
        if len(given) < threshold:
            given, counts = [], {}
        median = float(statistics.median(given)) if given else None
        found.append(
            CompetencyTally(competency, dict(sorted(counts.items())), unseen[competency], median)
        )
    return found


def peer_levels(responses: Iterable[FeedbackResponse], threshold: int = 1) -> dict[str, PeerLevel]:
    """Per competency rated by at least ``threshold`` of ``responses``: the median level and
    how many rated it."""
    given: dict[str, list[int]] = {}
    for response in responses:
        for competency, level in response.ratings.items():
            if level is not None:
                given.setdefault(competency, []).append(level)
    return {
        c: PeerLevel(float(statistics.median(levels)), len(levels))
        for c, levels in sorted(given.items())
        if len(levels) >= threshold
    }


def unattributed_order(responses: Iterable[FeedbackResponse]) -> list[FeedbackResponse]:
    """The responses in an order that says nothing about who answered or when: by a hash of
    what they say (the same every time, unrelated to arrival)."""

    def key(response: FeedbackResponse) -> str:
        text = f"{response.example.text}|{response.answer}|{sorted(response.ratings.items())}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    return sorted(responses, key=key)


def unknown_among(chosen: Collection[str], known: Collection[str]) -> list[str]:
    return [c for c in chosen if c not in known]


class FeedbackLinkClosed(PmopathError):
    """A respondent's link that answers nothing any more: used, expired or withdrawn (or
    never issued, which says the same as expired so a guess learns nothing)."""

    MESSAGES = {
        LinkState.USED: "This link has already been used: an answer was sent with it. "
        "Each link takes one answer. Thank you for yours.",
        LinkState.EXPIRED: "This link has expired or is not a link we sent. If you still want "
        "to answer, ask the person who asked you for a new link.",
        LinkState.WITHDRAWN: "This request for feedback was withdrawn by the person who sent "
        "it, so it takes no answers any more. Nothing you typed was kept.",
    }

    def __init__(self, state: LinkState) -> None:
        self.state = state
        super().__init__(self.MESSAGES.get(state, self.MESSAGES[LinkState.EXPIRED]))


class LinkThrottled(Throttled):
    """Too many refused or unknown uses of feedback links from one address."""

    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__(retry_after_seconds)
        minutes = -(-retry_after_seconds // 60)
        self.args = (
            "Too many attempts from your network. Please wait "
            f"{minutes} minute{'s' if minutes != 1 else ''} and try again.",
        )

    def __str__(self) -> str:
        return str(self.args[0])
