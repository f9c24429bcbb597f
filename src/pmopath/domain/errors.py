"""The one rooted hierarchy of errors PMO Pathways raises on purpose."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input file, located as precisely as we can.

    ``path`` is the route into the document (keys and list indexes), ``line`` and
    ``column`` are 1-based positions in the source text when known.
    """

    message: str
    path: tuple[str | int, ...] = ()
    source: str = ""
    line: int | None = None
    column: int | None = None
    reference: tuple[str, str] | None = None
    """For an unknown-reference problem: the kind and value referred to."""

    def located(self) -> str:
        """Return the problem as ``FILE:LINE:COL: message`` (the editor-friendly form)."""
        where = self.source or "<input>"
        line = self.line if self.line is not None else 1
        column = self.column if self.column is not None else 1
        return f"{where}:{line}:{column}: {self.message}"

    def at(self, source: str, line: int, column: int) -> Problem:
        """Return this problem placed in ``source`` at ``line``:``column``."""
        return Problem(self.message, self.path, source, line, column, self.reference)

    def moved(self, path: tuple[str | int, ...]) -> Problem:
        """Return this problem with another document path."""
        return Problem(self.message, path, self.source, self.line, self.column, self.reference)


class PmopathError(Exception):
    """Root of every error PMO Pathways raises deliberately."""


class BadInput(PmopathError):
    """The user gave something we cannot use; the message says what and where."""


class InvalidDocument(BadInput):
    """A framework or assessment file has one or more problems."""

    def __init__(self, kind: str, source: str, problems: Sequence[Problem]) -> None:
        self.kind = kind
        self.source = source
        self.problems = tuple(problems)
        count = len(self.problems)
        super().__init__(f"{source}: {count} problem{'s' if count != 1 else ''} in the {kind}")


class FrameworkError(InvalidDocument):
    """A framework file is not valid."""

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        super().__init__("framework", source, problems)


class AssessmentError(InvalidDocument):
    """An assessment file is not valid (against its framework)."""

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        super().__init__("assessment", source, problems)


class UnknownRole(BadInput):
    """A role reference matched no id, title or alias."""

    def __init__(self, reference: str, suggestions: Sequence[str]) -> None:
        self.reference = reference
        self.suggestions = tuple(suggestions)
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"Unknown role '{reference}'.{hint}")


class UnknownTrack(BadInput):
    """A track (or, with ``role_too``, a role or track) name matched nothing."""

    def __init__(
        self, reference: str, suggestions: Sequence[str], *, role_too: bool = True
    ) -> None:
        self.reference = reference
        self.suggestions = tuple(suggestions)
        if role_too:
            hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
            super().__init__(f"'{reference}' is neither a role nor a track.{hint}")
        else:
            super().__init__(f"Unknown track '{reference}'. Tracks: {', '.join(self.suggestions)}.")


class InvalidRequest(BadInput):
    """A well-formed request for something impossible (same role at both ends, a bad target)."""


class UnusableText(InvalidRequest):
    """Text holds a character nothing may store (NUL, another control character); ``field``
    says where ("" when only the store noticed)."""

    def __init__(self, field: str, character: str) -> None:
        self.field = field
        self.character = character
        where = f"{field}: " if field else ""
        super().__init__(
            f"{where}contains a control character ({character}) that cannot be stored; "
            "remove it (copying text from a terminal or a binary file can bring one in)"
        )


class NotFound(BadInput):
    """A person (or other stored thing) does not exist, or is not visible to the asker."""

    def __init__(self, what: str, reference: str) -> None:
        self.what = what
        self.reference = reference
        super().__init__(f"No {what} '{reference}'.")


class TooLarge(BadInput):
    """An upload is larger than allowed for its kind; nothing was read or changed."""

    def __init__(self, what: str, limit: int) -> None:
        self.limit = limit
        super().__init__(f"the {what} is larger than the {limit // 1024} KiB allowed")


class PermissionDenied(PmopathError):
    """The asker may see this record but may not make this change (403, not 404)."""


class Conflict(PmopathError):
    """A change was based on stale data, or the database was busy; nothing was changed."""


class RowProblems(InvalidDocument):
    """A CSV import had bad rows; nothing was imported."""

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        super().__init__("CSV file", source, problems)
        count = len(self.problems)
        self.args = (f"{source}: {count} problem{'s' if count != 1 else ''}; nothing was imported",)


class WeakPassword(BadInput):
    """A new password breaks the password policy; ``problems`` says how, in words."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__(" ".join(self.problems))


class AlreadyExists(BadInput):
    """Something with this key (an account's e-mail) exists already; nothing was changed."""

    def __init__(self, what: str, reference: str) -> None:
        self.what = what
        self.reference = reference
        super().__init__(f"There is already an {what} for '{reference}'.")


class SignInFailed(PmopathError):
    """Wrong e-mail or wrong password: one message for both, so it never says which."""

    def __init__(self) -> None:
        super().__init__("The e-mail address or the password is not right.")


class Throttled(PmopathError):
    """Too many failed sign-ins for this account or address; wait ``retry_after_seconds``."""

    def __init__(self, retry_after_seconds: int) -> None:
        self.retry_after_seconds = retry_after_seconds
        minutes = -(-retry_after_seconds // 60)
        super().__init__(
            "Too many failed sign-ins. Please wait "
            f"{minutes} minute{'s' if minutes != 1 else ''} before trying again."
        )


class NotSignedIn(PmopathError):
    """No valid session or API token: sign in (again)."""

    def __init__(self) -> None:
        super().__init__("Please sign in.")


class SingleSignOnFailed(PmopathError):
    """A single sign-on that went wrong on the way (state unknown or used, the provider's
    error, an ID token that does not check out); ``outcome`` names the cause for the audit log,
    the message says it in plain words."""

    def __init__(self, outcome: str, message: str) -> None:
        super().__init__(message)
        self.outcome = outcome


class SingleSignOnRefused(SingleSignOnFailed):
    """A single sign-on that checked out, for someone who may not sign in (no account, an
    unverified e-mail, a disabled account)."""
