"""Feedback requests on the in-memory fakes: asking, single-use expiring links stored hashed,
the threshold before answers show, withdrawal, reminders, evidence, quotes and peer levels."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

import pytest

from pmopath.bootstrap.files import default_framework
from pmopath.domain.errors import Conflict, InvalidRequest, NotFound, PermissionDenied
from pmopath.domain.feedback import (
    FeedbackLinkClosed,
    FeedbackPolicy,
    LinkState,
    LinkThrottled,
    StarExample,
)
from pmopath.domain.people import AccountRole, Person
from pmopath.domain.permissions import Viewer
from pmopath.services.feedback import examples, queries, reminders, requests, respondents
from pmopath.services.feedback.checks import NOT_OBSERVED, Invitee, parse_invitee
from pmopath.services.ports.outputs import DeliveryFailed, OutgoingMail
from pmopath.services.ports.store import Store
from tests.support.fake_ports import FakePorts, MailSpy, fake_store
from tests.support.fakes import FakeState, FakeUnitOfWork

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
POLICY = FeedbackPolicy(link_days=14, min_responses=3, remind_days=3)
SAM = Viewer(AccountRole.MEMBER, 1)
MARIA = Viewer(AccountRole.MANAGER, 2)
PRIYA = Viewer(AccountRole.MEMBER, 3)
ADMIN = Viewer(AccountRole.ADMIN, None)
ASKED = ("stakeholder_engagement", "data_analysis")
PEOPLE = [
    Invitee("Pat Jones", "pat@example.org"),
    Invitee("Lee Chan", "Lee@Example.org"),
    Invitee("Kim Roy", "kim@example.org"),
]


@pytest.fixture
def state() -> FakeState:
    fake = FakeState()
    fake.people[1] = Person(1, "sam@example.org", "Sam Taylor", manager_id=2)
    fake.people[2] = Person(2, "maria@example.org", "Maria Lopez")
    fake.people[3] = Person(3, "priya@example.org", "Priya Shah", manager_id=2)
    return fake


def store_at(state: FakeState, at: datetime = NOW, mail: MailSpy | None = None) -> Store:
    return fake_store(state, default_framework(), at, ports=FakePorts(mail=mail))


def ask(
    state: FakeState, viewer: Viewer = SAM, mail: MailSpy | None = None
) -> requests.SentRequest:
    return requests.request_feedback(
        store_at(state, mail=mail),
        "1",
        competencies=ASKED,
        question="What should Sam keep doing?",
        invitees=PEOPLE,
        viewer=viewer,
        actor="test",
        policy=POLICY,
        base_url="https://pmo.example.org/",
    )


def token_of(url: str) -> str:
    return urlsplit(url).path.rsplit("/", 1)[1]


def an_answer(
    level: str = "3", result: str = "The sponsor signed off a week early."
) -> respondents.Answer:
    return respondents.Answer(
        {"stakeholder_engagement": level, "data_analysis": NOT_OBSERVED},
        StarExample(
            "stakeholder_engagement",
            "A late programme board.",
            "Win back a sceptical sponsor.",
            "Sam met the sponsor weekly and reshaped the report.",
            result,
        ),
        "Keep the weekly sponsor meetings.",
    )


def answer(
    state: FakeState, url: str, at: datetime = NOW, level: str = "3", address: str = "10.0.0.1"
) -> None:
    respondents.answer_link(
        store_at(state, at), token_of(url), an_answer(level), client_address=address, policy=POLICY
    )


def test_a_request_issues_one_single_use_link_each_stored_only_as_its_hash(
    state: FakeState,
) -> None:
    mail = MailSpy()
    sent = ask(state, mail=mail)
    assert [link.email for link in sent.links] == [
        "pat@example.org",
        "lee@example.org",
        "kim@example.org",
    ]
    assert all(link.mailed for link in sent.links)
    assert [m.to for m in mail.sent] == [link.email for link in sent.links]
    assert sent.links[0].url in mail.sent[0].body and "Stakeholder engagement" in mail.sent[0].body
    tokens = [token_of(link.url) for link in sent.links]
    assert len(set(tokens)) == 3 and all(len(t) >= 40 for t in tokens)
    stored = list(state.feedback_respondents.values())
    assert [r.token_hash for r in stored] == [
        hashlib.sha256(t.encode()).hexdigest() for t in tokens
    ]
    assert not any(t in repr(state.__dict__) for t in tokens)  # the tokens themselves nowhere
    assert sent.request.expires_at == NOW + timedelta(days=14)
    assert state.audit[-1].action == "feedback.request" and state.audit[-1].after["asked"] == 3


def test_without_a_mail_server_the_links_are_only_shown(state: FakeState) -> None:
    sent = ask(state, mail=None)
    assert not sent.mail_configured and not any(link.mailed for link in sent.links)


class RefusingServer(MailSpy):
    def send(self, mail: OutgoingMail) -> None:
        self.sent.append(mail)
        raise DeliveryFailed("could not send mail: ConnectionRefusedError")


def test_a_refusing_mail_server_is_tried_once_and_the_links_are_still_given(
    state: FakeState,
) -> None:
    server = RefusingServer()
    sent = ask(state, mail=server)
    assert len(server.sent) == 1  # not once more per person, each waiting for a timeout
    assert sent.mail_configured and not any(link.mailed for link in sent.links)
    assert len(state.feedback_respondents) == 3  # the request stands; the links are shown


def test_refused_requests_name_the_field_and_store_nothing(state: FakeState) -> None:
    cases = [
        ({"competencies": ()}, "competencies:"),
        ({"competencies": ("no_such",)}, "competencies: unknown no_such"),
        ({"question": "  "}, "question:"),
        ({"invitees": []}, "respondents:"),
        (
            {"invitees": [Invitee("Pat", "not-an-address")]},
            r"respondents: person 1 \(Pat\): .not-an-address. is not an e-mail",
        ),
        ({"invitees": [Invitee("Sam", "SAM@example.org")]}, "about themselves"),
        ({"invitees": [PEOPLE[0], Invitee("Pat again", "pat@example.org")]}, "already on the list"),
    ]
    for change, words in cases:
        arguments = {"competencies": ASKED, "question": "Q?", "invitees": PEOPLE} | change
        with pytest.raises(InvalidRequest, match=words):
            requests.request_feedback(
                store_at(state),
                "1",
                viewer=SAM,
                actor="t",
                policy=POLICY,
                base_url="x",
                **arguments,  # type: ignore[arg-type]
            )
    assert state.feedback_requests == {} and state.feedback_respondents == {}


def test_who_may_ask_and_read(state: FakeState) -> None:
    sent = ask(state, viewer=MARIA)  # a manager asks for a report
    assert sent.person.id == 1
    request_id = sent.request.id
    assert request_id is not None
    with pytest.raises(NotFound):
        ask(state, viewer=PRIYA)  # a peer may not ask about sam
    with pytest.raises(NotFound):
        requests.request_detail(store_at(state), request_id, viewer=PRIYA, policy=POLICY)
    for viewer in (SAM, MARIA, ADMIN):
        detail = requests.request_detail(store_at(state), request_id, viewer=viewer, policy=POLICY)
        assert detail.summary.asked == 3 and detail.summary.answered == 0
    _, mine = requests.requests_of(store_at(state), "1", viewer=SAM, policy=POLICY)
    assert [s.request.id for s in mine] == [request_id]


def test_a_link_answers_once_and_answers_show_only_from_the_threshold(state: FakeState) -> None:
    sent = ask(state)
    request_id = sent.request.id
    assert request_id is not None
    form = respondents.open_link(
        store_at(state), token_of(sent.links[0].url), client_address="a", policy=POLICY
    )
    assert form.person_name == "Sam Taylor" and form.respondent_name == "Pat Jones"
    assert [c.competency.id for c in form.competencies] == list(ASKED)
    assert form.competencies[0].choices[3].anchor.startswith("Maps the stakeholders")
    indicators = form.competencies[0].choices[3].indicators
    assert indicators is not None and indicators.application.startswith("Maps stakeholders")
    answer(state, sent.links[0].url, level="3")
    with pytest.raises(FeedbackLinkClosed) as used:
        answer(state, sent.links[0].url, level="5")
    assert used.value.state is LinkState.USED
    with pytest.raises(FeedbackLinkClosed):
        respondents.open_link(
            store_at(state), token_of(sent.links[0].url), client_address="a", policy=POLICY
        )
    answer(state, sent.links[1].url, level="4")
    detail = requests.request_detail(store_at(state), request_id, viewer=SAM, policy=POLICY)
    assert (detail.summary.answered, detail.summary.asked) == (2, 3)
    assert detail.responses == () and detail.tallies == ()
    assert (
        queries.aggregated_peer_levels_of(FakeUnitOfWork(state, NOW).__enter__(), [1], POLICY) == {}
    )
    answer(state, sent.links[2].url, level="2")
    detail = requests.request_detail(store_at(state), request_id, viewer=SAM, policy=POLICY)
    assert len(detail.responses) == 3 and detail.summary.aggregates_open
    engagement, analysis = detail.tallies
    assert engagement.by_level == {2: 1, 3: 1, 4: 1} and engagement.median == 3.0
    assert analysis.not_observed == 3 and analysis.median is None
    assert len(state.feedback_responses) == 3  # the first link's second answer was not kept
    with FakeUnitOfWork(state, NOW) as uow:
        peers = queries.aggregated_peer_levels_of(uow, [1], POLICY)[1]
    assert (
        peers["stakeholder_engagement"].median == 3.0 and peers["stakeholder_engagement"].count == 3
    )
    assert "data_analysis" not in peers


def test_responses_carry_no_respondent(state: FakeState) -> None:
    sent = ask(state)
    for link in sent.links:
        answer(state, link.url)
    for response in state.feedback_responses.values():
        text = repr(response)
        assert not any(p.name in text or p.email.lower() in text for p in PEOPLE)
    response_audits = [e for e in state.audit if e.action == "feedback.response"]
    assert len(response_audits) == 3 and all(e.actor == "respondent" for e in response_audits)
    assert not any("pat@example.org" in repr(e) for e in response_audits)


def test_links_expire_and_withdrawal_ends_them(state: FakeState) -> None:
    sent = ask(state)
    request_id = sent.request.id
    assert request_id is not None
    later = NOW + timedelta(days=14)
    with pytest.raises(FeedbackLinkClosed) as expired:
        answer(state, sent.links[0].url, at=later)
    assert expired.value.state is LinkState.EXPIRED
    answer(state, sent.links[0].url, at=later - timedelta(seconds=1))
    with pytest.raises(NotFound):  # a peer cannot withdraw it: not found
        requests.withdraw_request(store_at(state), request_id, viewer=PRIYA, actor="t")
    requests.withdraw_request(store_at(state), request_id, viewer=SAM, actor="web:sam")
    with pytest.raises(FeedbackLinkClosed) as withdrawn:
        answer(state, sent.links[1].url)
    assert withdrawn.value.state is LinkState.WITHDRAWN
    assert state.audit[-1].action == "feedback.withdraw"  # a refused answer records nothing
    with pytest.raises(FeedbackLinkClosed) as unknown:
        respondents.open_link(store_at(state), "made-up-token", client_address="a", policy=POLICY)
    assert unknown.value.state is LinkState.EXPIRED


def test_a_refused_answer_names_the_field_and_keeps_the_link(state: FakeState) -> None:
    sent = ask(state)
    token = token_of(sent.links[0].url)
    bad = [
        (an_answer(level="9"), "rating_stakeholder_engagement:"),
        (
            respondents.Answer({"stakeholder_engagement": "3"}, an_answer().example, "x"),
            "rating_data_analysis:",
        ),
        (an_answer(result=" "), "result:"),
        (
            respondents.Answer(
                an_answer().ratings, StarExample("risk_management", "s", "t", "a", "r"), "x"
            ),
            "example_competency:",
        ),
        (respondents.Answer(an_answer().ratings, an_answer().example, ""), "answer:"),
    ]
    for refused, field in bad:
        with pytest.raises(InvalidRequest, match=field):
            respondents.answer_link(
                store_at(state), token, refused, client_address="b", policy=POLICY
            )
    assert state.feedback_responses == {}
    answer(state, sent.links[0].url)  # still usable


def test_an_address_that_keeps_failing_is_throttled(state: FakeState) -> None:
    policy = FeedbackPolicy(attempts=3)
    sent = ask(state)
    for _ in range(3):
        with pytest.raises(FeedbackLinkClosed):
            respondents.open_link(store_at(state), "guess", client_address="6.6.6.6", policy=policy)
    with pytest.raises(LinkThrottled) as throttled:
        respondents.open_link(
            store_at(state), token_of(sent.links[0].url), client_address="6.6.6.6", policy=policy
        )
    assert "Too many attempts" in str(throttled.value) and throttled.value.retry_after_seconds > 0
    respondents.open_link(
        store_at(state), token_of(sent.links[0].url), client_address="7.7.7.7", policy=policy
    )
    later = NOW + timedelta(minutes=16)
    respondents.open_link(
        store_at(state, later), token_of(sent.links[0].url), client_address="6.6.6.6", policy=policy
    )


def test_reminders_go_once_shortly_before_expiry_with_a_new_link(state: FakeState) -> None:
    sent = ask(state)
    answer(state, sent.links[0].url)
    early = reminders.send_reminders(
        store_at(state, mail=MailSpy()), policy=POLICY, base_url="https://x", dry_run=False
    )
    assert early == []
    near = NOW + timedelta(days=12)
    dry = reminders.send_reminders(
        store_at(state, near), policy=POLICY, base_url="https://x", dry_run=True
    )
    assert [r.mail.to for r in dry] == ["lee@example.org", "kim@example.org"]
    assert all(r.reminded_at is None for r in state.feedback_respondents.values())
    mail = MailSpy()
    done = reminders.send_reminders(
        store_at(state, near, mail), policy=POLICY, base_url="https://x", dry_run=False
    )
    assert [m.to for m in mail.sent] == ["lee@example.org", "kim@example.org"] and len(done) == 2
    new_url = next(line.strip() for line in mail.sent[0].body.splitlines() if "/respond/" in line)
    assert new_url != sent.links[1].url
    again = reminders.send_reminders(
        store_at(state, near, MailSpy()), policy=POLICY, base_url="https://x", dry_run=False
    )
    assert again == []
    answer(state, new_url, at=near)  # the reminder's link works, once for both links
    with pytest.raises(FeedbackLinkClosed):
        answer(state, sent.links[1].url, at=near)


def test_examples_become_evidence_and_quotes_only_from_the_threshold(state: FakeState) -> None:
    sent = ask(state)
    answer(state, sent.links[0].url)
    first = state.feedback_responses[min(state.feedback_responses)].key
    with pytest.raises(NotFound):
        examples.example_to_evidence(store_at(state), first, viewer=SAM, actor="t", policy=POLICY)
    for link in sent.links[1:]:
        answer(state, link.url)
    with pytest.raises(PermissionDenied):
        examples.example_to_evidence(store_at(state), first, viewer=MARIA, actor="t", policy=POLICY)
    logged = examples.example_to_evidence(
        store_at(state), first, viewer=SAM, actor="web:sam", policy=POLICY
    )
    assert logged.person_id == 1 and logged.competencies == ("stakeholder_engagement",)
    assert logged.told_as_star and logged.action.startswith("Sam met the sponsor weekly")
    assert logged.result.startswith("The sponsor")
    assert logged.verified_by_id is None
    with pytest.raises(Conflict):
        examples.example_to_evidence(store_at(state), first, viewer=SAM, actor="t", policy=POLICY)
    examples.choose_quote(store_at(state), first, True, viewer=SAM, actor="t", policy=POLICY)
    with FakeUnitOfWork(state, NOW) as uow:
        quotes = queries.chosen_quotes(uow, 1, POLICY)
    assert len(quotes) == 1 and quotes[0].competency == "stakeholder_engagement"
    assert "Pat" not in quotes[0].text and quotes[0].text.startswith("A late programme board.")
    assert [e.action for e in state.audit[-2:]] == ["feedback.to_evidence", "feedback.quote"]


def test_counts_over_a_period(state: FakeState) -> None:
    sent = ask(state)
    answer(state, sent.links[0].url, at=NOW + timedelta(days=1))
    with FakeUnitOfWork(state, NOW) as uow:
        december = queries.feedback_counts(uow, date(2026, 12, 1), date(2027, 1, 1))
        only_first_day = queries.feedback_counts(uow, date(2026, 12, 7), date(2026, 12, 8))
        others = queries.feedback_counts(uow, date(2026, 12, 1), date(2027, 1, 1), person_ids=[3])
    assert (december.requests, december.asked, december.answered) == (1, 3, 1)
    assert (only_first_day.requests, only_first_day.answered) == (1, 0)
    assert (others.requests, others.asked, others.answered) == (0, 0, 0)


def test_invitee_lines_parse() -> None:
    assert parse_invitee("Pat Jones <pat@example.org>") == Invitee("Pat Jones", "pat@example.org")
    assert parse_invitee(" kim@example.org ") == Invitee("kim", "kim@example.org")
