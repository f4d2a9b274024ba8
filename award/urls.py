from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import views

# Addresses are Norwegian in every language, so a shared link works for everyone.
site_patterns = [
    path("", views.front_page, name="front_page"),
    path("arkiv/", views.archive, name="archive"),
    path("kriterier/", views.criteria, name="criteria"),
    path("tilgjengelighet/", views.accessibility_statement, name="accessibility"),
    path("personvern/", views.privacy_statement, name="privacy"),
    path("tilbakemelding/", views.feedback, name="feedback"),
    path("prisen/<int:year>/", views.edition_detail, name="edition"),
    path("prisen/<int:year>/<slug:slug>/", views.nominee_detail, name="nominee"),
    path("prisen/<int:year>/<slug:slug>/bilde/", views.nominee_photo, name="nominee_photo"),
]

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    *i18n_patterns(
        path("", include((site_patterns, "award"))),
        path("forslag/", include("nominations.urls")),
        prefix_default_language=False,
    ),
]
