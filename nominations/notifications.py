"""E-mails to a nominating municipality's contact person.

They are written in the municipality's own written standard (its
målvedtak), whatever language the person filling in the form reads the site
in, as the Language Act asks of a state body writing to a municipality.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from award import mail

from .tokens import edit_token


def private_link(nomination):
    return mail.link(reverse("nominations:edit", kwargs={"token": edit_token(nomination)}))


def send_receipt(nomination):
    _send(
        nomination,
        "nominations/email/receipt.txt",
        gettext_noop("Kvittering: forslag til %(prize)s"),
    )


def send_draft_link(nomination):
    _send(
        nomination,
        "nominations/email/draft.txt",
        gettext_noop("Utkast lagret: forslag til %(prize)s"),
    )


def send_shortlisted(nomination):
    _send(
        nomination,
        "nominations/email/shortlisted.txt",
        gettext_noop("%(municipality)s er nominert til %(prize)s"),
    )


def send_new_link(nomination):
    _send(
        nomination,
        "nominations/email/new_link.txt",
        gettext_noop("Ny lenke til forslaget fra %(municipality)s til %(prize)s"),
    )


def _send(nomination, template, subject):
    with translation.override(nomination.municipality.language_code()):
        context = {
            "nomination": nomination,
            "link": private_link(nomination),
            "edition_link": mail.link(
                reverse("award:edition", kwargs={"year": nomination.edition.year})
            ),
            "contact_email": settings.PRIZE_CONTACT_EMAIL,
        }
        subject = gettext(subject) % {
            "municipality": nomination.municipality,
            "prize": nomination.edition.title,
        }
        body = render_to_string(template, context)
    mail.send(nomination.contact_email, subject, body)


def send_finalist(nomination):
    _send(
        nomination,
        "nominations/email/finalist.txt",
        gettext_noop("%(municipality)s er finalist i %(prize)s"),
    )


def send_winner(nomination):
    _send(
        nomination,
        "nominations/email/winner.txt",
        gettext_noop("%(municipality)s har vunnet %(prize)s"),
    )
