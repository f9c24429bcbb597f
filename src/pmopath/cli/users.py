"""``pmopath users``: accounts that sign in to the web application, and their API tokens.

Only Typer is imported here: each command imports what it needs when it runs.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from pmopath.cli.options import (
    DatabaseOption,
    JsonOption,
    StoreFrameworkOption,
    cli_actor,
    stored,
)
from pmopath.cli.output import console, emit_json, handles_errors
from pmopath.domain.errors import InvalidRequest

users_app = typer.Typer(name="users", rich_markup_mode=None, no_args_is_help=True)

AccountArgument = Annotated[str, typer.Argument(help="The account's e-mail (or id).")]


@users_app.callback()
def users() -> None:
    """Accounts that sign in to the web app; API tokens.

    \b
    Example:
      pmopath users add admin@example.org --role admin --password-stdin < password.txt
    """


def _password_from_stdin() -> str:
    """The password on standard input, without its line ending (spaces are kept)."""
    text = sys.stdin.read()
    return text[:-1].removesuffix("\r") if text.endswith("\n") else text


@users_app.command("list")
@handles_errors
def list_users(
    db: DatabaseOption = None, framework: StoreFrameworkOption = None, as_json: JsonOption = False
) -> None:
    """List every account: e-mail, role, linked person.

    \b
    Example:
      pmopath users list --json
    """
    from pmopath.services.accounts.management import list_accounts

    store = stored(db, framework)
    found = list_accounts(store)
    if as_json:
        from pmopath.services.accounts.views import accounts_view

        emit_json(accounts_view(found))
        return
    from pmopath.cli.render_records import render_accounts
    from pmopath.services.people.records import list_people

    names: dict[int | None, str] = {p.id: p.name for p in list_people(store)}
    render_accounts(console(), found, names)


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
    """Add an account (its password read from stdin).

    Passwords: at least 12 characters, not a common password, not the e-mail.

    \b
    Example:
      pmopath users add sam@example.org --role member --person sam@example.org \\
        --password-stdin < password.txt
    """
    if not password_stdin:
        raise InvalidRequest(
            "give the password on standard input with --password-stdin, for example: "
            "pmopath users add EMAIL --role admin --password-stdin < password.txt"
        )
    from pmopath.services.accounts.management import add_account

    password = _password_from_stdin()
    store = stored(db, framework)
    account = add_account(
        store,
        email=email,
        role=role,
        person=person,
        password=password,
        actor=cli_actor(),
    )
    if as_json:
        from pmopath.services.accounts.views import account_view

        emit_json(account_view(account))
        return
    linked = ""
    if account.person_id is not None:
        from pmopath.services.people.records import show_person

        linked = f", linked to {show_person(store, str(account.person_id)).person.name}"
    console().print(f"Added account {account.email} ({account.role.value}{linked}).")


@users_app.command("token")
@handles_errors
def token(
    email: AccountArgument,
    label: Annotated[
        str, typer.Option("--label", help="What the token is for (shown in token lists).")
    ] = "",
    revoke: Annotated[
        int | None,
        typer.Option("--revoke", help="Revoke this token id of the account instead.", min=1),
    ] = None,
    scim: Annotated[
        bool,
        typer.Option(
            "--scim",
            help="A token for SCIM provisioning (/scim/v2) only, for an admin's account; "
            "ordinary API tokens do not work there, nor this one elsewhere.",
        ),
    ] = False,
    db: DatabaseOption = None,
    framework: StoreFrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """Make an API token for an account, or revoke one.

    The new token is shown this once; --revoke ID revokes one of the account's tokens.

    \b
    Example:
      pmopath users token sam@example.org --label laptop
      pmopath users token admin@example.org --scim --label "Entra ID"
    """
    from pmopath.services.accounts.management import get_account
    from pmopath.services.accounts.tokens import create_api_token, revoke_api_token

    store = stored(db, framework)
    account = get_account(store, email)
    actor = cli_actor()
    if revoke is not None:
        revoked = revoke_api_token(store, account, revoke, actor=actor, owner_only=True)
        if as_json:
            from pmopath.services.accounts.views import api_token_view

            emit_json({"revoked": api_token_view(revoked)})
        else:
            console().print(f"Revoked API token #{revoked.id} of {account.email}.")
        return
    from pmopath.domain.accounts import TokenScope

    scope = TokenScope.SCIM if scim else TokenScope.API
    token_id, secret = create_api_token(store, account, label, actor=actor, scope=scope)
    if as_json:
        from pmopath.services.accounts.schemas import ApiTokenCreated

        emit_json(ApiTokenCreated(id=token_id, label=label, token=secret))
        return
    out = console()
    kind = "SCIM token" if scim else "API token"
    out.print(f"{kind} #{token_id} for {account.email}{f' ({label})' if label else ''}:")
    out.print(secret, style="bold")
    out.print(
        "It is shown only this once: keep it somewhere safe. Send it as "
        "'Authorization: Bearer <token>'; revoke it with "
        f"'pmopath users token {account.email} --revoke {token_id}'."
    )


@users_app.command("tokens")
@handles_errors
def list_tokens(
    email: AccountArgument,
    db: DatabaseOption = None,
    framework: StoreFrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """List an account's API tokens, revoked ones too.

    Never their secrets: only labels, dates and whether each is revoked.

    Revoke one with 'pmopath users token EMAIL --revoke ID'.

    \b
    Example:
      pmopath users tokens sam@example.org
    """
    from pmopath.services.accounts.management import get_account
    from pmopath.services.accounts.tokens import list_api_tokens

    store = stored(db, framework)
    account = get_account(store, email)
    found = list_api_tokens(store, account)
    if as_json:
        from pmopath.services.accounts.views import api_tokens_view

        emit_json(api_tokens_view(found))
        return
    from pmopath.cli.render_records import render_api_tokens

    render_api_tokens(console(), account.email, found)


@users_app.command("password")
@handles_errors
def set_password(
    email: AccountArgument,
    password_stdin: Annotated[
        bool,
        typer.Option("--password-stdin", help="Read the new password from standard input."),
    ] = False,
    db: DatabaseOption = None,
    framework: StoreFrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """Reset an account's password.

    Its sessions end and its API tokens are revoked (the output says how many).

    \b
    Example:
      pmopath users password sam@example.org --password-stdin < new-password.txt
    """
    if not password_stdin:
        raise InvalidRequest("give the new password on standard input with --password-stdin")
    from pmopath.services.accounts.management import change_password, get_account
    from pmopath.services.accounts.views import tokens_revoked_words

    password = _password_from_stdin()
    store = stored(db, framework)
    account = get_account(store, email)
    revoked = change_password(
        store,
        account_id=account.id or 0,
        new_password=password,
        actor=cli_actor(),
    )
    if as_json:
        from pmopath.services.accounts.views import account_view

        emit_json({"password_changed": account_view(account), "api_tokens_revoked": revoked})
    else:
        console().print(
            f"Changed the password of {account.email}; their sessions have ended, "
            f"{tokens_revoked_words(revoked)}."
        )
