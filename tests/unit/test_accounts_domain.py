"""The password policy and the sign-in throttle, as pure rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pmopath.domain.accounts import (
    PASSWORD_MAX,
    AccountSession,
    ThrottlePolicy,
    email_problem,
    normalise_email,
    password_problems,
)

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
EMAIL = "samantha.jones@example.org"


def test_a_long_unusual_password_is_fine() -> None:
    assert password_problems("plum tractor velvet 42", EMAIL) == []


@pytest.mark.parametrize(
    ("password", "words"),
    [
        ("short1", "at least 12 characters; this one has 6"),
        ("x" * (PASSWORD_MAX + 1), f"at most {PASSWORD_MAX}"),
        ("samantha.jones@example.org", "e-mail address"),
        ("Samantha.Jones", "e-mail address"),
        ("aaaaaaaaaaaaaaaa", "more than one or two different characters"),
    ],
)
def test_weak_passwords_are_explained(password: str, words: str) -> None:
    problems = password_problems(password, EMAIL)
    assert problems
    assert words in " ".join(problems)


def test_the_longest_password_allowed_is_not_truncated_or_refused() -> None:
    assert password_problems("ab c" * (PASSWORD_MAX // 4), EMAIL) == []


def test_a_common_password_is_refused_whatever_its_case() -> None:
    common = {"password1234"}.__contains__
    assert "commonly used" in password_problems("password1234", EMAIL, is_common=common)[0]
    assert "commonly used" in password_problems("PassWord1234", EMAIL, is_common=common)[0]
    assert password_problems("password12345", EMAIL, is_common=common) == []


def test_emails_are_normalised_and_checked() -> None:
    assert normalise_email("  Sam@Example.ORG ") == "sam@example.org"
    assert email_problem("sam@example.org") is None
    assert email_problem("sam") is not None
    assert email_problem("a@" + "b" * 260 + ".org") is not None


def test_throttle_waits_until_the_oldest_counted_failure_leaves_the_window() -> None:
    policy = ThrottlePolicy(failures=5, window=timedelta(minutes=15))
    failures = [NOW - timedelta(minutes=m) for m in (10, 8, 6, 4, 2)]
    assert policy.retry_after(failures[1:], NOW) is None
    assert policy.retry_after(failures, NOW) == 5 * 60
    later = NOW + timedelta(minutes=5)
    assert policy.retry_after(failures, later) is None
    old = [NOW - timedelta(minutes=20)] * 10
    assert policy.retry_after(old, NOW) is None


def test_throttle_with_more_failures_than_the_limit_waits_for_enough_to_leave() -> None:
    policy = ThrottlePolicy()
    failures = [NOW - timedelta(minutes=m) for m in (14, 12, 10, 8, 6, 4)]
    # six inside: the two oldest must leave, so wait for the one 12 minutes old (3 minutes)
    assert policy.retry_after(failures, NOW) == 3 * 60


def test_a_session_dies_when_idle_expired_or_revoked() -> None:
    session = AccountSession(1, 1, "h", NOW, NOW, NOW + timedelta(days=7))
    idle = timedelta(hours=8)
    assert session.alive(NOW + timedelta(hours=7), idle)
    assert not session.alive(NOW + timedelta(hours=8), idle)
    fresh = AccountSession(1, 1, "h", NOW, NOW + timedelta(days=7), NOW + timedelta(days=7))
    assert not fresh.alive(NOW + timedelta(days=7), idle)
    revoked = AccountSession(1, 1, "h", NOW, NOW, NOW + timedelta(days=7), NOW)
    assert not revoked.alive(NOW, idle)
