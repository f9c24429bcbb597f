"""``pmopath feedback``: asking by link (mailed through a real SMTP server on 127.0.0.1),
listing, reminders with fresh links, withdrawal, and refusals with exit codes."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from typer.testing import CliRunner

from pmopath.bootstrap.container import process_container
from pmopath.bootstrap.database import open_store
from pmopath.cli.main import app
from pmopath.domain.feedback import FeedbackPolicy, StarExample
from pmopath.services.feedback import respondents
from tests.e2e.test_cli_exports import Inbox, _free_port

runner = CliRunner()
SAM = "sam@demo.pmopath.org"
ASK = ["--ask", "Pat Jones <pat@example.org>", "--ask", "Lee Chan <lee@example.org>"]
ASK += ["--ask", "kim@example.org"]
LINK = re.compile(r"https://pmo\.example/respond/[A-Za-z0-9_-]+")


@pytest.fixture
def smtp_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 the CLI's settings point at."""
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


def run(db: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--db", db])
    return result.exit_code, result.stdout, result.stderr


def _request(db: str, *more: str) -> tuple[int, str, str]:
    return run(
        db,
        "feedback",
        "request",
        SAM,
        "-c",
        "stakeholder_engagement",
        "-c",
        "data analysis & METRICS",
        "-q",
        "What should Sam keep doing?",
        *ASK,
        *more,
    )


def _body(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def _answer(db: str, url: str) -> None:
    store = open_store(db)
    try:
        answer = respondents.Answer(
            {"stakeholder_engagement": "4", "data_analysis": "not_observed"},
            StarExample("stakeholder_engagement", "s", "t", "a", "r"),
            "Keep going.",
        )
        token = url.rsplit("/", 1)[1]
        respondents.answer_link(store, token, answer, client_address="cli", policy=FeedbackPolicy())
    finally:
        store.close()


def test_a_request_is_mailed_listed_reminded_and_withdrawn(
    demo_database_url: str,
    smtp_server: Inbox,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = demo_database_url
    code, out, err = _request(db, "--json")
    assert code == 0, err
    made = json.loads(out)
    assert made["asked"] == 3 and made["mail_configured"] is True
    assert [link["email"] for link in made["links"]] == [
        "pat@example.org",
        "lee@example.org",
        "kim@example.org",
    ]
    assert all(link["mailed"] for link in made["links"])
    assert made["competencies"] == ["stakeholder_engagement", "data_analysis"]
    assert [to for to, _ in smtp_server.received] == [
        [e] for e in ("pat@example.org", "lee@example.org", "kim@example.org")
    ]
    pat = smtp_server.received[0][1]
    assert pat["From"] == "reminders@pmo.example" and "Sam Patel asks for your feedback" in str(
        pat["Subject"]
    )
    text = _body(pat)
    assert text.startswith("Hello Pat Jones,") and "What should Sam keep doing?" in text
    assert LINK.findall(text) == [made["links"][0]["url"]]

    _answer(db, made["links"][0]["url"])
    code, out, _ = run(db, "feedback", "list", SAM)
    assert code == 0 and "1 of 3 answered" in out and "What should Sam keep doing?" in out

    monkeypatch.setenv("PMOPATH_FEEDBACK_REMIND_DAYS", "14")  # every open link is due
    process_container.cache_clear()  # the settings are read once per process
    code, out, err = run(db, "feedback", "remind", "--dry-run")
    assert code == 0, err
    assert "Would remind lee@example.org" in out and "pat@example.org" not in out
    assert "2 reminder(s) to send." in out and len(smtp_server.received) == 3
    code, out, err = run(db, "feedback", "remind", "--json")
    assert code == 0, err
    assert json.loads(out)["count"] == 2 and len(smtp_server.received) == 5
    assert "/respond/" not in out  # the fresh links go by mail only, never into a log
    audit = json.loads(run(db, "audit", "list", "--action", "feedback.remind", "--json")[1])
    assert [e["after"] for e in audit["data"]] == [{"reminded": 2}]  # how many, never who
    reminder = _body(smtp_server.received[3][1])
    fresh = LINK.findall(reminder)
    assert len(fresh) == 1 and fresh[0] != made["links"][1]["url"]
    _answer(db, fresh[0])  # the reminder's link works
    code, out, _ = run(db, "feedback", "remind")
    assert code == 0 and "0 reminder(s) sent." in out

    code, _, err = run(db, "feedback", "withdraw", str(made["id"]))
    assert code == 1 and "--yes" in err
    code, out, err = run(db, "feedback", "withdraw", str(made["id"]), "--yes")
    assert code == 0 and "withdrawn" in out, err
    listed = json.loads(run(db, "feedback", "list", SAM, "--json")[1])
    assert listed["data"][0]["status"] == "withdrawn" and listed["data"][0]["answered"] == 2


def test_refusals_say_what_and_where(
    demo_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = demo_database_url
    monkeypatch.delenv("PMOPATH_SMTP_HOST", raising=False)
    code, _, err = run(
        db, "feedback", "request", SAM, "-c", "juggling", "-q", "Q?", "--ask", "pat@example.org"
    )
    assert code == 1 and "competencies: unknown juggling" in err
    code, _, err = run(
        db, "feedback", "request", SAM, "-c", "data_analysis", "-q", "Q?", "--ask", "Pat <nope>"
    )
    assert code == 1 and "respondents: person 1 (Pat)" in err
    code, _, err = run(
        db,
        "feedback",
        "request",
        "nobody@example.org",
        "-c",
        "data_analysis",
        "-q",
        "Q?",
        "--ask",
        "a@b.org",
    )
    assert code == 1 and "nobody@example.org" in err
    code, _, err = run(db, "feedback", "remind")
    assert code == 1 and "PMOPATH_SMTP_HOST" in err
    code, out, err = _request(db)  # no mail server: the links are printed to send by hand
    assert code == 0, err
    assert out.count("(send it yourself): http") == 3 and "shown only this once" in out
    code, _, err = run(db, "feedback", "withdraw", "987654", "--yes")
    assert code == 1 and "987654" in err
