from django.urls import path

from . import views

app_name = "nominations"

urlpatterns = [
    path("", views.create, name="create"),
    path("vedlegg/<int:pk>/", views.download_attachment, name="attachment"),
    path("<str:token>/", views.edit, name="edit"),
    path("<str:token>/kvittering/", views.receipt, name="receipt"),
    path("<str:token>/vedlegg/", views.upload_attachment, name="upload"),
    path("<str:token>/trekk/", views.withdraw, name="withdraw"),
]
