from django.urls import path

from . import views

app_name = "campaign"

urlpatterns = [
    path("stem/<slug:slug>/plakat/", views.poster, name="poster"),
    path("stem/<slug:slug>/qr.svg", views.qr_code, name="qr"),
    path("prisen/<int:year>/<slug:slug>/merke/", views.badge, name="badge"),
    path("prisen/<int:year>/<slug:slug>/merke.svg", views.badge_svg_file, name="badge_svg"),
    path("prisen/<int:year>/<slug:slug>/merke.png", views.badge_png_file, name="badge_png"),
    path("prisen/<int:year>/kalender.ics", views.edition_feed, name="edition_feed"),
    path("prisen/kalender.ics", views.current_feed, name="current_feed"),
]
