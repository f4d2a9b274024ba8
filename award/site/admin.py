from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from nominations.models import Nomination
from nominations.tasks import schedule_reveal_announcements
from voting.models import Vote

from . import mail
from .models import (
    SCORE_FIELDS,
    Assessment,
    Conflict,
    Edition,
    EmailStatus,
    Feedback,
    JuryMember,
    OutgoingEmail,
    PressRelease,
    Quote,
)
from .permissions import (
    visible_assessment_versions,
    visible_assessments,
    visible_conflicts,
    visible_editions,
)
from .roles import seat_on_jury
from .translation import other_language_names


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


@admin.register(JuryMember)
class JuryMemberAdmin(SimpleHistoryAdmin):
    """Staff seat people on an edition's jury; the account itself is made by an administrator."""

    list_display = ["user", "edition"]
    list_filter = ["edition"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "edition"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        seat_on_jury(obj.user)


class ConflictForm(forms.ModelForm):
    class Meta:
        model = Conflict
        fields = ["juror", "municipality", "reason"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and "juror" in self.fields and not user.has_perm("award.change_conflict"):
            # A jury member declares for themselves, on the juries they sit on.
            seats = JuryMember.objects.filter(user=user)
            self.fields["juror"].queryset = seats
            if len(seats) == 1:
                self.fields["juror"].initial = seats[0]


@admin.register(Conflict)
class ConflictAdmin(SimpleHistoryAdmin):
    """Declared conflicts are kept: a jury member adds them, only staff change them."""

    form = ConflictForm
    list_display = ["juror", "municipality", "reason", "declared_at"]
    list_filter = ["juror__edition"]
    search_fields = ["municipality__search_text", "juror__user__last_name", "reason"]
    autocomplete_fields = ["municipality"]
    list_select_related = ["juror__user", "juror__edition", "municipality"]

    def get_queryset(self, request):
        return visible_conflicts(request.user, super().get_queryset(request))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)

        class FormForUser(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, user=request.user, **inner)

        return FormForUser

    def has_delete_permission(self, request, obj=None):
        return False


class AssessmentForm(forms.ModelForm):
    """A jury member's scores; the member is the one signed in, never chosen."""

    submit_now = forms.BooleanField(
        label=_("Send inn poengene nå"),
        required=False,
        help_text=_(
            "Etter innsending kan du ikke endre poengene, og du ser de andre "
            "jurymedlemmenes innsendte poeng for dette forslaget."
        ),
    )

    class Meta:
        model = Assessment
        fields = ["nomination", *SCORE_FIELDS, "comment"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "nomination" in self.fields:
            scored = Assessment.objects.filter(juror__user=user).values("nomination")
            self.fields["nomination"].queryset = (
                Nomination.objects.visible_to(user)
                .filter(edition__jury__user=user)
                .exclude(pk__in=scored)
                .select_related("municipality", "edition")
            )

    def clean(self):
        cleaned = super().clean()
        nomination = cleaned.get("nomination")
        if nomination is None and self.instance.pk:
            nomination = self.instance.nomination
        if nomination is not None and self.instance.juror_id is None:
            seat = JuryMember.objects.filter(user=self.user, edition=nomination.edition).first()
            if seat is None:
                raise ValidationError(_("Du sitter ikke i juryen for denne prisrunden."))
            self.instance.juror = seat
        if cleaned.get("submit_now"):
            for field in SCORE_FIELDS:
                if cleaned.get(field) is None and field not in self.errors:
                    self.add_error(field, _("Gi poeng fra 1 til 5 før du sender inn."))
        return cleaned


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    """Each jury member scores here; staff read every score, and change none."""

    form = AssessmentForm
    list_display = ["nomination", "juror", *SCORE_FIELDS, "submitted_at"]
    list_filter = ["nomination__edition", "submitted_at"]
    list_select_related = ["nomination__municipality", "nomination__edition", "juror__user"]
    radio_fields = {field: admin.HORIZONTAL for field in SCORE_FIELDS}

    def get_queryset(self, request):
        return visible_assessments(request.user, super().get_queryset(request))

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        versions = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return visible_assessment_versions(request.user, self.get_object(request, object_id), versions)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)

        class FormForUser(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, user=request.user, **inner)

        return FormForUser

    def get_fields(self, request, obj=None):
        fields = ["nomination", *SCORE_FIELDS, "comment"]
        if self.has_change_permission(request, obj):
            return [*fields, "submit_now"]
        return ["juror", *fields, "submitted_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return ["juror", "nomination", "submitted_at"]
        return []

    def has_add_permission(self, request):
        return super().has_add_permission(request) and JuryMember.objects.filter(
            user=request.user
        ).exists()

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        # Only the member's own scores, and only until they are sent in.
        return obj is None or (obj.juror.user_id == request.user.pk and not obj.is_submitted)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if form.cleaned_data.get("submit_now"):
            obj.submit()
        super().save_model(request, obj, form, change)


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "path", "found", "language", "comment"]
    list_filter = ["found", "language", "created_at"]
    search_fields = ["path", "comment"]
    date_hierarchy = "created_at"
    readonly_fields = ["path", "found", "comment", "language", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 1
    fields = ["text", *other_language_names("text"), "speaker", "role", *other_language_names("role"), "position"]


@admin.register(PressRelease)
class PressReleaseAdmin(SimpleHistoryAdmin):
    list_display = ["title", "edition", "dated"]
    inlines = [QuoteInline]


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """What became of each e-mail; failed ones can be sent again."""

    list_display = [
        "subject", "status", "attempts", "next_attempt_at", "last_error", "created_at", "sent_at"
    ]
    list_filter = ["status", "created_at"]
    search_fields = ["subject"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    fields = [
        "subject", "status", "attempts", "next_attempt_at", "last_error", "created_at", "sent_at"
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send på nytt"), permissions=["change"])
    def send_again(self, request, queryset):
        failed = list(queryset.filter(status=EmailStatus.FAILED))
        for email in failed:
            mail.retry(email)
        self.message_user(
            request,
            ngettext(
                "%(count)d e-post er lagt i kø igjen.",
                "%(count)d e-poster er lagt i kø igjen.",
                len(failed),
            )
            % {"count": len(failed)},
            messages.SUCCESS,
        )
