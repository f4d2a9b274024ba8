from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "award"

site_patterns = [
    path("", views.front_page, name="front_page"),
    path(_("arkiv/"), views.archive, name="archive"),
    path(_("kriterier/"), views.criteria, name="criteria"),
    path(_("tilgjengelighet/"), views.accessibility_statement, name="accessibility"),
    path(_("personvern/"), views.privacy_statement, name="privacy"),
    path(_("tilbakemelding/"), views.feedback, name="feedback"),
    path(_("prisen/<int:year>/"), views.edition_detail, name="edition"),
    path(_("prisen/<int:year>/<slug:slug>/"), views.nominee_detail, name="nominee"),
]

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    *i18n_patterns(
        path("", include((site_patterns, "award"))),
        prefix_default_language=False,
    ),
]
