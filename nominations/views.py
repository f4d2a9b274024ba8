from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import user_passes_test
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from award.challenge import is_solved
from award.models import Edition, Phase
from award.ratelimit import Level, nomination_level

from . import notifications
from .forms import AttachmentForm, NominationForm
from .models import Attachment, Nomination, NominationClosed, NominationStatus
from .permissions import can_download_attachments
from .tokens import edit_token, link_was_replaced, nomination_for_token

SUBMIT = "submit"


class LinkReplaced(Exception):
    """The private link was ours, but staff have replaced its key since."""


def private_link(view):
    """A view of the private link: a replaced link gets a page that says so and what to do."""

    @wraps(view)
    def wrapper(request, token, *args, **kwargs):
        try:
            return view(request, token, *args, **kwargs)
        except LinkReplaced:
            context = {"contact_email": settings.PRIZE_CONTACT_EMAIL}
            return render(request, "nominations/link_replaced.html", context, status=404)

    return wrapper


def create(request):
    edition = Edition.objects.current()
    if edition is None or edition.phase() != Phase.NOMINATIONS_OPEN:
        if request.method == "POST":
            form = NominationForm(request.POST, edition=edition or Edition(), submitting=False)
            form.add_error(None, _closed_message(edition, sent=FORM_SENT))
            return render(request, "nominations/form.html", {"form": form, "edition": edition})
        context = {"edition": edition, "opens_later": edition and edition.phase() == Phase.UPCOMING}
        return render(request, "nominations/closed.html", context)
    submitting = request.POST.get("action") == SUBMIT
    form = NominationForm(request.POST or None, edition=edition, submitting=submitting)
    # The form asks for the challenge up front when the next new entry would need it.
    form.challenge = nomination_level(request, attempt=False) != Level.ALLOW
    status = 200
    if request.method == "POST" and form.is_valid():
        # Only an entry that would be saved counts against the limits.
        level = nomination_level(request, attempt=True)
        if level == Level.REFUSE:
            form.add_error(None, _refused_message())
            status = 429
        elif level == Level.CHALLENGE and not is_solved(form.cleaned_data["altcha"]):
            form.challenge = True
            form.add_error("altcha", _challenge_message())
        else:
            return _after_save(request, form.save())
    context = {"form": form, "edition": edition, "challenge": form.challenge}
    return render(request, "nominations/form.html", context, status=status)


@private_link
def edit(request, token):
    nomination = _nomination_or_404(token)
    edition = nomination.edition
    submitting = request.POST.get("action") == SUBMIT
    form = NominationForm(
        request.POST or None, instance=nomination, edition=edition, submitting=submitting
    )
    if request.method == "POST":
        if not nomination.can_be_changed():
            form.is_valid()
            form.add_error(None, _closed_message(edition, nomination, sent=FORM_SENT))
        elif form.is_valid():
            return _after_save(request, form.save())
    context = {
        "form": form,
        "edition": edition,
        "nomination": nomination,
        "token": token,
        "attachment_form": AttachmentForm(nomination=nomination),
        "closed_message": None if nomination.can_be_changed() else _closed_message(edition, nomination),
    }
    return render(request, "nominations/form.html", context)


@private_link
def receipt(request, token):
    nomination = _nomination_or_404(token)
    context = {
        "nomination": nomination,
        "edition": nomination.edition,
        "token": token,
        "link": notifications.private_link(nomination),
    }
    return render(request, "nominations/receipt.html", context)


@private_link
@require_POST
def upload_attachment(request, token):
    nomination = _nomination_or_404(token)
    form = AttachmentForm(request.POST, request.FILES, nomination=nomination)
    closed_message = None
    if not nomination.can_be_changed():
        form.is_valid()
        closed_message = _closed_message(nomination.edition, nomination, sent=ATTACHMENT_SENT)
        form.add_error(None, closed_message)
    elif form.is_valid():
        attachment = form.save()
        messages.success(request, _("Vedlegget «%(name)s» er lagt ved.") % {"name": attachment})
        return redirect("nominations:edit", token=token)
    context = {
        "form": NominationForm(instance=nomination, edition=nomination.edition),
        "edition": nomination.edition,
        "nomination": nomination,
        "token": token,
        "attachment_form": form,
        "closed_message": closed_message,
    }
    return render(request, "nominations/form.html", context, status=400)


@private_link
@require_POST
def withdraw(request, token):
    nomination = _nomination_or_404(token)
    try:
        nomination.change_status(NominationStatus.WITHDRAWN, reason=_("Trukket av kommunen"))
    except NominationClosed:
        messages.error(request, _closed_message(nomination.edition, nomination))
    else:
        messages.success(request, _("Forslaget er trukket. Det blir ikke vurdert."))
    return redirect("nominations:receipt", token=token)


@user_passes_test(can_download_attachments)
def download_attachment(request, pk):
    # A jury member opens only what they may read: not a conflicted municipality's files.
    attachment = get_object_or_404(
        Attachment, pk=pk, nomination__in=Nomination.objects.visible_to(request.user)
    )
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.download_name(),
        content_type=attachment.content_type,
    )


def _after_save(request, nomination):
    token = edit_token(nomination)
    if nomination.status == NominationStatus.SUBMITTED:
        notifications.send_receipt(nomination)
        messages.success(request, _("Forslaget er sendt inn. Du har fått en kvittering på e-post."))
        return redirect("nominations:receipt", token=token)
    notifications.send_draft_link(nomination)
    messages.success(
        request,
        _("Utkastet er lagret. Vi har sendt en lenke til %(email)s, slik at du kan fortsette senere.")
        % {"email": nomination.contact_email},
    )
    return redirect("nominations:edit", token=token)


def _nomination_or_404(token):
    nomination = nomination_for_token(token)
    if nomination is None and link_was_replaced(token):
        raise LinkReplaced
    if nomination is None:
        raise Http404(_("Lenken er ugyldig eller har blitt endret."))
    return nomination


# What a person sent when they met the closed form: nothing (they opened the link), the form, a file.
FORM_SENT = "form"
ATTACHMENT_SENT = "attachment"


def _closed_message(edition, nomination=None, sent=None):
    if nomination is not None and nomination.status == NominationStatus.WITHDRAWN:
        return _("Forslaget er trukket og kan ikke endres.")
    if edition is None or edition.nominations_deadline_at is None:
        return _("Det er ikke mulig å sende forslag nå.")
    if edition.phase() == Phase.UPCOMING:
        return _("Det er ikke mulig å sende forslag ennå.")
    deadline = date_format(localtime(edition.nominations_deadline_at), "DATETIME_FORMAT")
    if sent == FORM_SENT:
        return _(
            "Fristen for forslag gikk ut %(deadline)s, så det du sendte ble ikke lagret. "
            "Det du skrev, står fortsatt i skjemaet."
        ) % {"deadline": deadline}
    if sent == ATTACHMENT_SENT:
        return _("Fristen for forslag gikk ut %(deadline)s, så vedlegget ble ikke lagret.") % {
            "deadline": deadline
        }
    return _("Fristen for forslag gikk ut %(deadline)s. Forslaget kan ikke endres lenger.") % {
        "deadline": deadline
    }


def _refused_message():
    return _(
        "Det er laget svært mange forslag herfra den siste timen, så vi tar en pause for å "
        "hindre misbruk. Forslaget ble ikke lagret, men det du skrev, står fortsatt i skjemaet. "
        "Prøv igjen om en time, eller kontakt IMDi på %(email)s."
    ) % {"email": settings.PRIZE_CONTACT_EMAIL}


def _challenge_message():
    return _(
        "Kryss av i boksen «Jeg er ikke en robot», og vent til den viser at du er bekreftet, "
        "før du lagrer forslaget."
    )
