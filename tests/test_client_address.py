"""The real client address (forums.clients.client_ip) behind our own proxies, and the
API throttles and login lockout that key on it."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from forums.clients import client_ip
from ks_portal.throttling import AnonymousClientThrottle

from .factories import UserFactory

PROXY = "10.0.0.5"  # the address of our own reverse proxy, as the app server sees it


def address(settings, proxies, forwarded=None, remote=PROXY):
    settings.TRUSTED_PROXIES = proxies
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))


def test_without_trusted_proxies_the_header_is_ignored(settings):
    assert address(settings, 0, "203.0.113.7", remote="198.51.100.1") == "198.51.100.1"


def test_one_trusted_proxy_gives_the_last_address(settings):
    assert address(settings, 1, "203.0.113.7") == "203.0.113.7"
    assert address(settings, 1, "1.2.3.4, 203.0.113.7") == "203.0.113.7"  # left part invented


def test_two_trusted_proxies_give_the_second_address_from_the_right(settings):
    assert address(settings, 2, "1.2.3.4, 203.0.113.7, 10.0.0.9") == "203.0.113.7"


def test_ipv6_addresses_are_understood(settings):
    assert address(settings, 1, "2001:db8::1") == "2001:db8::1"


@pytest.mark.parametrize(
    "forwarded", [None, "", "203.0.113.7", "not-an-address, 10.0.0.9", "203.0.113.7:443, x"]
)
def test_the_proxy_address_is_used_when_the_header_does_not_hold_a_client(settings, forwarded):
    # missing, shorter than the proxy chain, or not an IP address
    assert address(settings, 2, forwarded) == PROXY


# --- API throttles ---------------------------------------------------------------------

API = "/api/regions/provinces/"


@pytest.fixture
def three_a_minute(settings):
    # The limit guards the work behind an answer: one from the page cache is not counted.
    settings.PAGE_CACHE = False
    rest = settings.REST_FRAMEWORK
    rates = {**rest["DEFAULT_THROTTLE_RATES"], "anon": "3/minute"}
    settings.REST_FRAMEWORK = {**rest, "DEFAULT_THROTTLE_RATES": rates}


def api_status(forwarded, remote=PROXY):
    client = Client(REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    return client.get(API, HTTP_ACCEPT="application/json").status_code


@pytest.mark.django_db
def test_rotating_the_forwarded_header_does_not_reset_the_limit(settings, three_a_minute):
    settings.TRUSTED_PROXIES = 0

    statuses = [api_status(f"203.0.113.{number}") for number in range(1, 6)]

    assert statuses == [200, 200, 200, 429, 429]


@pytest.mark.django_db
def test_behind_a_proxy_each_client_has_its_own_limit(settings, three_a_minute):
    settings.TRUSTED_PROXIES = 1

    first = [api_status("203.0.113.1") for _ in range(4)]
    spoofed = api_status("198.51.100.9, 203.0.113.1")  # an invented entry on the left
    second = api_status("203.0.113.2")

    assert first == [200, 200, 200, 429]
    assert spoofed == 429
    assert second == 200


def test_the_throttle_reads_the_rate_setting_when_it_counts(three_a_minute):
    # DRF's own classes read the rates once, at import; ours read them when they count.
    assert AnonymousClientThrottle().rate == "3/minute"


# --- Login lockout (django-axes) -------------------------------------------------------


def wrong_password(client):
    return client.post(reverse("login"), {"username": "operator.uji", "password": "salah"})


@pytest.mark.django_db
def test_a_lockout_behind_a_proxy_is_for_that_client_only(settings):
    settings.TRUSTED_PROXIES = 1
    UserFactory(username="operator.uji")
    attacker = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66")
    colleague = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.10")

    statuses = [wrong_password(attacker).status_code for _ in range(5)]
    signed_in = colleague.post(
        reverse("login"), {"username": "operator.uji", "password": "demo12345"}
    )

    assert statuses[-1] == 429
    assert signed_in.status_code == 302


@pytest.mark.django_db
def test_a_forged_forwarded_header_does_not_escape_the_lockout(settings):
    settings.TRUSTED_PROXIES = 0
    UserFactory(username="operator.uji")

    for number in range(5):
        wrong_password(Client(HTTP_X_FORWARDED_FOR=f"203.0.113.{number}"))
    locked = Client(HTTP_X_FORWARDED_FOR="203.0.113.99").post(
        reverse("login"), {"username": "operator.uji", "password": "demo12345"}
    )

    assert locked.status_code == 429
