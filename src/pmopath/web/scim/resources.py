"""Provisioned users and groups as SCIM resources, and SCIM resources as what services take."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from scim2_models import (
    Context,
    Email,
    EnterpriseUser,
    Group,
    GroupMember,
    GroupMembership,
    InvalidValueException,
    Manager,
    Meta,
    Name,
)

from pmopath.domain.accounts import normalise_email
from pmopath.services.provisioning.records import GroupFields, GroupRecord, UserFields, UserRecord
from pmopath.web.scim.discovery import UserModel

_KEPT = ("name", "title", "emails")
"""The attributes kept as sent, beside what the person and the account hold; the link also
keeps whether ``displayName`` and ``active`` were given (None: unassigned)."""


def etag(resource: UserModel | Group) -> str:
    """A weak entity tag of the resource's representation (without its meta)."""
    body = resource.model_dump_json(scim_ctx=None, exclude={"meta"})
    return 'W/"' + hashlib.sha256(body.encode()).hexdigest()[:20] + '"'


def user_resource(user: UserRecord, base: str) -> UserModel:
    """The SCIM User of a provisioned user."""
    kept = user.link.attributes
    name = Name.model_validate(kept["name"]) if isinstance(kept.get("name"), dict) else None
    emails = [Email.model_validate(e) for e in _entries(kept.get("emails"))]
    if user.person.email and not any(
        normalise_email(str(e.value or "")) == user.person.email for e in emails
    ):
        emails = [Email(value=user.person.email, type=Email.Type.work, primary=True)]
    manager = user.manager
    resource = UserModel(
        id=str(user.person.id),
        external_id=user.link.external_id,
        user_name=user.link.user_name,
        name=name,
        display_name=None if _removed(kept, "displayName") else user.person.name,
        title=title if isinstance(title := kept.get("title"), str) else None,
        active=None if user.active and _removed(kept, "active") else user.active,
        emails=emails,
        groups=[
            GroupMembership.model_validate(
                {
                    "value": str(user.group.id),
                    "$ref": f"{base}/Groups/{user.group.id}",
                    "display": user.group.display_name,
                }
            )
        ]
        if user.group is not None
        else None,
    )
    if manager is not None:
        resource[EnterpriseUser] = EnterpriseUser(
            manager=Manager.model_validate(
                {
                    "value": str(manager.id),
                    "$ref": f"{base}/Users/{manager.id}",
                }
            )
        )
    resource.meta = Meta(
        resource_type="User",
        created=user.link.created_at,
        last_modified=user.link.updated_at,
        location=f"{base}/Users/{user.person.id}",
        version=etag(resource),
    )
    return resource


def _removed(kept: Mapping[str, object], name: str) -> bool:
    """Whether the client left ``name`` unassigned (RFC 7644 §3.5.2.2: removed, or never
    sent): it is then not published, though the person has a name and the account a state."""
    return name in kept and kept[name] is None


def _entries(value: object) -> list[dict[str, Any]]:
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


def user_fields(user: UserModel) -> UserFields:
    """What a SCIM User states, for the services; raises InvalidValueException (400) when it
    names no e-mail: a primary e-mail, another e-mail, or a userName that is one."""
    if not user.user_name:
        raise InvalidValueException(detail="userName: a user needs a userName")
    emails = [e for e in user.emails or [] if e.value]
    primary = next((e for e in emails if e.primary), emails[0] if emails else None)
    email: str | None = primary.value if primary is not None else user.user_name
    if primary is None and "@" not in user.user_name:
        email = None  # a person without an e-mail (and so without an account) for now
    name = user.display_name or _formatted(user.name) or user.user_name
    enterprise = user[EnterpriseUser]
    manager = enterprise.manager.value if enterprise and enterprise.manager else None
    dumped = user.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
    return UserFields(
        user_name=user.user_name,
        email=str(email) if email else None,
        name=name,
        active=user.active,
        external_id=user.external_id,
        manager_id=manager,
        attributes={
            **{k: dumped[k] for k in _KEPT if k in dumped},
            "displayName": user.display_name,
        },
    )


def _formatted(name: Name | None) -> str | None:
    if name is None:
        return None
    parts = " ".join(p for p in (name.given_name, name.family_name) if p)
    return name.formatted or parts or None


def group_resource(group: GroupRecord, base: str) -> Group:
    """The SCIM Group of a provisioned group (team)."""
    resource = Group(
        id=str(group.group.id),
        external_id=group.group.external_id,
        display_name=group.group.display_name,
        members=[
            GroupMember.model_validate(
                {
                    "value": str(p.id),
                    "$ref": f"{base}/Users/{p.id}",
                    "type": "User",
                }
            )
            for p in sorted(group.members, key=lambda p: p.id or 0)
        ]
        or None,
    )
    resource.meta = Meta(
        resource_type="Group",
        created=group.group.created_at,
        last_modified=group.group.updated_at,
        location=f"{base}/Groups/{group.group.id}",
        version=etag(resource),
    )
    return resource


def group_fields(group: Group) -> GroupFields:
    """What a SCIM Group states, for the services."""
    if not group.display_name:
        raise InvalidValueException(detail="displayName: a group needs a displayName")
    members = []
    for member in group.members or []:
        if member.type not in (None, "User"):
            raise InvalidValueException(detail="members: a group's members are users")
        if not member.value:
            raise InvalidValueException(detail="members: each member needs a value (a user id)")
        members.append(member.value)
    return GroupFields(group.display_name, group.external_id, tuple(members))
