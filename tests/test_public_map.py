"""The public map (/map/) and its data endpoint (/map/data.json)."""

from decimal import Decimal

from tests.factories import (
    ActivityFactory,
    ForumFactory,
    FundingLineFactory,
    MeetingFactory,
    ProgressPhotoFactory,
    ProgressReportFactory,
    published,
)


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
    lat, lng, kind, title, village, budget, url, thumbnail = pins[0]
    assert (lat, lng, kind, budget, thumbnail) == (-0.8, 100.65, 0, 150_000_000, "")
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
    MeetingFactory(
        forum=ForumFactory(published=True, latitude=-0.8, longitude=100.6), **published()
    )
    with django_assert_max_num_queries(6):
        assert len(_pins(client)) == 7
    with django_assert_max_num_queries(6):
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
    MeetingFactory(forum=ForumFactory(published=True, latitude=-0.8, longitude=100.6))
    with django_assert_max_num_queries(14):
        client.get("/map/")


def _placed_forum_and_meeting():
    forum = ForumFactory(published=True, name="FKS Payo", latitude=-0.79, longitude=100.66)
    MeetingFactory(forum=forum, theme="Dialog di sekretariat", **published())
    hall = _placed("Balai Payo", "-0.81", "100.64", forum=forum)
    MeetingFactory(forum=forum, activity=hall, theme="Dialog di balai", **published())
    MeetingFactory(forum=forum, theme="Rapat draf")  # not published
    ForumFactory(published=True, name="FKS tanpa titik")
    return forum


def test_meetings_and_forums_are_pins_of_their_own_kinds(client, db):
    _placed_forum_and_meeting()
    pins = {pin[3]: pin for pin in _pins(client)}
    assert set(pins) == {"Balai Payo", "Dialog di sekretariat", "Dialog di balai", "FKS Payo"}
    # A meeting is placed at its activity, else at its forum's secretariat.
    assert pins["Dialog di balai"][:3] == [-0.81, 100.64, 2]
    assert pins["Dialog di sekretariat"][:3] == [-0.79, 100.66, 2]
    assert pins["FKS Payo"][2] == 3 and pins["FKS Payo"][6] == "/forums/" + (
        pins["FKS Payo"][6].split("/")[2] + "/"
    )
    assert pins["FKS Payo"][5] is None  # a forum's pin has no budget of its own


def test_show_picks_one_kind_and_activity_filters_pick_activities(client, db):
    _placed_forum_and_meeting()
    assert [pin[3] for pin in _pins(client, show="forums")] == ["FKS Payo"]
    assert {pin[2] for pin in _pins(client, show="meetings")} == {2}
    assert [pin[3] for pin in _pins(client, kind="physical")] == ["Balai Payo"]
    # The year is a meeting's year too (the factory's are of 2018); forums have none.
    assert {pin[2] for pin in _pins(client, year=2020)} == {3}
    assert client.get("/map/data.json", {"show": "posts"}).status_code == 400


def test_cells_count_every_kind_of_pin(client, db):
    _placed_forum_and_meeting()
    (cell,) = client.get("/map/data.json", {"zoom": 5}).json()["c"]
    assert cell[2] == 4


def test_popup_of_an_activity_has_its_latest_published_photo(client, db):
    hall = _placed("Balai Foto")
    report = ProgressReportFactory(activity=hall, **published())
    photo = ProgressPhotoFactory(report=report)
    ProgressPhotoFactory(report=ProgressReportFactory(activity=hall))  # a draft report's
    (pin,) = _pins(client)
    assert pin[7] == photo.thumbnail.url


def test_page_lists_meetings_and_forums_beside_the_activities(client, db, settings):
    settings.PAGE_CACHE = False
    _placed_forum_and_meeting()
    html = client.get("/map/").content.decode()
    assert "Dialog di balai" in html and "FKS Payo" in html and "Balai Payo" in html
    assert "Rapat draf" not in html and "FKS tanpa titik" not in html
    forums_only = client.get("/map/", {"show": "forums"}).content.decode()
    assert "1 forum di peta" in forums_only and "Balai Payo" not in forums_only
