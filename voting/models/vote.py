"""The vote: cast for a nominee, confirmed through the e-mailed link, counted once, or voided.

What a vote keeps of the person's address, and what it never keeps, is in
`address.py`.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from award.models import Edition, Phase
from nominations.models import Nominee

from .address import address_domain, seal, seal_key, unseal, validate_voter_address, voter_key
from .cluster import ClusterQuerySet
from .standing import StandingQuerySet
from .tally import COUNTED, UNCONFIRMED
from .voiding import Voiding

# Confirmation e-mails a person can have waiting at once; more would let anyone
# fill a stranger's inbox.
MAX_UNCONFIRMED_PER_PERSON = 3
USER_AGENT_MAX_LENGTH = 300
# Phases before the vote opens: a vote link shared early says when it opens.
NOT_YET_OPEN = frozenset(
    {Phase.UPCOMING, Phase.NOMINATIONS_OPEN, Phase.UNDER_REVIEW, Phase.NOMINEES_PUBLISHED}
)


class VotingClosed(Exception):
    """The edition's vote is not open at this moment."""


class AlreadyVoted(Exception):
    """The person has a confirmed vote in this edition already."""


class TooManyUnconfirmed(Exception):
    """The person has as many votes waiting for confirmation as we send e-mails for."""


class Outcome(models.TextChoices):
    COUNTED = "counted", _("Stemmen er talt med")
    ALREADY_COUNTED = "already_counted", _("Stemmen var allerede bekreftet")
    OTHER_VOTE_COUNTS = "other_vote_counts", _("En annen stemme fra samme person teller")
    VOIDED = "voided", _("Stemmen er annullert")
    CLOSED = "closed", _("Avstemningen er ikke åpen")
    EXPIRED = "expired", _("Lenken er utløpt")


@dataclass(frozen=True)
class Confirmation:
    outcome: Outcome
    # The person's one vote: this one, or the one confirmed before it.
    vote: "Vote"
    # The address, opened only by the confirmation that counted the vote, for the receipt.
    address: str | None = None


class VoteQuerySet(StandingQuerySet, ClusterQuerySet):
    def cast_since(self, moment):
        """Votes cast from `moment` on, in the editions whose vote was open then or since.

        Read through the per-edition time index, so that operations may ask
        every few seconds during a vote of a million.
        """
        return self.filter(
            edition__voting_opens_at__lte=timezone.now(),
            edition__voting_closes_at__gt=moment,
            created_at__gte=moment,
        )

    def confirmed_since(self, moment):
        """Votes confirmed from `moment` on, voided or not."""
        return self.filter(confirmed_at__gte=moment)

    def cast(self, nominee, address, network="", user_agent="", at=None):
        """Record an unconfirmed vote for `nominee` from `address`; the one way a vote begins.

        The caller sends the confirmation link. Raises VotingClosed outside the
        voting window, ValidationError for an address we don't take,
        AlreadyVoted when the person's vote is already confirmed (nothing
        changes), TooManyUnconfirmed when enough links are waiting.
        """
        at = at or timezone.now()
        edition = nominee.edition
        if edition.phase(at) != Phase.VOTING_OPEN:
            raise VotingClosed
        validate_voter_address(address)
        key = voter_key(address)
        # The person's votes so far, both counts in one query.
        mine = self.filter(edition=edition, voter_key=key).aggregate(
            confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
            waiting=Count(
                "pk", filter=UNCONFIRMED & Q(created_at__gt=at - confirmation_lifetime())
            ),
        )
        if mine["confirmed"]:
            raise AlreadyVoted
        if mine["waiting"] >= MAX_UNCONFIRMED_PER_PERSON:
            raise TooManyUnconfirmed
        return self.create(
            edition=edition,
            nominee=nominee,
            voter_key=key,
            email_domain=address_domain(address)[:255],
            network=network,
            user_agent=user_agent[:USER_AGENT_MAX_LENGTH],
            created_at=at,
            address_key=seal_key(address),
        )

    def void(self, by, reason, description):
        """Void every vote here not voided before, with one record per edition of who and why.

        Voided votes stay, marked, and never count. Returns the records.
        """
        reason = reason.strip()
        if not reason:
            raise ValidationError(_("Skriv hvorfor stemmene annulleres."), code="reason")
        voidings = []
        with transaction.atomic():
            editions = self.filter(voiding__isnull=True).values_list("edition", flat=True)
            for edition_id in sorted(set(editions)):
                voiding = Voiding.objects.create(
                    edition_id=edition_id, voided_by=by, reason=reason, description=description
                )
                voiding.vote_count = self.filter(
                    edition_id=edition_id, voiding__isnull=True
                ).update(voiding=voiding)
                voiding.save(update_fields=["vote_count"])
                voidings.append(voiding)
        return voidings

    def erase_spent_keys(self, at=None):
        """Erase the one-time keys of links that can no longer count a vote; returns how many.

        The database's side of `Vote.obstacle()`: voided, expired, or the vote closed.
        """
        at = at or timezone.now()
        spent = (
            Q(voiding__isnull=False)
            | Q(created_at__lte=at - confirmation_lifetime())
            | Q(edition__voting_closes_at__lte=at)
        )
        return self.filter(spent, address_key__isnull=False).update(address_key=None)

    def erase_personal_data(self):
        """Erase what could point to a voter, keeping each vote for the counts; returns how many.

        The voter key, the network, the e-mail domain and the browser are only
        needed while the vote runs and staff look for stuffing.
        """
        return self.filter(voter_key__isnull=False).update(
            voter_key=None, address_key=None, network="", email_domain="", user_agent=""
        )


def confirmation_lifetime():
    return datetime.timedelta(hours=settings.VOTE_CONFIRMATION_HOURS)


class Vote(models.Model):
    """One person's vote for a nominee: counted once confirmed, unless staff void it."""

    # What the confirmation link names the vote by: random, so that a link says
    # nothing of how many votes came before it.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="votes", verbose_name=_("prisrunde")
    )
    nominee = models.ForeignKey(
        Nominee, on_delete=models.PROTECT, related_name="votes", verbose_name=_("nominert")
    )
    # Erased with the network, domain and browser once the retention period is over: to
    # null, not "", so that erased keys never meet in the one-confirmed-vote constraint.
    voter_key = models.CharField(  # noqa: DJ001
        _("velgernøkkel"), max_length=64, null=True, editable=False
    )
    email_domain = models.CharField(_("e-postdomene"), max_length=255)
    network = models.CharField(_("nettverk"), max_length=50)
    user_agent = models.CharField(_("nettleser"), max_length=USER_AGENT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("avgitt"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("bekreftet"), null=True, blank=True)
    # The one-time key to the address sealed in the confirmation link; erased on confirmation.
    address_key = models.BinaryField(null=True, editable=False)
    voiding = models.ForeignKey(
        "Voiding",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="votes",
        verbose_name=_("annullering"),
    )

    objects = VoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("stemme")
        verbose_name_plural = _("stemmer")
        ordering = ["-created_at"]
        permissions = [("void_vote", _("Kan annullere stemmer"))]
        constraints = [
            # Two confirmations by one person at the same moment still make one vote.
            models.UniqueConstraint(
                fields=["edition", "voter_key"],
                condition=Q(confirmed_at__isnull=False),
                name="one_confirmed_vote_per_person_and_edition",
            ),
        ]
        indexes = [
            # The standings count each nominee's votes from this index alone.
            models.Index(fields=["edition", "nominee"], condition=COUNTED, name="vote_counted_idx"),
            models.Index(fields=["edition", "voter_key"], name="vote_person_idx"),
            models.Index(fields=["edition", "created_at"], name="vote_time_idx"),
            # Confirmations per minute, for operations (award.metrics).
            models.Index(
                fields=["confirmed_at"],
                condition=Q(confirmed_at__isnull=False),
                name="vote_confirmed_time_idx",
            ),
            # The admin's list, newest first, a page at a time (and its date range).
            models.Index(fields=["created_at", "id"], name="vote_list_idx"),
        ]

    def __str__(self):
        return gettext("Stemme på %(nominee)s (%(at)s)") % {
            "nominee": self.nominee.municipality.name,
            "at": date_format(timezone.localtime(self.created_at), "DATETIME_FORMAT"),
        }

    @property
    def is_counted(self):
        return self.confirmed_at is not None and self.voiding_id is None

    def confirmation_expires_at(self):
        """When the confirmation link stops working: its lifetime, or the close if sooner."""
        return min(self.created_at + confirmation_lifetime(), self.edition.voting_closes_at)

    def seal_address(self, address):
        """The address as the confirmation link carries it, unreadable without this vote's key."""
        return seal(address, self.address_key)

    def open_address(self, sealed):
        return unseal(sealed, self.address_key)

    def obstacle(self, at=None, other_votes=True):
        """What keeps this vote from being confirmed now, as the outcome to show; None if nothing.

        With `other_votes` false, another vote of the same person that counts
        is not looked for: `confirm` leaves that to the database's constraint.
        """
        at = at or timezone.now()
        if self.voiding_id is not None:
            return Confirmation(Outcome.VOIDED, self)
        if self.confirmed_at is not None:
            return Confirmation(Outcome.ALREADY_COUNTED, self)
        if self.edition.phase(at) != Phase.VOTING_OPEN:
            return Confirmation(Outcome.CLOSED, self)
        if at >= self.created_at + confirmation_lifetime():
            return Confirmation(Outcome.EXPIRED, self)
        if not other_votes:
            return None
        other = self.counted_vote_of_same_person()
        if other is not None:
            return Confirmation(Outcome.OTHER_VOTE_COUNTS, other)
        return None

    def counted_vote_of_same_person(self):
        others = Vote.objects.filter(
            edition_id=self.edition_id, voter_key=self.voter_key, confirmed_at__isnull=False
        ).exclude(pk=self.pk)
        # Seldom there, and asked on every opened link: a narrow query first, the
        # vote with its nominee only when there is one.
        if not others.exists():
            return None
        return others.select_related("nominee__municipality").first()

    def confirm(self, sealed_address=b"", at=None):
        """Count the vote: the one way a vote is confirmed; safe to repeat and to race.

        One conditional update sets the confirmation, so a repeated or
        simultaneous confirmation counts nothing twice, and the database's
        unique constraint keeps one confirmed vote per person.
        """
        at = at or timezone.now()
        # Another vote of the person's that counts already makes the update below break the
        # one-confirmed-vote constraint: no need to look for it first.
        obstacle = self.obstacle(at, other_votes=False)
        if obstacle is not None:
            return obstacle
        address = self.open_address(sealed_address)
        try:
            with transaction.atomic():
                counted = Vote.objects.filter(
                    pk=self.pk, confirmed_at__isnull=True, voiding__isnull=True
                ).update(confirmed_at=at, address_key=None)
        except IntegrityError:
            return Confirmation(Outcome.OTHER_VOTE_COUNTS, self.counted_vote_of_same_person())
        if counted:
            # The row is now what the update made it.
            self.confirmed_at, self.address_key, self.voiding_id = at, None, None
            return Confirmation(Outcome.COUNTED, self, address)
        self.refresh_from_db(fields=["confirmed_at", "voiding", "address_key"])
        # Another request confirmed (or staff voided) the vote a moment ago.
        return self.obstacle(at)
