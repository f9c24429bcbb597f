"""pmopath plans export and people pack (PDFs read back), and pmopath plans digest (to a local
SMTP server)."""

from __future__ import annotations

import io
import json
import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import pypdf
import pytest
from aiosmtpd.controller import Controller
from typer.testing import CliRunner

from pmopath.cli.main import app

runner = CliRunner()


def run(db: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--db", db])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def demo_db(demo_database_url: str) -> str:
    """A database of the test's own holding the demo organisation."""
    return demo_database_url


def _text(path: Path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_export_plan_and_pack_as_pdf(demo_db: str, tmp_path: Path) -> None:
    plan = tmp_path / "plan.pdf"
    code, out, err = run(demo_db, "plans", "export", "sam@demo.pmopath.org", "--pdf", str(plan))
    assert code == 0, err
    assert "Wrote plan #" in out
    text = _text(plan)
    assert "Development plan of Sam Patel" in text and "Towards PMO Analyst" in text
    pack = tmp_path / "pack.pdf"
    code, out, err = run(
        demo_db,
        "people",
        "pack",
        "sam@demo.pmopath.org",
        "--role",
        "PMO Manager",
        "--pdf",
        str(pack),
        "--json",
    )
    assert code == 0, err
    assert json.loads(out)["file"] == str(pack)
    text = _text(pack)
    assert "Readiness pack: Sam Patel for PMO Manager" in text
    assert "Rebuilt the weekly RAID log" in text and "two escalations caught early" in text


def test_export_refusals_say_what_was_wrong(demo_db: str, tmp_path: Path) -> None:
    out_file = tmp_path / "x.pdf"
    code, _, err = run(demo_db, "plans", "export", "nobody@example.org", "--pdf", str(out_file))
    assert code != 0 and "nobody@example.org" in err
    code, _, err = run(demo_db, "plans", "export", "lena@demo.pmopath.org", "--pdf", str(out_file))
    assert code != 0 and "open plan" in err  # Lena has no plan
    code, _, err = run(
        demo_db,
        "people",
        "pack",
        "sam@demo.pmopath.org",
        "--role",
        "astronaut",
        "--pdf",
        str(out_file),
    )
    assert code != 0 and "astronaut" in err
    assert not out_file.exists()


class Inbox:
    """An aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.received.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("PMOPATH_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PMOPATH_SMTP_PORT", str(port))
    monkeypatch.setenv("PMOPATH_SMTP_STARTTLS", "false")
    monkeypatch.setenv("PMOPATH_SMTP_FROM", "reminders@pmo.example")
    monkeypatch.setenv("PMOPATH_PUBLIC_URL", "https://pmo.example")
    yield inbox
    controller.stop()


def test_digest_send_delivers_to_a_local_smtp_server(demo_db: str, smtp_server: Inbox) -> None:
    code, out, err = run(demo_db, "plans", "digest", "--dry-run")
    assert code == 0, err
    assert "Would send to sam@demo.pmopath.org" in out and smtp_server.received == []
    code, out, err = run(demo_db, "plans", "digest")
    assert code == 0, err
    assert "Sent to sam@demo.pmopath.org" in out
    recipients = [to for to, _ in smtp_server.received]
    assert ["sam@demo.pmopath.org"] in recipients
    message = next(m for to, m in smtp_server.received if to == ["sam@demo.pmopath.org"])
    assert message["From"] == "reminders@pmo.example"
    assert message["To"] == "sam@demo.pmopath.org"
    assert "on your development plan" in str(message["Subject"])
    body = message.get_payload(decode=True)
    assert isinstance(body, bytes)
    text = body.decode()
    assert text.startswith("Hello Sam Patel,") and "Review of development plan #" in text
    assert "https://pmo.example/plans/" in text


def test_digest_send_without_a_mail_server_says_how_to_configure_one(
    demo_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PMOPATH_SMTP_HOST", raising=False)
    code, _, err = run(demo_db, "plans", "digest")
    assert code != 0 and "PMOPATH_SMTP_HOST" in err


def test_a_refusing_mail_server_is_reported_without_the_password(
    demo_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PMOPATH_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PMOPATH_SMTP_PORT", str(_free_port()))  # nothing listens there
    monkeypatch.setenv("PMOPATH_SMTP_USER", "mailer")
    monkeypatch.setenv("PMOPATH_SMTP_PASSWORD", "s3cret-pass-word")
    code, out, err = run(demo_db, "plans", "digest")
    assert code != 0 and "could not send mail" in err
    assert "s3cret-pass-word" not in out + err
