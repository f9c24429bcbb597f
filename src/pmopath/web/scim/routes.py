"""The SCIM 2.0 endpoints (RFC 7644): discovery, Users and Groups, for a SCIM token only.

Errors come back in SCIM's error format (web/errors.py); DELETE of a user deactivates the
account and unlinks the person, keeping their history (services/provisioning/users.py).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Request
from fastapi.responses import Response
from scim2_models import (
    Context,
    Group,
    ListResponse,
    NotFoundException,
    PatchOp,
    Resource,
    ResourceType,
    Schema,
)

from pmopath.domain.accounts import normalise_email
from pmopath.services.provisioning import groups as provisioned_groups
from pmopath.services.provisioning import users as provisioned_users
from pmopath.services.provisioning.records import GroupRecord, UserRecord
from pmopath.web.deps import StoreDep
from pmopath.web.scim.auth import ScimCaller
from pmopath.web.scim.discovery import (
    SCIM_PREFIX,
    UserModel,
    resource_types,
    schemas,
    service_provider_config,
)
from pmopath.web.scim.protocol import (
    Query,
    check_version,
    read_query,
    scim_response,
    validated,
    version_of,
    with_manager_refs,
)
from pmopath.web.scim.resources import group_fields, group_resource, user_fields, user_resource

router = APIRouter(include_in_schema=False)
Payload = Annotated[Any, Body()]
_USER_FILTERS = {"userName", "externalId", "displayName", "id", "emails"}
_GROUP_FILTERS = {"displayName", "externalId", "id"}


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/") + SCIM_PREFIX


def _one(resource: Resource[Any], context: Context, status: int = 200) -> Response:
    body = resource.model_dump(scim_ctx=context)
    headers = {"ETag": resource.meta.version} if resource.meta and resource.meta.version else {}
    if status == 201 and resource.meta and resource.meta.location:
        headers["Location"] = str(resource.meta.location)
    return scim_response(body, status, headers)


def _listed(query: Query, found: list[Resource[Any]], model: Any) -> Response:
    page = found[query.start - 1 : query.start - 1 + query.count]
    listing = ListResponse[model](
        total_results=len(found),
        start_index=query.start,
        items_per_page=len(page),
        resources=page or None,
    )
    body = listing.model_dump(scim_ctx=Context.SEARCH_RESPONSE, response_parameters=query.search)
    return scim_response(body)


# ---- discovery ---------------------------------------------------------------------------------


@router.get("/ServiceProviderConfig")
def get_service_provider_config(client: ScimCaller, request: Request) -> Response:
    """What this SCIM service supports."""
    config = service_provider_config(_base(request))
    return scim_response(config.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))


@router.get("/ResourceTypes")
def list_resource_types(client: ScimCaller, request: Request) -> Response:
    """Users and Groups."""
    found = resource_types(_base(request))
    listing = ListResponse[ResourceType](total_results=len(found), start_index=1, resources=found)
    return scim_response(listing.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))


@router.get("/ResourceTypes/{name}")
def get_resource_type(client: ScimCaller, request: Request, name: str) -> Response:
    """One resource type."""
    found = next((t for t in resource_types(_base(request)) if t.id == name), None)
    if found is None:
        raise NotFoundException(detail=f"No resource type '{name}'.")
    return scim_response(found.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))


@router.get("/Schemas")
def list_schemas(client: ScimCaller, request: Request) -> Response:
    """The schemas of Users, their enterprise extension and Groups, as stored here."""
    found = schemas(_base(request))
    listing = ListResponse[Schema](total_results=len(found), start_index=1, resources=found)
    return scim_response(listing.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))


@router.get("/Schemas/{schema_id}")
def get_schema(client: ScimCaller, request: Request, schema_id: str) -> Response:
    """One schema."""
    found = next((s for s in schemas(_base(request)) if s.id == schema_id), None)
    if found is None:
        raise NotFoundException(detail=f"No schema '{schema_id}'.")
    return scim_response(found.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))


# ---- users -------------------------------------------------------------------------------------


def _users_matching(store: StoreDep, query: Query) -> list[UserRecord]:
    attribute, value = query.attribute, query.value
    if attribute == "userName":
        return provisioned_users.find_users(store, user_name=value)
    if attribute == "externalId":
        return provisioned_users.find_users(store, external_id=value)
    if attribute == "displayName":
        return provisioned_users.find_users(store, display_name=value)
    found = provisioned_users.find_users(store)
    if attribute == "id":
        return [u for u in found if str(u.person.id) == value]
    if attribute == "emails":
        wanted = normalise_email(value or "")
        return [u for u in found if u.person.email == wanted]
    return found


@router.get("/Users")
def list_users(client: ScimCaller, store: StoreDep, request: Request) -> Response:
    """Users, filtered by one 'eq' comparison, a page at a time."""
    query = read_query(request, UserModel, _USER_FILTERS)
    base = _base(request)
    found: list[Resource[Any]] = [user_resource(u, base) for u in _users_matching(store, query)]
    return _listed(query, found, UserModel)


@router.post("/Users")
def create_user(
    client: ScimCaller, store: StoreDep, request: Request, payload: Payload
) -> Response:
    """Provision a user: a person and an account (409 when the userName or e-mail is taken)."""
    user = validated(
        UserModel, with_manager_refs(payload, _base(request)), Context.RESOURCE_CREATION_REQUEST
    )
    created = provisioned_users.create_user(store, user_fields(user), actor=client.actor)
    return _one(user_resource(created, _base(request)), Context.RESOURCE_CREATION_RESPONSE, 201)


@router.get("/Users/{user_id}")
def get_user(client: ScimCaller, store: StoreDep, request: Request, user_id: str) -> Response:
    """One user."""
    user = user_resource(provisioned_users.get_user(store, user_id), _base(request))
    return _one(user, Context.RESOURCE_QUERY_RESPONSE)


@router.put("/Users/{user_id}")
def replace_user(
    client: ScimCaller, store: StoreDep, request: Request, user_id: str, payload: Payload
) -> Response:
    """Replace a user's attributes (active false deactivates)."""
    base = _base(request)
    current = user_resource(provisioned_users.get_user(store, user_id), base)
    check_version(request, version_of(current))
    user = validated(
        UserModel, with_manager_refs(payload, _base(request)), Context.RESOURCE_REPLACEMENT_REQUEST
    )
    saved = provisioned_users.replace_user(store, user_id, user_fields(user), actor=client.actor)
    return _one(user_resource(saved, base), Context.RESOURCE_REPLACEMENT_RESPONSE)


@router.patch("/Users/{user_id}")
def patch_user(
    client: ScimCaller, store: StoreDep, request: Request, user_id: str, payload: Payload
) -> Response:
    """Add, replace or remove a user's attributes (replace active false deactivates)."""
    base = _base(request)
    current = user_resource(provisioned_users.get_user(store, user_id), base)
    check_version(request, version_of(current))
    patch = validated(
        PatchOp[UserModel], with_manager_refs(payload, base), Context.RESOURCE_PATCH_REQUEST
    )
    patch.patch(current)
    saved = provisioned_users.replace_user(store, user_id, user_fields(current), actor=client.actor)
    return _one(user_resource(saved, base), Context.RESOURCE_PATCH_RESPONSE)


@router.delete("/Users/{user_id}", status_code=204)
def delete_user(client: ScimCaller, store: StoreDep, request: Request, user_id: str) -> Response:
    """Deactivate the user and unlink the person; their history stays."""
    current = user_resource(provisioned_users.get_user(store, user_id), _base(request))
    check_version(request, version_of(current))
    provisioned_users.delete_user(store, user_id, actor=client.actor)
    return Response(status_code=204)


# ---- groups ------------------------------------------------------------------------------------


def _groups_matching(store: StoreDep, query: Query) -> list[GroupRecord]:
    if query.attribute == "displayName":
        return provisioned_groups.find_groups(store, display_name=query.value)
    if query.attribute == "externalId":
        return provisioned_groups.find_groups(store, external_id=query.value)
    found = provisioned_groups.find_groups(store)
    if query.attribute == "id":
        return [g for g in found if str(g.group.id) == query.value]
    return found


@router.get("/Groups")
def list_groups(client: ScimCaller, store: StoreDep, request: Request) -> Response:
    """Groups (teams), filtered by one 'eq' comparison, a page at a time."""
    query = read_query(request, Group, _GROUP_FILTERS)
    base = _base(request)
    found: list[Resource[Any]] = [group_resource(g, base) for g in _groups_matching(store, query)]
    return _listed(query, found, Group)


@router.post("/Groups")
def create_group(
    client: ScimCaller, store: StoreDep, request: Request, payload: Payload
) -> Response:
    """Provision a group (a team) with its members."""
    group = validated(Group, payload, Context.RESOURCE_CREATION_REQUEST)
    created = provisioned_groups.create_group(store, group_fields(group), actor=client.actor)
    return _one(group_resource(created, _base(request)), Context.RESOURCE_CREATION_RESPONSE, 201)


@router.get("/Groups/{group_id}")
def get_group(client: ScimCaller, store: StoreDep, request: Request, group_id: str) -> Response:
    """One group and its members."""
    group = group_resource(provisioned_groups.get_group(store, group_id), _base(request))
    return _one(group, Context.RESOURCE_QUERY_RESPONSE)


@router.put("/Groups/{group_id}")
def replace_group(
    client: ScimCaller, store: StoreDep, request: Request, group_id: str, payload: Payload
) -> Response:
    """Replace a group's name and members."""
    base = _base(request)
    current = group_resource(provisioned_groups.get_group(store, group_id), base)
    check_version(request, version_of(current))
    group = validated(Group, payload, Context.RESOURCE_REPLACEMENT_REQUEST)
    saved = provisioned_groups.replace_group(
        store, group_id, group_fields(group), actor=client.actor
    )
    return _one(group_resource(saved, base), Context.RESOURCE_REPLACEMENT_RESPONSE)


@router.patch("/Groups/{group_id}")
def patch_group(
    client: ScimCaller, store: StoreDep, request: Request, group_id: str, payload: Payload
) -> Response:
    """Add or remove members, or rename the group."""
    base = _base(request)
    current = group_resource(provisioned_groups.get_group(store, group_id), base)
    check_version(request, version_of(current))
    patch = validated(PatchOp[Group], payload, Context.RESOURCE_PATCH_REQUEST)
    patch.patch(current)
    saved = provisioned_groups.replace_group(
        store, group_id, group_fields(current), actor=client.actor
    )
    return _one(group_resource(saved, base), Context.RESOURCE_PATCH_RESPONSE)


@router.delete("/Groups/{group_id}", status_code=204)
def delete_group(client: ScimCaller, store: StoreDep, request: Request, group_id: str) -> Response:
    """Remove the group; its people are left without a team."""
    current = group_resource(provisioned_groups.get_group(store, group_id), _base(request))
    check_version(request, version_of(current))
    provisioned_groups.delete_group(store, group_id, actor=client.actor)
    return Response(status_code=204)
