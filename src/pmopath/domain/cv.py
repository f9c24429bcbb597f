"""The PMO CV: what a person chooses to show, and the rules that turn their records into a CV.

A CV shows a profile (name, current role, a summary the person writes), the roles they held,
the competencies they chose with their evidence told as Situation, Task, Action, Result, the
feedback quotes they chose (never attributed) and the certifications they hold with dates.
Nothing here reads a store or a clock: the records, the framework and the day come in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from pmopath.domain.credentials import Credentials
from pmopath.domain.eligibility import expires_on
from pmopath.domain.framework import Framework
from pmopath.domain.people import Person, RoleSpell
from pmopath.domain.plans import Evidence

SUMMARY_MAX = 700
"""A CV's summary is a short paragraph: about a hundred words."""
COMPETENCIES_MAX = 12
EVIDENCE_MAX = 20
QUOTES_MAX = 8
DEFAULT_COMPETENCIES = 6
"""Without saved choices: the competencies the person's evidence shows (at most this many)."""
DEFAULT_STORIES_PER_COMPETENCY = 2


@dataclass(frozen=True, slots=True)
class Quote:
    """A line of stakeholder feedback, unattributed, about one competency ("" for none)."""

    text: str
    competency: str = ""

    @property
    def key(self) -> str:
        """A stable key for choosing this quote (the same text about the same competency)."""
        digest = hashlib.sha256(f"{self.competency}\n{self.text}".encode())
        return digest.hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class CvChoices:
    """What the person's CV shows; ``saved`` is False while these are the defaults."""

    person_id: int
    summary: str = ""
    competencies: tuple[str, ...] = ()
    evidence_ids: tuple[int, ...] = ()
    quote_keys: tuple[str, ...] = ()
    show_levels: bool = True
    saved: bool = False


@dataclass(frozen=True, slots=True)
class CvStory:
    """One piece of evidence as STAR, with the names of the competencies it shows on the CV."""

    evidence_id: int | None
    title: str
    happened_on: date
    situation: str
    task: str
    action: str
    result: str
    verified_by: str | None
    shows: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CvCompetency:
    """A competency on the CV: its level (None: hidden or not assessed), the stories told under
    it and the titles of stories told under an earlier competency that show it too."""

    id: str
    name: str
    level: int | None
    level_label: str
    stories: tuple[CvStory, ...]
    also_shown_by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CvRole:
    title: str
    started_on: date | None
    ended_on: date | None
    """The first day no longer in the role (None: the current role)."""

    @property
    def last_day(self) -> date | None:
        """The last day in the role, as a CV gives it (None: still in it)."""
        return self.ended_on - timedelta(days=1) if self.ended_on else None


@dataclass(frozen=True, slots=True)
class CvCertification:
    title: str
    issuer: str
    earned_on: date | None
    valid_until: date | None


@dataclass(frozen=True, slots=True)
class CvQuote:
    text: str
    competency: str
    """The competency's name ("" when the quote is about none the framework knows)."""


@dataclass(frozen=True, slots=True)
class Cv:
    person_id: int
    name: str
    email: str | None
    current_role: str
    role_since: date | None
    summary: str
    roles: tuple[CvRole, ...]
    competencies: tuple[CvCompetency, ...]
    quotes: tuple[CvQuote, ...]
    certifications: tuple[CvCertification, ...]
    show_levels: bool
    made_on: date

    @property
    def stories(self) -> tuple[CvStory, ...]:
        """Every story on the CV, each once, in the order printed."""
        return tuple(s for c in self.competencies for s in c.stories)


@dataclass(frozen=True, slots=True)
class CvRecords:
    """Everything a CV is made from, read for one person."""

    person: Person
    history: tuple[RoleSpell, ...]
    levels: Mapping[str, int]
    evidence: tuple[Evidence, ...]
    verifiers: Mapping[int, str]
    credentials: Credentials
    quotes: tuple[Quote, ...]


@dataclass(frozen=True, slots=True)
class CompetencyOption:
    """A competency the person may put on their CV, with their level and evidence count."""

    id: str
    name: str
    level: int | None
    evidence: int


def competency_options(framework: Framework, records: CvRecords) -> tuple[CompetencyOption, ...]:
    """Every competency of the framework, strongest first (unassessed last, in the framework's
    order), with the person's level and how many pieces of their evidence show it."""
    counts: dict[str, int] = {}
    for found in records.evidence:
        for competency in found.competencies:
            counts[competency] = counts.get(competency, 0) + 1
    everything = [c.id for c in framework.competencies]
    return tuple(
        CompetencyOption(
            c,
            framework.competencies_by_id[c].name,
            records.levels.get(c),
            counts.get(c, 0),
        )
        for c in ordered_competencies(framework, everything, records.levels)
    )


def strength(evidence: Evidence) -> tuple[bool, bool, bool, int, date, int]:
    """How strong a piece of evidence is, for sorting (greater is stronger): verified first,
    then told as STAR, then with a stated result, then the fuller account, the most recent."""
    situation, task, action, result = evidence.star()
    told = len(situation) + len(task) + len(action) + len(result)
    return (
        evidence.verified_by_id is not None,
        evidence.told_as_star,
        bool(result),
        told,
        evidence.happened_on,
        evidence.id or 0,
    )


def default_choices(framework: Framework, records: CvRecords) -> CvChoices:
    """The choices before the person saves any: the competencies their evidence shows (the
    highest levels first, at most ``DEFAULT_COMPETENCIES``), the two strongest pieces of
    evidence for each, levels shown, the feedback quotes they chose (the first
    ``QUOTES_MAX``) and no summary."""
    assert records.person.id is not None
    known = framework.competencies_by_id
    shown = {c for e in records.evidence for c in e.competencies if c in known}
    chosen = ordered_competencies(framework, shown, records.levels)[:DEFAULT_COMPETENCIES]
    picked: list[int] = []
    for competency in chosen:
        tagged = [e for e in records.evidence if competency in e.competencies]
        for found in sorted(tagged, key=strength, reverse=True)[:DEFAULT_STORIES_PER_COMPETENCY]:
            if found.id is not None and found.id not in picked:
                picked.append(found.id)
    quotes = tuple(q.key for q in records.quotes)[:QUOTES_MAX]
    return CvChoices(
        records.person.id, "", tuple(chosen), tuple(picked[:EVIDENCE_MAX]), quote_keys=quotes
    )


def ordered_competencies(
    framework: Framework, chosen: Sequence[str] | set[str], levels: Mapping[str, int]
) -> list[str]:
    """The chosen competencies the framework knows, strongest first (unassessed last), ties
    in the framework's order."""
    order = {c.id: n for n, c in enumerate(framework.competencies)}
    known = [c for c in dict.fromkeys(chosen) if c in order]
    return sorted(known, key=lambda c: (-levels.get(c, -1), order[c]))


def compose_cv(framework: Framework, records: CvRecords, choices: CvChoices, today: date) -> Cv:
    """The CV the choices make of the records.

    Competencies are shown strongest first; each chosen piece of evidence is told once, under
    the first shown competency it is tagged with (strongest stories first), and named under the
    others. Chosen evidence or quotes that no longer exist, and competencies the framework no
    longer has, are left out.
    """
    person = records.person
    assert person.id is not None
    role = framework.roles_by_id.get(person.role or "")
    return Cv(
        person.id,
        person.name,
        person.email,
        role.title if role else _plain_id(person.role) or "",
        person.role_since,
        choices.summary,
        roles_held(framework, person, records.history),
        _competencies(framework, records, choices),
        _quotes(framework, records.quotes, choices.quote_keys),
        certifications_held(framework, records.credentials),
        choices.show_levels,
        today,
    )


def _competencies(
    framework: Framework, records: CvRecords, choices: CvChoices
) -> tuple[CvCompetency, ...]:
    shown = ordered_competencies(framework, choices.competencies, records.levels)
    names = {c: framework.competencies_by_id[c].name for c in shown}
    chosen = [e for e in records.evidence if e.id in set(choices.evidence_ids)]
    told: set[int | None] = set()
    result = []
    for competency in shown:
        tagged = sorted(
            (e for e in chosen if competency in e.competencies), key=strength, reverse=True
        )
        stories = tuple(_story(e, records.verifiers, names) for e in tagged if e.id not in told)
        earlier = tuple(e.title for e in tagged if e.id in told)
        told.update(e.id for e in tagged)
        level = records.levels.get(competency) if choices.show_levels else None
        label = framework.scale.label(level) if level is not None else ""
        result.append(CvCompetency(competency, names[competency], level, label, stories, earlier))
    return tuple(result)


def _story(evidence: Evidence, verifiers: Mapping[int, str], names: Mapping[str, str]) -> CvStory:
    situation, task, action, result = evidence.star()
    return CvStory(
        evidence.id,
        evidence.title,
        evidence.happened_on,
        situation,
        task,
        action,
        result,
        verifiers.get(evidence.verified_by_id or 0) if evidence.verified_by_id else None,
        tuple(names[c] for c in evidence.competencies if c in names),
    )


def _quotes(
    framework: Framework, quotes: Sequence[Quote], keys: Sequence[str]
) -> tuple[CvQuote, ...]:
    wanted = set(keys)
    names = framework.competencies_by_id
    return tuple(
        CvQuote(q.text, names[q.competency].name if q.competency in names else "")
        for q in quotes
        if q.key in wanted
    )


def roles_held(
    framework: Framework, person: Person, history: Sequence[RoleSpell]
) -> tuple[CvRole, ...]:
    """The roles held, newest first; without any history, the current role since when known."""
    spells = list(history)
    if not any(s.ended_on is None for s in spells) and person.role:
        spells.append(RoleSpell(person.role, person.role_since))

    def title(role_id: str) -> str:
        role = framework.roles_by_id.get(role_id)
        return role.title if role else _plain_id(role_id)

    newest = sorted(
        spells, key=lambda s: (s.ended_on is None, s.started_on or date.min), reverse=True
    )
    return tuple(CvRole(title(s.role), s.started_on, s.ended_on) for s in newest)


def certifications_held(
    framework: Framework, credentials: Credentials
) -> tuple[CvCertification, ...]:
    """The certifications held, the most recently earned first (unknown dates last), each with
    the day it stops being valid when it has a validity."""
    found = []
    for action_id in credentials.certifications:
        action = framework.actions_by_id.get(action_id)
        if action is None:
            continue
        earned = credentials.earned_on.get(action_id)
        until = expires_on(action, earned) if earned is not None else None
        found.append(CvCertification(action.title, action.provider, earned, until))
    return tuple(sorted(found, key=lambda c: (c.earned_on is None, -_ordinal(c.earned_on))))


def _ordinal(day: date | None) -> int:
    return day.toordinal() if day else 0


def _plain_id(role_id: str | None) -> str:
    """A role the framework does not have, in words (``pmo_lead`` -> ``Pmo lead``)."""
    return (role_id or "").replace("_", " ").capitalize()
