"""Settings for the prize site, read from the environment.

Development needs no environment at all: SQLite in the project folder, a
database cache, e-mails written to files under var/mail. Production sets
DEBUG=0 and must then give a real SECRET_KEY and ALLOWED_HOSTS.
"""

import datetime
import ipaddress
import os
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)

DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-never-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
if not DEBUG and (SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters when DEBUG is off."
    )

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Django's admin, on a site that asks staff for a one-time code (award.admin_site).
    "award.admin_apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "simple_history",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "municipalities",
    "award",
    "nominations",
    "voting",
    "campaign",
    # The pages, admin and command that read every app above (award/site/).
    "award.site",
    # Widget templates are looked up like every other template, so that the
    # admin's can be replaced in templates/ (labels for the date and the time).
    "django.forms",
    # After award, whose `db_worker` wraps theirs (the first app with a command's name wins).
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First: a kept page is stored with every header the middleware below
    # gives it, and needs none of them to run again (award.pagecache).
    "award.pagecache.PageCacheMiddleware",
    # After the page cache, so that a page served from it costs nothing more.
    "award.site.metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "award.middleware.ContentSecurityPolicyMiddleware",
    "award.middleware.PermissionsPolicyMiddleware",
    "award.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "award.middleware.AdminLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "award.site.urls"
WSGI_APPLICATION = "award.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "award.context_processors.languages",
            ],
        },
    },
]

FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# The longest a statement may take, and a request wait for PostgreSQL's answer; 0: no bound.
DATABASE_TIMEOUT = env.int("DATABASE_TIMEOUT", default=10)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A server that is down, hung or unreachable must not hold a request: each of these
    # ends the wait with an error, and the request gets the 503 page (README, "Faults").
    DATABASES["default"]["ENGINE"] = "award.postgresql"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        # A new connection: the TCP connection and the server's greeting.
        connect_timeout=env.int("DATABASE_CONNECT_TIMEOUT", default=5),
        # A slow server stops the statement itself and says so; 0 switches it off.
        options=f"-c statement_timeout={DATABASE_TIMEOUT * 1000}",
        # A kept connection whose server vanished is found while it is idle, not when used.
        keepalives=1,
        keepalives_idle=30,
        keepalives_interval=10,
        keepalives_count=3,
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The default cache lives in the database so that several processes share it;
# production points CACHE_URL at Redis (django-redis, award.rediscache).
CACHES = {"default": env.cache_url("CACHE_URL", default="dbcache://django_cache")}
CACHES["default"].setdefault("KEY_PREFIX", "prize")
# Redis holds only what may be lost: while it does not answer, a read gives its
# default and a write is dropped, and the site works from PostgreSQL, slower.
# A Redis that hangs costs each operation this many seconds at most.
CACHE_SOCKET_TIMEOUT = env.float("CACHE_SOCKET_TIMEOUT", default=0.25)
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    CACHES["default"].setdefault("OPTIONS", {}).update(
        SOCKET_CONNECT_TIMEOUT=CACHE_SOCKET_TIMEOUT,
        SOCKET_TIMEOUT=CACHE_SOCKET_TIMEOUT,
        IGNORE_EXCEPTIONS=True,
    )
    # django-axes counts failed sign-ins with add() and incr(), which give None
    # while Redis is down; its own alias counts such a failure as the first.
    CACHES["lockouts"] = {**CACHES["default"], "BACKEND": "award.rediscache.LockoutCache"}
    AXES_CACHE = "lockouts"

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default=f"filemail://{BASE_DIR / 'var' / 'mail'}")
# django-environ drops the leading slash of filemail:///an/absolute/path.
if EMAIL_CONFIG.get("EMAIL_FILE_PATH") and not EMAIL_CONFIG["EMAIL_FILE_PATH"].startswith("/"):
    EMAIL_CONFIG["EMAIL_FILE_PATH"] = "/" + EMAIL_CONFIG["EMAIL_FILE_PATH"]
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Bosettings- og integreringsprisen <prisen@imdi.no>"
)
# E-mails leave through a task queue kept in the database and worked off by
# `manage.py db_worker`, so that a slow or absent mail server never slows a
# request; a refused e-mail is tried again, with longer pauses, this many times.
TASKS = {"default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}
EMAIL_MAX_ATTEMPTS = env.int("EMAIL_MAX_ATTEMPTS", default=6)
EMAIL_RETRY_SECONDS = env.int("EMAIL_RETRY_SECONDS", default=60)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nb"
# Each language is named in itself (an autonym), so the names are not translated.
LANGUAGES = [
    ("nb", "Norsk bokmål"),
    ("nn", "Norsk nynorsk"),
    ("en", "English"),
]
# Our own catalogues first; then the Norwegian of Django's and django-simple-history's
# strings that their catalogues lack (msgids in English, so kept apart from ours).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_libraries"]
FORMAT_MODULE_PATH = ["award.formats"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
MEDIA_URL = "media/"
# Nomination attachments: never under MEDIA_URL or any other public URL.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private")

# Where people reach the site: every link in every e-mail starts with it (award.mail.link).
# Production must set it (`check --deploy` fails without it); `make run` sets the address
# it serves, and this default is that address.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "")
PRIZE_CONTACT_EMAIL = env.str("PRIZE_CONTACT_EMAIL", default="bosettingsprisen@imdi.no")

# Attachments to a nomination: per file, per entry, and how many.
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
ATTACHMENTS_MAX_TOTAL_BYTES = env.int("ATTACHMENTS_MAX_TOTAL_BYTES", default=25 * 1024 * 1024)
ATTACHMENTS_MAX_COUNT = env.int("ATTACHMENTS_MAX_COUNT", default=10)

ADMIN_PATH = env.str("ADMIN_PATH", default="admin/")
# Staff sign in through the admin's own login page.
LOGIN_URL = "admin:login"
# Where a sign-in lands when ?next= is missing or points off the site: never
# Django's /accounts/profile/, which the site does not have.
LOGIN_REDIRECT_URL = "admin:index"

CRISPY_ALLOWED_TEMPLATE_PACKS = ("designsystemet",)
CRISPY_TEMPLATE_PACK = "designsystemet"

# Feedback at the bottom of content pages: at most this many answers per
# client address in the window, counted in the shared cache.
FEEDBACK_RATE_LIMIT = env.int("FEEDBACK_RATE_LIMIT", default=10)
FEEDBACK_RATE_WINDOW_SECONDS = env.int("FEEDBACK_RATE_WINDOW_SECONDS", default=3600)

# Anonymous public pages are kept in the shared cache at most this long; a
# phase change or a change by staff ends them sooner (award.pagecache). 0: off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)

# The admin's figures over all of an edition's votes (the vote log, the
# clusters) are shared by staff this many seconds before they are counted
# again; a voiding or any change by staff counts them again at once. 0: always.
VOTE_FIGURES_SECONDS = env.int("VOTE_FIGURES_SECONDS", default=15)

# Proxies in front of the site whose X-Forwarded-For header is trusted for the
# client's address; 0 reads REMOTE_ADDR, right when nothing sits in between.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# The public vote. The keyed hash of a voter's canonical e-mail address is the
# only trace of the address that is kept; a new key during a vote would let
# everyone vote again.
VOTER_HASH_KEY = env.str("VOTER_HASH_KEY", default=SECRET_KEY)
# How long a confirmation link works; it never outlives the close of the vote.
VOTE_CONFIRMATION_HOURS = env.int("VOTE_CONFIRMATION_HOURS", default=72)
# Attempts to vote per client address and per network (IPv4 /24, IPv6 /64) in
# the window, counted in the shared cache. Above the first threshold the voter
# solves a proof-of-work challenge; above the second the vote is refused. Set
# high: a town hall or a mobile operator puts many honest voters behind one address.
VOTE_RATE_WINDOW_SECONDS = env.int("VOTE_RATE_WINDOW_SECONDS", default=3600)
VOTE_CHALLENGE_AFTER_PER_ADDRESS = env.int("VOTE_CHALLENGE_AFTER_PER_ADDRESS", default=5)
VOTE_REFUSE_AFTER_PER_ADDRESS = env.int("VOTE_REFUSE_AFTER_PER_ADDRESS", default=100)
VOTE_CHALLENGE_AFTER_PER_NETWORK = env.int("VOTE_CHALLENGE_AFTER_PER_NETWORK", default=20)
VOTE_REFUSE_AFTER_PER_NETWORK = env.int("VOTE_REFUSE_AFTER_PER_NETWORK", default=1000)
# The ALTCHA proof-of-work: challenges are signed with this key, and each
# attempt costs the browser this many PBKDF2 iterations (about a second in all).
VOTE_CHALLENGE_HMAC_KEY = env.str("VOTE_CHALLENGE_HMAC_KEY", default=SECRET_KEY)
VOTE_CHALLENGE_COST = env.int("VOTE_CHALLENGE_COST", default=5000)
VOTE_CHALLENGE_SECONDS = env.int("VOTE_CHALLENGE_SECONDS", default=600)
# New entries at /forslag/ per client address and per network in the window,
# with the vote's step-up: the challenge above the first threshold, a refusal
# above the second. A municipality makes one entry, perhaps two.
NOMINATION_RATE_WINDOW_SECONDS = env.int("NOMINATION_RATE_WINDOW_SECONDS", default=3600)
NOMINATION_CHALLENGE_AFTER_PER_ADDRESS = env.int(
    "NOMINATION_CHALLENGE_AFTER_PER_ADDRESS", default=3
)
NOMINATION_REFUSE_AFTER_PER_ADDRESS = env.int("NOMINATION_REFUSE_AFTER_PER_ADDRESS", default=10)
NOMINATION_CHALLENGE_AFTER_PER_NETWORK = env.int(
    "NOMINATION_CHALLENGE_AFTER_PER_NETWORK", default=10
)
NOMINATION_REFUSE_AFTER_PER_NETWORK = env.int("NOMINATION_REFUSE_AFTER_PER_NETWORK", default=30)
# A TrueType font with æ, ø and å for the picture a shared vote link shows;
# empty: DejaVu Sans or Liberation Sans where Debian puts them.
SHARE_IMAGE_FONT = env.str("SHARE_IMAGE_FONT", default="")

# Metrics for operations at /metrikker/ (award.site.metrics), in Prometheus' text format:
# answered only to a scraper with this bearer token or from these networks (e.g.
# "10.0.0.0/8"), and a 404 to everyone else; with neither set, to nobody.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
METRICS_ALLOWED_NETWORKS = [
    ipaddress.ip_network(network, strict=False)
    for network in env.list("METRICS_ALLOWED_NETWORKS", default=[])
]
# Each process counts its requests in a file of its own in this folder
# (prometheus_client's multiprocess mode), and a scrape answered by any gunicorn
# worker adds up every file: no count lives only in one process's memory. One
# folder per app server, emptied before gunicorn starts. prometheus_client reads
# the variable when it first counts, so it is set here for every process.
METRICS_DIR = env.path("PROMETHEUS_MULTIPROC_DIR", default=BASE_DIR / "var" / "metrics")
os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(METRICS_DIR)

# Security: headers, staff sign-in and sessions (README, "Security").
# Every resource comes from our own origin; no inline script or style anywhere
# on the public site. The admin allows style attributes (award.middleware).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        # Designsystemet draws its icons as data: SVG in the stylesheet.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        # The vote's proof-of-work fetches its challenge and runs in a worker.
        "connect-src": [SELF],
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
    },
}
# Browser features no page uses, switched off (award.middleware).
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "usb",
        "xr-spatial-tracking",
    ]
}
# No script of ours reads the CSRF cookie; the token travels in the forms.
CSRF_COOKIE_HTTPONLY = True
# The language staff choose in the admin (award.admin_site) is kept in this
# cookie, sent only to the admin: the public site takes its language from
# the address alone.
LANGUAGE_COOKIE_PATH = f"/{ADMIN_PATH}"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
# The message after a form ("Takk for tilbakemeldingen!") travels in a cookie that
# is gone once shown: falling back to the session would give every visitor a session.
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"
# Only staff and jury have sessions: they end when the browser closes, and at
# the latest this many seconds after signing in.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=4 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# django-axes checks every sign-in before the password does; it needs the
# request, which the admin's login form passes on.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed sign-ins are counted in the shared cache, so the lockout holds across
# app servers, and each count disappears by itself after the cool-off: no log
# of names and addresses is kept. A username is locked per client address, so
# that nobody can lock a colleague out from elsewhere.
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "award.ratelimit.client_address"
AXES_LOCKOUT_TEMPLATE = "staff/lockout.html"
# The attempts live in the cache, so the admin's lists of them would stay empty.
AXES_ENABLE_ADMIN = False
# Without this, every management command and every process starts with axes' banner.
AXES_VERBOSE = False

# Staff and jury give a code from an authenticator app (TOTP) as well as the
# password; off in development so that nobody needs a phone to try the admin.
ADMIN_OTP_REQUIRED = env.bool("ADMIN_OTP_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = "Bosettingsprisen (IMDi)"

# Personal data: this many days after an edition's winner was revealed,
# `manage.py erase_personal_data` erases the voters' keys and the contact
# persons of its nominations, and failed e-mails of the time lose their address.
PERSONAL_DATA_RETENTION_DAYS = env.int("PERSONAL_DATA_RETENTION_DAYS", default=365)

if not DEBUG:
    # Only a proxy in front of the site may say the request came over HTTPS; without one, a
    # client that reaches gunicorn directly and sends the header itself is still redirected.
    if TRUSTED_PROXY_COUNT:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Load balancers and the metrics scraper reach each app server over plain HTTP
    # inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^helse/$", r"^metrikker/$"]
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Django's own loggers print through the root's handler only: with Django's
    # default console handler as well, each of their lines was printed twice.
    "loggers": {"django": {"handlers": [], "level": LOG_LEVEL, "propagate": True}},
}
