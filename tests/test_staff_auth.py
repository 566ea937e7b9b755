"""Staff login, logout and password pages; who may open the workspace."""

import pytest
from django.core import mail
from django.urls import reverse

from activities.demo.accounts import DEMO_PASSWORD, ensure_accounts

from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def accounts():
    return ensure_accounts()


def test_login_page_is_in_indonesian_by_default(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "id"
    assert 'lang="id"' in response.content.decode()
    assert 'name="username"' in response.content.decode()


def test_login_page_shows_the_english_source_when_chosen(client):
    client.cookies["django_language"] = "en"
    response = client.get(reverse("login"))
    assert "Staff login" in response.content.decode()


@pytest.mark.parametrize("username", ["operator.solok", "verifikator.sumbar", "admin"])
def test_demo_accounts_log_in_to_the_dashboard(client, accounts, username):
    response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("staff_dashboard")
    assert client.get(reverse("staff_dashboard")).status_code == 200


def test_wrong_password_stays_on_the_login_page(client, accounts):
    response = client.post(reverse("login"), {"username": "operator.solok", "password": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_anonymous_visitor_is_sent_to_login(client):
    for name in ["staff_dashboard", "staff_forum_list", "staff_forum_create"]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=/staff/")


def test_account_without_a_role_gets_403(client):
    client.force_login(UserFactory())
    for name in ["staff_dashboard", "staff_forum_list", "staff_forum_create"]:
        assert client.get(reverse(name)).status_code == 403
    # The region lookups are public reference data; "scope=mine" gives such an account nothing.
    mine = {"province": "13", "scope": "mine", "format": "options"}
    response = client.get(reverse("api-regency-list"), mine)
    assert response.status_code == 200
    assert "13.72" not in response.content.decode()


def test_logout_is_a_post_and_goes_home(client, accounts):
    client.force_login(accounts["operator.solok"])
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("home")
    assert client.get(reverse("staff_dashboard")).status_code == 302


def test_password_change(client, accounts):
    client.force_login(accounts["operator.solok"])
    assert client.get(reverse("password_change")).status_code == 200
    response = client.post(
        reverse("password_change"),
        {
            "old_password": DEMO_PASSWORD,
            "new_password1": "Kelurahan-Tanah-Garam-7",
            "new_password2": "Kelurahan-Tanah-Garam-7",
        },
    )
    assert response["Location"] == reverse("password_change_done")
    assert client.get(reverse("password_change_done")).status_code == 200
    accounts["operator.solok"].refresh_from_db()
    assert accounts["operator.solok"].check_password("Kelurahan-Tanah-Garam-7")


def test_password_reset_sends_a_link_that_sets_a_new_password(client, accounts):
    assert client.get(reverse("password_reset")).status_code == 200
    response = client.post(reverse("password_reset"), {"email": "operator.solok@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert client.get(reverse("password_reset_done")).status_code == 200
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/staff/reset/" in line)
    response = client.get(link.strip(), follow=True)
    assert response.context["validlink"]
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "Gedung-Serbaguna-2018", "new_password2": "Gedung-Serbaguna-2018"},
    )
    assert response["Location"] == reverse("password_reset_complete")
    assert client.get(reverse("password_reset_complete")).status_code == 200
    accounts["operator.solok"].refresh_from_db()
    assert accounts["operator.solok"].check_password("Gedung-Serbaguna-2018")
