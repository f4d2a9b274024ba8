"""The entry criterion of the call (inngangskriterium): how an entry meets it, and the rule."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext


class EntryCriterionQuerySet(models.QuerySet):
    def meeting_entry_criterion(self):
        """The database's side of `Nomination.entry_criterion_shortfalls()`."""
        threshold = F("edition__entry_threshold")
        return self.filter(
            share_in_work_directly__gte=threshold, share_in_work_after_one_year__gte=threshold
        )

    def not_meeting_entry_criterion(self):
        return self.exclude(pk__in=self.meeting_entry_criterion().values("pk"))


class EntryCriterion:
    """The rule on the entry (`Nomination`): its shares against the edition's threshold."""

    def entry_criterion_shortfalls(self):
        """Why the entry does not meet the entry criterion, one sentence per shortfall."""
        threshold = self.edition.entry_threshold
        shortfalls = []
        checks = [
            (self.share_in_work_directly, gettext("rett etter programmet")),
            (self.share_in_work_after_one_year, gettext("ett år etter programmet")),
        ]
        for share, when in checks:
            if share is None:
                shortfalls.append(gettext("Andelen %(when)s mangler.") % {"when": when})
            elif share < threshold:
                shortfalls.append(
                    gettext("%(share)s %% %(when)s er under inngangskriteriet på %(threshold)s %%.")
                    % {
                        "share": floatformat(share, -1),
                        "when": when,
                        "threshold": floatformat(threshold, -1),
                    }
                )
        return shortfalls

    def meets_entry_criterion(self):
        return not self.entry_criterion_shortfalls()

    # The entry criterion is a condition of entry (inngangskriterium in the call):
    # an entry below it is not eligible, unless staff let it in as an exception
    # and write why. The reason is the decision's `eligibility_reason`, kept in
    # the history with who and when. These three methods are the whole rule.

    def is_entry_criterion_exception(self):
        """Eligible although below the entry criterion: let in by staff, with a reason."""
        return self.is_eligible and not self.meets_entry_criterion()

    def entry_criterion_warning(self):
        """What staff read beside an action on an entry let in as an exception; "" otherwise."""
        if not self.is_entry_criterion_exception():
            return ""
        return gettext(
            "%(municipality)s oppfyller ikke inngangskriteriet (%(shortfalls)s) "
            "og er kvalifisert som unntak. Begrunnelse: %(reason)s"
        ) % {
            "municipality": self.municipality,
            "shortfalls": " ".join(self.entry_criterion_shortfalls()),
            "reason": self.eligibility_reason or "–",
        }

    def require_entry_criterion(self):
        """Refuse to go further with an entry below the criterion that no reasoned exception let in."""
        if self.meets_entry_criterion() or (self.is_eligible and self.eligibility_reason.strip()):
            return
        raise ValidationError(
            gettext(
                "%(municipality)s oppfyller ikke inngangskriteriet: %(shortfalls)s "
                "Et unntak må begrunnes under «Endre vurderingen»."
            )
            % {
                "municipality": self.municipality,
                "shortfalls": " ".join(self.entry_criterion_shortfalls()),
            },
            code="below_entry_criterion",
        )
