"""The entries as a spreadsheet (CSV) for staff, with the jury's ranking beside each."""

import csv

from django.db.models import Count
from django.http import HttpResponse
from django.template.defaultfilters import floatformat
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from award.models import Edition

from ..models import SCORED_CRITERIA, Nominee

# Characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value):
    """Text the municipality wrote, kept from being run as a formula in Excel."""
    if value and value.startswith(FORMULA_START):
        return "'" + value
    return value


def yes_no(value):
    if value is None:
        return ""
    return _("Ja") if value else _("Nei")


def share_or_blank(share):
    # Written as the entry criterion writes shares: «62,5», «70».
    return "" if share is None else floatformat(share, -1)


def number_or_blank(value):
    return "" if value is None else value


def standing_columns(standing):
    """Count, means per criterion, total and place, written as staff read them."""
    if standing is None or standing.total is None:
        count = standing.score_count if standing else 0
        return [count, *([""] * len(SCORED_CRITERIA)), "", ""]
    return [
        standing.score_count,
        *(floatformat(mean, 2) for mean in standing.rounded_means),
        floatformat(standing.rounded_total, 2),
        standing.place,
    ]


def entries_csv(queryset):
    """The entries of `queryset` as a CSV file Excel opens, one row an entry."""
    nominations = queryset.select_related("edition", "municipality__county").annotate(
        attachment_count=Count("attachments")
    )
    standings = {
        standing.nomination.pk: standing
        for edition in Edition.objects.filter(pk__in=queryset.values("edition"))
        for standing in edition.nominations.ranked()
    }
    nominated = set(
        Nominee.objects.filter(edition__in=queryset.values("edition")).values_list(
            "edition_id", "municipality_id"
        )
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="forslag.csv"'
    # The byte order mark tells Excel the file is UTF-8, so æ, ø and å survive.
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("År"),
            _("Kommunenummer"),
            _("Kommune"),
            _("Fylke"),
            _("Status"),
            _("Enhet"),
            _("Kontaktperson"),
            _("Rolle eller stilling"),
            _("E-postadresse"),
            _("Telefonnummer"),
            _("Antall deltakere"),
            _("Andel i arbeid eller utdanning rett etter programmet (prosent)"),
            _("Andel i arbeid eller utdanning ett år etter programmet (prosent)"),
            _("Anmodning om bosetting"),
            _("Bosatt"),
            _("Vedtak i tråd med anmodningen"),
            _("Oppfyller inngangskriteriet"),
            _("Mangler ved inngangskriteriet"),
            _("Sendt inn"),
            _("Engasjement og fleksibilitet i bosettingen"),
            _("Nye prosjekter og tiltak"),
            _("Tilpasset program og kvalifisering til formell kompetanse"),
            _("Antall vedlegg"),
            _("Vurdering"),
            _("Begrunnelse for vurderingen"),
            _("Antall poenggivninger"),
            *(gettext("Snitt: %(criterion)s") % {"criterion": label} for _f, label in SCORED_CRITERIA),
            _("Sum av snittene"),
            _("Plass"),
            _("Nominert"),
        ]
    )
    for nomination in nominations:
        shortfalls = nomination.entry_criterion_shortfalls()
        municipality = nomination.municipality
        writer.writerow(
            [
                nomination.edition.year,
                municipality.number,
                municipality.name,
                municipality.county.name,
                nomination.get_status_display(),
                spreadsheet_text(nomination.unit),
                spreadsheet_text(nomination.contact_name),
                spreadsheet_text(nomination.contact_role),
                spreadsheet_text(nomination.contact_email),
                spreadsheet_text(nomination.contact_phone),
                number_or_blank(nomination.participants),
                share_or_blank(nomination.share_in_work_directly),
                share_or_blank(nomination.share_in_work_after_one_year),
                number_or_blank(nomination.settlement_requested),
                number_or_blank(nomination.settlement_settled),
                yes_no(nomination.council_decided_per_request),
                yes_no(not shortfalls),
                " ".join(shortfalls),
                (
                    localtime(nomination.submitted_at).isoformat(timespec="seconds")
                    if nomination.submitted_at
                    else ""
                ),
                spreadsheet_text(nomination.answer_settlement),
                spreadsheet_text(nomination.answer_projects),
                spreadsheet_text(nomination.answer_qualification),
                nomination.attachment_count,
                nomination.get_eligibility_display(),
                spreadsheet_text(nomination.eligibility_reason),
                *standing_columns(standings.get(nomination.pk)),
                yes_no((nomination.edition_id, nomination.municipality_id) in nominated),
            ]
        )
    return response
