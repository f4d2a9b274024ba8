"""The «Fant du det du lette etter?» form at the bottom of content pages."""

from django import template

from ..forms import FeedbackForm

register = template.Library()


@register.simple_tag(takes_context=True)
def new_feedback_form(context):
    """A fresh FeedbackForm that will send the visitor back to this page.

    Usage: {% new_feedback_form as feedback_form %}. Gives None without a
    request in the context, so that the template can leave the form out.
    """
    request = context.get("request")
    if request is None:
        return None
    max_length = FeedbackForm.base_fields["path"].max_length
    # A long query string (campaign parameters, say) must not make the form
    # invalid: fall back to the path alone, and at worst to the front page.
    path = request.get_full_path()
    if len(path) > max_length:
        path = request.path if len(request.path) <= max_length else "/"
    return FeedbackForm(initial={"path": path})
