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
    NotImplementedException,
    PatchOp,
    Resource,
    ResourceType,
    Schema,
)

from pmopath.services.provisioning import groups as provisioned_groups
from pmopath.services.provisioning import users as provisioned_users
from pmopath.web.deps import StoreDep
from pmopath.web.scim.auth import ScimCaller
from pmopath.web.scim.discovery import (
    GROUP_FILTERS,
    SCIM_PREFIX,
    USER_FILTERS,
    UserModel,
    resource_types,
    schemas,
    service_provider_config,
)
from pmopath.web.scim.protocol import (
    Query,
    check_version,
    read_query,
    read_search,
    response_parameters,
    scim_response,
    validated,
    version_of,
    with_manager_refs,
)
from pmopath.web.scim.resources import group_fields, group_resource, user_fields, user_resource

router = APIRouter(include_in_schema=False)
Payload = Annotated[Any, Body()]
_USER_NARROWING = {"userName", "externalId"}
_GROUP_NARROWING = {"externalId"}


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/") + SCIM_PREFIX


def _one(
    resource: Resource[Any], context: Context, request: Request, model: Any, status: int = 200
) -> Response:
    """One resource, with the ``attributes`` or ``excludedAttributes`` the request asked for."""
    asked = response_parameters(request, model)
    body = resource.model_dump(scim_ctx=context, response_parameters=asked)
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


@router.post("/.search")
def search_everything(client: ScimCaller) -> Response:
    """Searching Users and Groups at once is not supported (501, as RFC 7644 §3.4.3 allows):
    search /Users/.search or /Groups/.search."""
    raise NotImplementedException(
        detail="searching several resource types at once is not supported; "
        "use /Users/.search or /Groups/.search"
    )


# ---- users -------------------------------------------------------------------------------------


def _users(store: StoreDep, query: Query, base: str) -> list[Resource[Any]]:
    """The users the query's filter finds, as published (the store narrows the search by
    userName or externalId when the filter requires one)."""
    found = provisioned_users.find_users(
        store,
        user_name=query.narrowing.get("userName"),
        external_id=query.narrowing.get("externalId"),
    )
    resources = [user_resource(u, base) for u in found]
    return [r for r in resources if query.matches(r)]


@router.get("/Users")
def list_users(client: ScimCaller, store: StoreDep, request: Request) -> Response:
    """Users, filtered (RFC 7644 filters on the attributes published), a page at a time."""
    query = read_query(request, UserModel, USER_FILTERS, _USER_NARROWING)
    return _listed(query, _users(store, query, _base(request)), UserModel)


@router.post("/Users/.search")
def search_users(
    client: ScimCaller, store: StoreDep, request: Request, payload: Payload
) -> Response:
    """Users, as GET /Users finds them, for a query sent as a SearchRequest body."""
    query = read_search(payload, UserModel, USER_FILTERS, _USER_NARROWING)
    return _listed(query, _users(store, query, _base(request)), UserModel)


@router.post("/Users")
def create_user(
    client: ScimCaller, store: StoreDep, request: Request, payload: Payload
) -> Response:
    """Provision a user: a person and an account (409 when the userName or e-mail is taken)."""
    user = validated(
        UserModel, with_manager_refs(payload, _base(request)), Context.RESOURCE_CREATION_REQUEST
    )
    created = provisioned_users.create_user(store, user_fields(user), actor=client.actor)
    resource = user_resource(created, _base(request))
    return _one(resource, Context.RESOURCE_CREATION_RESPONSE, request, UserModel, 201)


@router.get("/Users/{user_id}")
def get_user(client: ScimCaller, store: StoreDep, request: Request, user_id: str) -> Response:
    """One user."""
    user = user_resource(provisioned_users.get_user(store, user_id), _base(request))
    return _one(user, Context.RESOURCE_QUERY_RESPONSE, request, UserModel)


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
    return _one(
        user_resource(saved, base), Context.RESOURCE_REPLACEMENT_RESPONSE, request, UserModel
    )


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
    return _one(user_resource(saved, base), Context.RESOURCE_PATCH_RESPONSE, request, UserModel)


@router.delete("/Users/{user_id}", status_code=204)
def delete_user(client: ScimCaller, store: StoreDep, request: Request, user_id: str) -> Response:
    """Deactivate the user and unlink the person; their history stays."""
    current = user_resource(provisioned_users.get_user(store, user_id), _base(request))
    check_version(request, version_of(current))
    provisioned_users.delete_user(store, user_id, actor=client.actor)
    return Response(status_code=204)


# ---- groups ------------------------------------------------------------------------------------


def _groups(store: StoreDep, query: Query, base: str) -> list[Resource[Any]]:
    """The groups the query's filter finds, as published."""
    external_id = query.narrowing.get("externalId")
    found = provisioned_groups.find_groups(store, external_id=external_id)
    resources = [group_resource(g, base) for g in found]
    return [r for r in resources if query.matches(r)]


@router.get("/Groups")
def list_groups(client: ScimCaller, store: StoreDep, request: Request) -> Response:
    """Groups (teams), filtered, a page at a time."""
    query = read_query(request, Group, GROUP_FILTERS, _GROUP_NARROWING)
    return _listed(query, _groups(store, query, _base(request)), Group)


@router.post("/Groups/.search")
def search_groups(
    client: ScimCaller, store: StoreDep, request: Request, payload: Payload
) -> Response:
    """Groups, as GET /Groups finds them, for a query sent as a SearchRequest body."""
    query = read_search(payload, Group, GROUP_FILTERS, _GROUP_NARROWING)
    return _listed(query, _groups(store, query, _base(request)), Group)


@router.post("/Groups")
def create_group(
    client: ScimCaller, store: StoreDep, request: Request, payload: Payload
) -> Response:
    """Provision a group (a team) with its members."""
    group = validated(Group, payload, Context.RESOURCE_CREATION_REQUEST)
    created = provisioned_groups.create_group(store, group_fields(group), actor=client.actor)
    resource = group_resource(created, _base(request))
    return _one(resource, Context.RESOURCE_CREATION_RESPONSE, request, Group, 201)


@router.get("/Groups/{group_id}")
def get_group(client: ScimCaller, store: StoreDep, request: Request, group_id: str) -> Response:
    """One group and its members."""
    group = group_resource(provisioned_groups.get_group(store, group_id), _base(request))
    return _one(group, Context.RESOURCE_QUERY_RESPONSE, request, Group)


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
    return _one(group_resource(saved, base), Context.RESOURCE_REPLACEMENT_RESPONSE, request, Group)


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
    return _one(group_resource(saved, base), Context.RESOURCE_PATCH_RESPONSE, request, Group)


@router.delete("/Groups/{group_id}", status_code=204)
def delete_group(client: ScimCaller, store: StoreDep, request: Request, group_id: str) -> Response:
    """Remove the group; its people are left without a team."""
    current = group_resource(provisioned_groups.get_group(store, group_id), _base(request))
    check_version(request, version_of(current))
    provisioned_groups.delete_group(store, group_id, actor=client.actor)
    return Response(status_code=204)
