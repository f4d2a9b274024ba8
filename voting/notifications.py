"""E-mails to a voter. The address is handed in, used for the message and never kept."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from .tokens import confirmation_token


def confirmation_link(vote, address):
    token = confirmation_token(vote, address)
    return settings.SITE_URL.rstrip("/") + reverse("voting:confirm", kwargs={"token": token})


def send_confirmation_request(vote, address):
    context = {
        "vote": vote,
        "nominee": vote.nominee,
        "edition": vote.edition,
        "link": confirmation_link(vote, address),
        "expires_at": vote.confirmation_expires_at(),
    }
    subject = _("Bekreft stemmen din på %(name)s") % {"name": vote.nominee.municipality.name}
    _send(subject, render_to_string("voting/email/confirm.txt", context), address)


def send_receipt(vote, address):
    context = {"vote": vote, "nominee": vote.nominee, "edition": vote.edition}
    subject = _("Stemmen din på %(name)s er talt med") % {"name": vote.nominee.municipality.name}
    _send(subject, render_to_string("voting/email/counted.txt", context), address)


def _send(subject, body, address):
    # Only this closure holds the address, and only until the message is sent.
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address]))
