"""The public map (/map/) and its data endpoint (/map/data.json)."""

from decimal import Decimal

from tests.factories import ActivityFactory, ForumFactory, FundingLineFactory


def _placed(title, lat="-0.80", lng="100.65", **fields):
    forum = fields.pop("forum", None) or ForumFactory(published=True)
    activity = ActivityFactory(
        forum=forum,
        title=title,
        latitude=Decimal(lat),
        longitude=Decimal(lng),
        published=True,
        **fields,
    )
    FundingLineFactory(activity=activity, budget=150_000_000)
    return activity


def _pins(client, **params):
    response = client.get("/map/data.json", {"zoom": 12, "bbox": "94,-12,142,7", **params})
    assert response.status_code == 200
    return response.json()["p"]


def test_data_shows_published_activities_with_coordinates_only(client, db):
    _placed("Balai Tanah Garam")
    ActivityFactory(
        title="Draft hall", latitude=Decimal("-0.8"), longitude=Decimal("100.6")
    )  # a draft
    ActivityFactory(title="No coordinates", published=True)
    pins = _pins(client)
    assert [pin[3] for pin in pins] == ["Balai Tanah Garam"]
    lat, lng, kind, title, village, budget, url = pins[0]
    assert (lat, lng, kind, budget) == (-0.8, 100.65, 0, 150_000_000)
    assert url.startswith("/activities/")


def test_data_keeps_only_pins_inside_the_bounds(client, db):
    _placed("Solok", "-0.80", "100.65")
    _placed("Baubau", "-5.47", "122.62")
    assert [pin[3] for pin in _pins(client, bbox="120,-6,125,-5")] == ["Baubau"]


def test_data_filters_as_the_funding_pages_do(client, db):
    _placed("In 2018")
    other = _placed("In 2020")
    other.funding_lines.update(budget_year=2020)
    assert [pin[3] for pin in _pins(client, year=2020)] == ["In 2020"]


def test_data_counts_grid_cells_when_zoomed_out(client, db):
    _placed("One", "-0.80", "100.65")
    _placed("Two", "-0.81", "100.66")
    _placed("Far", "-5.47", "122.62")
    response = client.get("/map/data.json", {"zoom": 5})
    cells = sorted(response.json()["c"], key=lambda cell: cell[2])
    assert [cell[2] for cell in cells] == [1, 2]


def test_data_refuses_bad_filters_and_views_with_a_message(client, db):
    for params in ({"year": "abc"}, {"zoom": "x"}, {"bbox": "1,2,3"}, {"type": "nope"}):
        response = client.get("/map/data.json", params)
        assert response.status_code == 400
        assert response.json()["detail"]


def test_data_takes_a_fixed_number_of_queries(client, db, django_assert_max_num_queries):
    for number in range(5):
        _placed(f"Hall {number}")
    with django_assert_max_num_queries(4):
        _pins(client)
    with django_assert_max_num_queries(4):
        client.get("/map/data.json", {"zoom": 5})


def test_page_lists_the_pins_without_javascript(client, db, settings):
    settings.PAGE_CACHE = False
    _placed("Balai Tanah Garam")
    ActivityFactory(title="No coordinates", forum=ForumFactory(published=True), published=True)
    response = client.get("/map/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Balai Tanah Garam" in html and "Rp 150.000.000" in html
    assert 'id="portal-map"' in html and "js/map.js" in html
    assert "1 kegiatan pada filter ini tidak memiliki koordinat" in html


def test_page_with_a_bad_filter_says_so(client, db):
    response = client.get("/map/", {"year": "abc"})
    assert response.status_code == 400
    assert "alert" in response.content.decode()


def test_page_takes_a_fixed_number_of_queries(client, db, django_assert_max_num_queries):
    for number in range(5):
        _placed(f"Hall {number}")
    with django_assert_max_num_queries(12):
        client.get("/map/")
