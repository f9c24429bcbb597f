"""The single sign-on use cases on the fakes, with a stand-in provider: a state is taken once,
only by the browser that started it, and not after ten minutes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from pmopath.domain.accounts import Account
from pmopath.domain.errors import SingleSignOnFailed
from pmopath.domain.people import AccountRole
from pmopath.domain.single_sign_on import ProviderIdentity
from pmopath.services.accounts import single_sign_on as sso
from tests.support.fake_ports import FakePorts, fake_store
from tests.support.fakes import FakeState, FakeUnitOfWork

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


class StandInProvider:
    issuer = "https://id.example.org"

    def __init__(self) -> None:
        self.sent: dict[str, str] = {}

    def authorization_url(self, **sent: str) -> str:
        self.sent = sent
        return f"{self.issuer}/authorize?state={sent['state']}"

    def identity(self, **_: Any) -> ProviderIdentity:
        claims = {"email": "sam@example.org", "email_verified": True}
        return ProviderIdentity(self.issuer, "sub-1", "sam@example.org", True, None, claims)


def _store(state: FakeState, provider: StandInProvider, now: datetime = NOW) -> Any:
    # no framework: nothing here reads one
    return fake_store(state, None, now, ports=FakePorts(sso=provider))  # type: ignore[arg-type]


def _finish(store: Any, state: str, browser: str = "browser-1") -> sso.SingleSignOn:
    return sso.finish_single_sign_on(
        store,
        state=state,
        code="code",
        error=None,
        browser_binding=browser,
        redirect_uri="https://app/cb",
        client_address="127.0.0.1",
    )


@pytest.fixture
def world() -> tuple[FakeState, StandInProvider]:
    state = FakeState()
    with FakeUnitOfWork(state, NOW) as uow:
        uow.accounts.add(Account(None, "sam@example.org", AccountRole.MEMBER, None, NOW), "")
        uow.commit()
    return state, StandInProvider()


def test_a_state_is_taken_once(world: tuple[FakeState, StandInProvider]) -> None:
    state, provider = world
    store = _store(state, provider)
    sso.start_single_sign_on(
        store, redirect_uri="https://app/cb", browser_binding="browser-1", next_path="/"
    )
    assert len(provider.sent["code_verifier"]) >= 43
    finished = _finish(store, provider.sent["state"])
    assert finished.account.email == "sam@example.org" and finished.token
    with pytest.raises(SingleSignOnFailed) as again:
        _finish(store, provider.sent["state"])
    assert again.value.outcome == "unknown_state"


def test_a_state_is_not_taken_after_ten_minutes(world: tuple[FakeState, StandInProvider]) -> None:
    state, provider = world
    sso.start_single_sign_on(
        _store(state, provider), redirect_uri="x", browser_binding="browser-1", next_path="/"
    )
    later = _store(state, provider, NOW + timedelta(minutes=10, seconds=1))
    with pytest.raises(SingleSignOnFailed) as late:
        _finish(later, provider.sent["state"])
    assert late.value.outcome == "expired_state"
