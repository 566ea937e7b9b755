"""The staff activity and forum forms' map: a click on it, or the browser's location, fills
the latitude and longitude fields."""

import pytest
from django.urls import reverse

from .test_staff_workflow import OPERATOR, field, log_in

CENTRE = (-0.796, 100.654)  # Kota Solok
PADANG = (-0.95, 100.35)


def coordinates(page):
    return float(field(page, "latitude").input_value()), float(
        field(page, "longitude").input_value()
    )


@pytest.mark.parametrize("form", ["staff_activity_create", "staff_forum_create"])
def test_clicking_the_map_sets_the_coordinates(page, portal, console_errors, form):
    log_in(page, OPERATOR)
    page.goto(reverse(form))
    page.wait_for_selector("#coordinate-map[data-loaded]", state="attached")
    page.evaluate(
        "([lat, lng]) => window.portalPickerMap.setView([lat, lng], 14, {animate: false})",
        list(CENTRE),
    )
    # The middle of the map is the centre just set: clicking there picks it.
    page.locator("#coordinate-map").click()
    lat, lng = coordinates(page)
    assert abs(lat - CENTRE[0]) < 0.002 and abs(lng - CENTRE[1]) < 0.002
    assert page.locator("#coordinate-map .picker-pin").count() == 1
    # Typing moves the marker back under the fields' values; the fields stay the input.
    field(page, "latitude").fill("-0.790000")
    assert coordinates(page) == (-0.79, lng)
    assert console_errors == []


def test_my_location_sets_the_coordinates(page, portal, console_errors):
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": PADANG[0], "longitude": PADANG[1]})
    log_in(page, OPERATOR)
    page.goto(reverse("staff_activity_create"))
    page.locator("button[data-locate]").click()  # "My location"
    page.wait_for_function("document.getElementById('id_latitude').value !== ''")
    assert coordinates(page) == PADANG
    assert console_errors == []
