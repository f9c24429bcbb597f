"""What the SCIM service says about itself: its configuration, resource types and schemas.

The schemas list only the attributes stored (a client such as a conformance checker fills the
attributes published, and reads them back); anything else a client sends is ignored.
"""

from __future__ import annotations

from typing import Any

from scim2_models import (
    AuthenticationScheme,
    Bulk,
    ChangePassword,
    EnterpriseUser,
    ETag,
    Filter,
    Group,
    Meta,
    Patch,
    Reference,
    ResourceType,
    Schema,
    SchemaExtension,
    ServiceProviderConfig,
    Sort,
    User,
)

SCIM_PREFIX = "/scim/v2"
MAX_RESULTS = 200
UserModel = User[EnterpriseUser]

_USER_ATTRIBUTES: dict[str, set[str] | None] = {
    "userName": None,
    "name": {"formatted", "familyName", "givenName"},
    "displayName": None,
    "title": None,
    "active": None,
    "emails": {"value", "type", "primary"},
    "groups": {"value", "$ref", "display"},
}
_ENTERPRISE_ATTRIBUTES: dict[str, set[str] | None] = {"manager": {"value", "$ref"}}
_GROUP_ATTRIBUTES: dict[str, set[str] | None] = {
    "displayName": None,
    "members": {"value", "$ref", "type"},
}
# A manager's displayName and a member's display are not published: Entra ID and Okta send
# and read ids alone, and a name the client sent for someone else is not kept anywhere.

USER_FILTERS = {*_USER_ATTRIBUTES, *_ENTERPRISE_ATTRIBUTES, "id", "externalId", "meta"}
"""What a Users filter may name: the attributes published."""
GROUP_FILTERS = {*_GROUP_ATTRIBUTES, "id", "externalId", "meta"}


def _reduced(schema: Schema, kept: dict[str, set[str] | None], location: str) -> Schema:
    attributes = []
    for attribute in schema.attributes or []:
        if attribute.name not in kept:
            continue
        subs = kept[attribute.name]
        if subs is not None and attribute.sub_attributes:
            chosen = [a for a in attribute.sub_attributes if a.name in subs]
            attribute = attribute.model_copy(update={"sub_attributes": chosen})
        attributes.append(attribute)
    meta = Meta(resource_type="Schema", location=location)
    return schema.model_copy(update={"attributes": attributes, "meta": meta})


def schemas(base: str) -> list[Schema]:
    """The User, enterprise User and Group schemas, as far as this service stores them."""
    return [
        _reduced(model.to_schema(), kept, f"{base}/Schemas/{model.__schema__}")
        for model, kept in (
            (User, _USER_ATTRIBUTES),
            (EnterpriseUser, _ENTERPRISE_ATTRIBUTES),
            (Group, _GROUP_ATTRIBUTES),
        )
    ]


def resource_types(base: str) -> list[ResourceType]:
    """Users (with the enterprise extension, optional) and Groups."""
    user = ResourceType.from_resource(UserModel).model_copy(
        update={
            "description": "People of the organisation, each with an account",
            "schema_extensions": [
                SchemaExtension.model_validate(
                    {"schema": EnterpriseUser.__schema__, "required": False}
                )
            ],
            "meta": Meta(resource_type="ResourceType", location=f"{base}/ResourceTypes/User"),
        }
    )
    group = ResourceType.from_resource(Group).model_copy(
        update={
            "description": "Teams",
            "meta": Meta(resource_type="ResourceType", location=f"{base}/ResourceTypes/Group"),
        }
    )
    return [user, group]


def service_provider_config(base: str) -> ServiceProviderConfig:
    """What is supported: PATCH, filters (every RFC 7644 operator, on the attributes
    published), ETags; not bulk, sorting or password changes. /.search at the root (several
    resource types at once) answers 501: the configuration has no attribute to say so."""
    return ServiceProviderConfig(
        documentation_uri=Reference[Any]("https://datatracker.ietf.org/doc/html/rfc7644"),
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
        filter=Filter(supported=True, max_results=MAX_RESULTS),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=False),
        etag=ETag(supported=True),
        authentication_schemes=[
            AuthenticationScheme(
                type=AuthenticationScheme.Type.oauthbearertoken,
                name="Bearer token",
                description="A SCIM token made with 'pmopath users token --scim'",
                primary=True,
            )
        ],
        meta=Meta(resource_type="ServiceProviderConfig", location=f"{base}/ServiceProviderConfig"),
    )
