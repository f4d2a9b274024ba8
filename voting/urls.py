from django.urls import path

from . import views

app_name = "voting"

urlpatterns = [
    path("", views.vote, name="vote"),
    path("utfordring/", views.challenge, name="challenge"),
    path("bekreft/<str:token>/", views.confirm, name="confirm"),
    path("<slug:slug>/", views.vote_for, name="vote_for"),
    path("<slug:slug>/sendt/", views.sent, name="sent"),
    path("<slug:slug>/delingsbilde.png", views.share_image, name="share_image"),
]
