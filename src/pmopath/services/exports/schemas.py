"""Response models of exports: a person's CV choices (what their PMO CV shows), and the CV as
a JSON Resume document."""

from __future__ import annotations

from pydantic import ConfigDict, Field

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


class ResumePart(Schema):
    """A part of a JSON Resume document: only the keys its schema names."""

    model_config = ConfigDict(extra="forbid")


class ResumeBasics(ResumePart):
    name: str
    label: str | None = None
    """The current role."""
    email: str | None = None
    summary: str | None = None


class ResumeWork(ResumePart):
    """A role held; no ``endDate`` for the current one."""

    position: str
    startDate: str | None = None  # noqa: N815 - JSON Resume's own names
    endDate: str | None = None  # noqa: N815


class ResumeSkill(ResumePart):
    name: str
    level: str | None = None
    """"Level 3: Independent", when the person shows levels."""


class ResumeProject(ResumePart):
    """A piece of evidence: situation and task, then action and result as highlights."""

    name: str
    description: str | None = None
    highlights: list[str] = []
    keywords: list[str] = []
    """The competencies it shows."""
    startDate: str | None = None  # noqa: N815
    endDate: str | None = None  # noqa: N815


class ResumeReference(ResumePart):
    """A stakeholder feedback quote, named by what it is about, never by who gave it."""

    name: str
    reference: str


class ResumeCertificate(ResumePart):
    name: str
    date: str | None = None
    issuer: str | None = None


class ResumeMeta(ResumePart):
    version: str
    lastModified: str  # noqa: N815


class JsonResumePublic(ResumePart):
    """A CV as a JSON Resume document (jsonresume.org, schema v1.0.0); empty sections and
    values are left out."""

    schema_url: str = Field(alias="$schema")
    basics: ResumeBasics
    work: list[ResumeWork] = []
    skills: list[ResumeSkill] = []
    projects: list[ResumeProject] = []
    references: list[ResumeReference] = []
    certificates: list[ResumeCertificate] = []
    meta: ResumeMeta
