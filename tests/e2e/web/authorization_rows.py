"""Imports every module that adds rows to the authorization matrix (add yours here)."""

from tests.e2e.web import authorization  # noqa: F401
from tests.e2e.web import authorization_admin  # noqa: F401
from tests.e2e.web import authorization_people  # noqa: F401
