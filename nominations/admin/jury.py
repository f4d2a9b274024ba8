"""The jury's admin: staff seat members; a member declares conflicts and scores entries."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from award.roles import seat_on_jury

from ..models import SCORE_FIELDS, SCORED_CRITERIA, Assessment, Conflict, JuryMember, Nomination
from ..permissions import visible_assessment_versions, visible_assessments, visible_conflicts


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
        if user is not None and "juror" in self.fields and not user.has_perm("nominations.change_conflict"):
            # A jury member declares for themselves, on the juries they sit on.
            seats = JuryMember.objects.filter(user=user)
            self.fields["juror"].queryset = seats
            if len(seats) == 1:
                self.fields["juror"].initial = seats[0]


class FormForSignedInUser:
    """Hands the admin's form the person signed in, whose choices it narrows to their own."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)

        class FormForUser(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, user=request.user, **inner)

        return FormForUser


@admin.register(Conflict)
class ConflictAdmin(FormForSignedInUser, SimpleHistoryAdmin):
    """Declared conflicts are kept: a jury member adds them, only staff change them."""

    form = ConflictForm
    list_display = ["juror", "municipality", "reason", "declared_at"]
    list_filter = ["juror__edition"]
    search_fields = ["municipality__search_text", "juror__user__last_name", "reason"]
    autocomplete_fields = ["municipality"]
    list_select_related = ["juror__user", "juror__edition", "municipality"]

    def get_queryset(self, request):
        return visible_conflicts(request.user, super().get_queryset(request))

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
class AssessmentAdmin(FormForSignedInUser, SimpleHistoryAdmin):
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


def scores_table(nomination, viewer):
    """The scores for `nomination` that `viewer` may read, whether each counts, and the way
    to the viewer's own: shown on the entry's page in the admin."""
    assessments = (
        Assessment.objects.filter(nomination=nomination)
        .visible_to(viewer)
        .select_related("juror__user")
    )
    counted = set(Assessment.objects.filter(nomination=nomination).counted().values_list("pk", flat=True))
    rows = format_html_join(
        "",
        "<tr><td>{}</td>{}<td>{}</td><td>{}</td></tr>",
        (
            (
                assessment.juror,
                format_html_join("", "<td>{}</td>", ((s if s else "–",) for s in assessment.scores())),
                _("Sendt inn") if assessment.is_submitted else _("Utkast"),
                _("Ja") if assessment.pk in counted else _("Nei"),
            )
            for assessment in assessments
        ),
    )
    headers = format_html_join("", "<th>{}</th>", ((label,) for _f, label in SCORED_CRITERIA))
    table = format_html(
        "<table><thead><tr><th>{}</th>{}<th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
        _("Jurymedlem"),
        headers,
        _("Status"),
        _("Teller med"),
        rows,
    )
    own = Assessment.objects.filter(nomination=nomination, juror__user=viewer).first()
    if own is not None:
        link = format_html(
            '<p><a href="{}">{}</a></p>',
            reverse("admin:nominations_assessment_change", args=[own.pk]),
            _("Se poengene dine") if own.is_submitted else _("Fortsett poenggivningen"),
        )
    elif nomination.edition.jury.filter(user=viewer).exists():
        link = format_html(
            '<p><a href="{}?nomination={}">{}</a></p>',
            reverse("admin:nominations_assessment_add"),
            nomination.pk,
            _("Gi poeng"),
        )
    else:
        link = ""
    return format_html("{}{}", table, link)
