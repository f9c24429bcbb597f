"""The storage ports of growing people together: stakeholder feedback, the CV's choices,
mentoring and calibration (the unit of work in ``repositories.py`` holds them)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Protocol

from pmopath.domain.calibration import CalibrationDecision, CalibrationSession
from pmopath.domain.cv import CvChoices
from pmopath.domain.feedback import FeedbackCounts, FeedbackRequest, FeedbackResponse, Respondent
from pmopath.domain.mentoring import MentoringSession, Offer, Relationship
from pmopath.domain.people import Person, RecordedAssessment


class FeedbackRepository(Protocol):
    """Feedback requests, their respondents (links, by token hash) and unattributed responses."""

    def add_request(self, request: FeedbackRequest) -> FeedbackRequest: ...
    def request(self, request_id: int) -> FeedbackRequest | None: ...
    def requests_for(self, person_id: int) -> list[FeedbackRequest]:
        """The person's requests, newest first."""
        ...

    def requests_about(self, person_ids: Collection[int]) -> list[FeedbackRequest]:
        """The requests about any of these people, by person then id, in one query."""
        ...

    def withdraw(self, request_id: int, at: datetime) -> None: ...
    def add_respondent(self, respondent: Respondent) -> Respondent: ...
    def respondents(self, request_ids: Collection[int]) -> list[Respondent]:
        """The respondents of these requests, by request then id, in one query."""
        ...

    def respondent_by_token(self, token_hash: str) -> Respondent | None:
        """The respondent whose first link or reminder link has this hash."""
        ...

    def mark_answered(self, respondent_id: int, at: datetime) -> bool:
        """Record the answer unless one was recorded already: False then (a second use, or
        another request racing this one), and nothing changes."""
        ...

    def mark_reminded(self, respondent_id: int, reminder_hash: str, at: datetime) -> None: ...
    def reminders_due(self, now: datetime, until: datetime) -> list[Respondent]:
        """Respondents not answered nor reminded whose request is live and expires after
        ``now`` and by ``until``."""
        ...

    def add_response(self, response: FeedbackResponse) -> FeedbackResponse: ...
    def response_by_key(self, key: str) -> FeedbackResponse | None:
        """The response with this random key (its name outside the store)."""
        ...

    def responses(self, request_ids: Collection[int]) -> list[FeedbackResponse]:
        """The responses to these requests, by id, in one query."""
        ...

    def set_evidence(self, response_id: int, evidence_id: int) -> None: ...
    def set_quoted(self, response_id: int, quoted: bool) -> None: ...
    def counts(
        self, start: datetime, end: datetime, person_ids: Collection[int] | None = None
    ) -> FeedbackCounts:
        """Requests made and people asked in [start, end), and answers received in it, for
        requests about ``person_ids`` (None: everyone)."""
        ...


class CvChoicesRepository(Protocol):
    def choices_for(self, person_id: int) -> CvChoices | None:
        """The person's saved CV choices (``saved`` True), or None when they saved none."""
        ...

    def save_choices(self, choices: CvChoices, at: datetime) -> None:
        """Keep ``choices`` as the person's, replacing any saved before."""
        ...


class MentoringRepository(Protocol):
    """Offers to mentor, relationships with their goals, and sessions."""

    def offer_of(self, person_id: int) -> Offer | None: ...
    def save_offer(self, offer: Offer) -> None:
        """Store the person's offer, replacing their earlier one."""
        ...

    def remove_offer(self, person_id: int) -> bool:
        """Remove the person's offer; False when they had none."""
        ...

    def offers(self) -> list[Offer]:
        """Every offer, by person id."""
        ...

    def add(self, relationship: Relationship) -> Relationship:
        """Store a new relationship with its goals; return it with ids."""
        ...

    def get(self, relationship_id: int) -> Relationship | None: ...
    def save(self, relationship: Relationship) -> Relationship:
        """Store the relationship's status, dates, review and sharing, and its goals (goals
        that keep their id keep their row)."""
        ...

    def for_person(self, person_id: int) -> list[Relationship]:
        """Every relationship the person is the mentor or the mentee in, newest first."""
        ...

    def live_pairs(self) -> list[tuple[int, int]]:
        """(mentor, mentee) of every proposed or active relationship, in one query."""
        ...

    def started_pairs(self, start: date, end: date) -> list[tuple[int, int]]:
        """(mentor, mentee) of every relationship agreed by both that was active on some day
        from ``start`` to ``end`` (both included), in one query."""
        ...

    def add_session(self, session: MentoringSession) -> MentoringSession: ...
    def session(self, session_id: int) -> MentoringSession | None: ...
    def sessions(self, relationship_id: int) -> list[MentoringSession]:
        """The relationship's sessions, oldest first."""
        ...

    def set_shared(self, session_id: int, shared: bool) -> None: ...

    def primary_targets_of(self, person_ids: Collection[int]) -> dict[int, str]:
        """The primary target role of each of these people who has one."""
        ...


class CalibrationRepository(Protocol):
    """Calibrated levels (append-only: added, never changed or removed) and sessions, with the
    group reads a calibration needs."""

    def add_decision(self, decision: CalibrationDecision) -> CalibrationDecision: ...
    def decisions_for(self, person_ids: Collection[int]) -> list[CalibrationDecision]:
        """Every decision about these people, oldest first (ties by id), in a fixed number of
        queries."""
        ...

    def decisions_in(self, session_id: int) -> list[CalibrationDecision]:
        """The decisions made in a session, oldest first."""
        ...

    def add_session(self, session: CalibrationSession) -> CalibrationSession: ...
    def session(self, session_id: int) -> CalibrationSession | None: ...
    def sessions(self) -> list[CalibrationSession]:
        """Every session, newest first."""
        ...

    def close_session(self, session_id: int, at: datetime, by: str) -> None: ...
    def assessments_of(self, person_ids: Collection[int]) -> dict[int, list[RecordedAssessment]]:
        """Each person's assessments, oldest first (ties by id), in a fixed number of queries;
        people with none are left out."""
        ...

    def people_in_role(self, role: str) -> list[Person]:
        """Everyone (not erased) whose current role this is, by name."""
        ...
