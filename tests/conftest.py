import os
import shutil
from io import StringIO

import pytest
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from municipalities.models import Municipality
from tests.redis_server import RedisServer

# Playwright's synchronous API runs an event loop in the test's thread; the
# test itself still talks to the database synchronously, which is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


def load_reference_data():
    if not Municipality.objects.exists():
        call_command("load_municipalities", stdout=StringIO())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The 357 municipalities are reference data, loaded once for the session."""
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture
def municipalities(db):
    load_reference_data()


@pytest.fixture
def history(municipalities):
    """The past editions and winners from 2008 to 2022."""
    call_command("load_history", stdout=StringIO())


@pytest.fixture
def redis(settings):
    """A redis-server of this test's own as the site's cache, configured as
    award.settings configures a CACHE_URL of redis://: django-redis with short
    socket timeouts and IGNORE_EXCEPTIONS."""
    if not shutil.which("redis-server"):
        pytest.skip("needs redis-server (apt-get install redis-server; CI has it)")
    server = RedisServer()
    server.start()
    options = {
        "SOCKET_CONNECT_TIMEOUT": settings.CACHE_SOCKET_TIMEOUT,
        "SOCKET_TIMEOUT": settings.CACHE_SOCKET_TIMEOUT,
        "IGNORE_EXCEPTIONS": True,
    }
    default = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": server.url,
        "KEY_PREFIX": "prize",
        "OPTIONS": options,
    }
    settings.CACHES = {
        "default": default,
        "lockouts": {**default, "BACKEND": "award.rediscache.LockoutCache"},
    }
    settings.AXES_CACHE = "lockouts"
    # django-axes keeps the cache it first found: it must find this one, and later tests theirs.
    AxesProxyHandler.get_implementation(force=True)
    yield server
    if server.process.poll() is None:
        server.kill()
    AxesProxyHandler.implementation = None


@pytest.fixture
def empty_cache():
    """Rate limits and cached pages live in the cache: the test starts and ends with it empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def schema_restored():
    """Whatever a migration test leaves behind, the next test finds the newest schema."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def committing_client(client, django_capture_on_commit_callbacks):
    """A client whose requests send their e-mails, as a committed request does."""

    class CommittingClient:
        def get(self, *args, **kwargs):
            return client.get(*args, **kwargs)

        def post(self, *args, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return client.post(*args, **kwargs)

    return CommittingClient()


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Tasks run as they are queued, so a test sees the e-mails its request sent.

    The database queue and its worker are tested on their own, in test_email_queue.
    """
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def bokmal():
    """Each test starts in bokmål: a request in another language leaves it active."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nb-NO")
    page = context.new_page()
    yield page
    context.close()


def pytest_runtest_setup(item):
    """A test marked `postgres` skips, saying why, where the suite runs on another database."""
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://... (CI does)")


def pytest_sessionfinish(session, exitstatus):
    """In CI every test must run: a skip there means something is missing."""
    if not os.environ.get("REQUIRE_ALL_TESTS") or exitstatus != 0:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(
            f"REQUIRE_ALL_TESTS is set and {len(skipped)} test(s) skipped; failing the run.",
            red=True,
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
