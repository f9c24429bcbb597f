"""Imports every module that adds rows to the authorization matrix (add yours here)."""

from tests.e2e.web import (
    authorization,  # noqa: F401
    authorization_admin,  # noqa: F401
    authorization_calibration,  # noqa: F401
    authorization_cv,  # noqa: F401
    authorization_exports,  # noqa: F401
    authorization_feedback,  # noqa: F401
    authorization_leader,  # noqa: F401
    authorization_mentoring,  # noqa: F401
    authorization_optimiser,  # noqa: F401
    authorization_people,  # noqa: F401
    authorization_plans,  # noqa: F401
    authorization_reviews,  # noqa: F401
    authorization_scim,  # noqa: F401
)
