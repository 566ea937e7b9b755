"""No input ever gives a 500: odd query strings on every public page and API endpoint."""

import pytest
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

from activities.demo import load_demo
from activities.models import Activity, Meeting
from forums.models import Forum, Post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_api_throttling(monkeypatch):
    # A 429 from the throttle would hide what the API does with the input. (The views
    # read their throttle classes at import, so a settings override would not reach them.)
    monkeypatch.setattr(SimpleRateThrottle, "allow_request", lambda self, request, view: True)


ODD_VALUES = ["", "abc", "-1", "99999999999999999999", "1e9", "'; DROP TABLE x; --", "\x00", "%00",
              "ü" * 300, "13.72.01.1001.9", "<script>", "2018-13-45"]  # fmt: skip
PARAMETERS = ["page", "year", "province", "regency", "forum", "source", "type", "kind", "state",
              "status", "category", "q", "level", "district", "page_size", "scope"]  # fmt: skip


@pytest.fixture
def urls():
    load_demo(sample_forums=2, pictures=False)
    post = Post.objects.published().first()
    return [
        reverse("home"),
        reverse("news_list"),
        reverse("post_detail", args=[post.slug]),
        reverse("forum_list"),
        reverse("forum_detail", args=[Forum.objects.published().first().slug]),
        reverse("activity_detail", args=[Activity.objects.public().first().pk]),
        reverse("meeting_detail", args=[Meeting.objects.public().first().pk]),
        reverse("search"),
        reverse("funding_summary"),
        reverse("funding_csv"),
        reverse("activity_register"),
        reverse("news_feed"),
        "/api/forums/",
        "/api/activities/",
        "/api/news/",
        "/api/meetings/",
        "/api/regions/regencies/",
        "/api/regions/villages/",
        "/api/funding/summary/",
    ]


@pytest.mark.parametrize("value", ODD_VALUES)
def test_odd_query_strings_never_give_a_server_error(client, urls, value):
    every_parameter = dict.fromkeys(PARAMETERS, value)
    for url in urls:
        response = client.get(url, every_parameter)
        assert response.status_code < 500, (url, value)


@pytest.mark.parametrize("value", ["-1", "99999999999999999999", "1e9", "\x00"])
def test_each_parameter_alone_never_gives_a_server_error(client, urls, value):
    # Alone, a bad value cannot hide behind another parameter that failed validation first.
    for url in urls:
        for parameter in PARAMETERS:
            response = client.get(url, {parameter: value})
            assert response.status_code < 500, (url, parameter, value)


def test_unknown_detail_addresses_are_not_found(client):
    for url in ["/news/tidak-ada/", "/forums/tidak-ada/", "/activities/999999/",
                "/meetings/999999/", "/feeds/news/province/zz/"]:  # fmt: skip
        assert client.get(url).status_code == 404


STAFF_URLS = [
    "/staff/",
    "/staff/forums/",
    "/staff/forums/new/",
    "/staff/activities/",
    "/staff/activities/new/",
    "/staff/meetings/",
    "/staff/meetings/new/",
    "/staff/progress/",
    "/staff/progress/new/",
    "/staff/news/",
    "/staff/news/new/",
    "/api/regions/regencies/?scope=mine&format=options",
    "/api/regions/districts/?scope=mine&format=options",
    "/api/regions/villages/?scope=mine&format=options",
    "/reports/funding/",
    "/reports/funding.xlsx",
]


@pytest.fixture
def operator_client(client):
    from activities.demo.accounts import ensure_accounts

    client.force_login(ensure_accounts()["operator.solok"])
    return client


@pytest.mark.parametrize("value", ["-1", "99999999999999999999", "1e9", "\x00", "'; --"])
def test_staff_pages_survive_odd_query_strings(operator_client, value):
    every_parameter = dict.fromkeys([*PARAMETERS, "activity"], value)
    for url in STAFF_URLS:
        response = operator_client.get(url, every_parameter)
        assert response.status_code < 500, (url, value)


def test_staff_pages_survive_a_nul_byte_in_any_single_parameter(operator_client):
    for url in STAFF_URLS:
        for parameter in [*PARAMETERS, "activity"]:
            response = operator_client.get(url, {parameter: "\x00"})
            assert response.status_code < 500, (url, parameter)
