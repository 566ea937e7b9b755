"""/healthz: database, cache, media storage and migrations, for load balancers."""

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings

from ks_portal.health import pending_migrations

pytestmark = pytest.mark.django_db

ALL_OK = {"database": "ok", "cache": "ok", "storage": "ok", "migrations": "ok"}


def test_it_answers_ok_when_every_check_passes(client, settings):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "checks": ALL_OK}
    # The storage probe leaves no file behind.
    assert not [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]


def test_it_needs_no_login_sets_no_cookie_and_is_never_cached(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]


def test_it_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get("/healthz")


def test_it_rejects_posts(client):
    assert client.post("/healthz").status_code == 405


def test_unwritable_media_storage_answers_503_without_details(client, settings, tmp_path, caplog):
    not_a_folder = tmp_path / "media-is-a-file"
    not_a_folder.write_text("")
    settings.MEDIA_ROOT = not_a_folder

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "checks": {**ALL_OK, "storage": "error"}}
    assert str(not_a_folder) not in response.content.decode()
    assert "'storage' failed" in caplog.text
    assert str(not_a_folder) in caplog.text


def test_unreachable_cache_answers_503(client, caplog):
    # A real Redis client against a closed port: the connection is refused.
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    with override_settings(CACHES=unreachable):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "checks": {**ALL_OK, "cache": "error"}}
    assert "127.0.0.1:1" not in response.content.decode()
    assert "'cache' failed" in caplog.text


def test_unapplied_migrations_answer_503_with_their_number(client):
    # The database as it is before `migrate` ran the two newest migrations of some app:
    # their rows are missing from django_migrations (the test transaction restores them).
    applied = MigrationRecorder(connection).migration_qs
    newest = applied.filter(app="forums").order_by("-id")[:2]
    applied.filter(pk__in=[row.pk for row in newest]).delete()

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "2 pending"
    assert {(m.app_label, m.name) for m, _ in pending_migrations()} == {
        (row.app, row.name) for row in newest
    }


def test_plain_http_probes_are_not_redirected_where_https_is_enforced(client, settings):
    settings.SECURE_SSL_REDIRECT = True  # as with DEBUG off

    assert client.get("/about/").status_code == 301
    assert client.get("/healthz").status_code == 200
