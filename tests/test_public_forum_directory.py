"""The public forum directory (/forums/)."""

import pytest
from django.urls import reverse

from forums.models import Forum, State, Village

from .factories import ActivityFactory, ForumFactory, FundingLineFactory, PostFactory
from .images import image_upload

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("forum_list")
TANAH_GARAM = "13.72.01.1001"
BABUSSALAM = "14.06.03.2013"


def padang_village():
    return Village.objects.filter(code__startswith="13.71.").order_by("code").first()


def listed_names(response):
    return [forum.name for forum in response.context["page_obj"]]


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_directory_lists_only_published_forums(client):
    ForumFactory(published=True, name="FKS Tanah Garam")
    for state in [State.DRAFT, State.SUBMITTED, State.VERIFIED]:
        ForumFactory(state=state, name=f"FKS Rahasia {state}")

    response = client.get(DIRECTORY)
    searched = client.get(DIRECTORY, {"q": "Rahasia"})

    assert response.status_code == 200
    assert listed_names(response) == ["FKS Tanah Garam"]
    assert "Rahasia" not in response.content.decode()
    assert listed_names(searched) == []


def test_each_forum_shows_its_link_village_path_year_and_status(english):
    forum = ForumFactory(
        published=True,
        name="FKS Payo",
        village_id=TANAH_GARAM,
        formation_year=2018,
        status=Forum.Status.ACTIVE,
    )

    body = english.get(DIRECTORY).content.decode()

    assert f'<a href="{reverse("forum_detail", args=[forum.slug])}">FKS Payo</a>' in body
    solok, sumbar = reverse("region_detail", args=["13.72"]), reverse("region_detail", args=["13"])
    assert (
        f'Kelurahan Tanah Garam, Kec. Lubuk Sikarah, <a href="{solok}">Kota Solok</a>, '
        f'<a href="{sumbar}">Sumatera Barat</a>'
    ) in body
    assert "Programme year 2018" in body
    assert "Active" in body
    assert body.count("<h1") == 1


def test_directory_filters_by_province(client):
    ForumFactory(published=True, name="FKS Tanah Garam", village_id=TANAH_GARAM)
    ForumFactory(published=True, name="FKS Babussalam", village_id=BABUSSALAM)

    assert listed_names(client.get(DIRECTORY, {"province": "14"})) == ["FKS Babussalam"]


def test_regency_choices_follow_the_chosen_province(client):
    response = client.get(DIRECTORY, {"province": "13"})

    field = response.context["filter"].form.fields["regency"]
    labels = [str(label) for _value, label in field.choices]
    assert labels[1:] == ["Kota Padang", "Kota Solok"]
    assert not field.disabled


def test_regency_waits_for_a_province(client):
    response = client.get(DIRECTORY)

    field = response.context["filter"].form.fields["regency"]
    assert field.disabled
    assert list(field.choices)[1:] == []


def test_directory_filters_by_regency(client):
    ForumFactory(published=True, name="FKS Tanah Garam", village_id=TANAH_GARAM)
    ForumFactory(published=True, name="FKS Padang", village=padang_village())

    response = client.get(DIRECTORY, {"province": "13", "regency": "13.72"})

    assert listed_names(response) == ["FKS Tanah Garam"]


def test_regency_of_another_province_is_refused_and_the_province_still_applies(english):
    ForumFactory(published=True, name="FKS Tanah Garam", village_id=TANAH_GARAM)
    ForumFactory(published=True, name="FKS Babussalam", village_id=BABUSSALAM)

    response = english.get(DIRECTORY, {"province": "13", "regency": "14.06"})

    assert response.status_code == 200
    assert "regency" in response.context["filter"].form.errors
    assert "not in the chosen province" in response.content.decode()
    assert listed_names(response) == ["FKS Tanah Garam"]


def test_directory_filters_by_programme_year(client):
    ForumFactory(published=True, name="FKS 2015", formation_year=2015)
    ForumFactory(published=True, name="FKS 2018", formation_year=2018)
    ForumFactory(name="FKS draf 2012", formation_year=2012)

    response = client.get(DIRECTORY, {"year": "2015"})

    assert listed_names(response) == ["FKS 2015"]
    years = [value for value, _label in response.context["filter"].form.fields["year"].choices]
    assert years == ["", 2018, 2015]


def test_directory_filters_by_status(client):
    ForumFactory(published=True, name="FKS Aktif", status=Forum.Status.ACTIVE)
    ForumFactory(published=True, name="FKS Bubar", status=Forum.Status.DISSOLVED)

    assert listed_names(client.get(DIRECTORY, {"status": "dissolved"})) == ["FKS Bubar"]


@pytest.mark.parametrize("text", ["payo", "Tanah Garam", "tanahgaram", "TANAH-GARAM"])
def test_search_finds_forum_and_village_names_ignoring_spacing(client, text):
    ForumFactory(published=True, name="FKS Payo", village_id=TANAH_GARAM)
    ForumFactory(published=True, name="FKS Babussalam", village_id=BABUSSALAM)

    assert listed_names(client.get(DIRECTORY, {"q": text})) == ["FKS Payo"]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"province": "zz"}, "province"),
        ({"year": "abc"}, "year"),
        ({"status": "sleeping"}, "status"),
        ({"province": "13", "regency": "<script>"}, "regency"),
    ],
)
def test_bad_filter_values_show_the_message_and_never_fail(client, params, field):
    ForumFactory(published=True, name="FKS Tanah Garam", village_id=TANAH_GARAM)

    response = client.get(DIRECTORY, params)

    assert response.status_code == 200
    assert field in response.context["filter"].form.errors
    assert listed_names(response) == ["FKS Tanah Garam"]
    assert "<script>" not in response.content.decode()


def test_directory_paginates_twenty_per_page(client):
    for number in range(21):
        ForumFactory(published=True, name=f"FKS {number:02}")

    first = client.get(DIRECTORY)
    second = client.get(DIRECTORY, {"page": 2})

    assert len(listed_names(first)) == 20
    assert listed_names(second) == ["FKS 20"]
    assert client.get(DIRECTORY, {"page": 3}).status_code == 404
    assert client.get(DIRECTORY, {"page": "x"}).status_code == 404


def test_directory_form_fields_are_labelled(client):
    body = client.get(DIRECTORY).content.decode()

    for name in ["q", "province", "regency", "year", "status"]:
        assert f'for="id_{name}"' in body


def make_forums(count):
    villages = [TANAH_GARAM, BABUSSALAM, padang_village().code]
    for number in range(count):
        ForumFactory(
            published=True,
            village_id=villages[number % len(villages)],
            formation_year=2015 + number % 4,
        )


@pytest.mark.parametrize("count", [2, 25])
def test_directory_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, count):
    make_forums(count)

    # years, count, page of forums, province options, the cards' budgets and covers
    with django_assert_max_num_queries(6):
        response = client.get(DIRECTORY)
    # + province and regency lookups for validation, regency options
    with django_assert_max_num_queries(9):
        filtered = client.get(
            DIRECTORY, {"province": "13", "regency": "13.72", "q": "fks", "year": "abc"}
        )

    assert len(listed_names(response)) == min(count, 20)
    assert filtered.status_code == 200


def test_forum_cards_show_the_budget_and_the_newest_news_cover(client, settings):
    settings.PAGE_CACHE = False
    forum = ForumFactory(published=True, name="FKS Berfoto")
    FundingLineFactory(activity=ActivityFactory(forum=forum, published=True), budget=150_000_000)
    FundingLineFactory(activity=ActivityFactory(forum=forum), budget=9_000_000)  # a draft
    older = PostFactory(published=True, forum=forum, cover=image_upload("lama.jpg"))
    newer = PostFactory(published=True, forum=forum, cover=image_upload("baru.jpg"))
    PostFactory(forum=forum, cover=image_upload("draf.jpg"))  # a draft: never shown
    older.published_at = newer.published_at.replace(year=2020)
    older.save()
    ForumFactory(published=True, name="FKS Tanpa Kegiatan")

    response = client.get(reverse("forum_list"))

    cards = {forum.name: forum for forum in response.context["object_list"]}
    assert cards["FKS Berfoto"].budget_total == 150_000_000
    assert cards["FKS Tanpa Kegiatan"].budget_total == 0
    assert cards["FKS Berfoto"].cover == newer
    assert cards["FKS Tanpa Kegiatan"].cover is None
    page = response.content.decode()
    assert "Rp 150.000.000" in page and "Rp 159.000.000" not in page
    assert newer.cover_thumbnail.url in page
