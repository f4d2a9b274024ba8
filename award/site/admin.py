"""The admin of editions, with the steps that make a cycle public.

Site-level, like the rest of award.site: publishing the finalists reads the
vote's standings (voting), and every moved date or reveal reschedules the
nominees' e-mails (nominations). The admins of award's own nouns are in
award/admin/.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from award.models import Edition
from award.translation import other_language_names
from nominations.permissions import visible_editions
from nominations.tasks import schedule_reveal_announcements
from voting.models import Vote


def spoken_moment(moment):
    """A moment as staff say it, in their language: «17. november 2026 kl. 12.00»."""
    return date_format(localtime(moment), "DATETIME_FORMAT")


def done_now(message, edition, planned):
    """`message` about `edition`, and the moment it had been planned for, if it lay ahead."""
    text = message % {"edition": edition}
    if planned is not None and planned > timezone.now():
        text += " " + gettext("Det var planlagt til %(moment)s.") % {"moment": spoken_moment(planned)}
    return text


# The steps staff may set ahead in the form, with the action that does them now.
SCHEDULED_STEPS = [
    ("nominees_published_at", "publish_nominees"),
    ("finalists_revealed_at", "publish_finalists_now"),
    ("winner_revealed_at", "reveal_winner"),
]



@admin.register(Edition)
class EditionAdmin(SimpleHistoryAdmin):
    list_display = ["year", "period_label", "prize_name", "current_phase", "ceremony_at", "venue"]
    list_filter = ["prize_name"]
    search_fields = ["year", "period_label", "venue", "summary"]
    readonly_fields = ["current_phase", "updated_at"]
    fieldsets = [
        (None, {"fields": ["year", "period_label", "prize_name", "entry_threshold"]}),
        (_("Tekster"), {"fields": ["summary", "body"]}),
        (
            _("Tekstene på nynorsk og engelsk"),
            {"classes": ["collapse"], "fields": other_language_names("summary", "body", "venue")},
        ),
        (
            _("Tidsplan"),
            {
                "description": _(
                    "Fasen regnes ut fra datoene. La et felt stå tomt hvis runden ikke har det steget."
                ),
                "fields": [
                    "current_phase",
                    "nominations_open_at",
                    "nominations_deadline_at",
                    "nominees_published_at",
                    "voting_opens_at",
                    "voting_closes_at",
                    "finalists_revealed_at",
                    "ceremony_at",
                    "venue",
                    "winner_revealed_at",
                ],
            },
        ),
        (None, {"fields": ["updated_at"]}),
    ]

    actions = ["publish_nominees", "publish_finalists", "publish_finalists_now", "reveal_winner"]

    def get_queryset(self, request):
        return visible_editions(request.user, super().get_queryset(request))

    @admin.display(description=_("fase nå"))
    def current_phase(self, edition):
        return edition.phase().label

    def has_publish_nominees_permission(self, request):
        return request.user.has_perm("award.publish_nominees")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Moved dates move the e-mails to finalists and winner with them.
        transaction.on_commit(lambda: schedule_reveal_announcements(obj))
        now = timezone.now()
        for field, action in SCHEDULED_STEPS:
            moment = getattr(obj, field)
            if field in form.changed_data and moment is not None and moment > now:
                self.message_user(
                    request,
                    gettext(
                        "«%(step)s» er planlagt til %(moment)s. "
                        "Velg «%(action)s» i listen over prisrunder for å gjøre det nå."
                    )
                    % {
                        "step": capfirst(Edition._meta.get_field(field).verbose_name),
                        "moment": spoken_moment(moment),
                        "action": getattr(self, action).short_description,
                    },
                    messages.INFO,
                )

    def _publish_finalists(self, request, queryset, at_once):
        for edition in queryset:
            finalists = Vote.objects.finalists(edition)
            try:
                at = edition.publish_finalists(
                    [standing.nominee for standing in finalists.standings],
                    by=request.user,
                    at_once=at_once,
                )
            except ValidationError as error:
                self.message_user(request, f"{edition}: {' '.join(error.messages)}", messages.ERROR)
                continue
            transaction.on_commit(lambda edition=edition: schedule_reveal_announcements(edition))
            names = ", ".join(str(s.nominee.municipality) for s in finalists.standings)
            if at > timezone.now():
                self.message_user(
                    request,
                    gettext(
                        "Finalistene i %(edition)s er valgt og planlagt kunngjort %(moment)s: "
                        "%(names)s. Velg «%(action)s» for å kunngjøre dem nå."
                    )
                    % {
                        "edition": edition,
                        "moment": spoken_moment(at),
                        "names": names,
                        "action": self.publish_finalists_now.short_description,
                    },
                    messages.SUCCESS,
                )
            else:
                self.message_user(
                    request,
                    gettext("Finalistene i %(edition)s er kunngjort nå: %(names)s.")
                    % {"edition": edition, "names": names},
                    messages.SUCCESS,
                )
            if finalists.tied_at_third:
                self.message_user(
                    request,
                    gettext(
                        "Flere nominerte hadde like mange stemmer som den på tredjeplass, "
                        "og alle er blitt finalister."
                    ),
                    messages.WARNING,
                )

    @admin.action(
        description=_("Kunngjør finalistene (de tre med flest stemmer), til planlagt tid eller nå"),
        permissions=["publish_nominees"],
    )
    def publish_finalists(self, request, queryset):
        self._publish_finalists(request, queryset, at_once=False)

    @admin.action(
        description=_("Kunngjør finalistene nå, også før planlagt tid"),
        permissions=["publish_nominees"],
    )
    def publish_finalists_now(self, request, queryset):
        self._publish_finalists(request, queryset, at_once=True)

    @admin.action(description=_("Kunngjør vinneren nå"), permissions=["publish_nominees"])
    def reveal_winner(self, request, queryset):
        for edition in queryset:
            planned = edition.winner_revealed_at
            try:
                edition.reveal_winner(by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{edition}: {' '.join(error.messages)}", messages.ERROR)
                continue
            transaction.on_commit(lambda edition=edition: schedule_reveal_announcements(edition))
            self.message_user(
                request,
                done_now(gettext("Vinneren av %(edition)s er kunngjort nå."), edition, planned),
                messages.SUCCESS,
            )

    @admin.action(description=_("Kunngjør de nominerte nå"), permissions=["publish_nominees"])
    def publish_nominees(self, request, queryset):
        for edition in queryset:
            planned = edition.nominees_published_at
            try:
                edition.publish_nominees(by=request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"{edition}: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                self.message_user(
                    request,
                    done_now(
                        gettext("De nominerte til %(edition)s er kunngjort nå."), edition, planned
                    ),
                    messages.SUCCESS,
                )
