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


# The funding page and its downloads never answer a bad filter with everything ----------

FUNDING_DOWNLOADS = ["/reports/funding.csv", "/reports/funding.xlsx", "/reports/register.pdf"]


@pytest.fixture
def funding():
    from .funding_data import funded_activity

    return funded_activity([("apbn", 2019, 100_000_000, 60_000_000)])


def test_funding_page_with_a_bad_filter_names_it_and_shows_no_figures(client, funding):
    response = client.get(reverse("funding_summary"), {"year": "abc", "province": "13"})
    body = response.content.decode()

    assert response.status_code == 400
    assert "totals" not in response.context and "rows" not in response.context
    assert response.context["invalid"].count("“") == 1  # one filter named: the year
    assert str(response.context["filter"].form.fields["year"].label) in response.context["invalid"]
    assert 'id="error_1_id_year"' in body  # the message next to the field
    assert reverse("funding_csv") not in body  # no download of "everything" offered


def test_funding_page_names_a_bad_hidden_filter_in_its_message(client, funding):
    response = client.get(reverse("funding_summary"), {"village": "99.99.99.9999"})

    assert response.status_code == 400
    assert set(response.context["filter"].errors) == {"village"}  # not its implied parents
    assert "99.99.99.9999" in response.content.decode()


def test_a_village_outside_the_chosen_province_is_refused(client, funding):
    response = client.get(
        reverse("funding_summary"), {"province": "14", "village": funding.forum.village_id}
    )

    assert response.status_code == 400
    assert set(response.context["filter"].errors) == {"village"}


def test_funding_page_ignores_tracking_parameters_and_keeps_them_off_its_downloads(client, funding):
    response = client.get(
        reverse("funding_summary"), {"year": "2019", "utm_source": "wa", "fbclid": "x1"}
    )
    body = response.content.decode()

    assert response.status_code == 200
    assert response.context["totals"]["budget"] == 100_000_000
    assert f'{reverse("funding_csv")}?year=2019"' in body
    assert "utm_source" not in response.context["export_query"]


@pytest.mark.parametrize("url", FUNDING_DOWNLOADS + ["/reports/register/"])
@pytest.mark.parametrize("params", [{"year": "abc"}, {"province": "99"}, {"source": "nope"}])
def test_downloads_with_a_bad_filter_draw_nothing(client, funding, url, params):
    response = client.get(url, params)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in response
    assert str(funding.title) not in response.content.decode()
    assert response.context["problems"]


@pytest.mark.parametrize("url", FUNDING_DOWNLOADS)
def test_downloads_refuse_unknown_parameters_but_not_tracking_ones(client, funding, url):
    misspelt = client.get(url, {"provinsi": "13"})
    tracked = client.get(reverse("funding_csv"), {"utm_campaign": "x", "fbclid": "y"})

    assert misspelt.status_code == 400
    assert "provinsi" in misspelt.context["problems"][0]
    assert tracked.status_code == 200
    assert tracked["Content-Type"].startswith("text/csv")


def test_register_page_ignores_unknown_parameters_like_the_funding_page(client, funding):
    response = client.get(reverse("activity_register"), {"provinsi": "13"})

    assert response.status_code == 200
    assert response.context["register"].totals["activities"] == 1
