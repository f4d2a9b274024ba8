"""The staff's admin of the vote; importing the modules registers their admins."""

from . import voiding, vote  # noqa: F401
