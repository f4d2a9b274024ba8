"""The models of the nominations app, one module per noun; imported from here."""

from .nomination import (
    ALLOWED_TRANSITIONS,
    ANSWER_MAX_LENGTH,
    CONTACT_FIELDS,
    WRITTEN_BY_MUNICIPALITY,
    Attachment,
    Eligibility,
    Nomination,
    NominationClosed,
    NominationQuerySet,
    NominationStatus,
    Nominee,
    NomineeManager,
    PrivateStorage,
    Standing,
    attachment_path,
    photo_path,
)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "ANSWER_MAX_LENGTH",
    "CONTACT_FIELDS",
    "WRITTEN_BY_MUNICIPALITY",
    "Attachment",
    "Eligibility",
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
