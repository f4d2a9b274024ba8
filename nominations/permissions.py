"""Who may do what with nominations; used by views and the admin alike."""


def can_download_attachments(user):
    return user.is_active and user.is_staff and user.has_perm("nominations.view_attachment")


def is_reviewer(user):
    """IMDi staff: see every nomination and every score, decide and shortlist."""
    return user.is_active and user.is_staff and user.has_perm("nominations.review_nomination")
