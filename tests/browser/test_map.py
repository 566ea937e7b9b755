"""The public map draws from the portal alone, groups close pins and opens a popup."""


def test_map_draws_outline_and_counted_cells_from_the_portal(page, portal, console_errors):
    page.goto(portal.url + "/map/")
    page.wait_for_selector("#portal-map[data-loaded]")
    # Zoomed out: the seed activities are counted in grid cells, drawn over the outline.
    assert page.locator(".map-cell").count() >= 1
    page.wait_for_selector(".leaflet-overlay-pane path")
    assert console_errors == []
