"""The rules of feedback by link, without a store: link states, the threshold, tallies,
peer levels and an order that says nothing about who answered when."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from pmopath.domain.feedback import (
    FeedbackLinkClosed,
    FeedbackPolicy,
    FeedbackRequest,
    FeedbackResponse,
    LinkState,
    LinkThrottled,
    Respondent,
    StarExample,
    link_state,
    peer_levels,
    released,
    tally,
    unattributed_order,
)

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
REQUEST = FeedbackRequest(1, 7, "web:sam", ("a", "b"), "Q?", NOW, NOW + timedelta(days=14))
PAT = Respondent(1, 1, "Pat", "pat@example.org", "h" * 64)


def _response(number: int, a: int | None, b: int | None) -> FeedbackResponse:
    example = StarExample("a", f"situation {number}", "task", "action", "result")
    return FeedbackResponse(number, 1, {"a": a, "b": b}, example, f"answer {number}")


def test_a_link_is_open_until_used_expired_or_withdrawn() -> None:
    assert link_state(REQUEST, PAT, NOW) is LinkState.OPEN
    assert link_state(REQUEST, PAT, REQUEST.expires_at - timedelta(seconds=1)) is LinkState.OPEN
    assert link_state(REQUEST, PAT, REQUEST.expires_at) is LinkState.EXPIRED
    assert link_state(REQUEST, replace(PAT, answered_at=NOW), NOW) is LinkState.USED
    withdrawn = replace(REQUEST, withdrawn_at=NOW)
    assert link_state(withdrawn, replace(PAT, answered_at=NOW), NOW) is LinkState.WITHDRAWN
    assert REQUEST.closed(REQUEST.expires_at) and withdrawn.closed(NOW) and not REQUEST.closed(NOW)


def test_the_threshold_and_the_expiry_come_from_the_policy() -> None:
    policy = FeedbackPolicy(link_days=10, min_responses=4)
    assert policy.expiry(NOW) == NOW + timedelta(days=10)
    assert [policy.aggregates_open(n) for n in (0, 3, 4, 9)] == [False, False, True, True]
    assert FeedbackPolicy().min_responses == 3 and FeedbackPolicy().link_days == 14


def test_tallies_count_levels_and_not_observed_with_a_median() -> None:
    responses = [
        _response(1, 2, None),
        _response(2, 3, None),
        _response(3, 4, 1),
        _response(4, 3, 2),
    ]
    a, b = tally(responses, ("a", "b"))
    assert a.by_level == {2: 1, 3: 2, 4: 1} and a.not_observed == 0 and a.median == 3.0
    assert b.by_level == {1: 1, 2: 1} and b.not_observed == 2 and b.median == 1.5 and b.rated == 2
    assert tally([], ("a",))[0].median is None


def test_peer_levels_leave_out_what_nobody_rated() -> None:
    levels = peer_levels([_response(1, 2, None), _response(2, 5, None)])
    assert levels == {"a": replace(levels["a"], median=3.5, count=2)}
    assert "b" not in levels


def test_the_order_shown_does_not_follow_arrival() -> None:
    responses = [_response(n, n % 5, None) for n in range(1, 9)]
    shown = unattributed_order(responses)
    shuffled = responses[:]
    random.Random(4).shuffle(shuffled)
    assert unattributed_order(shuffled) == shown  # whatever order they came in
    assert shown != responses and sorted(r.id or 0 for r in shown) == list(range(1, 9))


def test_closed_links_and_throttling_say_so_in_words() -> None:
    assert "already been used" in str(FeedbackLinkClosed(LinkState.USED))
    assert "withdrawn" in str(FeedbackLinkClosed(LinkState.WITHDRAWN))
    assert "not a link we sent" in str(FeedbackLinkClosed(LinkState.EXPIRED))
    throttled = LinkThrottled(61)
    assert (
        str(throttled)
        == "Too many attempts from your network. Please wait 2 minutes and try again."
    )
    assert throttled.retry_after_seconds == 61


def test_answers_are_released_in_whole_groups_of_the_threshold_in_arrival_order() -> None:
    arrived = [_response(n, 3, None) for n in (5, 1, 4, 2, 3)]
    assert released(arrived, 3) == sorted(arrived, key=lambda r: r.id or 0)[:3]
    assert released(arrived[:2], 3) == []
    assert [r.id for r in released([*arrived, _response(6, 2, None)], 3)] == [1, 2, 3, 4, 5, 6]


def test_a_competency_too_few_rated_shows_no_levels_and_no_peer_level() -> None:
    answers = [_response(1, 3, 4), _response(2, 2, None), _response(3, 4, None)]
    by_competency = {t.competency: t for t in tally(answers, ["a", "b"], threshold=3)}
    assert by_competency["a"].median == 3.0 and by_competency["a"].rated == 3
    assert by_competency["b"].median is None and by_competency["b"].by_level == {}
    assert by_competency["b"].not_observed == 2
    assert set(peer_levels(answers, 3)) == {"a"} and set(peer_levels(answers)) == {"a", "b"}
