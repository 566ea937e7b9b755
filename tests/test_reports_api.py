"""The open-data API (/api/): published data, filters, regions by code, schema and docs."""

import json
import re

import pytest
import yaml
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from forums.models import District, StaffProfile, State, Village

from .factories import (
    ForumFactory,
    MeetingFactory,
    MeetingSpeakerFactory,
    PostFactory,
    UserFactory,
    published,
)
from .funding_data import BABUSSALAM, TANAH_GARAM, funded_activity

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle():
    """Throttle counts live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def programme():
    hall = funded_activity(
        [("apbn", 2019, 100_000_000, 60_000_000), ("apbd-regency", 2020, 50_000_000, 0)],
        title="Gedung Serbaguna Payo",
    )
    seminar = funded_activity(
        [("dpr-aspiration", 2020, 20_000_000, 15_000_000)],
        village=BABUSSALAM,
        activity_type="seminar",
        title="Seminar Kebangsaan",
    )
    draft = funded_activity([("apbn", 2019, 5_000_000, 0)], state=State.DRAFT, title="Rahasia")
    return {"hall": hall, "seminar": seminar, "draft": draft}


def get(client, url, params=None):
    response = client.get(url, params or {}, HTTP_ACCEPT="application/json")
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return response


# Programme data ----------------------------------------------------------------------------


def test_activities_list_published_activities_with_funding_lines_and_totals(client, programme):
    data = get(client, "/api/activities/").json()

    assert data["count"] == 2
    by_title = {item["title"]: item for item in data["results"]}
    assert set(by_title) == {"Gedung Serbaguna Payo", "Seminar Kebangsaan"}
    hall = by_title["Gedung Serbaguna Payo"]
    assert hall["totals"] == {
        "budget": 150_000_000,
        "spending": 60_000_000,
        "remainder": 90_000_000,
    }
    assert [
        (line["source"], line["budget_year"], line["budget"]) for line in hall["funding_lines"]
    ] == [
        ("apbn", 2019, 100_000_000),
        ("apbd-regency", 2020, 50_000_000),
    ]
    assert hall["village_code"] == TANAH_GARAM
    assert hall["regency_code"] == "13.72" and hall["province_code"] == "13"
    assert (
        hall["village"] == "Kelurahan Tanah Garam, Kec. Lubuk Sikarah, Kota Solok, Sumatera Barat"
    )
    assert hall["url"].endswith(f"/activities/{programme['hall'].pk}/")


def test_activities_take_the_summary_filters_and_nest_only_matching_lines(client, programme):
    data = get(client, "/api/activities/", {"year": "2020", "province": "13"}).json()

    assert data["count"] == 1
    item = data["results"][0]
    assert [line["budget_year"] for line in item["funding_lines"]] == [2020]
    assert item["totals"]["budget"] == 50_000_000
    assert get(client, "/api/activities/", {"kind": "non_physical"}).json()["count"] == 1
    assert get(client, "/api/activities/", {"type": "seminar"}).json()["count"] == 1
    assert get(client, "/api/activities/", {"source": "apbn", "year": "2020"}).json()["count"] == 0
    assert get(client, "/api/activities/", {"regency": "14.06"}).json()["count"] == 1


def test_every_region_level_filters_down_to_the_village(client, programme):
    # ?village= was ignored and answered everything; a district or village now selects.
    assert get(client, "/api/activities/", {"village": TANAH_GARAM}).json()["count"] == 1
    assert get(client, "/api/activities/", {"district": "13.72.01"}).json()["count"] == 1
    assert get(client, "/api/activities/", {"village": BABUSSALAM}).json()["count"] == 1
    summary = get(client, "/api/funding/summary/", {"village": TANAH_GARAM}).json()
    assert summary["totals"]["budget"] == 150_000_000
    assert get(client, "/api/forums/", {"village": TANAH_GARAM}).json()["count"] == 2
    assert get(client, "/api/forums/", {"village": "13.72.01.1002"}).json()["count"] == 0
    assert get(client, "/api/forums/", {"district": "14.06.03"}).json()["count"] == 1
    assert get(client, "/api/activities/", {"village": "99.99.99.9999"}).status_code == 404
    assert get(client, "/api/activities/", {"village": "13.72"}).status_code == 400


def test_activity_lookup_and_drafts_are_not_found(client, programme):
    assert get(client, f"/api/activities/{programme['hall'].pk}/").status_code == 200
    assert get(client, f"/api/activities/{programme['draft'].pk}/").status_code == 404


def test_staff_get_published_data_only_from_the_api(client, programme):
    client.force_login(UserFactory(is_superuser=True))

    data = get(client, "/api/activities/").json()

    assert "Rahasia" not in json.dumps(data)
    assert get(client, "/api/funding/summary/").json()["totals"]["budget"] == 170_000_000


def test_invalid_filter_values_answer_400_and_unknown_codes_404(client, programme):
    assert get(client, "/api/activities/", {"source": "Nope!"}).status_code == 400
    assert get(client, "/api/activities/", {"source": "nope"}).status_code == 404
    assert get(client, "/api/funding/summary/", {"year": "abc"}).status_code == 400
    assert get(client, "/api/funding/summary/", {"kind": "both"}).status_code == 400


def test_lists_paginate_with_page_size_up_to_200(client):
    for _ in range(3):
        funded_activity()

    first = get(client, "/api/activities/", {"page_size": 2}).json()
    second = get(client, first["next"]).json()

    assert first["count"] == 3 and len(first["results"]) == 2
    assert len(second["results"]) == 1 and second["next"] is None
    assert settings.REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"].endswith("PortalPagination")
    from reports.api.pagination import PortalPagination

    assert (PortalPagination.page_size, PortalPagination.max_page_size) == (50, 200)


def test_forums_meetings_and_news_are_published_only(client, programme):
    forum = programme["hall"].forum
    meeting = MeetingFactory(forum=forum, **published(theme="Dialog Payo"))
    MeetingSpeakerFactory(meeting=meeting, name="Ustadz Ali")
    MeetingFactory(forum=forum, theme="Rahasia rapat")
    PostFactory(published=True, title="Berita Payo", village_id=TANAH_GARAM, forum=forum)
    PostFactory(title="Berita rahasia")
    hidden = ForumFactory(village_id=TANAH_GARAM, state=State.SUBMITTED)

    forums = get(client, "/api/forums/", {"regency": "13.72"}).json()
    meetings = get(client, "/api/meetings/", {"province": "13"}).json()
    news = get(client, "/api/news/", {"regency": "13.72"}).json()

    slugs = [item["slug"] for item in forums["results"]]
    assert forum.slug in slugs and hidden.slug not in slugs
    assert forums["results"][0]["village_code"] == TANAH_GARAM
    assert [item["theme"] for item in meetings["results"]] == ["Dialog Payo"]
    assert meetings["results"][0]["speakers"][0]["name"] == "Ustadz Ali"
    assert meetings["results"][0]["regency_code"] == "13.72"
    assert [item["title"] for item in news["results"]] == ["Berita Payo"]
    assert news["results"][0]["forum"] == forum.slug
    assert get(client, f"/api/forums/{forum.slug}/").json()["name"] == forum.name


# Funding summary ---------------------------------------------------------------------------


def test_funding_summary_gives_the_page_figures(client, programme):
    page = client.get(reverse("funding_summary"), {"year": "2020"})
    data = get(client, "/api/funding/summary/", {"year": "2020"}).json()

    assert data["totals"]["budget"] == page.context["totals"]["budget"] == 70_000_000
    assert data["totals"]["activities"] == 2
    assert data["level"] == "province"
    assert [(row["key"], row["budget"]) for row in data["rows"]["results"]] == [
        ("13", 50_000_000),
        ("14", 20_000_000),
    ]
    assert {row["key"]: row["budget"] for row in data["by_source"]} == {
        "dpr-aspiration": 20_000_000,
        "apbd-regency": 50_000_000,
    }
    assert [row["key"] for row in data["by_year"]] == ["2020"]


def test_funding_summary_drills_down_like_the_page(client, programme):
    data = get(client, "/api/funding/summary/", {"regency": "13.72"}).json()

    assert data["level"] == "forum"
    assert data["rows"]["results"][0]["slug"] == programme["hall"].forum.slug


# Regions -----------------------------------------------------------------------------------


def test_provinces_and_regencies_are_keyed_by_kemendagri_codes(client):
    provinces = get(client, "/api/regions/provinces/").json()
    regencies = get(client, "/api/regions/regencies/", {"province": "13"}).json()

    assert {"code": "13", "name": "Sumatera Barat"} in provinces["results"]
    assert [item["code"] for item in regencies["results"]] == ["13.71", "13.72"]
    assert regencies["results"][1]["name"] == "Kota Solok"
    assert get(client, "/api/regions/regencies/13.72/").json()["province_name"] == "Sumatera Barat"


def test_districts_are_listed_by_regency_or_page_by_page(client):
    everything = get(client, "/api/regions/districts/").json()
    assert everything["count"] == District.objects.count()
    assert len(everything["results"]) == min(50, everything["count"])
    districts = get(client, "/api/regions/districts/", {"regency": "13.72"}).json()

    assert [item["code"] for item in districts["results"]] == ["13.72.01", "13.72.02"]


def test_villages_are_listed_by_district_or_name_page_by_page(client):
    everything = get(client, "/api/regions/villages/", {"page_size": "200"}).json()
    assert everything["count"] == Village.objects.count() > 200
    assert len(everything["results"]) == 200
    assert get(client, "/api/regions/villages/", {"q": "t"}).status_code == 200

    by_district = get(client, "/api/regions/villages/", {"district": "13.72.01"}).json()
    searched = get(client, "/api/regions/villages/", {"district": "13.72.01", "q": "tanah"}).json()

    assert all(item["code"].startswith("13.72.01.") for item in by_district["results"])
    assert searched["results"][0] == {
        "code": TANAH_GARAM,
        "name": "Tanah Garam",
        "kind": "kelurahan",
        "postal_code": searched["results"][0]["postal_code"],
        "full_path": "Kelurahan Tanah Garam, Kec. Lubuk Sikarah, Kota Solok, Sumatera Barat",
        "district_code": "13.72.01",
        "district_name": "Lubuk Sikarah",
        "regency_code": "13.72",
        "regency_name": "Kota Solok",
        "province_code": "13",
        "province_name": "Sumatera Barat",
    }


def test_village_search_ignores_spacing_and_finds_codes(client):
    by_name = get(client, "/api/regions/villages/", {"q": "tanahgaram"}).json()
    by_code = get(client, "/api/regions/villages/", {"q": "14.06.03.20"}).json()

    assert TANAH_GARAM in [item["code"] for item in by_name["results"]]
    assert BABUSSALAM in [item["code"] for item in by_code["results"]]
    assert by_code["count"] <= 100


def test_village_lookup_by_code(client):
    data = get(client, f"/api/regions/villages/{BABUSSALAM}/").json()

    assert data["full_path"] == "Desa Babussalam, Kec. Rambah, Kabupaten Rokan Hulu, Riau"


def test_scope_mine_limits_regions_to_the_staff_members_scope(client):
    user = UserFactory()
    profile = StaffProfile.objects.create(user=user, role="operator")
    profile.regencies.set(["13.72"])

    anonymous = get(client, "/api/regions/regencies/", {"scope": "mine"}).json()
    client.force_login(user)
    regencies = get(client, "/api/regions/regencies/", {"scope": "mine"}).json()
    provinces = get(client, "/api/regions/provinces/", {"scope": "mine"}).json()
    villages = get(client, "/api/regions/villages/", {"q": "tanah", "scope": "mine"}).json()

    assert anonymous["count"] == 0
    assert [item["code"] for item in regencies["results"]] == ["13.72"]
    assert [item["code"] for item in provinces["results"]] == ["13"]
    assert all(item["regency_code"] == "13.72" for item in villages["results"])


# Throttling, schema, docs ------------------------------------------------------------------


def test_anonymous_clients_are_throttled(client, settings):
    settings.PAGE_CACHE = False  # an answer from the page cache is not counted
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert rates["anon"] == "60/minute"
    classes = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]
    assert "ks_portal.throttling.AnonymousClientThrottle" in classes
    assert "ks_portal.throttling.SignedInUserThrottle" in classes

    statuses = [get(client, "/api/regions/provinces/").status_code for _ in range(61)]

    assert statuses[:60] == [200] * 60
    assert statuses[60] == 429


def test_the_api_is_read_only(client, programme):
    client.force_login(UserFactory(is_superuser=True))

    assert client.post("/api/activities/", {}).status_code in {403, 405}
    assert client.delete(f"/api/activities/{programme['hall'].pk}/").status_code in {403, 405}


def test_schema_is_valid_openapi(client):
    json_schema = get(client, "/api/schema/", {"format": "json"}).json()
    yaml_schema = yaml.safe_load(client.get("/api/schema/").content)

    assert json_schema["openapi"].startswith("3.")
    assert yaml_schema["paths"].keys() == json_schema["paths"].keys()
    paths = json_schema["paths"]
    for path in [
        "/api/forums/",
        "/api/activities/",
        "/api/meetings/",
        "/api/news/",
        "/api/funding/summary/",
        "/api/regions/provinces/",
        "/api/regions/regencies/",
        "/api/regions/districts/",
        "/api/regions/villages/",
    ]:
        assert set(paths[path]) == {"get"}, path
    activity_filters = {
        parameter["name"] for parameter in paths["/api/activities/"]["get"]["parameters"]
    }
    assert {"year", "province", "regency", "source", "type", "kind", "page"} <= activity_filters


def test_docs_page_loads_only_local_static_files(client):
    response = client.get("/api/docs/")
    body = response.content.decode()

    assert response.status_code == 200
    assert "swagger-ui" in body
    urls = re.findall(r'(?:src|href)="([^"]+)"', body)
    assert urls
    assert all(not url.startswith(("http:", "https:", "//")) for url in urls), urls
    assert all(url.startswith("/static/") for url in urls if url.endswith((".js", ".css")))
    assert client.get("/api/redoc/").status_code == 200


def test_docs_page_is_a_portal_page_with_an_introduction_and_curl_examples(client):
    response = client.get("/api/docs/")
    body = response.content.decode()

    assert response.status_code == 200
    assert 'class="site-header"' in body and 'class="site-footer' in body
    assert 'name="language"' in body  # the language switch
    assert 'curl "http://testserver/api/activities/?regency=13.72&amp;year=2019"' in body
    assert body.index("curl ") < body.index('id="swagger-ui"')
    assert "<script>" not in body and "<style" not in body
    assert "/api/docs/" not in get(client, "/api/schema/", {"format": "json"}).json()["paths"]


# Query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("activities", [2, 10])
@pytest.mark.parametrize(
    "url",
    [
        "/api/activities/",
        "/api/forums/",
        "/api/meetings/",
        "/api/news/",
        "/api/funding/summary/",
        "/api/regions/villages/?district=13.72.01",
    ],
)
def test_api_lists_run_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, activities, url
):
    for index in range(activities):
        activity = funded_activity(
            [("apbn", 2019, 1_000_000, 0), ("self-help", 2020, 500_000, 0)],
            village=[TANAH_GARAM, BABUSSALAM][index % 2],
        )
        meeting = MeetingFactory(forum=activity.forum, activity=activity, **published())
        MeetingSpeakerFactory(meeting=meeting)
        PostFactory(published=True, village_id=activity.forum.village_id, forum=activity.forum)
    with django_assert_max_num_queries(8):
        response = get(client, url)
    assert response.status_code == 200
