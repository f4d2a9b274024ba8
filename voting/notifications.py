"""E-mails to a voter. The address is handed in, used for the message and not kept.

The e-mails leave through the queue (award.mail), so that a slow or absent
mail server neither slows the vote nor loses a confirmation; the queue erases
the address and the text once the message has left.
"""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from award import mail

from .tokens import confirmation_token


def confirmation_link(vote, address):
    token = confirmation_token(vote, address)
    return mail.link(reverse("voting:confirm", kwargs={"token": token}))


def send_confirmation_request(vote, address):
    context = {
        "vote": vote,
        "nominee": vote.nominee,
        "edition": vote.edition,
        "link": confirmation_link(vote, address),
        "expires_at": vote.confirmation_expires_at(),
    }
    subject = _("Bekreft stemmen din på %(name)s") % {"name": vote.nominee.municipality.name}
    mail.send(address, subject, render_to_string("voting/email/confirm.txt", context))


def send_receipt(vote, address):
    context = {"vote": vote, "nominee": vote.nominee, "edition": vote.edition}
    subject = _("Stemmen din på %(name)s er talt med") % {"name": vote.nominee.municipality.name}
    mail.send(address, subject, render_to_string("voting/email/counted.txt", context))
