"""Guessing staff passwords: after 5 failures for one username from one address, the
login is locked, even with the right password, and says so in Indonesian."""

import pytest
from django.urls import reverse

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def attempt(client, password, username="operator.uji"):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_login(client):
    UserFactory(username="operator.uji")  # password demo12345
    for _ in range(4):
        assert attempt(client, "salah").status_code == 200  # the form again, with its error
    assert attempt(client, "salah").status_code == 429  # the fifth failure locks

    locked = attempt(client, "demo12345")

    assert locked.status_code == 429
    assert "Terlalu banyak" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_good_password_before_the_limit_logs_in_and_resets_the_count(client):
    UserFactory(username="operator.uji")
    for _ in range(4):
        attempt(client, "salah")
    assert attempt(client, "demo12345").status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, "salah")
    assert attempt(client, "demo12345").status_code == 302


def test_the_lock_is_per_username(client):
    UserFactory(username="operator.uji")
    UserFactory(username="operator.lain")
    for _ in range(5):
        attempt(client, "salah")
    assert attempt(client, "demo12345", username="operator.lain").status_code == 302
