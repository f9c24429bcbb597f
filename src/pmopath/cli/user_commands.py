"""``pmopath users``: accounts that sign in to the web application, and their API tokens."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from pmopath.bootstrap.container import process_container
from pmopath.bootstrap.database import open_store
from pmopath.cli.options import DatabaseOption, JsonOption, StoreFrameworkOption, cli_actor
from pmopath.cli.output import closed_after_command, console, emit_json, handles_errors
from pmopath.domain.errors import InvalidRequest
from pmopath.services.accounts import views as account_views
from pmopath.services.accounts.management import (
    add_account,
    change_password,
    get_account,
    list_accounts,
)
from pmopath.services.accounts.tokens import create_api_token, revoke_api_token
from pmopath.services.people import records as people
from pmopath.services.ports.store import Store

users_app = typer.Typer(
    help="Accounts that sign in to the web application, and their API tokens.",
    no_args_is_help=True,
)


def _password_from_stdin() -> str:
    """The password on standard input, without its line ending (spaces are kept)."""
    text = sys.stdin.read()
    return text[:-1].removesuffix("\r") if text.endswith("\n") else text


@users_app.command("add")
@handles_errors
def add_user(
    email: Annotated[str, typer.Argument(help="The e-mail address to sign in with.")],
    role: Annotated[str, typer.Option("--role", help="member, manager or admin.")],
    person: Annotated[
        str | None,
        typer.Option("--person", help="The stored person (e-mail or id) this account is."),
    ] = None,
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin",
            help="Read the password from standard input (never from the command line).",
        ),
    ] = False,
    db: DatabaseOption = None,
    framework: StoreFrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """Add an account: at least 12 characters, not a common password, not the e-mail."""
    if not password_stdin:
        raise InvalidRequest(
            "give the password on standard input with --password-stdin, for example: "
            "pmopath users add EMAIL --role admin --password-stdin < password.txt"
        )
    password = _password_from_stdin()
    store = closed_after_command(open_store(db, framework))
    account = add_account(
        store.unit_of_work(),
        process_container().hasher,
        process_container().common_passwords,
        email=email,
        role=role,
        person=person,
        password=password,
        now=store.clock(),
        actor=cli_actor(),
    )
    if as_json:
        emit_json(account_views.account_view(account))
        return
    linked = f", linked to {_person_name(store, account.person_id)}" if account.person_id else ""
    console().print(f"Added account {account.email} ({account.role.value}{linked}).")


def _person_name(store: Store, person_id: int | None) -> str:
    if person_id is None:
        return ""
    return people.show_person(store, str(person_id)).person.name


@users_app.command("list")
@handles_errors
def list_users(
    db: DatabaseOption = None, framework: StoreFrameworkOption = None, as_json: JsonOption = False
) -> None:
    """List every account: e-mail, role, linked person."""
    store = closed_after_command(open_store(db, framework))
    found = list_accounts(store.unit_of_work())
    if as_json:
        emit_json(account_views.accounts_view(found))
        return
    names = {p.id: p.name for p in people.list_people(store)}
    table = Table(title=f"Accounts ({len(found)})", title_justify="left")
    for column in ("Id", "E-mail", "Role", "Person", "Created", "Status"):
        table.add_column(column)
    for account in found:
        table.add_row(
            str(account.id),
            account.email,
            account.role.value,
            names.get(account.person_id, "") if account.person_id else "",
            account.created_at.strftime("%Y-%m-%d %H:%M"),
            "disabled" if account.disabled else "active",
        )
    console().print(table)


@users_app.command("token")
@handles_errors
def token(
    email: Annotated[str, typer.Argument(help="The account's e-mail (or id).")],
    label: Annotated[
        str, typer.Option("--label", help="What the token is for (shown in token lists).")
    ] = "",
    revoke: Annotated[
        int | None,
        typer.Option("--revoke", help="Revoke this token id of the account instead.", min=1),
    ] = None,
    db: DatabaseOption = None,
    framework: StoreFrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """Print a new API token for the account (shown this once), or --revoke one of its tokens."""
    store = closed_after_command(open_store(db, framework))
    account = get_account(store.unit_of_work(), email)
    actor = cli_actor()
    if revoke is not None:
        revoked = revoke_api_token(
            store.unit_of_work(), account, revoke, store.clock(), actor=actor, owner_only=True
        )
        if as_json:
            emit_json({"revoked": account_views.api_token_view(revoked)})
        else:
            console().print(f"Revoked API token #{revoked.id} of {account.email}.")
        return
    token_id, secret = create_api_token(
        store.unit_of_work(), account, label, store.clock(), actor=actor
    )
    if as_json:
        emit_json({"id": token_id, "account": account.email, "label": label, "token": secret})
        return
    out = console()
    out.print(f"API token #{token_id} for {account.email}{f' ({label})' if label else ''}:")
    out.print(secret, style="bold")
    out.print(
        "It is shown only this once: keep it somewhere safe. Send it as "
        "'Authorization: Bearer <token>'; revoke it with "
        f"'pmopath users token {account.email} --revoke {token_id}'."
    )


@users_app.command("password")
@handles_errors
def set_password(
    email: Annotated[str, typer.Argument(help="The account's e-mail (or id).")],
    password_stdin: Annotated[
        bool,
        typer.Option("--password-stdin", help="Read the new password from standard input."),
    ] = False,
    db: DatabaseOption = None,
    framework: StoreFrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """Set a new password for an account (a reset); its sessions end, its API tokens stay."""
    if not password_stdin:
        raise InvalidRequest("give the new password on standard input with --password-stdin")
    password = _password_from_stdin()
    store = closed_after_command(open_store(db, framework))
    account = get_account(store.unit_of_work(), email)
    change_password(
        store.unit_of_work(),
        process_container().hasher,
        process_container().common_passwords,
        account_id=account.id or 0,
        new_password=password,
        now=store.clock(),
        actor=cli_actor(),
    )
    if as_json:
        emit_json({"password_changed": account_views.account_view(account)})
    else:
        console().print(f"Changed the password of {account.email}; their sessions have ended.")
