"""Administration as JSON: framework upload and activation, people import, user accounts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.datastructures import UploadFile

from pmopath.domain.errors import InvalidRequest
from pmopath.domain.people import AccountRole
from pmopath.domain.permissions import require_admin
from pmopath.services.accounts import admin
from pmopath.services.accounts.schemas import (
    AccountChangedPublic,
    AccountPublic,
    AccountsPublic,
    ApiTokensPublic,
    LinkedIdentitiesPublic,
    LinkedIdentityPublic,
)
from pmopath.services.accounts.views import account_view, accounts_view, api_tokens_view
from pmopath.services.careers import frameworks
from pmopath.services.careers.schemas import FrameworkUploadPublic
from pmopath.services.careers.views import framework_upload_view
from pmopath.services.people import imports
from pmopath.services.people.schemas import ImportPublic
from pmopath.services.people.views import import_view
from pmopath.web import uploads
from pmopath.web.api.routing import ApiRouter
from pmopath.web.deps import ApiCaller, Signed, StoreDep
from pmopath.web.errors import error_responses

router = ApiRouter(tags=["admin"], responses=error_responses(403))
"""For admins: anyone else is refused (403)."""
UPLOAD = error_responses(400, 413)
"""A file of the wrong type, empty or too large; an invalid one is 422 with its problems."""


def admin_caller(caller: ApiCaller) -> Signed:
    """Admin routes: anyone else is refused (403) before the body is read."""
    require_admin(caller.viewer)
    return caller


AdminCaller = Annotated[Signed, Depends(admin_caller)]


@dataclass(frozen=True, slots=True)
class Received:
    """An uploaded file (multipart field ``file``) or a raw request body."""

    data: bytes
    filename: str | None
    content_type: str | None
    mapping: bytes | None = None


def _part(form: Any, field: str) -> UploadFile | None:
    part = form.get(field)
    return part if isinstance(part, UploadFile) else None


async def received(request: Request) -> Received:
    """The file sent: a multipart upload (``file``, optional ``mapping``) or the body itself."""
    content_type = request.headers.get("content-type", "")
    if not content_type.lower().startswith("multipart/form-data"):
        return Received(await request.body(), None, content_type)
    async with request.form() as form:  # closes the uploaded files' temporary storage
        file = _part(form, "file")
        if file is None:
            raise InvalidRequest("file: send the file in a multipart field named 'file'")
        data = await file.read(uploads.MAX_UPLOAD_BYTES + 1)
        mapping = _part(form, "mapping")
        renames = await mapping.read(uploads.MAX_UPLOAD_BYTES + 1) if mapping else None
        return Received(data, file.filename, file.content_type, renames or None)


Sent = Annotated[Received, Depends(received)]


@router.post("/admin/framework", responses={**UPLOAD, **error_responses(409)})
def upload_framework(
    caller: AdminCaller,
    store: StoreDep,
    sent: Sent,
    activate: bool = False,
) -> FrameworkUploadPublic:
    """Validate a framework file and show the change; with activate=true, make it active."""
    name, text = uploads.upload_text(sent.data, sent.filename, sent.content_type, uploads.FRAMEWORK)
    mapping = None
    if sent.mapping is not None:
        _, mapping = uploads.upload_text(sent.mapping, None, "text/plain", uploads.MAPPING)
    new, change = frameworks.upload_framework(
        store, caller.viewer, text, name, mapping, actor=caller.actor, activate=activate
    )
    return framework_upload_view(new, change, name, activated=activate)


@router.post("/admin/people", responses=UPLOAD)
def upload_people(
    caller: AdminCaller, store: StoreDep, sent: Sent, dry_run: bool = False
) -> ImportPublic:
    """Import a people CSV (text/csv body or upload): all rows or none; dry_run only checks."""
    name, text = uploads.upload_text(
        sent.data, sent.filename, sent.content_type, uploads.PEOPLE_CSV
    )
    report = imports.upload_people(
        store, caller.viewer, text, name, actor=caller.actor, dry_run=dry_run
    )
    return import_view(report)


class AccountCreate(BaseModel):
    email: str = Field(max_length=254)
    role: AccountRole
    person: str | None = Field(default=None, max_length=254)
    password: str = Field(max_length=1024)


class AccountUpdate(BaseModel):
    role: AccountRole | None = None
    person: str | None = Field(default=None, max_length=254)
    unlink_person: bool = False
    disabled: bool | None = None


@router.get("/admin/accounts")
def list_accounts(caller: AdminCaller, store: StoreDep) -> AccountsPublic:
    """Every user account, by e-mail."""
    return accounts_view(admin.list_accounts(store, caller.viewer))


@router.post("/admin/accounts", status_code=201, responses=error_responses(400, 404, 409))
def add_account(caller: AdminCaller, store: StoreDep, body: AccountCreate) -> AccountPublic:
    """Add an account; the password must meet the policy (the reasons are listed if not)."""
    account = admin.add_account(
        store,
        caller.viewer,
        email=body.email,
        role=body.role.value,
        person=body.person,
        password=body.password,
        actor=caller.actor,
    )
    return account_view(account)


@router.patch("/admin/accounts/{account_id}", responses=error_responses(400, 409))
def update_account(
    caller: AdminCaller, store: StoreDep, account_id: int, body: AccountUpdate
) -> AccountChangedPublic:
    """Change an account's role, linked person or disabled flag (disabling revokes its API
    tokens: how many is in the answer)."""
    change = admin.update_account(
        store,
        caller.viewer,
        account_id,
        actor=caller.actor,
        acting_account=caller.account.id,
        role=body.role.value if body.role else None,
        person=body.person,
        unlink_person=body.unlink_person,
        disabled=body.disabled,
    )
    shown = account_view(change.account).model_dump()
    return AccountChangedPublic(**shown, api_tokens_revoked=change.api_tokens_revoked)


@router.get("/admin/accounts/{account_id}/tokens")
def account_tokens(caller: AdminCaller, store: StoreDep, account_id: int) -> ApiTokensPublic:
    """An account's API tokens, revoked ones too (never their secrets)."""
    _, tokens = admin.account_api_tokens(store, caller.viewer, account_id)
    return api_tokens_view(tokens)


@router.delete("/admin/accounts/{account_id}/tokens/{token_id}", status_code=204)
def revoke_account_token(
    caller: AdminCaller, store: StoreDep, account_id: int, token_id: int
) -> None:
    """Revoke one of an account's API tokens."""
    admin.revoke_account_api_token(store, caller.viewer, account_id, token_id, actor=caller.actor)


class IdentityRef(BaseModel):
    """One identity of an account at a provider: the issuer and the subject there."""

    model_config = ConfigDict(extra="forbid")
    issuer: str = Field(min_length=1, max_length=500)
    subject: str = Field(min_length=1, max_length=500)


@router.get("/admin/accounts/{account_id}/identities")
def account_identities(
    caller: AdminCaller, store: StoreDep, account_id: int
) -> LinkedIdentitiesPublic:
    """An account's single sign-on identities (issuer, subject, when linked)."""
    found = admin.account_identities(store, caller.viewer, account_id)
    shown = [
        LinkedIdentityPublic(issuer=i.issuer, subject=i.subject, linked_at=i.linked_at)
        for i in found
    ]
    return LinkedIdentitiesPublic(data=shown, count=len(shown))


@router.post("/admin/accounts/{account_id}/identities/unlink", status_code=204)
def unlink_identity(
    caller: AdminCaller, store: StoreDep, account_id: int, body: IdentityRef
) -> None:
    """Unlink one single sign-on identity of an account: its next single sign-on links again
    by verified e-mail, or is refused (404 for an identity the account does not have)."""
    admin.unlink_account_identity(
        store, caller.viewer, account_id, body.issuer, body.subject, actor=caller.actor
    )
