"""The permissions model: own records, reports' records, everyone's."""

from __future__ import annotations

import pytest

from pmopath.domain.people import AccountRole
from pmopath.domain.permissions import (
    Viewer,
    can_agree_plan,
    can_edit_own,
    can_read,
    managers_above,
    reports_of,
)

# alex (1) <- maria (2) <- sam (3), priya (4); bob (5) reports to nobody
LINKS = {2: 1, 3: 2, 4: 2}


def test_reports_are_direct_and_indirect() -> None:
    assert reports_of(1, LINKS) == {2, 3, 4}
    assert reports_of(2, LINKS) == {3, 4}
    assert reports_of(3, LINKS) == set()


def test_a_loop_in_the_data_does_not_hang() -> None:
    assert reports_of(1, {1: 2, 2: 1}) == {2}


@pytest.mark.parametrize(
    ("viewer", "person", "allowed"),
    [
        (Viewer(AccountRole.MEMBER, 3), 3, True),
        (Viewer(AccountRole.MEMBER, 3), 4, False),
        (Viewer(AccountRole.MEMBER, 2), 3, False),  # a manager's person with a member account
        (Viewer(AccountRole.MANAGER, 2), 3, True),
        (Viewer(AccountRole.MANAGER, 1), 4, True),  # indirect report
        (Viewer(AccountRole.MANAGER, 2), 1, False),  # not upwards
        (Viewer(AccountRole.MANAGER, 2), 5, False),
        (Viewer(AccountRole.ADMIN, None), 5, True),
        (Viewer(AccountRole.MEMBER, None), 5, False),
    ],
)
def test_who_reads_whom(viewer: Viewer, person: int, allowed: bool) -> None:
    assert can_read(viewer, person, managers_above(person, LINKS)) is allowed


def test_the_chain_runs_upwards_nearest_first_and_survives_loops() -> None:
    assert managers_above(3, LINKS) == [2, 1]
    assert managers_above(1, LINKS) == []
    assert managers_above(1, {1: 2, 2: 1}) == [2]


def test_who_agrees_plans() -> None:
    chain = managers_above(3, LINKS)
    assert can_agree_plan(Viewer(AccountRole.MANAGER, 2), 3, chain)
    assert can_agree_plan(Viewer(AccountRole.MANAGER, 1), 3, chain)  # higher up
    assert not can_agree_plan(Viewer(AccountRole.MANAGER, 3), 3, chain)  # never one's own
    assert not can_agree_plan(Viewer(AccountRole.MANAGER, 4), 3, chain)  # a peer
    assert not can_agree_plan(Viewer(AccountRole.MEMBER, 2), 3, chain)
    assert can_agree_plan(Viewer(AccountRole.ADMIN, 1), 3, chain)
    assert not can_agree_plan(Viewer(AccountRole.ADMIN, 3), 3, chain)


def test_only_the_person_or_an_admin_edits_their_own_records() -> None:
    assert can_edit_own(Viewer(AccountRole.MEMBER, 3), 3)
    assert not can_edit_own(Viewer(AccountRole.MANAGER, 2), 3)
    assert can_edit_own(Viewer(AccountRole.ADMIN, None), 3)
    assert not can_edit_own(Viewer(AccountRole.MEMBER, None), 3)
