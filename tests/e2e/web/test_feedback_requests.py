"""Feedback requests through the pages and the API: asking, answering by link without an
account (refused input kept, a link used twice, expired, withdrawn, throttled), answers shown
only together from the threshold, and who may see what."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from pmopath.domain.feedback import FeedbackPolicy
from pmopath.domain.permissions import SYSTEM
from pmopath.services.feedback import requests
from pmopath.services.feedback.checks import Invitee
from tests.e2e.web.conftest import World, csrf_of, page_csrf, sign_in, signed_in_world

LINK = re.compile(r'value="(http://127\.0\.0\.1:8000/respond/[A-Za-z0-9_-]+)"')
"""Links start with PMOPATH_PUBLIC_URL (here its default), never the Host header's address."""
PEOPLE = "Pat Jones <pat@example.org>\nLee Chan <lee@example.org>\nKim Roy <kim@example.org>"
ASKED = ["stakeholder_engagement", "data_analysis"]


@pytest.fixture
def world(request: pytest.FixtureRequest, database_kind: str) -> Iterator[World]:
    """The demo world with sam, priya, maria and the admin signed in (in the template)."""
    yield from signed_in_world(request, ("sam", "priya", "maria", "admin"))


def _post(client: TestClient, path: str, fields: dict[str, Any], csrf_from: str = "/map") -> Any:
    token = page_csrf(client, csrf_from)
    return client.post(path, data={**fields, "csrf_token": token}, follow_redirects=False)


def _ask(world: World, client: TestClient, person: str = "sam") -> tuple[int, list[str]]:
    fields = {"competencies": ASKED, "question": "What should I keep doing?", "people": PEOPLE}
    sent = _post(client, f"/people/{world.person_id(person)}/feedback", fields)
    assert sent.status_code == 200, sent.text
    assert "shown only this once" in sent.text
    links = LINK.findall(sent.text)
    request_id = int(re.search(r'href="/feedback/(\d+)"', sent.text).group(1))  # type: ignore[union-attr]
    return request_id, links


def _path(url: str) -> str:
    return url.removeprefix("http://127.0.0.1:8000")


def _answer(world: World, url: str, browser: TestClient | None = None, **change: str) -> Any:
    """A respondent with no account answers through the link (on a fresh browser)."""
    browser = browser or world.client()
    page = browser.get(_path(url))
    assert page.status_code == 200, page.text
    fields = {
        "rating_stakeholder_engagement": "3",
        "rating_data_analysis": "not_observed",
        "example_competency": "stakeholder_engagement",
        "situation": "A programme board that had lost patience.",
        "task": "Win the sponsor back before the stage gate.",
        "action": "Met the sponsor weekly and rewrote the highlight report.",
        "result": "The stage gate passed a week early.",
        "answer": "Keep the weekly sponsor meetings.",
        "csrf_token": csrf_of(page.text),
    } | change
    return browser.post(_path(url), data=fields, follow_redirects=False)


def test_a_refused_request_keeps_what_was_typed_and_says_why(world: World) -> None:
    sam = world.signed_in("sam")
    sam_id = world.person_id("sam")
    typed = {"question": "What should I keep doing?", "people": "Pat Jones <pat@example.org>"}
    refused = _post(sam, f"/people/{sam_id}/feedback", typed)
    assert refused.status_code == 400
    assert 'id="competencies-problem">Choose at least one competency' in refused.text
    assert "What should I keep doing?</textarea>" in refused.text
    assert "Pat Jones &lt;pat@example.org&gt;</textarea>" in refused.text
    bad_address = _post(
        sam,
        f"/people/{sam_id}/feedback",
        typed | {"competencies": ASKED, "people": "Pat <nowhere>"},
    )
    assert (
        bad_address.status_code == 400
        and 'id="respondents-problem">Person 1 (Pat)' in bad_address.text
    )
    with world.runtime.unit_of_work() as uow:
        assert uow.feedback.requests_for(sam_id) == []


def test_the_whole_round_by_link_and_answers_only_together(world: World) -> None:
    sam = world.signed_in("sam")
    request_id, links = _ask(world, sam)
    assert len(links) == 3
    listing = sam.get(f"/people/{world.person_id('sam')}/feedback")
    assert "0 of 3 answered" in listing.text
    # the respondent's page: no sign-in, no navigation, one form
    anonymous = world.client()
    form = anonymous.get(_path(links[0]))
    assert form.status_code == 200
    assert 'class="nav' not in form.text and "Sign out" not in form.text
    assert form.headers["cache-control"] == "private, no-store"
    assert form.headers["referrer-policy"] == "no-referrer"
    assert "Maps the stakeholders of a project" in form.text  # the level anchors
    assert anonymous.get(f"/feedback/{request_id}", follow_redirects=False).status_code == 303
    # refused: kept, with the message at the field
    refused = _answer(world, links[0], result="  ", rating_stakeholder_engagement="")
    assert refused.status_code == 400
    assert 'id="rating_stakeholder_engagement-problem"' in refused.text
    assert "Met the sponsor weekly and rewrote the highlight report.</textarea>" in refused.text
    sent = _answer(world, links[0])
    assert sent.status_code == 303 and sent.headers["location"] == "/respond/done"
    again = _answer_again(world, links[0])
    assert again.status_code == 410 and "already been used" in again.text
    assert "Traceback" not in again.text
    detail = sam.get(f"/feedback/{request_id}")
    assert "1 of 3 answered" in detail.text and "Met the sponsor weekly" not in detail.text
    for url in links[1:]:
        assert _answer(world, url, rating_stakeholder_engagement="4").status_code == 303
    detail = sam.get(f"/feedback/{request_id}")
    assert "3 of 3 answered" in detail.text and "Met the sponsor weekly" in detail.text
    answers = detail.text.split('id="answers"', 1)[1].split("</section>", 1)[0]
    for who in ("Pat Jones", "Lee Chan", "Kim Roy", "example.org"):
        assert who not in answers  # nobody's name or address next to an answer
    assert "3 × Independent" not in answers and "1 × Independent, 2 × Advanced" in answers


def _answer_again(world: World, url: str) -> Any:
    """The used link, opened again (GET): a clear page, not the form."""
    return world.client().get(_path(url))


def test_an_answer_becomes_evidence_and_a_quote(world: World) -> None:
    sam = world.signed_in("sam")
    request_id, links = _ask(world, sam)
    for url in links:
        _answer(world, url)
    with world.runtime.unit_of_work() as uow:
        response_id = uow.feedback.responses([request_id])[0].key
    maria = world.signed_in("maria")
    assert "Add to my evidence" not in maria.get(f"/feedback/{request_id}").text
    denied = _post(maria, f"/feedback/responses/{response_id}/evidence", {})
    assert denied.status_code == 403
    done = _post(sam, f"/feedback/responses/{response_id}/evidence", {})
    assert done.status_code == 303 and done.headers["location"] == "/evidence"
    log = sam.get("/evidence")
    assert "Added to the evidence log: Feedback example: Stakeholder engagement" in log.text
    with world.runtime.unit_of_work() as uow:  # told as STAR, as the respondent wrote it
        logged = [e for e in uow.plans.evidence_for(world.person_id("sam")) if e.told_as_star]
    assert [(e.situation, e.result) for e in logged] == [
        ("A programme board that had lost patience.", "The stage gate passed a week early.")
    ]
    quoted = _post(sam, f"/feedback/responses/{response_id}/quote", {"chosen": "yes"})
    assert quoted.status_code == 303
    assert "is offered as a quote on your CV page" in sam.get(quoted.headers["location"]).text
    with world.runtime.unit_of_work() as uow:
        from pmopath.services.feedback.queries import chosen_quotes

        quotes = chosen_quotes(uow, world.person_id("sam"))
    assert [q.competency for q in quotes] == ["stakeholder_engagement"]
    # the quote is offered on the CV; chosen, it is printed and in the JSON Resume, unattributed
    sam_id = world.person_id("sam")
    unsaved = sam.get(f"/api/v1/people/{sam_id}/cv.json").json()  # the defaults print it
    assert "Met the sponsor weekly" in unsaved["references"][0]["reference"]
    offered = sam.get(f"/api/v1/people/{sam_id}/cv").json()["quotes"]
    assert [q["competency"] for q in offered] == ["stakeholder_engagement"]
    assert "Met the sponsor weekly" in offered[0]["text"]
    chosen = sam.put(
        f"/api/v1/people/{sam_id}/cv",
        json={"competencies": ["stakeholder_engagement"], "quote_keys": [offered[0]["key"]]},
        headers={"x-csrf-token": page_csrf(sam, "/map")},
    )
    assert chosen.status_code == 200, chosen.text
    resume = sam.get(f"/api/v1/people/{sam_id}/cv.json").json()
    assert len(resume["references"]) == 1
    assert "Met the sponsor weekly" in resume["references"][0]["reference"]
    assert not any(who in str(resume["references"]) for who in ("Pat", "Lee", "Kim", "example.org"))


def test_withdrawing_asks_first_then_ends_the_links(world: World) -> None:
    sam = world.signed_in("sam")
    request_id, links = _ask(world, sam)
    asked = _post(sam, f"/feedback/{request_id}/withdraw", {})
    assert asked.status_code == 200 and "Withdraw this feedback request?" in asked.text
    assert world.client().get(_path(links[0])).status_code == 200  # nothing changed yet
    done = _post(sam, f"/feedback/{request_id}/withdraw", {"confirmed": "yes"})
    assert done.status_code == 303
    assert "Feedback request withdrawn." in sam.get(done.headers["location"]).text
    closed = world.client().get(_path(links[0]))
    assert closed.status_code == 410 and "was withdrawn" in closed.text
    with world.runtime.unit_of_work() as uow:
        entries = uow.audit.entries(entity="feedback_request", entity_id=str(request_id))
    assert [e.action for e in entries] == ["feedback.request", "feedback.withdraw"]


def test_a_link_sent_twice_keeps_only_the_first_answer(world: World) -> None:
    request_id, links = _ask(world, world.signed_in("sam"))
    browser = world.client()
    page = browser.get(_path(links[0]))
    fields = {
        "rating_stakeholder_engagement": "2",
        "rating_data_analysis": "2",
        "example_competency": "data_analysis",
        "situation": "s",
        "task": "t",
        "action": "a",
        "result": "r",
        "answer": "first",
        "csrf_token": csrf_of(page.text),
    }
    first = browser.post(_path(links[0]), data=fields, follow_redirects=False)
    assert first.status_code == 303
    second = browser.post(_path(links[0]), data=fields | {"answer": "second"})
    assert second.status_code == 410 and "already been used" in second.text
    assert "Traceback" not in second.text and "second</textarea>" not in second.text
    with world.runtime.unit_of_work() as uow:
        answers = [r.answer for r in uow.feedback.responses([request_id])]
    assert answers == ["first"]


def test_an_expired_link_and_an_unknown_one_say_so(world: World) -> None:
    past = world.runtime.clock() - timedelta(days=3)
    store = dataclasses.replace(world.runtime.store(), clock=lambda: past)
    sent = requests.request_feedback(
        store,
        "sam@demo.pmopath.org",
        competencies=ASKED,
        question="Q?",
        invitees=[Invitee("Pat", "pat@example.org")],
        viewer=SYSTEM,
        actor="test",
        policy=FeedbackPolicy(link_days=2),
        base_url="http://127.0.0.1:8000",
    )
    expired = world.client().get(_path(sent.links[0].url))
    assert expired.status_code == 410 and "has expired" in expired.text
    unknown = world.client().get("/respond/not-a-token-we-sent")
    assert unknown.status_code == 410 and "has expired or is not a link we sent" in unknown.text


def test_guessing_links_is_throttled(world: World) -> None:
    guesser = world.client()
    for number in range(FeedbackPolicy().attempts):
        assert guesser.get(f"/respond/guess-{number}").status_code == 410
    throttled = guesser.get("/respond/guess-again")
    assert throttled.status_code == 429 and int(throttled.headers["retry-after"]) > 0
    assert "Too many attempts" in throttled.text


def test_who_sees_which_requests(world: World) -> None:
    maria = world.signed_in("maria")
    request_id, _ = _ask(world, maria)  # a manager asks on a report's behalf
    sam, priya, admin = (world.signed_in(k) for k in ("sam", "priya", "admin"))
    assert sam.get(f"/feedback/{request_id}").status_code == 200
    assert admin.get(f"/feedback/{request_id}").status_code == 200
    assert priya.get(f"/feedback/{request_id}").status_code == 404
    assert priya.get(f"/people/{world.person_id('sam')}/feedback").status_code == 404
    assert sam.get("/feedback", follow_redirects=False).headers["location"].endswith("/feedback")


def _api(client: TestClient, method: str, path: str, body: Any = None) -> Any:
    headers = {"X-CSRF-Token": page_csrf(client, "/map")}
    return client.request(method, path, json=body, headers=headers)


def test_the_api_asks_lists_reads_and_withdraws(world: World) -> None:
    sam = world.signed_in("sam")
    sam_id = world.person_id("sam")
    body = {
        "competencies": ASKED,
        "question": "What should I keep doing?",
        "respondents": [
            {"name": "Pat", "email": "pat@example.org"},
            {"name": "Lee", "email": "lee@example.org"},
        ],
    }
    made = _api(sam, "POST", f"/api/v1/people/{sam_id}/feedback-requests", body)
    assert made.status_code == 201, made.text
    created = made.json()
    assert created["asked"] == 2 and len(created["links"]) == 2 and created["status"] == "open"
    # PMOPATH_PUBLIC_URL's address (its default here), whatever Host the request named
    assert created["links"][0]["url"].startswith("http://127.0.0.1:8000/respond/")
    refused = _api(
        sam, "POST", f"/api/v1/people/{sam_id}/feedback-requests", body | {"competencies": ["nope"]}
    )
    assert refused.status_code == 400 and "competencies" in refused.text
    listed = _api(sam, "GET", f"/api/v1/people/{sam_id}/feedback-requests").json()
    assert listed["count"] == 1 and listed["data"][0]["id"] == created["id"]
    detail = _api(sam, "GET", f"/api/v1/feedback-requests/{created['id']}").json()
    assert (
        detail["answered"] == 0
        and detail["examples"] == []
        and detail["asked_names"] == ["Lee", "Pat"]
    )
    priya = world.signed_in("priya")
    assert _api(priya, "GET", f"/api/v1/feedback-requests/{created['id']}").status_code == 404
    withdrawn = _api(sam, "POST", f"/api/v1/feedback-requests/{created['id']}/withdraw")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    assert world.client().get(_path(created["links"][0]["url"])).status_code == 410


def test_answers_reach_calibration_as_feedback_only_from_the_threshold(world: World) -> None:
    sam, maria = world.signed_in("sam"), world.signed_in("maria")
    sam_id = world.person_id("sam")
    _, links = _ask(world, sam)

    def feedback_on(competency: str) -> Any:
        found = maria.get(f"/api/v1/people/{sam_id}/calibration").json()["levels"]
        return next((row["feedback"] for row in found if row["competency"] == competency), None)

    for url, level in zip(links[:2], ("4", "2"), strict=True):
        assert _answer(world, url, rating_stakeholder_engagement=level).status_code == 303
    assert feedback_on("stakeholder_engagement") is None  # two answers: below the threshold
    assert _answer(world, links[2], rating_stakeholder_engagement="4").status_code == 303
    assert feedback_on("stakeholder_engagement") == {"level": 4, "responses": 3}
    assert feedback_on("data_analysis") is None  # every respondent said "not observed"
    with world.runtime.unit_of_work() as uow:  # a peer rating, never the person's level
        assert uow.assessments.current_levels(sam_id).get("stakeholder_engagement") != 4


def test_answers_count_in_the_programme_kpis_of_the_persons_manager(world: World) -> None:
    sam, maria = world.signed_in("sam"), world.signed_in("maria")

    def answered() -> dict[str, Any]:
        kpis = maria.get("/api/v1/leader/kpis").json()["data"]
        return next(k for k in kpis if k["id"] == "feedback_answered")

    before = answered()
    _, links = _ask(world, sam)
    for url in links[:2]:
        assert _answer(world, url).status_code == 303
    after = answered()
    assert after["now"]["value"] == (before["now"]["value"] or 0) + 2
    assert "3 people asked in 1 request" in after["now"]["detail"]
    admin = world.signed_in("admin")  # the whole organisation counts them too
    kpis = admin.get("/api/v1/leader/kpis").json()["data"]
    assert next(k for k in kpis if k["id"] == "feedback_answered")["now"]["value"] >= 2


def test_answers_show_in_groups_of_the_threshold_and_thin_ratings_stay_hidden(
    world: World,
) -> None:
    sam = world.signed_in("sam")
    people = "\n".join(f"P{n} <p{n}@example.org>" for n in range(7))
    fields = {"competencies": ASKED, "question": "Q?", "people": people}
    sent = _post(sam, f"/people/{world.person_id('sam')}/feedback", fields)
    links = LINK.findall(sent.text)
    request_id = int(re.search(r'href="/feedback/(\d+)"', sent.text).group(1))  # type: ignore[union-attr]

    def shown() -> dict[str, Any]:
        return sam.get(f"/api/v1/feedback-requests/{request_id}").json()  # type: ignore[no-any-return]

    # only the first answer rates data analysis: one rating, never shown on its own
    _answer(world, links[0], rating_data_analysis="4")
    for url in links[1:3]:
        _answer(world, url)
    first = shown()
    assert len(first["examples"]) == 3 and first["held_back"] == 0
    analysis = next(t for t in first["tallies"] if t["competency"] == "data_analysis")
    assert analysis["median"] is None and analysis["by_level"] == {}
    assert "fewer than 3 rated it" in sam.get(f"/feedback/{request_id}").text
    # a 4th answer waits for two more: shown at once, it would be known to be its author's
    _answer(world, links[3], action="A fourth, distinctive action.")
    fourth = shown()
    assert len(fourth["examples"]) == 3 and fourth["held_back"] == 1
    assert "distinctive" not in sam.get(f"/feedback/{request_id}").text
    assert (
        "1 more answer is waiting: it shows when 2 more arrive."
        in sam.get(f"/feedback/{request_id}").text
    )
    for url in links[4:6]:
        _answer(world, url)
    sixth = shown()
    assert len(sixth["examples"]) == 6 and sixth["held_back"] == 0
    assert any("distinctive" in e["action"] for e in sixth["examples"])


def test_new_feedback_raises_a_settled_calibration_flag_again(world: World) -> None:
    governance = "governance_assurance"  # the demo's Sam: self 1, Maria 3, flagged
    sam, maria = world.signed_in("sam"), world.signed_in("maria")
    sam_id = world.person_id("sam")

    def flagged() -> bool:
        found = maria.get("/api/v1/calibration/flags").json()["data"]
        return any(f["person_id"] == sam_id and f["competency"] == governance for f in found)

    assert flagged()
    settled = _post(
        maria,
        f"/people/{sam_id}/calibration",
        {"competency": governance, "level": "3", "reason": "Ran two reviews", "return_to": "team"},
        csrf_from="/calibration",
    )
    assert settled.status_code == 303 and not flagged()
    fields = {"competencies": [*ASKED, governance], "question": "Q?", "people": PEOPLE}
    sent = _post(sam, f"/people/{sam_id}/feedback", fields)
    links = LINK.findall(sent.text)
    for url in links[:2]:
        assert _answer(world, url, **{f"rating_{governance}": "1"}).status_code == 303
    assert not flagged()  # two answers: nothing released yet
    assert _answer(world, links[2], **{f"rating_{governance}": "1"}).status_code == 303
    assert flagged()  # the group released rates it 1 against the calibrated 3: raised again


def test_the_demo_shows_feedback_from_three_colleagues_together(world: World) -> None:
    omar = sign_in(world.client(), "omar")
    omar_id = world.person_id("omar")
    listing = omar.get(f"/people/{omar_id}/feedback")
    assert listing.status_code == 200 and "3 of 3 answered" in listing.text
    (request,) = omar.get(f"/api/v1/people/{omar_id}/feedback-requests").json()["data"]
    detail = omar.get(f"/api/v1/feedback-requests/{request['id']}").json()
    assert len(detail["examples"]) == 3 and detail["held_back"] == 0
    assert all(t["median"] is not None for t in detail["tallies"])
    page = omar.get(f"/feedback/{request['id']}").text
    assert "backlog" in page and "Kim Ortega" in page  # asked, by name: never beside an answer
    assert "kim@partner.example.org" not in page
