"""The public vote: who may vote, a vote's confirmation and voiding, and the standings.

An e-mail address is never stored. A vote keeps a keyed hash of the
canonical address (for the one-vote rule) and the domain alone (for staff's
view of clusters). The confirmation link carries the address sealed with a
one-time key kept on the vote until the vote is confirmed: the link alone or
the database alone says nothing about the address, and once the key is erased
nothing can.
"""

import datetime
import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass

from disposable_email_domains import blocklist as DISPOSABLE_DOMAINS
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Trunc
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from award.addresses import canonical_address, canonical_domain
from award.models import Edition, Phase
from nominations.models import Nominee

FINALIST_COUNT = 3
# Confirmation e-mails a person can have waiting at once; more would let anyone
# fill a stranger's inbox.
MAX_UNCONFIRMED_PER_PERSON = 3
USER_AGENT_MAX_LENGTH = 300
# A sealed address is padded to a multiple of this, so a link's length says
# little about the address in it.
SEAL_BLOCK = 32
# Votes from one network, e-mail domain or browser before staff see them as a cluster.
CLUSTER_MIN_VOTES = 20
# Votes for one nominee within one minute that staff see as a burst.
BURST_MIN_VOTES = 10
BURST_WINDOW = datetime.timedelta(minutes=1)
# Phases before the vote opens: a vote link shared early says when it opens.
NOT_YET_OPEN = frozenset(
    {Phase.UPCOMING, Phase.NOMINATIONS_OPEN, Phase.UNDER_REVIEW, Phase.NOMINEES_PUBLISHED}
)


def address_domain(address):
    return canonical_domain(address)


def voter_key(address):
    """The keyed hash of the canonical address: every spelling of one mailbox gives one key."""
    return hmac.new(
        settings.VOTER_HASH_KEY.encode(), canonical_address(address).encode(), hashlib.sha256
    ).hexdigest()


def is_disposable(domain):
    """True for a throwaway mail domain on the maintained list, or a subdomain of one."""
    parts = domain.split(".")
    return any(".".join(parts[i:]) in DISPOSABLE_DOMAINS for i in range(len(parts) - 1))


def validate_voter_address(address):
    if is_disposable(address_domain(address)):
        raise ValidationError(
            _(
                "Vi tar ikke imot stemmer fra adresser til engangsbruk. "
                "Bruk e-postadressen du vanligvis bruker."
            ),
            code="disposable",
        )


def _xor(data, key):
    return bytes(a ^ b for a, b in zip(data, key, strict=True))


def _padded(address):
    data = address.encode()
    return data.ljust(-(-len(data) // SEAL_BLOCK) * SEAL_BLOCK, b"\0")


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


@dataclass(frozen=True)
class Standing:
    nominee: Nominee
    votes: int
    rank: int


@dataclass(frozen=True)
class Finalists:
    standings: list
    # True when a tie at third place makes more than three finalists: staff are warned.
    tied_at_third: bool


class ClusterKind(models.TextChoices):
    NETWORK = "network", _("Nettverk")
    DOMAIN = "domain", _("E-postdomene")
    USER_AGENT = "user_agent", _("Nettleser")
    BURST = "burst", _("Mange stemmer på kort tid")


# The vote's field each kind of cluster shares; a burst is a nominee and a minute.
CLUSTER_FIELDS = {
    ClusterKind.NETWORK: "network",
    ClusterKind.DOMAIN: "email_domain",
    ClusterKind.USER_AGENT: "user_agent",
}

COUNTED = Q(confirmed_at__isnull=False, voiding__isnull=True)
UNCONFIRMED = Q(confirmed_at__isnull=True, voiding__isnull=True)
VOIDED = Q(voiding__isnull=False)


def _counts():
    return {
        "counted": Count("pk", filter=COUNTED),
        "unconfirmed": Count("pk", filter=UNCONFIRMED),
        "voided": Count("pk", filter=VOIDED),
    }


def has_public_result(edition):
    """Whether the edition's vote result is public: its finalists are, and its votes are in the system.

    `edition` comes from `Vote.objects.editions_with_result()`. An edition voted
    on before the site existed (2020) has no votes here: a result page would
    show every nominee at nought, so it has none.
    """
    return edition.votes_recorded and edition.finalists_are_public()


class VoteQuerySet(models.QuerySet):
    def editions_with_result(self):
        """Editions marked `votes_recorded` where their vote was held here; read by `has_public_result`."""
        return Edition.objects.annotate(votes_recorded=Exists(self.filter(edition=OuterRef("pk"))))

    def counted(self):
        """Confirmed and not voided: the only votes that count."""
        return self.filter(COUNTED)

    def tally(self):
        """Counted, unconfirmed and voided votes in the queryset."""
        return self.aggregate(**_counts())

    def tally_by(self, *fields):
        """The tally for each value of `fields`."""
        return self.values(*fields).annotate(**_counts()).order_by(*fields)

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

    def timeline(self, unit):
        """The tally per nominee per "day" or "hour" the votes were cast."""
        return self.annotate(period=Trunc("created_at", unit)).tally_by("period", "nominee")

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
        mine = self.filter(edition=edition, voter_key=key)
        if mine.filter(confirmed_at__isnull=False).exists():
            raise AlreadyVoted
        waiting = mine.filter(UNCONFIRMED, created_at__gt=at - confirmation_lifetime())
        if waiting.count() >= MAX_UNCONFIRMED_PER_PERSON:
            raise TooManyUnconfirmed
        return self.create(
            edition=edition,
            nominee=nominee,
            voter_key=key,
            email_domain=address_domain(address)[:255],
            network=network,
            user_agent=user_agent[:USER_AGENT_MAX_LENGTH],
            created_at=at,
            address_key=secrets.token_bytes(len(_padded(address))),
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

    def standings(self, edition):
        """Every nominee of the edition with its counted votes, most first, in one query.

        Nominees with as many votes share a rank; among them names go in
        alphabetical order. Each count is read from the counting index.
        """
        counted = (
            self.model.objects.counted()
            .filter(edition=edition, nominee=OuterRef("pk"))
            .order_by()
            .values("nominee")
            .annotate(votes=Count("*"))
            .values("votes")
        )
        nominees = (
            edition.nominees.select_related("municipality")
            .annotate(counted_votes=Coalesce(Subquery(counted), 0))
            .order_by("-counted_votes", "municipality__name")
        )
        standings = []
        for position, nominee in enumerate(nominees, start=1):
            if not standings or standings[-1].votes != nominee.counted_votes:
                rank = position
            standings.append(Standing(nominee, nominee.counted_votes, rank))
        return standings

    def finalists(self, edition, standings=None):
        """The three nominees with most counted votes (from `standings` if already counted).

        The rule for ties: every nominee with as many votes as the one in third
        place is a finalist too, and `tied_at_third` tells staff so.
        """
        standings = self.standings(edition) if standings is None else standings
        if len(standings) <= FINALIST_COUNT:
            return Finalists(standings, tied_at_third=False)
        third = standings[FINALIST_COUNT - 1].votes
        chosen = [standing for standing in standings if standing.votes >= third]
        return Finalists(chosen, tied_at_third=len(chosen) > FINALIST_COUNT)

    def clusters(self, edition, kind):
        """Groups of not yet voided votes that share a network, domain, browser or minute."""
        votes = self.filter(edition=edition)
        if kind == ClusterKind.BURST:
            grouped = votes.annotate(minute=Trunc("created_at", "minute")).values(
                "minute", "nominee", "nominee__municipality__name"
            )
            least = BURST_MIN_VOTES
        else:
            grouped = votes.values(CLUSTER_FIELDS[kind])
            least = CLUSTER_MIN_VOTES
        rows = (
            grouped.annotate(active=Count("pk", filter=Q(voiding__isnull=True)), **_counts())
            .filter(active__gte=least)
            .order_by("-active")
        )
        clusters = []
        for row in rows:
            if kind == ClusterKind.BURST:
                key = f"{row['nominee']}@{row['minute'].isoformat()}"
                label = gettext("%(nominee)s, %(minute)s") % {
                    "nominee": row["nominee__municipality__name"],
                    "minute": date_format(timezone.localtime(row["minute"]), "DATETIME_FORMAT"),
                }
            else:
                key = label = row[CLUSTER_FIELDS[kind]]
            clusters.append({"kind": kind, "key": key, "label": label or "–", **row})
        return clusters

    def cluster(self, edition, kind, key):
        """The votes of one cluster that `clusters()` listed."""
        votes = self.filter(edition=edition)
        if kind == ClusterKind.BURST:
            nominee, _at, minute = key.partition("@")
            start = parse_datetime(minute)
            if not nominee.isdigit() or start is None:
                return votes.none()
            return votes.filter(
                nominee_id=int(nominee), created_at__gte=start, created_at__lt=start + BURST_WINDOW
            )
        return votes.filter(**{CLUSTER_FIELDS[ClusterKind(kind)]: key})


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
        return _xor(_padded(address), self.address_key)

    def open_address(self, sealed):
        key = self.address_key
        if not key or len(key) != len(sealed):
            return None
        return _xor(sealed, bytes(key)).rstrip(b"\0").decode(errors="replace")

    def obstacle(self, at=None):
        """What keeps this vote from being confirmed now, as the outcome to show; None if nothing."""
        at = at or timezone.now()
        if self.voiding_id is not None:
            return Confirmation(Outcome.VOIDED, self)
        if self.confirmed_at is not None:
            return Confirmation(Outcome.ALREADY_COUNTED, self)
        if self.edition.phase(at) != Phase.VOTING_OPEN:
            return Confirmation(Outcome.CLOSED, self)
        if at >= self.created_at + confirmation_lifetime():
            return Confirmation(Outcome.EXPIRED, self)
        other = self.counted_vote_of_same_person()
        if other is not None:
            return Confirmation(Outcome.OTHER_VOTE_COUNTS, other)
        return None

    def counted_vote_of_same_person(self):
        return (
            Vote.objects.select_related("nominee__municipality")
            .filter(
                edition_id=self.edition_id, voter_key=self.voter_key, confirmed_at__isnull=False
            )
            .exclude(pk=self.pk)
            .first()
        )

    def confirm(self, sealed_address=b"", at=None):
        """Count the vote: the one way a vote is confirmed; safe to repeat and to race.

        One conditional update sets the confirmation, so a repeated or
        simultaneous confirmation counts nothing twice, and the database's
        unique constraint keeps one confirmed vote per person.
        """
        at = at or timezone.now()
        obstacle = self.obstacle(at)
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
        self.refresh_from_db(fields=["confirmed_at", "voiding", "address_key"])
        if counted:
            return Confirmation(Outcome.COUNTED, self, address)
        # Another request confirmed (or staff voided) the vote a moment ago.
        return self.obstacle(at)


class Voiding(models.Model):
    """Staff's decision to void a vote or a cluster of votes: who, when, why and what."""

    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="voidings", verbose_name=_("prisrunde")
    )
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="vote_voidings",
        verbose_name=_("annullert av"),
    )
    voided_at = models.DateTimeField(_("annullert"), default=timezone.now)
    reason = models.TextField(_("begrunnelse"))
    description = models.CharField(_("hva som ble annullert"), max_length=300)
    vote_count = models.PositiveIntegerField(_("antall stemmer"), default=0)

    class Meta:
        verbose_name = _("annullering")
        verbose_name_plural = _("annulleringer")
        ordering = ["-voided_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="voiding_has_a_reason"),
        ]

    def __str__(self):
        return f"{self.description} ({date_format(timezone.localtime(self.voided_at), 'DATETIME_FORMAT')})"


class SpentChallenge(models.Model):
    """A solved proof-of-work challenge, kept until it expires so that it is accepted once."""

    NONCE_MAX_LENGTH = 100

    nonce = models.CharField(max_length=NONCE_MAX_LENGTH, unique=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return self.nonce
