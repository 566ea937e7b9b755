"""The small maps of the activity, forum and region pages: their pins come from published
activities with coordinates, in a data attribute for static/js/small_map.js; a page with no
such activity has no map and loads no map script."""

import json
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from tests.factories import ActivityFactory, ForumFactory

pytestmark = pytest.mark.django_db

PAYO = (Decimal("-0.796"), Decimal("100.654"))


def pins_of(response):
    """The pins of the page's small map, or None when it has none."""
    text = response.content.decode()
    marker = 'data-pins="'
    if marker not in text:
        return None
    start = text.index(marker) + len(marker)
    pins = unescape(text[start : text.index('"', start)])
    return json.loads(pins) if pins else []


@pytest.fixture
def forum():
    return ForumFactory(published=True)


def test_activity_page_draws_its_pin(client, forum):
    hall = ActivityFactory(
        forum=forum, published=True, title="Gedung Payo", latitude=PAYO[0], longitude=PAYO[1]
    )
    response = client.get(reverse("activity_detail", args=[hall.pk]))
    url = reverse("activity_detail", args=[hall.pk])
    assert pins_of(response) == [[-0.796, 100.654, "Gedung Payo", url]]
    assert b"js/small_map.js" in response.content


def test_activity_without_coordinates_has_no_map_nor_its_script(client, forum):
    hall = ActivityFactory(forum=forum, published=True)
    response = client.get(reverse("activity_detail", args=[hall.pk]))
    assert pins_of(response) is None
    assert b"small_map.js" not in response.content
    assert b"leaflet" not in response.content


def test_forum_page_draws_its_published_activities_with_coordinates(client, forum):
    placed = ActivityFactory(forum=forum, published=True, latitude=PAYO[0], longitude=PAYO[1])
    ActivityFactory(forum=forum, published=True)  # no coordinates
    ActivityFactory(forum=forum, latitude=PAYO[0], longitude=PAYO[1])  # a draft
    pins = pins_of(client.get(reverse("forum_detail", args=[forum.slug])))
    assert [pin[3] for pin in pins] == [reverse("activity_detail", args=[placed.pk])]


def test_forum_page_draws_the_forums_own_point_first(client, forum):
    forum.latitude, forum.longitude = PAYO
    forum.save()
    ActivityFactory(forum=forum, published=True, latitude=PAYO[0], longitude=PAYO[1])
    pins = pins_of(client.get(reverse("forum_detail", args=[forum.slug])))
    assert pins[0] == [
        float(PAYO[0]),
        float(PAYO[1]),
        forum.name,
        reverse("forum_detail", args=[forum.slug]),
        "forum",
    ]
    assert len(pins) == 2 and len(pins[1]) == 4


def test_region_page_draws_the_regions_published_activities(client, forum):
    placed = ActivityFactory(forum=forum, published=True, latitude=PAYO[0], longitude=PAYO[1])
    ActivityFactory(forum=forum, latitude=PAYO[0], longitude=PAYO[1])  # a draft
    regency = forum.village.district.regency
    pins = pins_of(client.get(reverse("region_detail", args=[regency.pk])))
    assert [pin[3] for pin in pins] == [reverse("activity_detail", args=[placed.pk])]
    province_pins = pins_of(client.get(reverse("region_detail", args=[regency.province_id])))
    assert province_pins == pins


def test_region_without_placed_activities_draws_only_its_province(client, forum):
    ActivityFactory(forum=forum, published=True)
    regency = forum.village.district.regency
    response = client.get(reverse("region_detail", args=[regency.pk]))
    assert pins_of(response) == []
    assert f'data-province="{regency.province_id}"' in response.content.decode()
