import pytest
from django.urls import reverse

from forums.models import Village
from reports.statistics import programme_figures

from .factories import ActivityFactory, ForumFactory, FundingLineFactory, PostFactory

pytestmark = pytest.mark.django_db


def make_programme(forums, village_codes=("13.72.01.1001", "14.06.03.2013", "74.72.01.1007")):
    for n in range(forums):
        village = Village.objects.get(code=village_codes[n % len(village_codes)])
        forum = ForumFactory(published=True, village=village)
        activity = ActivityFactory(published=True, forum=forum)
        FundingLineFactory(activity=activity, budget=150_000_000, spending=100_000_000)
        PostFactory(published=True, forum=forum, village=forum.village)


def test_figures_count_published_data_only():
    make_programme(2)
    draft_forum = ForumFactory(village=Village.objects.get(code="14.06.03.2013"))
    FundingLineFactory(activity=ActivityFactory(forum=draft_forum), budget=999)
    hidden = ActivityFactory(forum=ForumFactory(published=True), state="submitted")
    FundingLineFactory(activity=hidden, budget=777)

    figures = programme_figures()

    assert figures["forums"] == 3
    assert figures["villages"] == 2
    assert figures["provinces"] == 2
    assert figures["activities"] == 2
    assert figures["budget"] == 300_000_000
    assert figures["spending"] == 200_000_000


def test_figures_for_a_year_use_formation_and_budget_years():
    make_programme(1)
    FundingLineFactory(
        activity=ActivityFactory(published=True, forum=ForumFactory(published=True)),
        budget_year=2020,
        budget=50_000_000,
    )
    figures = programme_figures(2020)
    assert figures["budget"] == 50_000_000
    assert figures["activities"] == 1
    assert figures["forums"] == 0


def test_home_shows_national_figures_in_rupiah_and_latest_news(client):
    make_programme(2)
    PostFactory(title="Draf rahasia", state="draft")

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "Rp 300.000.000" in response.text
    assert "Draf rahasia" not in response.text
    assert "Sumatera Barat" in response.text


def test_home_for_a_chosen_year(client):
    make_programme(1)
    response = client.get(reverse("home"), {"year": 2018})
    assert response.context["year"] == 2018
    assert "Rp 150.000.000" in response.text


@pytest.mark.parametrize("year", ["abc", "1999", "20180", "-1"])
def test_home_with_a_bad_year_explains_and_shows_all_years(client, year):
    make_programme(1)
    response = client.get(reverse("home"), {"year": year})
    assert response.status_code == 200
    assert response.context["year"] is None
    assert response.context["year_form"].errors["year"]


@pytest.mark.parametrize("forums", [2, 12])
def test_home_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, forums):
    make_programme(forums)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("home")).status_code == 200


def test_about_page_explains_the_programme(client):
    response = client.get(reverse("about"))
    assert response.status_code == 200
    assert response.context["news_url"] == reverse("news_list")
    assert "<h1" in response.text
