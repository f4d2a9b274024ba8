"""A gunicorn worker loads, as it boots, what Django would otherwise load on its first request."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LOADED = """
import json, sys
import award.wsgi
from django.conf import settings
from django.template import engines
print(json.dumps({
    "urlconf": settings.ROOT_URLCONF in sys.modules,
    "views": "voting.views" in sys.modules,
    "engines": sorted(engine.name for engine in engines.all()),
}))
"""


def test_the_wsgi_application_loads_the_urlconf_and_the_template_engine_without_the_database():
    # Nothing answers on port 9: a look at the database or the cache would fail the import.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "award.settings",
        "DATABASE_URL": "postgres://prize:prize@127.0.0.1:9/prize",
        "CACHE_URL": "redis://127.0.0.1:9/0",
    }
    loaded = subprocess.run(
        [sys.executable, "-c", LOADED], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )

    assert loaded.returncode == 0, loaded.stderr[-2000:]
    assert json.loads(loaded.stdout.splitlines()[-1]) == {"urlconf": True, "views": True, "engines": ["django"]}
