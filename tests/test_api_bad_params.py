"""The open-data API says no: an unknown parameter or an unusable value is a 400 that names
it and lists the valid ones, never "everything"; the schema documents every answer and bound.

A well-formed code that names nothing (``province=99``) is a 404 in the same shape. The
last tests read the schema (/api/schema/?format=json) and check each documented bound
against the live answers; tests/test_api_schemathesis.py checks every answer against it."""

import re

import pytest
from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle

from .factories import MeetingFactory, PostFactory, published
from .funding_data import TANAH_GARAM, funded_activity

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/forums/",
    "/api/activities/",
    "/api/meetings/",
    "/api/news/",
    "/api/funding/summary/",
    "/api/regions/provinces/",
    "/api/regions/regencies/",
    "/api/regions/districts/",
    "/api/regions/villages/",
]


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def programme():
    activity = funded_activity([("apbn", 2019, 100_000_000, 60_000_000)])
    MeetingFactory(forum=activity.forum, **published(theme="Dialog"))
    PostFactory(published=True, village_id=TANAH_GARAM, forum=activity.forum)
    return activity


def get(client, url, params=None, **headers):
    response = client.get(url, params or {}, HTTP_ACCEPT="application/json", **headers)
    # A GeoJSON list answers an unusable ?format= in its own type (its first renderer):
    # content negotiation is forced once the format asked for is refused.
    types = (
        ("application/json", "application/geo+json") if "geojson" in url else ("application/json",)
    )
    assert response["Content-Type"].startswith(types), response.content[:200]
    return response


def refused(client, url, params=None, **headers):
    response = get(client, url, params, **headers)
    assert response.status_code == 400, (url, params, response.content[:300])
    return response.json()


@pytest.mark.parametrize("url", LISTS)
def test_an_unknown_parameter_is_named_with_the_valid_ones(client, url):
    body = refused(client, url, {"colour": "red"})

    assert body["errors"] == {"colour": [body["errors"]["colour"][0]]}
    assert "colour" in body["detail"]
    assert {"page", "page_size", "format"} <= set(body["valid_parameters"])
    assert "colour" not in body["valid_parameters"]


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"year": "1999"},
        {"province": "9"},
        {"regency": "13-72"},
        {"district": "13.72"},
        {"village": "13.72.01.1001 "},
        {"village": ""},
        {"page_size": "100000"},
        {"page_size": "0"},
        {"page": "0"},
        {"page": "abc"},
    ],
)
@pytest.mark.parametrize("url", ["/api/activities/", "/api/forums/", "/api/news/"])
def test_an_invalid_value_is_refused_with_the_parameter_named(client, programme, url, params):
    body = refused(client, url, params)

    assert list(body["errors"]) == list(params)
    assert list(params)[0] in body["detail"]


@pytest.mark.parametrize(
    "params",
    [
        {"province": "99"},
        {"regency": "13.99"},
        {"district": "13.72.99"},
        {"village": "99.99.99.9999"},
    ],
)
@pytest.mark.parametrize("url", ["/api/activities/", "/api/forums/", "/api/news/"])
def test_a_well_formed_code_that_names_nothing_is_not_found(client, programme, url, params):
    response = get(client, url, params)

    assert response.status_code == 404, response.content[:300]
    body = response.json()
    assert list(params)[-1] in body["errors"]
    assert "province" in body["valid_parameters"]


def test_unknown_references_are_not_found_and_malformed_ones_refused(client, programme):
    outside = {"province": "14", "village": TANAH_GARAM}  # a village of another province
    for params in [{"source": "zzz"}, {"type": "zzz"}, {"forum": "999999"}, outside]:
        assert get(client, "/api/activities/", params).status_code == 404, params
    for params in [{"source": "APBN"}, {"type": "a b"}, {"forum": "0"}, {"forum": "1.5"}]:
        assert list(refused(client, "/api/activities/", params)["errors"]) == list(params)
    assert get(client, "/api/news/", {"forum": "tidak-ada"}).status_code == 404
    assert list(refused(client, "/api/news/", {"forum": "tidak ada"})["errors"]) == ["forum"]


def test_other_addresses_under_the_api_are_json_not_found(client):
    response = get(client, "/api/activities/1.5/")

    assert response.status_code == 404
    assert response.json() == get(client, "/api/forums/tidak-ada/").json()
    assert client.get("/api/forums").status_code == 301  # the slash is still added


def test_every_region_level_filters_every_list(client, programme):
    for url in ["/api/activities/", "/api/forums/", "/api/meetings/", "/api/news/"]:
        for level, code in [("province", "13"), ("regency", "13.72"), ("district", "13.72.01"),
                            ("village", TANAH_GARAM)]:  # fmt: skip
            assert get(client, url, {level: code}).json()["count"] == 1, (url, level)
        assert get(client, url, {"village": "13.72.01.1002"}).json()["count"] == 0, url
    summary = get(client, "/api/funding/summary/", {"village": TANAH_GARAM}).json()
    assert summary["totals"]["budget"] == 100_000_000


def test_standard_parameters_are_valid_where_they_apply(client, programme):
    assert get(client, "/api/activities/", {"page": "1", "page_size": "200"}).status_code == 200
    assert get(client, "/api/activities/", {"format": "json"}).status_code == 200
    assert get(client, f"/api/activities/{programme.pk}/", {"format": "json"}).status_code == 200
    assert get(client, "/api/funding/summary/", {"year": "2000", "page": "1"}).status_code == 200
    # A single item takes no filters: a filter there would have been ignored.
    body = refused(client, f"/api/activities/{programme.pk}/", {"year": "2019"})
    assert body["valid_parameters"] == ["format"]


def test_a_page_past_the_last_is_not_found(client, programme):
    assert get(client, "/api/activities/", {"page": "9"}).status_code == 404


def test_an_unknown_format_is_a_400_naming_it(client):
    body = refused(client, "/api/forums/", {"format": "xml"})

    assert list(body["errors"]) == ["format"]
    assert "json" in body["errors"]["format"][0]


def test_region_lookups_refuse_bad_parents_and_scopes(client):
    unknown = get(client, "/api/regions/regencies/", {"province": "99"})
    assert unknown.status_code == 404 and list(unknown.json()["errors"]) == ["province"]
    assert list(refused(client, "/api/regions/regencies/", {"province": "x"})["errors"]) == [
        "province"
    ]
    assert list(refused(client, "/api/regions/provinces/", {"scope": "all"})["errors"]) == ["scope"]
    assert list(refused(client, "/api/regions/villages/", {"q": ""})["errors"]) == ["q"]
    assert list(refused(client, "/api/regions/villages/", {"q": "t" * 101})["errors"]) == ["q"]


def test_staff_pickers_still_get_their_options(client):
    response = client.get(
        "/api/regions/districts/", {"regency": "13.72", "format": "options", "page_size": "200"}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert 'value="13.72.01"' in response.content.decode()


def test_messages_follow_the_language_switch(client):
    indonesian = refused(client, "/api/forums/", {"status": "zzz"})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = refused(client, "/api/forums/", {"status": "zzz"})

    assert english["errors"]["status"][0].startswith("Select a valid choice")
    assert indonesian["errors"]["status"][0] != english["errors"]["status"][0]
    assert get(client, "/api/forums/tidak-ada/").json() == {"detail": "Not found."}


# The schema against the live answers -----------------------------------------------------


@pytest.fixture
def no_throttling(monkeypatch):
    # These tests ask more than the 60 requests a minute an anonymous client may.
    monkeypatch.setattr(SimpleRateThrottle, "allow_request", lambda self, request, view: True)


@pytest.fixture
def schema(client):
    return get(client, "/api/schema/", {"format": "json"}).json()


def operations(schema):
    for path, methods in schema["paths"].items():
        yield path, methods["get"]


def ref_name(response):
    return response["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]


def query_parameters(operation):
    return {p["name"]: p["schema"] for p in operation.get("parameters", []) if p["in"] == "query"}


def test_every_operation_documents_its_errors(schema):
    assert "/api/docs/" not in schema["paths"]
    for path, operation in operations(schema):
        responses = operation["responses"]
        assert ref_name(responses["400"]) == "ParameterError", path
        assert ref_name(responses["404"]) == "Error", path
        assert ref_name(responses["429"]) == "Error", path
        assert "Retry-After" in responses["429"]["headers"], path
    required = schema["components"]["schemas"]["ParameterError"]["required"]
    assert set(required) == {"detail", "errors", "valid_parameters"}


def test_every_list_takes_exactly_the_parameters_it_documents(client, schema, no_throttling):
    for path, operation in operations(schema):
        if "{" in path:
            continue
        body = refused(client, path, {"zz_unknown": "1"})
        documented = set(query_parameters(operation))
        assert set(body) == {"detail", "errors", "valid_parameters"}
        assert set(body["valid_parameters"]) - {"format"} == documented - {"format"}, path


def test_every_documented_bound_is_enforced(client, programme, schema, no_throttling):
    for path, operation in operations(schema):
        if "{" in path:
            continue
        for name, parameter in query_parameters(operation).items():
            outside = []
            if "maximum" in parameter:
                outside.append(str(parameter["maximum"] + 1))
            if "minimum" in parameter:
                outside.append(str(parameter["minimum"] - 1))
            if "pattern" in parameter:
                assert not re.search(parameter["pattern"], "x!"), (path, name)
                outside.append("x!")
            if "enum" in parameter:
                outside.append("not-in-the-enum")
            if "maxLength" in parameter:
                outside.append("x" * (parameter["maxLength"] + 1))
            if parameter.get("minLength") == 1:
                outside.append("")
            for value in outside:
                body = refused(client, path, {name: value})
                assert name in body["errors"], (path, name, value)
            if "maximum" in parameter and name != "page":
                inside = get(client, path, {name: str(parameter["maximum"])})
                assert inside.status_code == 200, (path, name)


def test_every_item_answers_its_documented_404(client, schema):
    unknown = {"id": "999999", "slug": "tidak-ada", "code": "99.99"}
    for path, operation in operations(schema):
        variables = re.findall(r"{(\w+)}", path)
        if not variables:
            continue
        url = path
        for variable in variables:
            url = url.replace(f"{{{variable}}}", unknown[variable])
        response = get(client, url)
        assert response.status_code == 404, url
        assert set(response.json()) == {"detail"}
        assert "404" in operation["responses"]
