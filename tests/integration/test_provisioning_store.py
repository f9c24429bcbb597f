"""Provisioned users found by userName on the fakes and the real databases: SCIM's userName
ignores case (PMO Pathways compares it as an e-mail), and a lookup or a duplicate check is one
read by index (``scim_users.user_name_key``, migration 0020), not every user compared."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from pmopath.adapters.db.engine import alembic_config, make_engine
from pmopath.bootstrap.database import open_store
from pmopath.bootstrap.files import default_framework
from pmopath.domain.errors import AlreadyExists, InvalidRequest
from pmopath.services.ports.store import Store
from pmopath.services.provisioning import groups, users
from pmopath.services.provisioning.records import GroupFields, UserFields
from tests.conftest import DATABASES, _fresh_postgres
from tests.support.fake_ports import fake_store
from tests.support.fakes import FakeState
from tests.support.statements import counting

NOW = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
ACTOR = "scim:directory (token 1)"


@pytest.fixture(params=[pytest.param("fake", id="fake"), *DATABASES])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "fake":
        yield fake_store(FakeState(), default_framework(), NOW)
        return
    url = f"sqlite:///{tmp_path / 'scim.db'}" if request.param == "sqlite" else _fresh_postgres()
    with open_store(url) as real:
        yield real


def user(name: str, email: str) -> UserFields:
    return UserFields(name, email, name.split("@")[0].title())


def test_a_user_is_found_by_user_name_whatever_its_case_or_composition(store: Store) -> None:
    for n in range(5):
        users.create_user(store, user(f"person{n}@example.org", f"p{n}@example.org"), actor=ACTOR)
    made = users.create_user(store, user("José.Díaz@Example.org", "jd@example.org"), actor=ACTOR)
    for asked in (
        "josé.díaz@example.org",
        "  JOSÉ.DÍAZ@EXAMPLE.ORG ",
        unicodedata.normalize("NFD", "José.Díaz@Example.org"),
    ):
        found = users.find_users(store, user_name=asked)
        assert [u.link.person_id for u in found] == [made.link.person_id]
        assert found[0].link.user_name == "José.Díaz@Example.org"  # kept as sent
    assert users.find_users(store, user_name="jose.diaz@example.org") == []
    with pytest.raises(AlreadyExists):
        users.create_user(store, user("JOSÉ.díaz@example.org", "other@example.org"), actor=ACTOR)


@pytest.mark.parametrize("database", DATABASES)
def test_a_lookup_by_user_name_reads_one_user_not_all(database: str, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'scim.db'}" if database == "sqlite" else _fresh_postgres()
    with open_store(url) as real:
        for n in range(30):
            users.create_user(real, user(f"u{n}@example.org", f"e{n}@example.org"), actor=ACTOR)
        with counting() as statements:
            found = users.find_users(real, user_name="U17@example.org")
            users.create_user(real, user("u30@example.org", "e30@example.org"), actor=ACTOR)
    assert [u.link.user_name for u in found] == ["u17@example.org"]
    reads = [s for s in statements if "FROM scim_users" in s]
    assert any("WHERE scim_users.user_name_key" in s for s in reads)  # by its index
    assert all("WHERE" in s for s in reads)  # never every provisioned user


def test_a_user_is_found_by_external_id_exactly(store: Store) -> None:
    for n in range(4):
        fields = replace(user(f"x{n}@example.org", f"x{n}@example.org"), external_id=f"ID-{n % 2}")
        users.create_user(store, fields, actor=ACTOR)
    found = users.find_users(store, external_id="ID-1")
    assert [u.link.user_name for u in found] == ["x1@example.org", "x3@example.org"]
    assert users.find_users(store, external_id="id-1") == []  # exact: case counts
    both = users.find_users(store, user_name="X3@example.org", external_id="ID-1")
    assert [u.link.user_name for u in both] == ["x3@example.org"]
    assert users.find_users(store, user_name="x3@example.org", external_id="ID-0") == []


@pytest.mark.parametrize("database", DATABASES)
def test_a_lookup_by_external_id_reads_by_its_index(database: str, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'scim.db'}" if database == "sqlite" else _fresh_postgres()
    with open_store(url) as real:
        for n in range(20):
            fields = replace(user(f"u{n}@example.org", f"e{n}@example.org"), external_id=f"E{n}")
            users.create_user(real, fields, actor=ACTOR)
        with counting() as statements:
            found = users.find_users(real, external_id="E7")
    assert [u.link.user_name for u in found] == ["u7@example.org"]
    reads = [s for s in statements if "FROM scim_users" in s]
    assert any("WHERE scim_users.external_id" in s for s in reads)  # by its index
    assert all("WHERE" in s for s in reads)  # never every provisioned user


def test_a_groups_members_must_be_provisioned_users(store: Store) -> None:
    made = [
        users.create_user(store, user(f"m{n}@example.org", f"m{n}@example.org"), actor=ACTOR)
        for n in range(3)
    ]
    ids = [str(m.link.person_id) for m in made]
    with store.unit_of_work() as uow:
        assert uow.provisioning.provisioned_among({int(i) for i in ids} | {999_999, 2**63}) == {
            int(i) for i in ids
        }
        assert uow.provisioning.provisioned_among(set()) == set()
    group = groups.create_group(
        store, GroupFields("Portfolio office", None, (ids[0], ids[2])), actor=ACTOR
    )
    assert sorted(p.id for p in group.members) == sorted([int(ids[0]), int(ids[2])])
    with pytest.raises(InvalidRequest, match="999999"):
        groups.create_group(store, GroupFields("Delivery", None, (ids[1], "999999")), actor=ACTOR)


@pytest.mark.parametrize("database", DATABASES)
def test_a_groups_members_are_checked_without_reading_every_user(
    database: str, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'scim.db'}" if database == "sqlite" else _fresh_postgres()
    with open_store(url) as real:
        made = [
            users.create_user(real, user(f"g{n}@example.org", f"g{n}@example.org"), actor=ACTOR)
            for n in range(20)
        ]
        members = tuple(str(m.link.person_id) for m in made[:3])
        with counting() as statements:
            groups.create_group(real, GroupFields("Portfolio office", None, members), actor=ACTOR)
    reads = [s for s in statements if "FROM scim_users" in s]
    assert reads and all("WHERE" in s for s in reads)  # never every provisioned user


@pytest.mark.parametrize("database", DATABASES)
def test_the_migration_keys_the_users_already_provisioned(database: str, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}" if database == "sqlite" else _fresh_postgres()
    engine = make_engine(url)
    config = alembic_config(engine)
    command.upgrade(config, "0019")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO people (id, email, name, created_at, updated_at) "
                "VALUES (7, 'kim@example.org', 'Kim', :now, :now)"
            ),
            {"now": NOW},
        )
        connection.execute(
            text(
                "INSERT INTO scim_users (person_id, user_name, attributes, created_at, "
                "updated_at) VALUES (7, ' Kim@Example.ORG', '{}', :now, :now)"
            ),
            {"now": NOW},
        )
    command.upgrade(config, "head")
    with engine.connect() as connection:
        keys = connection.execute(text("SELECT person_id, user_name_key FROM scim_users")).all()
    engine.dispose()
    assert [tuple(row) for row in keys] == [(7, "kim@example.org")]
