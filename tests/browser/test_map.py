"""The public map draws from the portal alone, groups close pins and opens a popup."""

from activities.demo.programme import SEED_PLACES

BAUBAU = "74.72"


def test_map_draws_outline_and_counted_cells_from_the_portal(page, portal, console_errors):
    page.goto(portal.url + "/map/")
    page.wait_for_selector("#portal-map[data-loaded]")
    # Zoomed out: the seed activities are counted in grid cells, drawn over the outline.
    assert page.locator(".map-cell").count() >= 1
    page.wait_for_selector(".leaflet-overlay-pane path")
    assert console_errors == []


def wait_for_data(page):
    page.wait_for_selector("#portal-map[data-loaded]", state="attached")


# An activity's pin on the map (meetings' and forums' have classes of their own).
ACTIVITY_PIN = ".leaflet-marker-icon.map-pin-physical, .leaflet-marker-icon.map-pin-other"


def inside(page, items, container):
    """The first of ``items`` drawn wholly inside ``container``'s box."""
    box = container.bounding_box()
    for index in range(items.count()):
        item = items.nth(index).bounding_box()
        if (
            item
            and box["x"] <= item["x"]
            and item["x"] + item["width"] <= box["x"] + box["width"]
            and box["y"] <= item["y"]
            and item["y"] + item["height"] <= box["y"] + box["height"]
        ):
            return items.nth(index)
    raise AssertionError("nothing of these inside the map")


def test_close_pins_cluster_and_a_pin_opens_its_activity(page, portal, console_errors):
    page.goto(portal.url + "/map/")
    wait_for_data(page)
    lat, lng = (float(value) for value in SEED_PLACES[BAUBAU])
    # Zoom 12, where pins are shown: Kota Baubau's activities, a few hundred metres apart,
    # are one cluster marker (the server sends pins from zoom 9 on).
    page.evaluate(
        "([lat, lng]) => window.portalMap.setView([lat, lng], 12, {animate: false})", [lat, lng]
    )
    wait_for_data(page)
    page.locator(".marker-cluster").first.wait_for()
    cluster = inside(page, page.locator(".marker-cluster"), page.locator("#portal-map"))
    assert int(cluster.inner_text()) >= 2
    assert page.locator(".map-cell").count() == 0
    # Clicking the cluster zooms in (or spreads it out at the last zoom) until pins show.
    for _ in range(8):
        if page.locator(ACTIVITY_PIN).count():
            break
        inside(page, page.locator(".marker-cluster"), page.locator("#portal-map")).click()
        page.wait_for_timeout(600)
        wait_for_data(page)
    # The data covers a little more than the view: take a pin inside the map's box.
    pin = inside(page, page.locator(ACTIVITY_PIN), page.locator("#portal-map"))
    title = pin.get_attribute("title")
    pin.click()
    link = page.locator(".leaflet-popup-content a")
    link.wait_for()
    assert link.inner_text() == title
    link.click()
    page.wait_for_url("**/activities/**")
    assert page.locator("h1").inner_text() == title
    assert console_errors == []


def test_activity_page_draws_its_pin_without_taking_the_focus(page, portal, console_errors):
    page.goto(portal.url + portal.demo.urls["activity_detail"])
    page.wait_for_selector(".small-map[data-loaded]", state="attached")
    assert page.locator(".small-map .map-pin").count() == 1
    page.wait_for_selector(".small-map .leaflet-overlay-pane path", state="attached")
    # Nothing inside the map is reachable with Tab: it cannot hold a keyboard user.
    focusable = page.locator(".small-map [tabindex], .small-map a, .small-map[tabindex]")
    assert focusable.count() == 0
    assert console_errors == []


def test_region_page_fits_its_activities(page, portal, console_errors):
    page.goto(portal.url + portal.demo.urls["region_detail"])
    page.wait_for_selector(".small-map[data-loaded]", state="attached")
    pins = page.locator(".small-map .map-pin")
    assert pins.count() >= 1
    box = page.locator(".small-map").bounding_box()
    for index in range(pins.count()):
        pin = pins.nth(index).bounding_box()
        assert box["x"] <= pin["x"] <= box["x"] + box["width"]
        assert box["y"] <= pin["y"] <= box["y"] + box["height"]
    assert console_errors == []


def test_targeting_map_shades_provinces_by_incidents_and_names_them(page, portal, console_errors):
    page.goto(portal.url + portal.demo.urls["targeting"])
    page.wait_for_selector("#targeting-map[data-loaded]", state="attached")
    shaded = page.locator("#targeting-map path.leaflet-interactive")
    # The demo's incidents fall in four provinces (Jawa Timur, Sulawesi Tenggara, Sumatera
    # Barat, Riau): only their outlines take a tooltip, and they are filled by band.
    assert shaded.count() == 4
    fills = {shaded.nth(i).get_attribute("fill") for i in range(shaded.count())}
    assert fills <= {"#fde0c5", "#f8a46b", "#e4572e", "#a4161a"}
    shaded.first.hover(force=True)
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert "insiden" in tooltip.inner_text()
    focusable = page.locator("#targeting-map [tabindex], #targeting-map a, #targeting-map button")
    assert focusable.count() == 0
    assert console_errors == []
