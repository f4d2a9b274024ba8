"""The site's addresses and the views of three bytes, behind the site's whole middleware."""

from award.site.urls import urlpatterns as site_urlpatterns
from bench.views import urlpatterns as bench_urlpatterns

urlpatterns = [*bench_urlpatterns, *site_urlpatterns]
