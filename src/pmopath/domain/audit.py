"""Reading the audit log: which entries an admin asks for, and each action in words.

The log itself is append-only (``AuditEntry`` in domain/people.py, written by every service
that changes something). Here: the filters of the admin's audit page, the API and the CLI,
the kinds of entry they group actions into, and a sentence-case label for each action so no
page shows ``account.sign_in_failed``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

MAX_PAGE = 500
"""The most entries one page, API answer or CLI listing returns (the CSV has no such cap)."""


@dataclass(frozen=True, slots=True)
class AuditKind:
    """A group of actions an admin filters by: its id, its name, the action prefixes in it."""

    id: str
    name: str
    prefixes: tuple[str, ...]


KINDS: tuple[AuditKind, ...] = (
    AuditKind(
        "sign_in", "Sign-ins, sign-outs and single sign-on links", ("account.sign_", "account.sso_")
    ),
    AuditKind("accounts", "Accounts, roles and API tokens", ("account.", "api_token.")),
    AuditKind("provisioning", "Directory provisioning (SCIM)", ("scim_user.", "scim_group.")),
    AuditKind("exports", "Exports and erasures", ("person.export", "person.erase", "export.")),
    AuditKind("people", "People and their records", ("person.", "people.", "target.", "cv.")),
    AuditKind(
        "development",
        "Assessments, evidence and plans",
        ("assessment.", "evidence.", "plan.", "checkin.", "calibration."),
    ),
    AuditKind("framework", "Framework changes", ("framework.",)),
    AuditKind("feedback", "Feedback requests and answers", ("feedback.",)),
    AuditKind("mentoring", "Mentoring offers, matches and relationships", ("mentoring.",)),
)
KINDS_BY_ID = {k.id: k for k in KINDS}

# Actions whose words are not their name's: the rest read from the name ("plan.submit" is
# "Plan submit"), which is understandable if plainer.
ACTION_WORDS = {
    "account.sign_in": "Signed in",
    "account.sign_in_failed": "Sign-in refused",
    "account.sign_out": "Signed out",
    "account.sso_sign_in": "Signed in through single sign-on",
    "account.sso_sign_in_failed": "Single sign-on refused",
    "account.sso_link": "Linked to the identity provider",
    "account.sso_unlink": "Unlinked from the identity provider",
    "account.add": "Account created",
    "account.update": "Account changed",
    "account.password": "Password set",
    "api_token.create": "API token created",
    "api_token.revoke": "API token revoked",
    "person.export": "Personal data exported",
    "export.audit_log": "Audit log downloaded",
    "export.leader_coverage": "Capability coverage downloaded",
    "export.leader_succession": "Succession downloaded",
    "export.leader_kpis": "Programme KPIs downloaded",
    "person.erase": "Personal data erased",
    "people.import": "People imported",
    "framework.activate": "Framework activated",
    "target.set": "Target role set",
    "assessment.add": "Assessment recorded",
    "evidence.add": "Evidence logged",
    "evidence.verify": "Evidence verified",
    "cv.choose": "CV contents chosen",
    "export.cv": "CV downloaded",
    "checkin.add": "Check-in recorded",
    "feedback.request": "Feedback requested",
    "feedback.withdraw": "Feedback request withdrawn",
    "feedback.remind": "Feedback reminders sent",
    "feedback.response": "Feedback answer received",
    "feedback.to_evidence": "Feedback example added to evidence",
    "feedback.quote": "Feedback example chosen for the CV (or left out)",
    "calibration.record": "Calibrated level recorded",
    "calibration.session_open": "Calibration session opened",
    "calibration.session_close": "Calibration session closed",
    "scim_user.create": "User provisioned (SCIM)",
    "scim_user.replace": "Provisioned user changed (SCIM)",
    "scim_user.activate": "Provisioned user activated (SCIM)",
    "scim_user.deactivate": "Provisioned user deactivated (SCIM)",
    "scim_user.delete": "Provisioned user unlinked and deactivated (SCIM)",
    "scim_group.create": "Group provisioned (SCIM)",
    "scim_group.replace": "Provisioned group changed (SCIM)",
    "scim_group.delete": "Provisioned group removed (SCIM)",
    "mentoring.offer": "Offer to mentor made or changed",
    "mentoring.offer_withdraw": "Offer to mentor withdrawn",
    "mentoring.propose": "Mentoring proposed from matching",
    "mentoring.request": "Mentor asked for",
    "mentoring.goals": "Mentoring goals changed",
    "mentoring.agree": "Mentoring agreed by one of the pair",
    "mentoring.start": "Mentoring agreed by both and started",
    "mentoring.decline": "Mentoring declined",
    "mentoring.share_progress": "Mentee's progress sharing changed",
    "mentoring.session": "Mentoring session logged",
    "mentoring.session_share": "Mentoring session sharing changed",
    "mentoring.end": "Mentoring ended with a review",
}


def action_words(action: str) -> str:
    """The action in words: ``Sign-in refused``, else its name with spaces (``Plan submit``)."""
    if action in ACTION_WORDS:
        return ACTION_WORDS[action]
    words = action.replace(".", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


@dataclass(frozen=True, slots=True)
class AuditQuery:
    """Which entries to read, newest first: every filter left empty matches everything.

    ``actions`` are prefixes (a kind's, or one action); ``actor`` matches part of the actor's
    e-mail, in any case; ``until`` is exclusive.
    """

    actions: tuple[str, ...] = ()
    actor: str = ""
    entity: str = ""
    entity_id: str = ""
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 100
    offset: int = 0

    def matches(self, action: str, actor: str, entity: str, entity_id: str, at: datetime) -> bool:
        """Whether an entry passes every filter (the in-memory store's reading of the query)."""
        return (
            (not self.actions or action.startswith(self.actions))
            and self.actor.lower() in actor.lower()
            and self.entity in ("", entity)
            and self.entity_id in ("", entity_id)
            and (self.since is None or at >= self.since)
            and (self.until is None or at < self.until)
        )
