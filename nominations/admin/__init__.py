"""The admin of the nominations app, one module per noun.

Django's autodiscovery imports this package; importing each module registers its admins.
"""

from . import jury, nomination, nominee  # noqa: F401
