"""E-mails to a nominating municipality's contact person."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from .tokens import edit_token


def private_link(nomination):
    return settings.SITE_URL.rstrip("/") + reverse(
        "nominations:edit", kwargs={"token": edit_token(nomination)}
    )


def send_to_contact(nomination, template, subject):
    context = {
        "nomination": nomination,
        "link": private_link(nomination),
        "contact_email": settings.PRIZE_CONTACT_EMAIL,
    }
    body = render_to_string(template, context)
    recipient = nomination.contact_email
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
    )


def send_shortlisted(nomination):
    """Tell the contact person, in the municipality's written standard, that it is nominated."""
    with translation.override(nomination.municipality.language_code()):
        context = {
            "nomination": nomination,
            "contact_email": settings.PRIZE_CONTACT_EMAIL,
        }
        subject = gettext("%(municipality)s er nominert til %(prize)s") % {
            "municipality": nomination.municipality,
            "prize": nomination.edition.title,
        }
        body = render_to_string("nominations/email/shortlisted.txt", context)
    recipient = nomination.contact_email
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
    )
