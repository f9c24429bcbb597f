"""What feedback requests and answers must hold: each refusal names its field."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pmopath.domain.accounts import email_problem, normalise_email
from pmopath.domain.errors import InvalidRequest
from pmopath.domain.feedback import StarExample
from pmopath.domain.framework import Framework
from pmopath.domain.text import usable_text
from pmopath.services.people.evidence import STAR_MAX as EVIDENCE_STAR_MAX

QUESTION_MAX = 1000
NAME_MAX = 200
COMPETENCIES_MAX = 8
RESPONDENTS_MAX = 20
STAR_MAX = EVIDENCE_STAR_MAX
"""As the evidence log's: an example becomes evidence, situation, task, action and result, as
it was written."""
ANSWER_MAX = 4000
NOT_OBSERVED = "not_observed"
"""The rating a respondent gives a competency they have not seen the person use."""


@dataclass(frozen=True, slots=True)
class Invitee:
    """Someone to ask: a name to greet them by and the e-mail the link goes to."""

    name: str
    email: str


def check_competencies(framework: Framework, chosen: Sequence[str]) -> tuple[str, ...]:
    """The chosen competency ids, once each, in order; InvalidRequest naming the field."""
    picked = tuple(dict.fromkeys(c.strip() for c in chosen if c.strip()))
    if not picked:
        raise InvalidRequest("competencies: choose at least one competency to ask about")
    if len(picked) > COMPETENCIES_MAX:
        raise InvalidRequest(f"competencies: at most {COMPETENCIES_MAX} at a time")
    unknown = [c for c in picked if c not in framework.competencies_by_id]
    if unknown:
        raise InvalidRequest(f"competencies: unknown {', '.join(unknown)}")
    return picked


def check_question(question: str) -> str:
    text = usable_text("question", question).strip()
    if not text:
        raise InvalidRequest("question: ask one question the people can answer in words")
    if len(text) > QUESTION_MAX:
        raise InvalidRequest(f"question: at most {QUESTION_MAX} characters")
    return text


def check_invitees(invitees: Sequence[Invitee], own_email: str | None) -> list[Invitee]:
    """The people to ask, e-mails normalised; refuses none, too many, a repeat, a bad
    address and the person themselves (``own_email``)."""
    if not invitees:
        raise InvalidRequest("respondents: name at least one person to ask")
    if len(invitees) > RESPONDENTS_MAX:
        raise InvalidRequest(f"respondents: at most {RESPONDENTS_MAX} people at a time")
    seen: set[str] = set()
    checked = []
    for number, invitee in enumerate(invitees, start=1):
        where = f"respondents: person {number}"
        name = usable_text("respondents", invitee.name, lines=False).strip()
        if not name or len(name) > NAME_MAX:
            raise InvalidRequest(f"{where}: give a name of 1 to {NAME_MAX} characters")
        email = normalise_email(usable_text("respondents", invitee.email, lines=False))
        problem = email_problem(email) if email else "give their e-mail address"
        if problem:
            raise InvalidRequest(f"{where} ({name}): {problem}")
        if email == own_email:
            raise InvalidRequest(f"{where}: nobody gives feedback about themselves")
        if email in seen:
            raise InvalidRequest(f"{where}: {email} is already on the list")
        seen.add(email)
        checked.append(Invitee(name, email))
    return checked


def parse_invitee(text: str) -> Invitee:
    """``Name <e-mail>`` (or a bare e-mail, its name the part before @) as an Invitee."""
    line = text.strip()
    if line.endswith(">") and "<" in line:
        name, _, rest = line.rpartition("<")
        return Invitee(name.strip().strip('"'), rest[:-1].strip())
    return Invitee(line.partition("@")[0], line)


def check_ratings(
    framework: Framework, competencies: Sequence[str], given: Mapping[str, str]
) -> dict[str, int | None]:
    """A level (or None, not observed) for every competency asked about; the refusal names
    the competency's field, ``rating_<id>``."""
    low, high = framework.scale.minimum, framework.scale.maximum
    ratings: dict[str, int | None] = {}
    for competency in competencies:
        value = (given.get(competency) or "").strip()
        field = f"rating_{competency}"
        if value == NOT_OBSERVED:
            ratings[competency] = None
            continue
        if not value.isdigit() or not low <= int(value) <= high:
            raise InvalidRequest(
                f"{field}: choose the level that fits best, or \u201cnot observed\u201d"
            )
        ratings[competency] = int(value)
    return ratings


def check_example(competencies: Sequence[str], example: StarExample) -> StarExample:
    """The example trimmed: about one of the competencies asked, each STAR part given."""
    if example.competency not in competencies:
        raise InvalidRequest("example_competency: choose which competency your example shows")
    parts = {}
    hints = {
        "situation": "say where and when it happened",
        "task": "say what needed doing",
        "action": "say what they did themselves",
        "result": "say what changed because of it",
    }
    for name, hint in hints.items():
        text = usable_text(name, getattr(example, name)).strip()
        if not text:
            raise InvalidRequest(f"{name}: {hint}")
        if len(text) > STAR_MAX:
            raise InvalidRequest(f"{name}: at most {STAR_MAX} characters")
        parts[name] = text
    return StarExample(example.competency, **parts)


def check_answer(answer: str) -> str:
    text = usable_text("answer", answer).strip()
    if not text:
        raise InvalidRequest("answer: answer the question in a few words")
    if len(text) > ANSWER_MAX:
        raise InvalidRequest(f"answer: at most {ANSWER_MAX} characters")
    return text
