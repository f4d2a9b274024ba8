from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from award import health

from . import metrics, views
from .opendata import api as opendata

# Addresses are Norwegian in every language, so a shared link works for everyone.
site_patterns = [
    path("", views.front_page, name="front_page"),
    path("arkiv/", views.archive, name="archive"),
    path("kriterier/", views.criteria, name="criteria"),
    path("tilgjengelighet/", views.accessibility_statement, name="accessibility"),
    path("personvern/", views.privacy_statement, name="privacy"),
    path("tilbakemelding/", views.feedback, name="feedback"),
    path("prisen/<int:year>/", views.edition_detail, name="edition"),
    path("prisen/<int:year>/kunngjoring/", views.announcement, name="announcement"),
    path("prisen/<int:year>/kunngjoring/status/", views.announcement_status, name="announcement_status"),
    path("prisen/<int:year>/pressemelding/", views.press_release, name="press_release"),
    path("prisen/<int:year>/resultat/", views.vote_result, name="vote_result"),
    path("prisen/<int:year>/<slug:slug>/", views.nominee_detail, name="nominee"),
    path("prisen/<int:year>/<slug:slug>/bilde/", views.nominee_photo, name="nominee_photo"),
]

urlpatterns = [
    path("api/v1/", opendata.urls),
    path(settings.ADMIN_PATH, admin.site.urls),
    # For load balancers: one address in every language, never redirected.
    path("helse/", health.health, name="health"),
    # For operations' Prometheus: a 404 to anyone without the token or an allowed address.
    path("metrikker/", metrics.metrics, name="metrics"),
    *i18n_patterns(
        path("", include((site_patterns, "award"))),
        path("forslag/", include("nominations.urls")),
        path("stem/", include("voting.urls")),
        # The campaign kit, under the addresses of the pages it belongs to (/stem/, /prisen/).
        path("", include("campaign.urls")),
        prefix_default_language=False,
    ),
]
