"""The ceiling of the stack: Django with no apps and no middleware, and views of three bytes.

Served by the same gunicorn as the site, in the same run (bench/run.py), with
DJANGO_SETTINGS_MODULE=bench.bare: what a request costs Django and gunicorn
before the site adds anything.
"""

import os

from bench.views import urlpatterns  # noqa: F401 (this module is its own URLconf)

SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
INSTALLED_APPS = []
MIDDLEWARE = []
ROOT_URLCONF = "bench.bare"
DATABASES = {}
USE_TZ = True
