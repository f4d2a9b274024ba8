"""The states of an entry: where it is in its workflow, and the review's decision."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NominationStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Sendt inn")
    WITHDRAWN = "withdrawn", _("Trukket")


class Eligibility(models.TextChoices):
    PENDING = "pending", _("Ikke vurdert")
    ELIGIBLE = "eligible", _("Kvalifisert")
    INELIGIBLE = "ineligible", _("Ikke kvalifisert")
