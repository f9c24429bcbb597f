"""SCIM 2.0 provisioning (RFC 7643, RFC 7644) at /scim/v2, with the scim2-models library."""
