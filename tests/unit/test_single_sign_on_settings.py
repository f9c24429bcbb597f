"""Single sign-on settings are checked together, each problem naming its variable; roles come
from a claim as the mapping says."""

from __future__ import annotations

import pytest

from pmopath.config import read_settings
from pmopath.domain.errors import BadInput
from pmopath.domain.people import AccountRole
from pmopath.domain.single_sign_on import RoleMapping, claim_values

WHOLE = {
    "PMOPATH_SSO_ISSUER": "https://login.example.org/realms/staff",
    "PMOPATH_SSO_CLIENT_ID": "pmopath",
    "PMOPATH_SSO_CLIENT_SECRET": "s3cret-value-never-shown",
}


def _problem(monkeypatch: pytest.MonkeyPatch, **env: str) -> str:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(BadInput) as refused:
        read_settings()
    return str(refused.value)


def test_the_three_are_set_together(monkeypatch: pytest.MonkeyPatch) -> None:
    message = _problem(monkeypatch, PMOPATH_SSO_ISSUER=WHOLE["PMOPATH_SSO_ISSUER"])
    assert "PMOPATH_SSO_CLIENT_ID, PMOPATH_SSO_CLIENT_SECRET" in message


def test_a_whole_configuration_turns_it_on_and_hides_the_secret(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in WHOLE.items():
        monkeypatch.setenv(name, value)
    settings = read_settings()
    assert settings.single_sign_on
    assert "s3cret" not in repr(settings) and "s3cret" not in str(settings.model_dump())


def test_the_issuer_must_be_https_away_from_this_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    message = _problem(monkeypatch, **WHOLE | {"PMOPATH_SSO_ISSUER": "http://login.example.org"})
    assert "PMOPATH_SSO_ISSUER" in message and "must use https" in message
    monkeypatch.setenv("PMOPATH_SSO_ISSUER", "http://127.0.0.1:9000")
    assert read_settings().single_sign_on


def test_scopes_need_openid(monkeypatch: pytest.MonkeyPatch) -> None:
    message = _problem(monkeypatch, **WHOLE | {"PMOPATH_SSO_SCOPES": "email profile"})
    assert "PMOPATH_SSO_SCOPES must include 'openid'" in message


def test_password_sign_in_cannot_be_turned_off_without_single_sign_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    message = _problem(monkeypatch, PMOPATH_PASSWORD_SIGN_IN="false")
    assert "PMOPATH_PASSWORD_SIGN_IN=false needs single sign-on configured" in message


def test_role_values_need_the_claim(monkeypatch: pytest.MonkeyPatch) -> None:
    message = _problem(monkeypatch, **WHOLE | {"PMOPATH_SSO_ADMIN_VALUES": "admins"})
    assert "need PMOPATH_SSO_ROLE_CLAIM" in message


def test_roles_from_a_list_or_a_string_claim() -> None:
    mapping = RoleMapping("groups", claim_values("admins, root"), claim_values("leads"))
    assert mapping.role_for({"groups": ["staff", "root"]}) is AccountRole.ADMIN
    assert mapping.role_for({"groups": ["leads", "admins"]}) is AccountRole.ADMIN
    assert mapping.role_for({"groups": "leads"}) is AccountRole.MANAGER
    assert mapping.role_for({"groups": ["staff"]}) is AccountRole.MEMBER
    assert mapping.role_for({}) is AccountRole.MEMBER
    assert RoleMapping().role_for({"groups": ["admins"]}) is None
