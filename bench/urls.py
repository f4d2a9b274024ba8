from django.http import HttpResponse
from django.urls import path

from award.urls import urlpatterns as site_urlpatterns


def baseline(request):
    """The least a Django view can do: the ceiling the site's pages are measured against."""
    return HttpResponse(b"ok\n", content_type="text/plain")


urlpatterns = [path("bench/baseline/", baseline), *site_urlpatterns]
