"""Provisioning by an identity provider's SCIM client: users (people with accounts), groups."""
