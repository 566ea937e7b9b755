"""News feeds, the sitemap, robots.txt and the error pages."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from forums.models import State

from .factories import ActivityFactory, ForumFactory, MeetingFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

TANAH_GARAM = "13.72.01.1001"
BABUSSALAM = "14.06.03.2013"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def at(year, month=6, day=15):
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 0))


def rss_items(response):
    return ET.fromstring(response.content).findall("./channel/item")


def rss_titles(response):
    return [item.findtext("title") for item in rss_items(response)]


def sitemap_locations(client, section):
    response = client.get(reverse("django.contrib.sitemaps.views.sitemap", args=[section]))
    assert response.status_code == 200
    return [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]


# --- Feeds -----------------------------------------------------------------------------


def test_rss_feed_lists_published_posts_with_title_summary_link_date_and_author(client):
    author = UserFactory(first_name="Rina", last_name="Yuliani")
    post = PostFactory(
        published=True,
        title="Dialog tematik di Payo",
        summary="Seratus warga berdialog.",
        author=author,
        published_at=at(2018, 10, 22),
    )
    PostFactory(title="Draf rahasia")
    PostFactory(state=State.VERIFIED, title="Terverifikasi belum terbit")

    response = client.get(reverse("news_feed"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    [item] = rss_items(response)
    assert item.findtext("title") == "Dialog tematik di Payo"
    assert item.findtext("description") == "Seratus warga berdialog."
    assert item.findtext("link") == f"http://testserver{reverse('post_detail', args=[post.slug])}"
    assert item.findtext("pubDate") == "Mon, 22 Oct 2018 03:00:00 +0000"
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Rina Yuliani"


def test_rss_feed_has_the_latest_twenty_posts_newest_first(client):
    for day in range(1, 23):
        PostFactory(published=True, title=f"Berita {day:02}", published_at=at(2019, 1, day))

    titles = rss_titles(client.get(reverse("news_feed")))

    assert len(titles) == 20
    assert titles[0] == "Berita 22" and titles[-1] == "Berita 03"


def test_atom_feed_lists_published_posts(client):
    PostFactory(published=True, title="Dialog tematik di Payo", author=UserFactory(username="ops"))
    PostFactory(title="Draf rahasia")

    response = client.get(reverse("news_feed_atom"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    entries = ET.fromstring(response.content).findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Dialog tematik di Payo"]
    assert entries[0].findtext(f"{ATOM}author/{ATOM}name") == "ops"


def test_province_feed_lists_only_that_provinces_published_posts(client):
    PostFactory(published=True, title="Berita Rokan Hulu", village_id=BABUSSALAM)
    PostFactory(published=True, title="Berita Solok", village_id=TANAH_GARAM)
    PostFactory(title="Draf Rokan Hulu", village_id=BABUSSALAM)

    response = client.get(reverse("province_news_feed", args=["14"]))

    assert rss_titles(response) == ["Berita Rokan Hulu"]
    channel_link = ET.fromstring(response.content).findtext("./channel/link")
    assert channel_link.endswith(f"{reverse('news_list')}?province=14")


@pytest.mark.parametrize("code", ["99", "zz", "14.06"])
def test_province_feed_of_an_unknown_province_is_not_found(client, code):
    assert client.get(reverse("province_news_feed", args=[code])).status_code == 404


@pytest.mark.parametrize("count", [2, 25])
def test_feeds_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, count):
    for _number in range(count):
        PostFactory(published=True, village_id=BABUSSALAM, author=UserFactory())

    with django_assert_max_num_queries(1):
        client.get(reverse("news_feed"))
    with django_assert_max_num_queries(2):
        client.get(reverse("province_news_feed", args=["14"]))


# --- Sitemap ---------------------------------------------------------------------------


def test_sitemap_index_lists_every_section(client):
    response = client.get(reverse("sitemap"))

    assert response.status_code == 200
    locations = [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]
    assert locations == [
        f"http://testserver/sitemap-{section}.xml"
        for section in ["pages", "news", "forums", "activities", "meetings"]
    ]


def test_sitemap_lists_the_fixed_pages(client):
    locations = sitemap_locations(client, "pages")

    assert locations == [
        f"http://testserver{reverse(name)}" for name in ["home", "news_list", "forum_list", "about"]
    ]


def test_sitemap_lists_only_published_posts(client):
    post = PostFactory(published=True)
    draft = PostFactory(state=State.SUBMITTED)

    locations = sitemap_locations(client, "news")

    assert locations == [f"http://testserver{reverse('post_detail', args=[post.slug])}"]
    assert reverse("post_detail", args=[draft.slug]) not in str(locations)


def test_sitemap_lists_only_published_forums(client):
    forum = ForumFactory(published=True)
    ForumFactory(state=State.VERIFIED)

    locations = sitemap_locations(client, "forums")

    assert locations == [f"http://testserver{reverse('forum_detail', args=[forum.slug])}"]


def test_sitemap_lists_only_public_activities(client):
    forum = ForumFactory(published=True)
    public = ActivityFactory(published=True, forum=forum)
    ActivityFactory(forum=forum)  # draft
    ActivityFactory(published=True, forum=ForumFactory())  # published, but its forum is not

    locations = sitemap_locations(client, "activities")

    assert locations == [f"http://testserver{reverse('activity_detail', args=[public.pk])}"]


def test_sitemap_lists_only_public_meetings(client):
    forum = ForumFactory(published=True)
    public = MeetingFactory(forum=forum, state=State.PUBLISHED, published_at=timezone.now())
    MeetingFactory(forum=forum)  # draft

    locations = sitemap_locations(client, "meetings")

    assert locations == [f"http://testserver{reverse('meeting_detail', args=[public.pk])}"]


@pytest.mark.parametrize("count", [2, 15])
def test_sitemap_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, count):
    for _number in range(count):
        forum = ForumFactory(published=True)
        ActivityFactory(published=True, forum=forum)
        PostFactory(published=True, forum=forum)
        MeetingFactory(forum=forum, state=State.PUBLISHED, published_at=timezone.now())

    # four sections with data: latest change and number of pages each
    with django_assert_max_num_queries(8):
        client.get(reverse("sitemap"))
    for section in ["news", "forums", "activities", "meetings"]:
        # count and the page of items (and nothing per item)
        with django_assert_max_num_queries(2):
            client.get(reverse("django.contrib.sitemaps.views.sitemap", args=[section]))


# --- robots.txt and error pages --------------------------------------------------------


def test_robots_txt_allows_the_public_pages_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /staff/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_unknown_page_shows_the_portal_404_page(client, settings):
    settings.DEBUG = False
    client.cookies["django_language"] = "en"

    response = client.get("/tidak-ada-halaman-ini/")

    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    assert f'href="{reverse("news_list")}"' in body


def test_unpublished_post_shows_the_portal_404_page(client, settings):
    settings.DEBUG = False
    post = PostFactory(title="Draf rahasia")

    response = client.get(reverse("post_detail", args=[post.slug]))

    assert response.status_code == 404
    assert "Draf rahasia" not in response.content.decode()
    assert f'href="{reverse("forum_list")}"' in response.content.decode()


def test_500_page_renders_without_context_or_request():
    html = render_to_string("500.html")

    assert "<h1>" in html
    assert 'href="/static/vendor/bootstrap/bootstrap.min.css"' in html
    assert "{%" not in html
