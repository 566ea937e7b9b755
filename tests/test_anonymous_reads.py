"""An anonymous reader writes nothing: no session row, no session cookie, no SQL that
changes data, on every public page and API endpoint (views are counted in the cache)."""

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .factories import (
    ActivityFactory,
    ForumFactory,
    FundingLineFactory,
    MeetingFactory,
    PostFactory,
    ProgressReportFactory,
    published,
)

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@pytest.fixture
def pages():
    forum = ForumFactory(published=True)
    activity = ActivityFactory(forum=forum, published=True)
    FundingLineFactory(activity=activity)
    ProgressReportFactory(activity=activity, **published())
    meeting = MeetingFactory(forum=forum, activity=activity, **published())
    post = PostFactory(published=True, forum=forum, village=forum.village)
    activity.posts.add(post)
    html = [
        reverse("home"),
        reverse("about"),
        reverse("news_list"),
        reverse("post_detail", args=[post.slug]),
        reverse("forum_list"),
        reverse("forum_detail", args=[forum.slug]),
        reverse("activity_detail", args=[activity.pk]),
        reverse("meeting_detail", args=[meeting.pk]),
        reverse("search") + "?q=Berita",
        reverse("funding_summary"),
    ]
    other = [
        "/api/news/",
        f"/api/news/{post.slug}/",
        "/api/forums/",
        f"/api/activities/{activity.pk}/",
        "/api/meetings/",
        "/api/regions/provinces/",
        "/api/funding/summary/",
        reverse("news_feed"),
        reverse("sitemap"),
    ]
    return html, other


def read(url):
    """A first-time reader: a new client, no cookies."""
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url)
    assert response.status_code == 200, url
    writes = [query["sql"] for query in queries if query["sql"].lstrip().upper().startswith(WRITES)]
    return response, writes


def test_anonymous_pages_write_nothing_to_the_database(pages):
    html, other = pages
    sessions = Session.objects.count()

    for url in html + other:
        response, writes = read(url)
        assert writes == [], url
        assert "sessionid" not in response.cookies, url

    assert Session.objects.count() == sessions


def test_reading_a_news_page_twice_writes_nothing(pages):
    html, _other = pages
    post_url = html[3]
    reader = Client()
    reader.get(post_url)

    with CaptureQueriesContext(connection) as queries:
        response = reader.get(post_url)

    assert not [query for query in queries if query["sql"].upper().startswith(WRITES)]
    assert "sessionid" not in response.cookies


def test_only_the_language_switch_sets_a_cookie_on_public_pages(pages):
    """Pages carry the language switch, a POST form with a CSRF token, so they set the
    csrftoken cookie (a cookie, not a database write); the API and feeds set none."""
    html, other = pages

    for url in html:
        assert set(read(url)[0].cookies) <= {"csrftoken"}, url
    for url in other:
        assert not read(url)[0].cookies, url
