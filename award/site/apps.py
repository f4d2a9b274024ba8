from django.apps import AppConfig


class SiteConfig(AppConfig):
    """Installed as an app of its own, last, so that Django finds the admin of editions
    and the demo command here, and nothing in the rest of award has to import upwards
    to register them. It has no models: editions and their texts keep the label `award`."""

    name = "award.site"
    label = "award_site"
