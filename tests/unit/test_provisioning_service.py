"""Provisioning use cases on the in-memory fakes: users (people with accounts) and groups."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from pmopath.bootstrap.files import default_framework
from pmopath.domain.errors import AlreadyExists, InvalidRequest, NotFound, UnusableText
from pmopath.domain.people import Person
from pmopath.services.ports.store import Store
from pmopath.services.provisioning import groups, users
from pmopath.services.provisioning.records import GroupFields, UserFields
from tests.support.fake_ports import fake_store
from tests.support.fakes import FakeState, FakeUnitOfWork

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
ACTOR = "scim:Entra ID (token 1)"


@pytest.fixture
def state() -> FakeState:
    fake = FakeState()
    fake.people[1] = Person(1, "sam@example.org", "Sam")
    return fake


def store(state: FakeState) -> Store:
    return fake_store(state, default_framework(), NOW)


def kim(**changes: Any) -> UserFields:
    fields = UserFields("Kim@Example.org", "Kim@Example.org", "Kim Lee", external_id="ext-kim")
    return replace(fields, **changes)


def test_a_user_is_a_person_with_an_account_and_audited(state: FakeState) -> None:
    made = users.create_user(store(state), kim(), actor=ACTOR)
    assert made.person.email == "kim@example.org" and made.person.name == "Kim Lee"
    assert made.account is not None and not made.account.disabled and made.active
    found = users.find_users(store(state), user_name="KIM@example.org")
    assert [u.link.user_name for u in found] == ["Kim@Example.org"]
    with FakeUnitOfWork(state, NOW) as uow:
        assert [e.action for e in uow.audit.entries()] == ["scim_user.create"]
    with pytest.raises(AlreadyExists):
        users.create_user(store(state), kim(email="other@example.org"), actor=ACTOR)


def test_the_stored_person_with_that_email_is_taken_over(state: FakeState) -> None:
    made = users.create_user(
        store(state), kim(user_name="sam@example.org", email="SAM@example.org"), actor=ACTOR
    )
    assert made.person.id == 1


def test_unassigned_active_is_an_enabled_account_and_false_disables(state: FakeState) -> None:
    made = users.create_user(store(state), kim(active=None), actor=ACTOR)
    user_id = str(made.person.id)
    assert made.active and made.link.attributes["active"] is None
    off = users.replace_user(store(state), user_id, kim(active=False), actor=ACTOR)
    assert off.account is not None and off.account.disabled and not off.active
    on = users.replace_user(store(state), user_id, kim(active=None), actor=ACTOR)
    assert on.account is not None and not on.account.disabled
    with FakeUnitOfWork(state, NOW) as uow:
        actions = [e.action for e in uow.audit.entries()]
    assert set(actions) == {"scim_user.create", "scim_user.deactivate", "scim_user.activate"}


def test_delete_unlinks_and_disables_but_keeps_the_person(state: FakeState) -> None:
    made = users.create_user(store(state), kim(), actor=ACTOR)
    users.delete_user(store(state), str(made.person.id), actor=ACTOR)
    with pytest.raises(NotFound):
        users.get_user(store(state), str(made.person.id))
    with FakeUnitOfWork(state, NOW) as uow:
        assert made.person.id is not None
        assert uow.people.by_id(made.person.id) is not None
        account = uow.accounts.by_person(made.person.id)
        assert account is not None and account.disabled


@pytest.mark.parametrize("user_id", ["0", "2147483648", "abc", "", "1" * 30])
def test_an_id_no_store_holds_is_not_found(state: FakeState, user_id: str) -> None:
    with pytest.raises(NotFound):
        users.get_user(store(state), user_id)
    with pytest.raises(NotFound):
        groups.get_group(store(state), user_id)


def test_a_manager_must_exist_and_not_loop(state: FakeState) -> None:
    boss = users.create_user(store(state), kim(), actor=ACTOR)
    with pytest.raises(InvalidRequest, match="no user"):
        users.create_user(
            store(state),
            UserFields("lou@example.org", "lou@example.org", "Lou", manager_id="2147483648"),
            actor=ACTOR,
        )
    with pytest.raises(InvalidRequest, match="loop"):
        users.replace_user(
            store(state), str(boss.person.id), kim(manager_id=str(boss.person.id)), actor=ACTOR
        )


def test_kept_attributes_refuse_control_characters(state: FakeState) -> None:
    with pytest.raises(UnusableText, match="name.givenName"):
        users.create_user(
            store(state), kim(attributes={"name": {"givenName": "K\x00"}}), actor=ACTOR
        )


def test_a_group_is_a_team_and_a_person_is_in_one_at_a_time(state: FakeState) -> None:
    ann = users.create_user(
        store(state), UserFields("ann@example.org", "ann@example.org", "Ann"), actor=ACTOR
    )
    member = (str(ann.person.id),)
    office = groups.create_group(store(state), GroupFields("Office", None, member), actor=ACTOR)
    assert [p.id for p in office.members] == [ann.person.id]
    board = groups.create_group(store(state), GroupFields("Board", None, member), actor=ACTOR)
    assert [p.id for p in board.members] == [ann.person.id]
    assert groups.get_group(store(state), str(office.group.id)).members == ()
    with pytest.raises(InvalidRequest, match="no user"):
        groups.create_group(store(state), GroupFields("Other", None, ("1",)), actor=ACTOR)
    groups.delete_group(store(state), str(board.group.id), actor=ACTOR)
    assert users.get_user(store(state), str(ann.person.id)).person.team is None
