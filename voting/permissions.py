"""Who may see and act on the votes; used by the admin's views and actions alike."""


def can_review_votes(user):
    """The vote log, the clusters and the standings: staff with the voting permissions."""
    return user.is_active and user.is_staff and user.has_perm("voting.view_vote")


def can_void_votes(user):
    return can_review_votes(user) and user.has_perm("voting.void_vote")
