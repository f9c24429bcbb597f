"""E-mail through an SMTP server (smtplib): plain-text messages, STARTTLS when configured."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from pydantic import SecretStr

from pmopath.services.ports.outputs import DeliveryFailed, OutgoingMail

TIMEOUT_SECONDS = 30


class SmtpMailSender:
    """Sends each message in its own SMTP session; the password is never logged or shown."""

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        *,
        user: str | None = None,
        password: SecretStr | None = None,
        starttls: bool = True,
    ) -> None:
        self.host, self.port, self.sender = host, port, sender
        self.user, self._password, self.starttls = user, password, starttls

    def __repr__(self) -> str:
        return f"SmtpMailSender({self.host}:{self.port}, from {self.sender})"

    def send(self, mail: OutgoingMail) -> None:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = mail.to
        message["Subject"] = mail.subject
        message["Date"] = formatdate(localtime=False, usegmt=True)
        message["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2] or None)
        message.set_content(mail.body)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=TIMEOUT_SECONDS) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.user and self._password is not None:
                    smtp.login(self.user, self._password.get_secret_value())
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            raise DeliveryFailed(
                f"could not send mail to {mail.to} through {self.host}:{self.port}: "
                f"{type(error).__name__}: {str(error)[:200]}"
            ) from None
