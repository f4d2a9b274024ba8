"""What django-simple-history records beside each change: why, and who made it."""


def attribute_change(record, reason, by=None):
    """Give the next save of `record` its reason, and its author when one is signed in.

    A command or a task acts for nobody: its changes are recorded without a user.
    """
    record._change_reason = reason
    if by is not None and by.is_authenticated:
        record._history_user = by
