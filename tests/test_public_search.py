import pytest
from django.db import connection
from django.urls import reverse

from forums.models import Regency, Village

from .factories import (
    TANAH_GARAM,
    ActivityFactory,
    ForumFactory,
    MeetingFactory,
    PostFactory,
    published,
)

pytestmark = pytest.mark.django_db

BAUBAU = "74.72"
BABUSSALAM = "14.06.03.2013"
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="typos match by trigram similarity, on PostgreSQL"
)


def search(client, q):
    client.cookies["django_language"] = "en"  # the page's words are checked in English
    return client.get(reverse("search"), {"q": q})


def names(group, attribute="name"):
    return sorted(getattr(item, attribute) for item in group.items)


def baubau_villages(count):
    return list(Village.objects.filter(district__regency_id=BAUBAU).order_by("code")[:count])


@pytest.fixture
def seed_places():
    """Forums like the seeds': five in Kota Bau Bau, one in Tanah Garam (Kota Solok), one
    in Babussalam (Kabupaten Rokan Hulu), with an activity, a meeting and news in Baubau,
    and drafts there that the public must never find."""
    baubau = [
        ForumFactory(published=True, name=f"FKS Wolio {n}", village=village)
        for n, village in enumerate(baubau_villages(5), start=1)
    ]
    ForumFactory(published=True, name="FKS Tanah Garam")  # the factory's village
    ForumFactory(published=True, name="FKS Babussalam", village_id=BABUSSALAM)
    draft = ForumFactory(name="FKS Draf Rahasia", village=baubau[0].village)
    ActivityFactory(published=True, forum=baubau[0], title="Gedung serbaguna Wolio")
    ActivityFactory(published=True, forum=draft, title="Kegiatan forum draf")
    MeetingFactory(forum=baubau[1], theme="Dialog kerukunan warga", **published())
    MeetingFactory(forum=draft, theme="Pertemuan forum draf", **published())
    MeetingFactory(forum=baubau[1], theme="Pertemuan belum terbit")  # a draft
    PostFactory(published=True, title="Seminar forum di Wolio", forum=baubau[0])
    PostFactory(published=True, title="Kunjungan wali kota", regency_id=BAUBAU)
    PostFactory(published=True, title="Berita Tanah Garam", village_id=TANAH_GARAM)
    PostFactory(title="Berita draf Wolio", forum=baubau[0], state="submitted")
    return baubau


@pytest.mark.parametrize("q", ["Bau Bau", "Kota Bau Bau", "baubau", "Kota Baubau", "BAU-BAU"])
def test_a_city_name_finds_its_forums_activities_meetings_and_news(client, seed_places, q):
    results = search(client, q).context["results"]

    assert names(results.forums) == [f"FKS Wolio {n}" for n in range(1, 6)]
    assert results.forums.count == 5
    assert names(results.activities, "title") == ["Gedung serbaguna Wolio"]
    assert names(results.meetings, "theme") == ["Dialog kerukunan warga"]
    assert names(results.posts, "title") == ["Kunjungan wali kota", "Seminar forum di Wolio"]
    assert [place.label for place in results.places.items] == ["Kota Bau Bau, Sulawesi Tenggara"]


@pytest.mark.parametrize(
    ("q", "forums"),
    [
        ("Solok", ["FKS Tanah Garam"]),
        ("Kota Solok", ["FKS Tanah Garam"]),
        ("Sumatera Barat", ["FKS Tanah Garam"]),
        ("Provinsi Sumatera Barat", ["FKS Tanah Garam"]),
        ("Tanah Garam", ["FKS Tanah Garam"]),
        ("Kelurahan Tanah Garam", ["FKS Tanah Garam"]),
        ("Kecamatan Lubuk Sikarah", ["FKS Tanah Garam"]),
        ("Kabupaten Rokan Hulu", ["FKS Babussalam"]),
        ("Kab. Rokan Hulu", ["FKS Babussalam"]),
        ("Desa Babussalam", ["FKS Babussalam"]),
        ("Riau", ["FKS Babussalam"]),
    ],
)
def test_a_place_name_with_or_without_its_kind_finds_the_forums_there(
    client, seed_places, q, forums
):
    results = search(client, q).context["results"]
    assert names(results.forums) == forums
    assert results.places.count >= 1


def test_news_linked_to_a_village_is_found_by_its_city(client, seed_places):
    results = search(client, "Solok").context["results"]
    assert names(results.posts, "title") == ["Berita Tanah Garam"]


def test_the_kind_word_says_which_of_two_namesakes_is_meant(client):
    ForumFactory(published=True, name="FKS Kabupaten", village=_village_in("35.13"))
    ForumFactory(published=True, name="FKS Kota", village=_village_in("35.74"))

    def found(q):
        return names(search(client, q).context["results"].forums)

    assert found("Kota Probolinggo") == ["FKS Kota"]
    assert found("Kabupaten Probolinggo") == ["FKS Kabupaten"]
    assert found("Kab. Probolinggo") == ["FKS Kabupaten"]
    assert found("Probolinggo") == ["FKS Kabupaten", "FKS Kota"]


def _village_in(regency_code):
    return Village.objects.filter(district__regency_id=regency_code).order_by("code").first()


def test_places_are_a_group_linking_to_their_region_pages(client, seed_places):
    response = search(client, "Bau Bau")
    places = response.context["results"].places

    assert places.count == 1
    assert places.items[0].url == reverse("region_detail", args=["74.72"])
    assert 'href="/regions/74.72/"' in response.text
    assert "Kota Bau Bau, Sulawesi Tenggara" in response.text


def test_a_village_place_links_to_the_funding_of_that_village(client, seed_places):
    places = search(client, "Tanah Garam").context["results"].places
    assert [place.url for place in places.items] == [
        reverse("funding_summary") + f"?village={TANAH_GARAM}"
    ]
    assert places.items[0].label.startswith("Kelurahan Tanah Garam, Kec. Lubuk Sikarah")


def test_each_group_shows_its_count_and_its_first_results(client):
    for village in baubau_villages(12):
        ForumFactory(published=True, village=village)

    response = search(client, "Bau Bau")
    forums = response.context["results"].forums

    assert forums.count == 12
    assert len(forums.items) == 10
    assert "Showing the first 10 of 12." in response.text


def test_meetings_are_found_by_theme_venue_and_agreements(client):
    forum = ForumFactory(published=True)
    MeetingFactory(forum=forum, theme="Dialog kerukunan", **published())
    MeetingFactory(forum=forum, theme="Rapat", venue="Aula Wolio", **published())
    MeetingFactory(forum=forum, theme="Musyawarah", agreements="Ronda malam", **published())

    def found(q):
        return names(search(client, q).context["results"].meetings, "theme")

    assert found("kerukunan") == ["Dialog kerukunan"]
    assert found("Aula Wolio") == ["Rapat"]
    assert found("ronda") == ["Musyawarah"]


def test_a_regency_meeting_without_forum_is_found_by_its_city(client, seed_places):
    regency = Regency.objects.get(code=BAUBAU)
    MeetingFactory(forum=None, regency=regency, theme="Rapat koordinasi kota", **published())
    results = search(client, "Kota Bau Bau").context["results"]
    assert "Rapat koordinasi kota" in names(results.meetings, "theme")


def test_search_finds_published_news_forums_and_activities_by_their_text(client):
    forum = ForumFactory(published=True, name="FKS Payo")
    ActivityFactory(published=True, forum=forum, title="Gedung serbaguna Payo")
    PostFactory(published=True, title="Dialog tematik di Payo")

    results = search(client, "payo").context["results"]

    assert names(results.forums) == ["FKS Payo"]
    assert names(results.activities, "title") == ["Gedung serbaguna Payo"]
    assert names(results.posts, "title") == ["Dialog tematik di Payo"]


def test_search_never_shows_unpublished_records(client, seed_places):
    for q in ["rahasia", "draf", "Bau Bau", "belum terbit"]:
        response = search(client, q)
        results = response.context["results"]
        shown = [
            *names(results.forums),
            *names(results.activities, "title"),
            *names(results.meetings, "theme"),
            *names(results.posts, "title"),
        ]
        assert not [name for name in shown if "draf" in name.lower()], q
        assert "Rahasia" not in response.text
        assert "Pertemuan belum terbit" not in shown


def test_nothing_found_says_so_and_keeps_the_query(client, seed_places):
    response = search(client, "zzqx tidak ada")

    assert response.context["results"].is_empty
    assert "Nothing published matches “zzqx tidak ada”." in response.text
    assert 'value="zzqx tidak ada"' in response.text


def test_a_kind_word_alone_names_no_place(client, seed_places):
    results = search(client, "Kota").context["results"]
    assert results.places.count == 0
    assert results.forums.count == 0


def test_the_search_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    ForumFactory(published=True, village=baubau_villages(1)[0])
    with django_assert_max_num_queries(12):
        search(client, "Bau Bau")
    for village in baubau_villages(15):
        forum = ForumFactory(published=True, village=village)
        ActivityFactory(published=True, forum=forum)
        MeetingFactory(forum=forum, **published())
        PostFactory(published=True, forum=forum)
    with django_assert_max_num_queries(12):
        search(client, "Kota Bau Bau")


@postgres_only
@pytest.mark.parametrize(("q", "place"), [("Baubou", "Kota Bau Bau"), ("Solk", "Kota Solok")])
def test_a_mistyped_place_name_still_finds_the_place(client, seed_places, q, place):
    response = search(client, q)
    results = response.context["results"]

    assert place in [item.label.split(",")[0] for item in results.places.items]
    assert results.similar_places
    assert results.forums.count >= 1
    assert "these have a similar name" in response.text


@postgres_only
def test_a_mistyped_word_still_finds_dialogues(client):
    forum = ForumFactory(published=True)
    PostFactory(published=True, title="Dialog tematik di Tanah Garam")
    MeetingFactory(forum=forum, theme="Dialog tematik kerukunan", **published())

    results = search(client, "dialog tematk").context["results"]

    assert names(results.posts, "title") == ["Dialog tematik di Tanah Garam"]
    assert names(results.meetings, "theme") == ["Dialog tematik kerukunan"]


@pytest.mark.parametrize("q", ["a", "x" * 101, "!!", "%_", " . ", "a\x00b"])
def test_search_explains_bad_queries(client, q):
    response = search(client, q)
    assert response.status_code == 200
    assert response.context["results"] is None
    assert response.context["form"].errors["q"]


@pytest.mark.parametrize("q", ["100%", "o'brien", "a_b", "Bau\tBau", "kota\x01solok", "ÄÖ ü"])
def test_odd_queries_search_without_failing(client, q):
    response = search(client, q)
    assert response.status_code == 200
    assert response.context["results"] is not None


def test_empty_search_page_shows_the_form(client):
    response = client.get(reverse("search"))
    assert response.status_code == 200
    assert response.context["results"] is None
    assert 'name="q"' in response.text
