"""/helse/ tells a load balancer whether this app server can serve: database and cache answer.
(With the database really stopped: test_faults.)"""

import socket

import pytest

pytestmark = pytest.mark.django_db


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_healthy_server_answers_200_and_is_never_cached(client):
    response = client.get("/helse/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_an_unreachable_cache_is_reported_but_the_server_keeps_serving(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }

    response = client.get("/helse/")

    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


def test_the_health_check_takes_only_get_and_head(client):
    response = client.post("/helse/")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_the_health_check_has_one_address_in_every_language(client):
    response = client.get("/en/helse/")

    assert response.status_code == 404
