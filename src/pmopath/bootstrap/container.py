"""This process's adapters, built on first use from settings read once (``Ports`` in services)."""

from __future__ import annotations

from functools import cache, cached_property
from typing import TYPE_CHECKING

from pmopath.config import Settings, read_settings
from pmopath.domain.feedback import FeedbackPolicy

if TYPE_CHECKING:
    from pmopath.services.ports.assignment import AssignmentSolver
    from pmopath.services.ports.outputs import CalendarWriter, DocumentRenderer, MailSender
    from pmopath.services.ports.readers import FileReaders
    from pmopath.services.ports.security import CommonPasswords, PasswordHasher
    from pmopath.services.ports.single_sign_on import OpenIdProvider
    from pmopath.services.ports.solver import MilpSolver


class Container:
    """Every port but the database, each adapter imported and built the first time it is asked
    for (a command that draws no PDF never loads WeasyPrint; one that plans nothing, no scipy).

    Tests hand in their own adapters by keyword (``Container(settings, hasher=cheap)``); the
    rest are the real ones.
    """

    def __init__(self, settings: Settings, **given: object) -> None:
        self.settings = settings
        unknown = set(given) - _PORTS
        if unknown:
            raise TypeError(f"no such port: {', '.join(sorted(unknown))}")
        self.__dict__.update(given)  # a cached_property finds these first

    @cached_property
    def milp(self) -> MilpSolver:
        from pmopath.adapters.highs_milp import HighsMilp

        return HighsMilp()

    @cached_property
    def assignment(self) -> AssignmentSolver:
        from pmopath.adapters.assignment import ScipyAssignment

        return ScipyAssignment()

    @cached_property
    def documents(self) -> DocumentRenderer:
        """PDFs from the pages' templates through WeasyPrint, fetching only our own files."""
        from pmopath.adapters.documents import PdfDocuments

        return PdfDocuments()

    @cached_property
    def calendars(self) -> CalendarWriter:
        from pmopath.adapters.ical import IcalWriter

        return IcalWriter()

    @cached_property
    def feedback_policy(self) -> FeedbackPolicy:
        return self.settings.feedback_policy

    @property
    def mail(self) -> MailSender | None:
        """The SMTP sender from PMOPATH_SMTP_*; None when no mail server is configured."""
        settings = self.settings
        if not settings.smtp_host:
            return None
        from pmopath.adapters.mail import SmtpMailSender

        return SmtpMailSender(
            settings.smtp_host,
            settings.smtp_port,
            settings.smtp_from,
            user=settings.smtp_user,
            password=settings.smtp_password,
            starttls=settings.smtp_starttls,
        )

    @cached_property
    def hasher(self) -> PasswordHasher:
        """argon2id with the library's parameters (tests hand in cheap ones)."""
        from pmopath.adapters.passwords import Argon2Hasher

        return Argon2Hasher()

    @cached_property
    def common_passwords(self) -> CommonPasswords:
        from pmopath.adapters.passwords import CommonPasswordList

        return CommonPasswordList()

    @cached_property
    def sso(self) -> OpenIdProvider | None:
        """The OpenID provider from PMOPATH_SSO_*; None when single sign-on is not configured."""
        settings = self.settings
        if not settings.single_sign_on:
            return None
        from pmopath.adapters.openid_provider import AuthlibOpenIdProvider

        assert settings.sso_issuer and settings.sso_client_id and settings.sso_client_secret
        return AuthlibOpenIdProvider(
            settings.sso_issuer,
            settings.sso_client_id,
            settings.sso_client_secret,
            settings.sso_scope_list,
        )

    @cached_property
    def readers(self) -> FileReaders:
        from pmopath.adapters.file_readers import TextReaders

        return TextReaders()


_PORTS = {name for name, value in vars(Container).items() if isinstance(value, cached_property)}


@cache
def process_container() -> Container:
    """The container of this process, on the settings read from the environment the first time
    it is asked for: the CLI's commands share it. A server's worker reads the settings once as
    it starts and builds its own (web/server.py), even when, with one worker, it runs in the
    process of the ``serve`` command that read them before setting --db for it."""
    return Container(read_settings())
