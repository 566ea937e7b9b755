"""The public page of a province or a regency (/regions/<code>/): its forums, activities,
money by source and year and latest news; published data only, in a fixed number of
queries; linked from the home page, breadcrumbs and place names."""

import pytest
from django.urls import reverse

from activities.models import FundingSource
from forums.models import Province, Village
from tests.factories import (
    ActivityFactory,
    ForumFactory,
    FundingLineFactory,
    PostFactory,
    profile,
)

pytestmark = pytest.mark.django_db

SOLOK = "13.72"
SUMBAR = "13"
BAUBAU_VILLAGE_PREFIX = "74.72."


def region_url(code):
    return reverse("region_detail", args=[code])


@pytest.fixture
def solok_and_baubau():
    """A published forum in Kota Solok with two funded activities, a draft forum there,
    and a published forum in Kota Baubau (another province)."""
    forum = ForumFactory(published=True, name="FKS Tanah Garam")
    hall = ActivityFactory(forum=forum, published=True, title="Gedung Serbaguna Payo")
    FundingLineFactory(activity=hall, budget=150_000_000, spending=149_000_000)
    dialogue = ActivityFactory(forum=forum, published=True, title="Dialog Tematik Solok")
    FundingLineFactory(
        activity=dialogue,
        source=FundingSource.objects.get(code="apbd-regency"),
        budget=35_000_000,
        spending=35_000_000,
        budget_year=2019,
    )
    draft = ForumFactory(name="FKS Draf Solok")
    FundingLineFactory(activity=ActivityFactory(forum=draft, title="Kegiatan Draf"), budget=9)
    baubau_village = Village.objects.filter(code__startswith=BAUBAU_VILLAGE_PREFIX).first()
    other = ForumFactory(published=True, name="FKS Baubau", village=baubau_village)
    FundingLineFactory(activity=ActivityFactory(forum=other, published=True), budget=70_000_000)
    PostFactory(published=True, title="Berita Solok", village=forum.village)
    return forum


def test_regency_page_shows_its_forums_activities_money_and_news(client, solok_and_baubau):
    response = client.get(region_url(SOLOK))

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Kota Solok</h1>" in page
    assert "FKS Tanah Garam" in page
    assert "Gedung Serbaguna Payo" in page and "Dialog Tematik Solok" in page
    assert "Rp 185.000.000" in page  # the regency's budget, both sources
    assert "APBD kabupaten/kota" in page
    assert "Berita Solok" in page
    assert "FKS Draf Solok" not in page and "Kegiatan Draf" not in page
    assert "FKS Baubau" not in page


def test_regency_page_links_its_figures_downloads_and_register(client, solok_and_baubau):
    page = client.get(region_url(SOLOK)).content.decode()

    query = "province=13&amp;regency=13.72"
    assert f'{reverse("funding_summary")}?{query}"' in page
    assert f'{reverse("funding_csv")}?{query}"' in page
    assert f'{reverse("funding_csv")}?{query}&amp;delimiter=semicolon"' in page
    assert f'{reverse("funding_xlsx")}?{query}"' in page
    assert f'{reverse("activity_register")}?{query}"' in page
    assert "https://wa.me/?text=http%3A%2F%2Ftestserver%2Fregions%2F13.72%2F" in page


def test_province_page_lists_its_regencies_with_links(client, solok_and_baubau):
    response = client.get(region_url(SUMBAR))

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Sumatera Barat</h1>" in page
    assert f'href="{region_url(SOLOK)}">Kota Solok</a>' in page
    assert "Rp 185.000.000" in page
    assert "FKS Baubau" not in page


def test_unknown_or_too_fine_codes_are_not_found(client, solok_and_baubau):
    for code in ["99", "13.99", "13.72.01", "13.72.01.1001", "abc", "1"]:
        assert client.get(region_url(code)).status_code == 404, code


def test_region_page_runs_a_fixed_number_of_queries(
    client, solok_and_baubau, django_assert_max_num_queries, settings
):
    settings.PAGE_CACHE = False
    client.get(region_url(SOLOK))
    for index in range(5):
        forum = ForumFactory(published=True, name=f"FKS Tambahan {index}")
        FundingLineFactory(activity=ActivityFactory(forum=forum, published=True))
        PostFactory(published=True, village=forum.village)
    # 20: the small map's pins and the conflict incident counts by trigger are a query each,
    # the resilience averages three (profiles, then mean scores by target and overall), the
    # Desa Berketahanan Sosial counts one; none grows with the data.
    for _index in range(3):
        profile([2, 2, 3], published=True)
        profile([3, 4, 4], phase="follow_up", published=True)
    with django_assert_max_num_queries(20):
        assert client.get(region_url(SOLOK)).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(region_url(SUMBAR)).status_code == 200


def test_place_names_and_breadcrumbs_link_the_region_pages(client, solok_and_baubau):
    forum = solok_and_baubau
    page = client.get(reverse("forum_detail", args=[forum.slug])).content.decode()
    assert f'<a href="{region_url(SOLOK)}">Kota Solok</a>' in page
    assert f'<a href="{region_url(SUMBAR)}">Sumatera Barat</a>' in page
    home = client.get(reverse("home")).content.decode()
    assert f'href="{region_url(SUMBAR)}"' in home
    directory = client.get(reverse("forum_list")).content.decode()
    assert f'<a href="{region_url(SOLOK)}">Kota Solok</a>' in directory


def test_region_map_shades_its_province_and_explains_a_later_province(client):
    """Every region page draws its province on the small map, even with no activity; a
    province formed after the map's source (2012) says which outline it is shaded in."""
    page = client.get(region_url(SUMBAR)).content.decode()
    assert 'data-province="13"' in page
    assert "provinsi tahun 2012" not in page
    Province.objects.create(code="64", name="Kalimantan Timur")
    Province.objects.create(code="65", name="Kalimantan Utara")
    north_kalimantan = client.get(region_url("65")).content.decode()
    assert 'data-province="65"' in north_kalimantan
    assert "Kalimantan Timur" in north_kalimantan
    assert "Kalimantan Utara" in north_kalimantan
