"""The targeting view (/reports/targeting/): the risk index on made-up cases, the list of
regencies with recent incidents and no active forum, the years parameter, what the public
and staff see, and a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.models import ConflictTrigger, Forum, State, Village
from reports.targeting import risk_index, targeting, years_before

from .factories import (
    ActivityFactory,
    ConflictIncidentFactory,
    ForumFactory,
    FundingLineFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db

SOLOK_VILLAGE = "13.72.01.1001"
ROKAN_HULU_VILLAGE = "14.06.03.2013"


def ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def incident(village=SOLOK_VILLAGE, days=30, trigger="land-dispute", **fields):
    return ConflictIncidentFactory(
        village=Village.objects.get(code=village),
        occurred_on=ago(days),
        trigger=ConflictTrigger.objects.get(code=trigger),
        **fields,
    )


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies["django_language"] = "en"
    settings.PAGE_CACHE = False


# The index ------------------------------------------------------------------------


def test_an_incident_of_the_last_year_counts_one():
    assert risk_index([1, 0, 0]) == Decimal("1.00")


def test_older_incidents_count_less():
    assert risk_index([0, 1, 0]) == Decimal("0.50")
    assert risk_index([0, 0, 1]) == Decimal("0.33")
    assert risk_index([2, 1, 3]) == Decimal("3.50")


def test_no_incidents_give_zero():
    assert risk_index([0, 0, 0]) == Decimal("0.00")


def test_years_before_handles_the_29th_of_february():
    assert years_before(datetime.date(2024, 2, 29), 1) == datetime.date(2023, 2, 28)


def test_rows_count_by_year_and_trigger_and_rank_by_index():
    incident(days=30, published=True)
    incident(days=400, published=True, trigger="sara-issues")
    incident(village=ROKAN_HULU_VILLAGE, days=10, published=True)
    incident(village=ROKAN_HULU_VILLAGE, days=20, published=True)
    result = targeting(None, 3)
    assert [row.regency.code for row in result.rows] == ["14.06", "13.72"]
    solok = result.rows[1]
    assert solok.by_year == [1, 1, 0]
    assert solok.index == Decimal("1.50")
    codes = [trigger.code for trigger in result.triggers]
    assert solok.by_trigger[codes.index("sara-issues")] == 1
    assert solok.by_trigger[codes.index("land-dispute")] == 1


def test_incidents_older_than_the_window_are_left_out():
    incident(days=800, published=True)
    assert targeting(None, 2).rows == []
    assert len(targeting(None, 3).rows) == 1


def test_the_public_counts_published_incidents_only():
    incident(published=True)
    incident(village=ROKAN_HULU_VILLAGE)  # a draft
    assert [row.regency.code for row in targeting(None, 3).rows] == ["13.72"]


def test_forums_and_public_budget_are_counted_per_regency():
    incident(published=True)
    forum = ForumFactory(published=True)
    ForumFactory(published=True, status=Forum.Status.DISSOLVED)
    ForumFactory()  # a draft
    activity = ActivityFactory(forum=forum, state=State.PUBLISHED, published_at=timezone.now())
    FundingLineFactory(activity=activity, budget=150_000_000)
    row = targeting(None, 3).rows[0]
    assert row.forums == 1
    assert row.budget == 150_000_000


# The list -------------------------------------------------------------------------


def test_the_list_names_regencies_with_incidents_and_no_active_forum(client):
    incident(published=True)
    incident(village=ROKAN_HULU_VILLAGE, published=True)
    ForumFactory(published=True)  # Kota Solok has one
    response = client.get(reverse("conflict_targeting"))
    assert response.status_code == 200
    assert [row.regency.code for row in response.context["targeting"].without_forum] == ["14.06"]
    page = response.content.decode()
    assert "Rokan Hulu" in page.split('id="without-forum"')[1].split("</ol>")[0]


def test_the_page_documents_the_index_and_shows_the_2012_shares(client):
    page = client.get(reverse("conflict_targeting")).content.decode()
    assert "How the risk index is counted" in page
    assert "33.6" in page or "33,6" in page


# The years parameter ------------------------------------------------------------


@pytest.mark.parametrize("value", ["0", "11", "abc", "-1", "3.5"])
def test_years_outside_one_to_ten_are_refused_with_a_message(client, value):
    response = client.get(reverse("conflict_targeting"), {"years": value})
    assert response.status_code == 400
    assert "Give a number of years from 1 to 10." in response.content.decode()


def test_years_default_to_three_and_may_be_chosen(client):
    assert client.get(reverse("conflict_targeting")).context["targeting"].years == 3
    response = client.get(reverse("conflict_targeting"), {"years": "10"})
    assert response.context["targeting"].years == 10


# Staff ------------------------------------------------------------------------------


def test_staff_see_their_scope_with_unpublished_incidents_marked(client):
    incident()  # a draft in Kota Solok
    incident(village=ROKAN_HULU_VILLAGE)  # outside the operator's scope
    client.force_login(staff_user("operator", regencies=["13.72"]))
    response = client.get(reverse("conflict_targeting"))
    result = response.context["targeting"]
    assert result.staff
    assert [(row.regency.code, row.unpublished) for row in result.rows] == [("13.72", 1)]
    assert "1 unpublished" in response.content.decode()


def test_no_description_appears_on_the_page(client):
    incident(published=True, description="Rahasia pertikaian keluarga Datuk")
    page = client.get(reverse("conflict_targeting")).content.decode()
    assert "Rahasia pertikaian" not in page


# Queries ------------------------------------------------------------------------------


def test_the_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for village in (SOLOK_VILLAGE, ROKAN_HULU_VILLAGE):
        for days in (10, 400, 700):
            incident(village=village, days=days, published=True)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("conflict_targeting")).status_code == 200


# The map by province -------------------------------------------------------------------


def test_provinces_add_up_their_regencies_incidents_index_and_regencies_without_forum():
    incident(days=30, published=True)  # Kota Solok, Sumatera Barat
    incident(days=400, published=True)
    incident(village=ROKAN_HULU_VILLAGE, days=30, published=True)  # Riau
    ForumFactory(village=Village.objects.get(code=SOLOK_VILLAGE), published=True)

    provinces = targeting(years=3).by_province

    assert [(row.province.code, row.incidents) for row in provinces] == [("13", 2), ("14", 1)]
    assert provinces[0].index == Decimal("1.50")
    assert (provinces[0].regencies, provinces[0].without_forum) == (1, 0)
    assert (provinces[1].regencies, provinces[1].without_forum) == (1, 1)


def test_the_map_gets_numbers_and_names_of_provinces_only(client):
    incident(published=True, description="Sengketa batas sawah keluarga Datuk")
    page = client.get(reverse("conflict_targeting")).content.decode()
    assert '<script id="targeting-provinces" type="application/json">' in page
    assert '[["13", "Sumatera Barat", 1, "1.00", 1]]' in page
    assert 'id="targeting-map"' in page and 'data-bands="1,3,10,30"' in page
    assert "targeting_map" in page
    assert "Datuk" not in page


def test_without_incidents_the_page_loads_no_map():
    from django.test import Client

    page = Client().get(reverse("conflict_targeting")).content.decode()
    assert 'id="targeting-map"' not in page
    assert "leaflet.js" not in page


def test_the_legend_names_the_bands():
    from reports.targeting import band_labels

    assert [str(label) for label in band_labels((1, 3, 10, 30))][:3] == ["1–2", "3–9", "10–29"]
    assert [str(label) for label in band_labels((1, 2))][0] == "1"
