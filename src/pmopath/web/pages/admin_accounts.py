"""Admin pages for user accounts: list, add (with the password policy), change, disable."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from pmopath.domain.accounts import PASSWORD_MIN
from pmopath.domain.errors import BadInput
from pmopath.domain.people import AccountRole
from pmopath.services.accounts import admin
from pmopath.services.accounts.views import tokens_revoked_words
from pmopath.services.careers.views import error_view
from pmopath.services.people.access import names_of
from pmopath.web.deps import StoreDep
from pmopath.web.errors import status_for
from pmopath.web.flash import redirect_with
from pmopath.web.forms import Confirmation, confirmation, is_confirmed
from pmopath.web.pages.admin import AdminPage
from pmopath.web.templating import render

router = APIRouter(tags=["pages"])
MAX_EMAIL = 254
MAX_PASSWORD = 1024
MAX_PERSON = 254
_DONE = {"added": "The account was added.", "changed": "The account was changed."}


def _page(
    request: Request, store: StoreDep, signed: AdminPage, status: int = 200, **extra: Any
) -> HTMLResponse:
    accounts = admin.list_accounts(store, signed.viewer)
    context: dict[str, Any] = {
        "accounts": accounts,
        "names": names_of(store.unit_of_work, [a.person_id for a in accounts if a.person_id]),
        "roles": [r.value for r in AccountRole],
        "form": {"email": "", "role": "member", "person": ""},
        "add_error": None,
        "change_error": None,
        "notice": None,
        "password_min": PASSWORD_MIN,
        **extra,
    }
    return render(request, "admin_accounts.html", context, status_code=status)


@router.get("/admin/accounts", response_class=HTMLResponse)
def accounts_page(
    request: Request, signed: AdminPage, store: StoreDep, done: str | None = None
) -> HTMLResponse:
    """Every account, a form to add one, and a form per account to change it."""
    return _page(request, store, signed, notice=_DONE.get((done or "")[:20]))


@router.post("/admin/accounts", response_model=None)
def add_account(
    request: Request,
    signed: AdminPage,
    store: StoreDep,
    email: Annotated[str, Form(max_length=MAX_EMAIL)],
    role: Annotated[str, Form(max_length=20)],
    password: Annotated[str, Form(max_length=MAX_PASSWORD)],
    person: Annotated[str, Form(max_length=MAX_PERSON)] = "",
) -> Response:
    """Add an account; a refused one shows the reason next to the form, input kept."""
    try:
        admin.add_account(
            store,
            signed.viewer,
            email=email,
            role=role,
            person=person,
            password=password,
            actor=signed.actor,
        )
    except BadInput as error:
        form = {"email": email, "role": role, "person": person}
        view = error_view(error).error.model_dump(mode="json")
        return _page(request, store, signed, status_for(error), form=form, add_error=view)
    return redirect_with(request, "/admin/accounts", "The account was added.")


@router.post("/admin/accounts/{account_id}", response_model=None)
def change_account(
    request: Request,
    signed: AdminPage,
    store: StoreDep,
    account_id: int,
    role: Annotated[str, Form(max_length=20)],
    person: Annotated[str, Form(max_length=MAX_PERSON)] = "",
    disabled: Annotated[bool, Form()] = False,
    confirmed: Confirmation = "",
) -> Response:
    """Change an account's role, linked person (empty: none) and whether it is disabled;
    disabling an account asks first."""
    account = next(
        (a for a in admin.list_accounts(store, signed.viewer) if a.id == account_id), None
    )
    if disabled and account is not None and not account.disabled and not is_confirmed(confirmed):
        return confirmation(
            request,
            title=f"Disable {account.email}?",
            consequences=[
                f"{account.email} can no longer sign in; its sessions end and its API tokens "
                "are revoked for good (enabling the account again does not bring them back).",
                "Its person's records are kept; enable the account again here to undo.",
            ],
            action=f"/admin/accounts/{account_id}",
            fields={"role": role, "person": person, "disabled": "true"},
            button=f"Disable {account.email}",
            back="/admin/accounts",
        )
    try:
        change = admin.update_account(
            store,
            signed.viewer,
            account_id,
            actor=signed.actor,
            acting_account=signed.account.id,
            role=role,
            person=person.strip() or None,
            unlink_person=not person.strip(),
            disabled=disabled,
        )
    except BadInput as error:
        view = {"account_id": account_id, **error_view(error).error.model_dump(mode="json")}
        return _page(request, store, signed, status_for(error), change_error=view)
    done = f"{account.email} was changed" if account is not None else "The account was changed"
    if change.api_tokens_revoked:
        done += f"; {tokens_revoked_words(change.api_tokens_revoked)}"
    return redirect_with(request, "/admin/accounts", done + ".")


@router.get("/admin/accounts/{account_id}/tokens", response_class=HTMLResponse)
def account_tokens_page(
    request: Request, signed: AdminPage, store: StoreDep, account_id: int
) -> HTMLResponse:
    """An account's API tokens, each live one with a button to revoke it, and its single
    sign-on identities, each with a button to unlink it."""
    account, tokens = admin.account_api_tokens(store, signed.viewer, account_id)
    identities = admin.account_identities(store, signed.viewer, account_id)
    context = {"account": account, "tokens": tokens, "identities": identities}
    return render(request, "admin_account_tokens.html", context)


@router.post("/admin/accounts/{account_id}/tokens/{token_id}/revoke", response_model=None)
def revoke_account_token(
    request: Request,
    signed: AdminPage,
    store: StoreDep,
    account_id: int,
    token_id: int,
    confirmed: Confirmation = "",
) -> Response:
    """Revoke one of an account's API tokens, after asking."""
    account, tokens = admin.account_api_tokens(store, signed.viewer, account_id)
    token = next((t for t in tokens if t.id == token_id), None)
    back = f"/admin/accounts/{account_id}/tokens"
    if token is not None and token.revoked_at is None and not is_confirmed(confirmed):
        named = f"API token #{token_id}" + (f" ({token.label})" if token.label else "")
        return confirmation(
            request,
            title=f"Revoke {named} of {account.email}?",
            consequences=[
                "Programs that send this token are refused from now on.",
                "A revoked token cannot be used again; the account can make a new one.",
            ],
            action=f"{back}/{token_id}/revoke",
            button=f"Revoke {named}",
            back=back,
        )
    revoked = admin.revoke_account_api_token(
        store, signed.viewer, account_id, token_id, actor=signed.actor
    )[1]
    return redirect_with(request, back, f"API token #{revoked.id} of {account.email} is revoked.")


@router.post("/admin/accounts/{account_id}/identities/unlink", response_model=None)
def unlink_identity(
    request: Request,
    signed: AdminPage,
    store: StoreDep,
    account_id: int,
    issuer: Annotated[str, Form(min_length=1, max_length=500)],
    subject: Annotated[str, Form(min_length=1, max_length=500)],
    confirmed: Confirmation = "",
) -> Response:
    """Unlink one of an account's single sign-on identities, after asking."""
    back = f"/admin/accounts/{account_id}/tokens"
    if not is_confirmed(confirmed):
        account = admin.account_api_tokens(store, signed.viewer, account_id)[0]
        return confirmation(
            request,
            title=f"Unlink {account.email} from its sign-in at {issuer}?",
            consequences=[
                "Its next single sign-on is linked again by verified e-mail, or refused.",
                "Nothing else of the account changes; its sessions go on.",
            ],
            action=f"/admin/accounts/{account_id}/identities/unlink",
            button="Unlink",
            back=back,
            fields={"issuer": issuer, "subject": subject},
        )
    account = admin.unlink_account_identity(
        store, signed.viewer, account_id, issuer, subject, actor=signed.actor
    )
    return redirect_with(request, back, f"{account.email} is unlinked from {issuer}.")
