"""The award's models, one module per noun, all under the app label `award`.

Imported here so that Django finds every model and the rest of the code reads
`from award.models import Edition` whatever module a model lives in.
"""

from .challenge import SpentChallenge
from .edition import (
    DEFAULT_ENTRY_THRESHOLD,
    FINALISTS_PUBLIC,
    NOMINEES_PUBLIC,
    OUT_OF_DATE_AFTER,
    Edition,
    EditionManager,
    EditionQuerySet,
    Phase,
    PrizeName,
)
from .feedback import Feedback
from .finale import PressRelease, Quote
from .outbox import EmailStatus, OutgoingEmail, OutgoingEmailQuerySet

__all__ = [
    "SpentChallenge",
    "DEFAULT_ENTRY_THRESHOLD",
    "FINALISTS_PUBLIC",
    "NOMINEES_PUBLIC",
    "OUT_OF_DATE_AFTER",
    "Edition",
    "EditionManager",
    "EditionQuerySet",
    "Phase",
    "PrizeName",
    "Feedback",
    "PressRelease",
    "Quote",
    "EmailStatus",
    "OutgoingEmail",
    "OutgoingEmailQuerySet",
]
