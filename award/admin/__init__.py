"""The admins of award's own nouns, one module each; importing them registers them.

The admin of editions is in award/site/admin.py: its actions read the vote and
reschedule the nominees' e-mails, so it sits above nominations and voting, in
the app Django discovers it from (award.site).
"""

from . import feedback, finale, outbox  # noqa: F401 (registers the admins)
