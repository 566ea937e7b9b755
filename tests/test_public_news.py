"""The public news list (/news/) and a news page (/news/<slug>/)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from activities.models import FundingSource
from forums.models import Post, State
from forums.view_counts import flush_view_counts

from .factories import (
    ActivityFactory,
    ForumFactory,
    FundingLineFactory,
    PostFactory,
    PostPhotoFactory,
    UserFactory,
)
from .images import image_upload

pytestmark = pytest.mark.django_db

TANAH_GARAM = "13.72.01.1001"
BABUSSALAM = "14.06.03.2013"
NEWS = reverse("news_list")


def at(year, month=6, day=15):
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 0))


def post_url(post):
    return reverse("post_detail", args=[post.slug])


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def listed_titles(response):
    return [post.title for post in response.context["page_obj"]]


# --- News list -------------------------------------------------------------------------


def test_news_list_shows_only_published_posts(client):
    PostFactory(published=True, title="Dialog tematik di Payo")
    for state in [State.DRAFT, State.SUBMITTED, State.VERIFIED]:
        PostFactory(state=state, title=f"Rahasia {state} Payo")
    PostFactory(state=State.RETURNED, return_reason="Foto kurang", title="Rahasia returned")

    response = client.get(NEWS)
    searched = client.get(NEWS, {"q": "Payo"})

    assert response.status_code == 200
    assert listed_titles(response) == ["Dialog tematik di Payo"]
    assert "Rahasia" not in response.content.decode()
    assert listed_titles(searched) == ["Dialog tematik di Payo"]


def test_news_list_shows_newest_first(client):
    PostFactory(published=True, title="Lama", published_at=at(2018))
    PostFactory(published=True, title="Baru", published_at=at(2020))

    response = client.get(NEWS)

    assert listed_titles(response) == ["Baru", "Lama"]


def test_news_list_filters_by_category(client):
    PostFactory(published=True, title="Dialog Payo", category=Post.Category.DIALOGUE)
    PostFactory(published=True, title="Pengumuman", category=Post.Category.ANNOUNCEMENT)

    response = client.get(NEWS, {"category": "dialogue"})

    assert listed_titles(response) == ["Dialog Payo"]


def test_news_list_filters_by_province(client):
    PostFactory(published=True, title="Berita Solok", village_id=TANAH_GARAM)
    PostFactory(published=True, title="Berita Rokan Hulu", village_id=BABUSSALAM)
    PostFactory(published=True, title="Berita Baubau", regency_id="74.72")

    riau = client.get(NEWS, {"province": "14"})
    sulawesi_tenggara = client.get(NEWS, {"province": "74"})

    assert listed_titles(riau) == ["Berita Rokan Hulu"]
    assert listed_titles(sulawesi_tenggara) == ["Berita Baubau"]


def test_province_choices_are_all_provinces_by_name(client):
    response = client.get(NEWS)

    choices = list(response.context["filter"].form.fields["province"].choices)[1:]
    names = [str(label) for _value, label in choices]
    assert names == sorted(names)
    assert "Riau" in names and "Sulawesi Tenggara" in names


def test_news_list_filters_by_publication_year(client):
    PostFactory(published=True, title="Tahun 2018", published_at=at(2018))
    PostFactory(published=True, title="Tahun 2020", published_at=at(2020))

    response = client.get(NEWS, {"year": "2018"})

    assert listed_titles(response) == ["Tahun 2018"]
    year_values = [
        value for value, _label in response.context["filter"].form.fields["year"].choices
    ]
    assert year_values == ["", 2020, 2018]


def test_news_list_year_follows_local_time_jakarta(client):
    # 31 December 2019, 20:00 UTC is already 1 January 2020 in Jakarta.
    moment = datetime.datetime(2019, 12, 31, 20, 0, tzinfo=datetime.UTC)
    PostFactory(published=True, title="Tahun baru", published_at=moment)
    PostFactory(published=True, title="Pertengahan 2019", published_at=at(2019))

    assert listed_titles(client.get(NEWS, {"year": "2020"})) == ["Tahun baru"]
    assert listed_titles(client.get(NEWS, {"year": "2019"})) == ["Pertengahan 2019"]


@pytest.mark.parametrize("text", ["payo", "PERESMIAN", "gotong royong"])
def test_news_list_searches_title_summary_and_body(client, text):
    PostFactory(
        published=True,
        title="Dialog di Payo",
        summary="Peresmian gedung serbaguna",
        body="<p>Warga bergotong royong. Gotong royong adalah kebiasaan.</p>",
    )
    PostFactory(published=True, title="Berita lain", body="<p>Tidak ada.</p>")

    assert listed_titles(client.get(NEWS, {"q": text})) == ["Dialog di Payo"]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"year": "abc"}, "year"),
        ({"province": "zz"}, "province"),
        ({"category": "gossip"}, "category"),
        ({"year": "1999"}, "year"),
    ],
)
def test_bad_filter_values_show_the_message_and_the_unfiltered_list(english, params, field):
    PostFactory(published=True, title="Dialog di Payo", published_at=at(2018))

    response = english.get(NEWS, params)

    assert response.status_code == 200
    assert field in response.context["filter"].form.errors
    assert listed_titles(response) == ["Dialog di Payo"]
    assert 'class="invalid-feedback"' in response.content.decode()


def test_a_bad_filter_does_not_cancel_the_good_ones(client):
    PostFactory(published=True, title="Dialog Riau", village_id=BABUSSALAM)
    PostFactory(published=True, title="Dialog Solok", village_id=TANAH_GARAM)

    response = client.get(NEWS, {"province": "14", "year": "abc"})

    assert listed_titles(response) == ["Dialog Riau"]


def test_news_list_paginates_twelve_per_page(client):
    for day in range(1, 15):
        PostFactory(published=True, title=f"Berita {day:02}", published_at=at(2019, 1, day))

    first = client.get(NEWS)
    second = client.get(NEWS, {"page": 2})

    assert len(listed_titles(first)) == 12
    assert listed_titles(second) == ["Berita 02", "Berita 01"]
    body = first.content.decode()
    assert '<nav aria-label="' in body and 'rel="next"' in body and "page=2" in body


def test_pagination_keeps_the_filters(client):
    for day in range(1, 14):
        PostFactory(published=True, village_id=BABUSSALAM, published_at=at(2019, 1, day))

    body = client.get(NEWS, {"province": "14"}).content.decode()

    assert "?province=14&amp;page=2" in body


@pytest.mark.parametrize("page", ["99", "abc", "0"])
def test_a_page_out_of_range_is_not_found(client, page):
    PostFactory(published=True)

    assert client.get(NEWS, {"page": page}).status_code == 404


def test_news_card_shows_fixed_size_thumbnail_title_date_summary_and_region(client):
    PostFactory(
        published=True,
        title="Peresmian Gedung Serbaguna Payo",
        summary="Gedung serbaguna Payo diresmikan.",
        village_id=TANAH_GARAM,
        published_at=at(2018, 10, 22),
        cover=image_upload(size=(1600, 900)),
        cover_caption="Gedung serbaguna Payo",
    )

    body = client.get(NEWS).content.decode()

    post = Post.objects.get()
    assert f'<img src="{post.cover_thumbnail.url}" width="480" height="320" loading="lazy"' in body
    assert 'alt="Gedung serbaguna Payo"' in body
    assert f'href="{post_url(post)}"' in body
    assert "22 Oktober 2018" in body
    assert "Gedung serbaguna Payo diresmikan." in body
    assert "Kelurahan Tanah Garam, Kec. Lubuk Sikarah, Kota Solok, Sumatera Barat" in strip_tags(
        body
    )


def test_news_list_announces_its_feeds(client):
    body = client.get(NEWS, {"province": "14"}).content.decode()

    assert 'type="application/rss+xml" title="' in body
    assert f'href="{reverse("news_feed")}"' in body
    assert f'href="{reverse("news_feed_atom")}"' in body
    assert f'href="{reverse("province_news_feed", args=["14"])}"' in body


def test_news_list_has_one_h1_and_labelled_filter_fields(client):
    body = client.get(NEWS).content.decode()

    assert body.count("<h1") == 1
    for name in ["q", "category", "province", "year"]:
        assert f'for="id_{name}"' in body


def make_news(count, *, with_extras):
    forum = ForumFactory(published=True)
    for number in range(count):
        post = PostFactory(
            published=True,
            forum=forum,
            village=forum.village,
            author=UserFactory(first_name="Rina", last_name=f"Penulis {number}"),
            cover=image_upload(size=(60, 40)) if with_extras else "",
        )
        if with_extras:
            PostPhotoFactory(post=post, caption=f"Foto {number}")
            activity = ActivityFactory(forum=forum, published=True)
            activity.posts.add(post)
            FundingLineFactory(activity=activity)


@pytest.mark.parametrize("count", [2, 15])
def test_news_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, count):
    make_news(count, with_extras=True)

    with django_assert_max_num_queries(4):
        response = client.get(NEWS)
    with django_assert_max_num_queries(6):
        filtered = client.get(NEWS, {"province": "13", "year": "abc", "q": "Berita"})

    assert len(listed_titles(response)) == min(count, 12)
    assert len(listed_titles(filtered)) == min(count, 12)


# --- News page -------------------------------------------------------------------------


@pytest.fixture
def aspiration():
    return FundingSource.objects.get(code="dpr-aspiration")


def test_post_page_shows_the_news(client):
    author = UserFactory(username="operator.solok", first_name="Rina", last_name="Yuliani")
    forum = ForumFactory(published=True, name="FKS Tanah Garam", village_id=TANAH_GARAM)
    post = PostFactory(
        published=True,
        title="Peresmian Gedung Serbaguna Payo",
        summary="Gedung serbaguna Payo diresmikan.",
        body="<p>Walikota <strong>meresmikan</strong> gedung.</p>",
        author=author,
        published_at=at(2018, 10, 24),
        event_date=datetime.date(2018, 10, 22),
        venue="Balai Kelurahan Tanah Garam",
        forum=forum,
        village_id=TANAH_GARAM,
        cover=image_upload(size=(1200, 800)),
        cover_caption="Gedung serbaguna Payo",
    )

    response = client.get(post_url(post))

    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<h1") == 1
    assert "Peresmian Gedung Serbaguna Payo</h1>" in body
    assert "Rina Yuliani" in body
    assert "24 Oktober 2018" in body and "22 Oktober 2018" in body
    assert "Balai Kelurahan Tanah Garam" in body
    assert "<p>Walikota <strong>meresmikan</strong> gedung.</p>" in body
    assert f'<img src="{post.cover.url}" width="1200" height="800"' in body
    assert "<figcaption" in body and "Gedung serbaguna Payo</figcaption>" in body
    assert f'href="{reverse("forum_detail", args=[forum.slug])}"' in body
    assert "Kelurahan Tanah Garam, Kec. Lubuk Sikarah, Kota Solok, Sumatera Barat" in strip_tags(
        body
    )


def test_post_page_names_the_author_by_username_without_full_name(client):
    post = PostFactory(published=True, author=UserFactory(username="operator.baubau"))

    assert "operator.baubau" in client.get(post_url(post)).content.decode()


def test_post_page_does_not_link_an_unpublished_forum(client):
    forum = ForumFactory(name="FKS Draf")
    post = PostFactory(published=True, forum=forum)

    body = client.get(post_url(post)).content.decode()

    assert reverse("forum_detail", args=[forum.slug]) not in body


def test_post_page_shows_funding_sources_of_public_activities_only(client, aspiration):
    post = PostFactory(published=True)
    seminar = ActivityFactory(published=True, forum=ForumFactory(published=True), title="Seminar")
    FundingLineFactory(activity=seminar, source=aspiration, budget_year=2020, budget=50_000_000)
    draft = ActivityFactory(forum=ForumFactory(published=True), title="Kegiatan draf")
    FundingLineFactory(activity=draft, budget_year=2016)
    hidden = ActivityFactory(published=True, forum=ForumFactory(), title="Forum draf")
    FundingLineFactory(activity=hidden, budget_year=2017)
    for activity in [seminar, draft, hidden]:
        activity.posts.add(post)

    body = client.get(post_url(post)).content.decode()

    assert "Dana aspirasi anggota DPR RI 2020" in body
    assert "Rp 50.000.000" in body
    assert f'href="{reverse("activity_detail", args=[seminar.pk])}"' in body
    assert "Kegiatan draf" not in body and "Forum draf" not in body
    assert "2016" not in body and "2017" not in body


def test_post_page_lists_each_funding_source_and_year_once(client, aspiration):
    post = PostFactory(published=True)
    forum = ForumFactory(published=True)
    for title in ["Seminar", "Dialog"]:
        activity = ActivityFactory(published=True, forum=forum, title=title)
        FundingLineFactory(activity=activity, source=aspiration, budget_year=2020)
        activity.posts.add(post)

    response = client.get(post_url(post))

    assert [str(line.source) for line in response.context["funding_sources"]] == [
        "Dana aspirasi anggota DPR RI"
    ]


def test_post_page_gallery_links_thumbnails_to_full_images(client):
    post = PostFactory(published=True, title="Dialog Payo")
    first = PostPhotoFactory(post=post, caption="Pembukaan dialog", position=1)
    second = PostPhotoFactory(post=post, caption="", position=2)

    body = client.get(post_url(post)).content.decode()

    assert f'<a href="{first.image.url}"><img src="{first.thumbnail.url}" width="480"' in body
    assert 'alt="Pembukaan dialog"' in body
    assert "Pembukaan dialog</figcaption>" in body
    assert f'<a href="{second.image.url}">' in body
    assert 'alt="Dialog Payo"' in body
    assert body.index(first.image.url) < body.index(second.image.url)


def test_post_page_has_sharing_metadata_and_canonical_url(client):
    post = PostFactory(
        published=True,
        title="Dialog Payo",
        summary="Seratus warga berdialog.",
        cover=image_upload(size=(1200, 630)),
        published_at=at(2018, 10, 24),
    )

    body = client.get(post_url(post)).content.decode()

    url = f"http://testserver{post_url(post)}"
    assert f'<link rel="canonical" href="{url}">' in body
    assert f'<meta property="og:url" content="{url}">' in body
    assert '<meta property="og:type" content="article">' in body
    assert '<meta property="og:title" content="Dialog Payo">' in body
    assert '<meta property="og:description" content="Seratus warga berdialog.">' in body
    assert f'<meta property="og:image" content="http://testserver{post.cover.url}">' in body
    assert '<meta property="article:published_time" content="2018-10-24T10:00:00+07:00">' in body
    assert '<meta name="twitter:card" content="summary_large_image">' in body


def test_post_page_without_cover_has_no_image_metadata(client):
    post = PostFactory(published=True, summary="", body="<p>Isi berita tanpa ringkasan.</p>")

    body = client.get(post_url(post)).content.decode()

    assert "og:image" not in body
    assert '<meta property="og:description" content="Isi berita tanpa ringkasan.">' in body


def test_post_page_shows_who_verified_it(english):
    verifier = UserFactory(first_name="Budi", last_name="Verifikator")
    post = PostFactory(published=True, verified_by=verifier, verified_at=at(2018, 10, 23))

    body = english.get(post_url(post)).content.decode()

    assert "Verified by Budi Verifikator on 23 October 2018." in body


@pytest.mark.parametrize("state", [State.DRAFT, State.SUBMITTED, State.VERIFIED, State.RETURNED])
def test_unpublished_post_is_not_found(client, state):
    post = PostFactory(state=state, return_reason="Perbaiki" if state == State.RETURNED else "")

    assert client.get(post_url(post)).status_code == 404


def test_unknown_post_is_not_found(client):
    assert client.get(reverse("post_detail", args=["tidak-ada"])).status_code == 404


def test_a_view_is_counted_once_per_visitor(client, settings):
    settings.PAGE_CACHE = False  # the count shown by a rendered page (cached: test_page_cache.py)
    post = PostFactory(published=True)
    Post.objects.filter(pk=post.pk).update(view_count=100)

    first = client.get(post_url(post))
    again = client.get(post_url(post))
    other_visitor = Client(HTTP_USER_AGENT="Firefox").get(post_url(post))

    assert first.context["post"].view_count == 101
    assert again.context["post"].view_count == 101
    assert other_visitor.context["post"].view_count == 102
    assert "102 kali dilihat" in other_visitor.content.decode()
    post.refresh_from_db()
    assert post.view_count == 100  # written later, in a batch (tests/test_view_counts.py)


def test_counting_views_adds_no_history(client):
    post = PostFactory(published=True)
    history_rows = post.history.count()

    client.get(post_url(post))
    flush_view_counts()

    post.refresh_from_db()
    assert post.view_count == 1
    assert post.history.count() == history_rows


def test_related_posts_prefer_same_forum_then_regency_then_category(client):
    forum = ForumFactory(published=True, village_id=TANAH_GARAM)
    post = PostFactory(
        published=True, forum=forum, village_id=TANAH_GARAM, category=Post.Category.DIALOGUE
    )
    same_category = PostFactory(published=True, title="Kategori sama", village_id=BABUSSALAM)
    same_category.category = Post.Category.DIALOGUE
    same_category.save()
    PostFactory(published=True, title="Tidak terkait", village_id=BABUSSALAM)
    same_regency = PostFactory(published=True, title="Kota Solok", village_id=TANAH_GARAM)
    PostFactory(published=True, title="Forum sama lama", forum=forum, published_at=at(2015))
    PostFactory(forum=forum, title="Forum sama draf")

    response = client.get(post_url(post))

    titles = [related.title for related in response.context["related_posts"]]
    assert titles == ["Forum sama lama", same_regency.title, same_category.title]


def make_post_page(photos, activities):
    forum = ForumFactory(published=True)
    author = UserFactory(first_name="Rina")
    post = PostFactory(
        published=True,
        forum=forum,
        village=forum.village,
        author=author,
        verified_by=author,
        verified_at=timezone.now(),
        cover=image_upload(size=(60, 40)),
    )
    for number in range(photos):
        PostPhotoFactory(post=post, caption=f"Foto {number}")
    for _number in range(activities):
        activity = ActivityFactory(forum=forum, published=True)
        FundingLineFactory(activity=activity)
        FundingLineFactory(activity=activity, budget_year=2019)
        activity.posts.add(post)
    for _number in range(photos):
        PostFactory(published=True, forum=forum, cover=image_upload(size=(60, 40)))
    return post


@pytest.mark.parametrize("size", [2, 15])
def test_post_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    post = make_post_page(photos=size, activities=size)

    # post, photos, activities, funding lines, related posts; the view is counted in the cache
    with django_assert_max_num_queries(5):
        response = client.get(post_url(post))
    with django_assert_max_num_queries(5):
        client.get(post_url(post))

    assert len(response.context["photos"]) == size
    assert len(response.context["activities"]) == size


def test_staff_users_still_see_only_the_published_page(client):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "x")
    client.force_login(admin)
    post = PostFactory(title="Draf admin")

    assert client.get(post_url(post)).status_code == 404
    assert "Draf admin" not in client.get(NEWS).content.decode()
