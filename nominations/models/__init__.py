"""The models of the nominations app, one module per noun; imported from here.

Migrations name `PrivateStorage`, `photo_path` and `attachment_path` by this
package, so they stay importable from it.
"""

from .attachment import Attachment, attachment_path
from .jury import (
    SCORE_FIELDS,
    SCORED_CRITERIA,
    Assessment,
    AssessmentQuerySet,
    Conflict,
    JuryMember,
)
from .nomination import (
    ALLOWED_TRANSITIONS,
    ANSWER_MAX_LENGTH,
    CONTACT_FIELDS,
    WRITTEN_BY_MUNICIPALITY,
    Nomination,
    NominationClosed,
    NominationQuerySet,
)
from .nominee import Nominee, NomineeManager, photo_path
from .ranking import Standing
from .states import Eligibility, NominationStatus
from .storage import PrivateStorage

__all__ = [
    "ALLOWED_TRANSITIONS",
    "ANSWER_MAX_LENGTH",
    "CONTACT_FIELDS",
    "SCORED_CRITERIA",
    "SCORE_FIELDS",
    "WRITTEN_BY_MUNICIPALITY",
    "Assessment",
    "AssessmentQuerySet",
    "Attachment",
    "Conflict",
    "Eligibility",
    "JuryMember",
    "Nomination",
    "NominationClosed",
    "NominationQuerySet",
    "NominationStatus",
    "Nominee",
    "NomineeManager",
    "PrivateStorage",
    "Standing",
    "attachment_path",
    "photo_path",
]
