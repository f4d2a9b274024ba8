"""Views of three bytes: the ceilings each scenario of the benchmark is measured against."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt


def three_bytes(request, **kwargs):
    """The least a Django view can do."""
    return HttpResponse(b"ok\n", content_type="text/plain")


# The vote cycle's four requests (vote page and vote, confirmation page and
# confirmation) on two addresses shaped like the vote's, each answered with
# three bytes; the two that post need no CSRF token.
urlpatterns = [
    path("bench/baseline/", three_bytes),
    path("bench/cycle/<slug:slug>/", csrf_exempt(three_bytes)),
    path("bench/cycle/bekreft/<str:token>/", csrf_exempt(three_bytes)),
]
