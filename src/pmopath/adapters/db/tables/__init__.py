"""The database schema: SQLAlchemy tables, portable between SQLite and PostgreSQL.

Rows here are storage only; repositories convert them to and from domain objects. Timestamps are
stored in UTC; ids of framework things (roles, competencies, actions) are the framework's stable
snake_case ids. One module per area (``people``, ``accounts``, ``plans``); this package imports
them all, because ``Base.metadata`` (migrations, archives, ``alembic check``) must know every
table, and names each row class for its importers.
"""

from __future__ import annotations

from pmopath.adapters.db.tables.accounts import (
    AccountRow as AccountRow,
)
from pmopath.adapters.db.tables.accounts import (
    AccountSessionRow as AccountSessionRow,
)
from pmopath.adapters.db.tables.accounts import (
    ApiTokenRow as ApiTokenRow,
)
from pmopath.adapters.db.tables.accounts import (
    SignInFailureRow as SignInFailureRow,
)
from pmopath.adapters.db.tables.accounts import (
    SingleSignOnIdentityRow as SingleSignOnIdentityRow,
)
from pmopath.adapters.db.tables.accounts import (
    SingleSignOnPendingRow as SingleSignOnPendingRow,
)
from pmopath.adapters.db.tables.base import (
    EMAIL as EMAIL,
)
from pmopath.adapters.db.tables.base import (
    HASH as HASH,
)
from pmopath.adapters.db.tables.base import (
    ID as ID,
)
from pmopath.adapters.db.tables.base import (
    NAME as NAME,
)
from pmopath.adapters.db.tables.base import (
    NAMING as NAMING,
)
from pmopath.adapters.db.tables.base import (
    Base as Base,
)
from pmopath.adapters.db.tables.calibration import (
    CalibrationDecisionRow as CalibrationDecisionRow,
)
from pmopath.adapters.db.tables.calibration import (
    CalibrationSessionRow as CalibrationSessionRow,
)
from pmopath.adapters.db.tables.cv import (
    CvChoicesRow as CvChoicesRow,
)
from pmopath.adapters.db.tables.feedback import (
    FeedbackRequestRow as FeedbackRequestRow,
)
from pmopath.adapters.db.tables.feedback import (
    FeedbackRespondentRow as FeedbackRespondentRow,
)
from pmopath.adapters.db.tables.feedback import (
    FeedbackResponseRow as FeedbackResponseRow,
)
from pmopath.adapters.db.tables.mentoring import (
    MentoringGoalRow as MentoringGoalRow,
)
from pmopath.adapters.db.tables.mentoring import (
    MentoringOfferRow as MentoringOfferRow,
)
from pmopath.adapters.db.tables.mentoring import (
    MentoringRelationshipRow as MentoringRelationshipRow,
)
from pmopath.adapters.db.tables.mentoring import (
    MentoringSessionRow as MentoringSessionRow,
)
from pmopath.adapters.db.tables.people import (
    AssessmentLevelRow as AssessmentLevelRow,
)
from pmopath.adapters.db.tables.people import (
    AssessmentRow as AssessmentRow,
)
from pmopath.adapters.db.tables.people import (
    AuditRow as AuditRow,
)
from pmopath.adapters.db.tables.people import (
    ChangeStampRow as ChangeStampRow,
)
from pmopath.adapters.db.tables.people import (
    CredentialsRow as CredentialsRow,
)
from pmopath.adapters.db.tables.people import (
    CurrentLevelRow as CurrentLevelRow,
)
from pmopath.adapters.db.tables.people import (
    FrameworkVersionRow as FrameworkVersionRow,
)
from pmopath.adapters.db.tables.people import (
    PersonRow as PersonRow,
)
from pmopath.adapters.db.tables.people import (
    RoleReadinessBasisRow as RoleReadinessBasisRow,
)
from pmopath.adapters.db.tables.people import (
    RoleReadinessRow as RoleReadinessRow,
)
from pmopath.adapters.db.tables.people import (
    RoleSpellRow as RoleSpellRow,
)
from pmopath.adapters.db.tables.people import (
    ServiceCoverageRow as ServiceCoverageRow,
)
from pmopath.adapters.db.tables.people import (
    TargetRow as TargetRow,
)
from pmopath.adapters.db.tables.plans import (
    CalendarFeedRow as CalendarFeedRow,
)
from pmopath.adapters.db.tables.plans import (
    CheckInRow as CheckInRow,
)
from pmopath.adapters.db.tables.plans import (
    EvidenceRow as EvidenceRow,
)
from pmopath.adapters.db.tables.plans import (
    NotificationRow as NotificationRow,
)
from pmopath.adapters.db.tables.plans import (
    PlanItemRow as PlanItemRow,
)
from pmopath.adapters.db.tables.plans import (
    PlanRow as PlanRow,
)
from pmopath.adapters.db.tables.plans import (
    PlanVersionRow as PlanVersionRow,
)
from pmopath.adapters.db.tables.provisioning import (
    ProvisionedGroupRow as ProvisionedGroupRow,
)
from pmopath.adapters.db.tables.provisioning import (
    ProvisionedUserRow as ProvisionedUserRow,
)
