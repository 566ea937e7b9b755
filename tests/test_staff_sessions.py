"""Signed-in sessions end after 8 idle hours; staff pages are never cached."""

import datetime
from contextlib import contextmanager
from unittest.mock import patch

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from .factories import staff_user

PASSWORD = "demo12345"  # UserFactory's
pytestmark = pytest.mark.django_db

START = timezone.now()


@contextmanager
def clock(**after_start):
    """Django's clock (sessions, their expiry, our middleware) at START plus the delta."""
    moment = START + datetime.timedelta(**after_start)
    with patch("django.utils.timezone.now", return_value=moment):
        yield


@pytest.fixture
def operator_client(client):
    with clock():
        client.force_login(staff_user("operator", regencies=["13.72"]))
    return client


def test_idle_session_ends_after_eight_hours(operator_client):
    with clock(hours=7, minutes=59):
        assert operator_client.get("/staff/").status_code == 200

    with clock(hours=15, minutes=58):  # 7 h 59 after the last request
        assert operator_client.get("/staff/").status_code == 200
    with clock(hours=24):
        response = operator_client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_session_never_used_ends_eight_hours_after_login(operator_client):
    with clock(hours=8, seconds=1):
        response = operator_client.get("/staff/")
    assert response.status_code == 302


def test_session_is_written_at_most_every_five_minutes(operator_client):
    cookie = settings.SESSION_COOKIE_NAME
    with clock(minutes=10):
        first = operator_client.get("/staff/")
    with clock(minutes=14):
        soon_after = operator_client.get("/staff/")
    with clock(minutes=15, seconds=1):
        later = operator_client.get("/staff/")

    assert cookie in first.cookies and first.cookies[cookie]["max-age"] == 8 * 60 * 60
    assert cookie not in soon_after.cookies
    assert cookie in later.cookies
    expiry = Session.objects.get(session_key=later.cookies[cookie].value).expire_date
    assert expiry == START + datetime.timedelta(minutes=15, seconds=1, hours=8)


def test_requests_just_after_logging_in_write_no_session(client):
    user = staff_user("operator", regencies=["13.72"])
    with clock():
        logged_in = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    with clock(minutes=4):
        response = client.get("/staff/")

    assert logged_in.status_code == 302
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_anonymous_reader_gets_no_session(client):
    response = client.get("/about/")
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert not Session.objects.exists()


@pytest.mark.parametrize("url", ["/staff/login/", "/admin/login/", "/staff/password_reset/"])
def test_staff_and_admin_pages_are_never_cached(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert set(response["Cache-Control"].replace(" ", "").split(",")) >= {"private", "no-store"}
    assert "public" not in response["Cache-Control"]


def test_signed_in_pages_are_never_cached_even_public_ones(operator_client):
    for url in ["/staff/", "/news/", "/api/forums/"]:
        response = operator_client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


def test_public_pages_for_anonymous_readers_stay_cacheable(client):
    response = client.get("/news/")
    assert "no-store" not in response.get("Cache-Control", "")
    assert "private" not in response.get("Cache-Control", "")
