"""Published activities as GeoJSON in the open-data API (/api/activities/geojson/)."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from forums.models import State

from .funding_data import BABUSSALAM, TANAH_GARAM, funded_activity

pytestmark = pytest.mark.django_db
URL = "/api/activities/geojson/"


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def placed(lines, lat="-0.80", lng="100.65", **fields):
    return funded_activity(lines, latitude=Decimal(lat), longitude=Decimal(lng), **fields)


@pytest.fixture
def programme():
    hall = placed(
        [("apbn", 2019, 100_000_000, 60_000_000), ("apbd-regency", 2020, 50_000_000, 0)],
        title="Gedung Serbaguna Payo",
    )
    seminar = placed(
        [("dpr-aspiration", 2020, 20_000_000, 0)],
        "1.05",
        "100.35",
        village=BABUSSALAM,
        activity_type="seminar",
        title="Seminar Kebangsaan",
    )
    placed([("apbn", 2019, 5_000_000, 0)], state=State.DRAFT, title="Rahasia")
    funded_activity(title="Nowhere")  # published, without coordinates
    return {"hall": hall, "seminar": seminar}


def features(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/geo+json"
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    return collection["features"]


def titles(client, **params):
    return sorted(feature["properties"]["title"] for feature in features(client, **params))


def test_published_activities_with_coordinates_are_point_features(client, programme):
    hall = programme["hall"]
    by_title = {feature["properties"]["title"]: feature for feature in features(client)}
    assert sorted(by_title) == ["Gedung Serbaguna Payo", "Seminar Kebangsaan"]
    feature = by_title["Gedung Serbaguna Payo"]
    assert feature["type"] == "Feature"
    assert feature["id"] == hall.pk
    assert feature["geometry"] == {"type": "Point", "coordinates": [100.65, -0.8]}
    properties = feature["properties"]
    assert properties["id"] == hall.pk
    assert properties["type"] == "multipurpose-hall"
    assert properties["kind"] == "physical"
    assert properties["forum"] == hall.forum.slug
    assert properties["village_code"] == hall.forum.village_id
    assert properties["regency_code"] == hall.forum.village.district.regency_id
    assert properties["regency"] == hall.forum.village.district.regency.name
    assert properties["budget"] == 150_000_000
    assert properties["url"] == f"http://testserver/activities/{hall.pk}/"


def test_takes_the_activity_filters_and_sums_only_matching_lines(client, programme):
    assert titles(client, kind="non_physical") == ["Seminar Kebangsaan"]
    assert titles(client, source="apbn") == ["Gedung Serbaguna Payo"]
    (hall,) = features(client, year=2020, type="multipurpose-hall")
    assert hall["properties"]["budget"] == 50_000_000


def test_unknown_or_invalid_parameters_answer_400(client, programme):
    response = client.get(URL, {"colour": "red"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"colour": ["Parameter tidak dikenal."]}
    assert client.get(URL, {"year": "soon"}).status_code == 400
    assert client.get(URL, {"page_size": 2001}).status_code == 400


def test_pages_hold_up_to_2000_features_with_count_and_links(client, programme):
    response = client.get(URL, {"page_size": 1})
    collection = response.json()
    assert collection["count"] == 2
    assert len(collection["features"]) == 1
    assert collection["next"].endswith("page=2&page_size=1")
    assert collection["previous"] is None
    assert client.get(URL, {"page_size": 2000}).status_code == 200


def test_plain_json_is_also_answered(client, programme):
    response = client.get(URL, HTTP_ACCEPT="application/json")
    assert response["Content-Type"] == "application/json"
    assert response.json()["type"] == "FeatureCollection"


@pytest.mark.parametrize("activities", [2, 10])
def test_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, activities):
    for index in range(activities):
        placed([("apbn", 2019, 1_000_000, 0)], village=[TANAH_GARAM, BABUSSALAM][index % 2])
    with django_assert_max_num_queries(4):
        assert len(features(client)) == activities


def test_schema_documents_geojson_with_its_shape_and_filters(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"][URL]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"year", "province", "source", "type", "kind", "page", "page_size"} <= names
    content = operation["responses"]["200"]["content"]
    components = schema["components"]["schemas"]

    def resolve(part):
        return components[part["$ref"].rsplit("/", 1)[1]] if "$ref" in part else part

    body = resolve(content["application/geo+json"]["schema"])
    assert resolve(body["properties"]["type"])["enum"] == ["FeatureCollection"]
    assert {"count", "next", "previous"} <= set(body["properties"])
    feature = resolve(body["properties"]["features"]["items"])
    assert resolve(feature["properties"]["type"])["enum"] == ["Feature"]
    point = resolve(feature["properties"]["geometry"])
    assert point["properties"]["coordinates"]["maxItems"] == 2
    properties = resolve(feature["properties"]["properties"])["properties"]
    assert {"id", "title", "type", "kind", "forum", "village", "regency", "budget", "url"} <= set(
        properties
    )
    assert {"400", "404"} <= set(operation["responses"])


# Forums, at the mean of their activities ---------------------------------------------------

FORUMS = "/api/forums/geojson/"


def test_forums_are_placed_at_the_mean_of_their_published_activities(client, programme):
    hall = programme["hall"]
    placed([("apbn", 2019, 1, 0)], "-0.90", "100.75", forum=hall.forum, title="Second")
    placed([("apbn", 2019, 1, 0)], "5.00", "120.00", forum=hall.forum, state=State.DRAFT)
    response = client.get(FORUMS)
    assert response["Content-Type"] == "application/geo+json"
    by_slug = {feature["id"]: feature for feature in response.json()["features"]}
    # the seminar's forum too; the draft activity's point and the unplaced forum are not
    assert sorted(by_slug) == sorted([hall.forum.slug, programme["seminar"].forum.slug])
    feature = by_slug[hall.forum.slug]
    assert feature["geometry"] == {"type": "Point", "coordinates": [100.7, -0.85]}
    assert feature["properties"]["placed_activities"] == 2
    assert feature["properties"]["url"].endswith(f"/forums/{hall.forum.slug}/")


def test_forums_take_the_forum_filters_and_refuse_unknown_ones(client, programme):
    response = client.get(FORUMS, {"village": BABUSSALAM})
    assert [f["id"] for f in response.json()["features"]] == [programme["seminar"].forum.slug]
    assert client.get(FORUMS, {"kind": "physical"}).status_code == 400


@pytest.mark.parametrize("forums", [2, 10])
def test_forums_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, forums):
    for index in range(forums):
        placed([("apbn", 2019, 1_000_000, 0)], village=[TANAH_GARAM, BABUSSALAM][index % 2])
    with django_assert_max_num_queries(4):
        assert len(client.get(FORUMS).json()["features"]) == forums
