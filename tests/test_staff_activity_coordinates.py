"""Coordinates in the staff activity form: both or neither, inside Indonesia's bounding box
(longitude 94–142, latitude -11–6.5), refused with a clear message and nothing saved."""

from decimal import Decimal

import pytest
from django.urls import reverse

from activities.models import Activity
from forums.coordinates import coordinate_errors

from .factories import ForumFactory, staff_user
from .test_staff_activities import SOLOK, activity_data, create, line

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


@pytest.fixture
def operator():
    return staff_user("operator", regencies=[SOLOK])


@pytest.fixture
def forum():
    return ForumFactory()


def test_coordinates_in_indonesia_are_saved(client, operator, forum):
    client.force_login(operator)
    data = activity_data(forum, [line()], latitude="-0.796000", longitude="100.654000")
    response = create(client, data)
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.latitude, activity.longitude) == (Decimal("-0.796"), Decimal("100.654"))


def test_no_coordinates_at_all_is_fine(client, operator, forum):
    client.force_login(operator)
    assert create(client, activity_data(forum, [line()])).status_code == 302
    assert Activity.objects.get().latitude is None


@pytest.mark.parametrize(
    ("latitude", "longitude", "field", "message"),
    [
        ("-0.796", "", "longitude", "Give both the latitude and the longitude, or neither."),
        ("", "100.654", "latitude", "Give both the latitude and the longitude, or neither."),
        ("48.85", "100.654", "latitude", "This latitude is outside Indonesia"),
        ("-0.796", "2.35", "longitude", "This longitude is outside Indonesia"),
        # Swapped: both are outside; the longitude's message names the likely mistake.
        ("100.654", "-0.796", "longitude", "Check that latitude and longitude are not swapped"),
    ],
)
def test_coordinates_outside_indonesia_or_half_given_are_refused(
    client, operator, forum, latitude, longitude, field, message
):
    client.force_login(operator)
    data = activity_data(forum, [line()], latitude=latitude, longitude=longitude)
    response = create(client, data)
    assert response.status_code == 200
    assert Activity.objects.count() == 0
    assert message in " ".join(response.context["form"].errors[field])


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(-11, 94), (6.5, 142), (Decimal("-6.2"), Decimal("106.8")), (None, None)],
)
def test_the_bounding_box_edges_and_none_pass(latitude, longitude):
    assert coordinate_errors(latitude, longitude) == {}


def test_the_form_carries_what_the_map_needs(client, operator):
    client.force_login(operator)
    response = client.get(reverse("staff_activity_create"))
    assert b"data-coordinate-map=" in response.content
    assert b"js/coordinate_picker.js" in response.content
    assert b"vendor/leaflet/leaflet.css" in response.content
