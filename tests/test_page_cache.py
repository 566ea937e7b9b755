"""The public page cache (ks_portal/page_cache.py): fast for readers, never stale, never
shared between a signed-in staff member and the public."""

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from activities.models import FundingSource
from forums import view_counts
from forums.models import Post
from forums.services import apply_transition
from ks_portal import page_cache

from .factories import (
    ActivityFactory,
    ForumFactory,
    FundingLineFactory,
    PostFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db


def cached(response):
    return response.headers.get("X-Page-Cache")


def text(response):
    return response.content.decode()


@pytest.fixture
def forum():
    return ForumFactory(published=True, name="FKS Tanah Garam")


@pytest.fixture
def verifier():
    return staff_user("verifier", province="13")


@pytest.fixture
def operator():
    return staff_user("operator", regencies=["13.72"])


def test_a_second_reader_gets_the_same_page_without_a_query(forum, django_assert_num_queries):
    url = reverse("forum_detail", args=[forum.slug])
    first = Client().get(url)

    with django_assert_num_queries(0):
        second = Client().get(url)

    assert cached(first) == "miss"
    assert cached(second) == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_each_url_query_string_and_language_is_its_own_page(forum):
    Client().get(reverse("forum_list"))

    assert cached(Client().get(reverse("forum_list") + "?province=13")) == "miss"
    english = Client()
    english.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    response = english.get(reverse("forum_list"))
    assert cached(response) == "miss"
    assert 'lang="en"' in text(response)
    assert 'lang="id"' in text(Client().get(reverse("forum_list")))


def test_a_publication_shows_at_once(forum, operator, verifier):
    activity = ActivityFactory(forum=forum, title="Balai Warga Baru")
    FundingLineFactory(activity=activity, budget=150_000_000)
    pages = [reverse("forum_detail", args=[forum.slug]), reverse("funding_summary")]
    for url in pages:
        assert "Balai Warga Baru" not in text(Client().get(url))

    apply_transition(activity, "submit", operator)
    for url in pages:  # a submission changes nothing public: the cached page still holds
        assert cached(Client().get(url)) == "hit"
    apply_transition(activity, "verify", verifier)
    apply_transition(activity, "publish", verifier)

    forum_page = Client().get(pages[0])
    assert cached(forum_page) == "miss"
    assert "Balai Warga Baru" in text(forum_page)
    assert "Rp 150.000.000" in text(Client().get(pages[1] + "?level=activity"))


def test_a_return_removes_the_record_at_once():
    post = PostFactory(published=True, title="Dialog lintas iman di Tanah Garam")
    post_url = reverse("post_detail", args=[post.slug])
    assert post.title in text(Client().get(reverse("news_list")))
    assert Client().get(post_url).status_code == 200

    apply_transition(post, "return", staff_user("administrator"), reason="Nama narasumber keliru")

    assert post.title not in text(Client().get(reverse("news_list")))
    assert Client().get(post_url).status_code == 404


def test_an_edit_of_a_published_record_and_of_a_child_shows_at_once(forum):
    activity = ActivityFactory(forum=forum, published=True)
    line = FundingLineFactory(activity=activity, budget=100_000_000)
    url = reverse("activity_detail", args=[activity.pk])
    assert "Rp 100.000.000" in text(Client().get(url))

    forum.name = "FKS Tanah Garam Bersatu"
    forum.save()
    line.budget = 125_000_000
    line.save()

    page = text(Client().get(url))
    assert "FKS Tanah Garam Bersatu" in page
    assert "Rp 125.000.000" in page


def test_a_reference_list_change_shows_at_once(forum):
    activity = ActivityFactory(forum=forum, published=True)
    FundingLineFactory(activity=activity)
    url = reverse("funding_summary")
    assert "Dana Hibah Uji" not in text(Client().get(url))

    source = FundingSource.objects.get(code="apbn")
    source.name = "Dana Hibah Uji"
    source.save()

    assert "Dana Hibah Uji" in text(Client().get(url))


def test_a_draft_saved_again_keeps_the_cached_pages(forum):
    url = reverse("forum_list")
    Client().get(url)
    draft = ForumFactory(name="FKS Konsep")

    draft.name = "FKS Konsep Kedua"
    draft.save()
    ActivityFactory(forum=forum)  # a draft activity of a public forum

    assert cached(Client().get(url)) == "hit"


def test_a_signed_in_staff_member_never_gets_or_leaves_a_cached_page(forum, operator):
    url = reverse("forum_detail", args=[forum.slug])
    Client().get(url)  # cached for the public
    staff = Client()
    staff.force_login(operator)

    own = staff.get(url)
    assert cached(own) is None
    assert "no-store" in own["Cache-Control"]
    page_cache.clear()
    staff.get(url)  # rendered for the operator first: not kept for the public
    public = Client().get(url)
    assert cached(public) == "miss"
    assert reverse("staff_dashboard") not in text(public)


def test_only_plain_public_answers_are_kept():
    missing = reverse("post_detail", args=["tidak-ada"])
    assert Client().get(missing).status_code == 404
    assert cached(Client().get(missing)) is None  # a 404 is not kept
    login = reverse("login")
    Client().get(login)
    assert cached(Client().get(login)) is None  # staff pages, with their CSRF cookie
    with_message = Client()
    with_message.cookies["messages"] = "x"
    Client().get(reverse("home"))
    assert cached(with_message.get(reverse("home"))) is None  # a pending message


def test_a_reader_served_from_the_cache_is_still_counted():
    post = PostFactory(published=True)
    url = reverse("post_detail", args=[post.slug])
    Client(HTTP_USER_AGENT="Pembaca A").get(url)

    response = Client(HTTP_USER_AGENT="Pembaca B").get(url)
    Client(HTTP_USER_AGENT="Pembaca B").get(url)  # the same reader again that day

    assert cached(response) == "hit"
    view_counts.flush_view_counts()
    assert Post.objects.get(pk=post.pk).view_count == 2


def test_the_version_changes_again_when_the_transaction_commits(
    forum, django_capture_on_commit_callbacks
):
    # A page rendered from the data just before the commit must not live on under the
    # version set by the change: the version changes again once the data is visible.
    with django_capture_on_commit_callbacks() as callbacks:
        forum.name = "FKS Baru"
        forum.save()
    before_commit = caches["page_versions"].get(page_cache.VERSION_KEY)
    for callback in callbacks:
        callback()

    assert caches["page_versions"].get(page_cache.VERSION_KEY) != before_commit


def test_another_process_change_is_seen_after_the_version_check(forum, settings):
    url = reverse("forum_detail", args=[forum.slug])
    Client().get(url)
    # Another app server published something: it replaced the shared version.
    caches["page_versions"].set(page_cache.VERSION_KEY, "another-process", timeout=None)

    assert cached(Client().get(url)) == "hit"  # within PAGE_CACHE_VERSION_CHECK seconds
    settings.PAGE_CACHE_VERSION_CHECK = 0
    assert cached(Client().get(url)) == "miss"


def test_the_language_switch_works_from_a_cached_page():
    Client().get(reverse("home"))
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(reverse("home"))
    assert cached(page) == "hit"
    assert "csrfmiddlewaretoken" not in text(page)

    response = reader.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert reader.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert 'lang="en"' in text(reader.get(reverse("home")))


def test_off_means_every_page_is_rendered(settings, forum):
    settings.PAGE_CACHE = False
    url = reverse("forum_detail", args=[forum.slug])
    Client().get(url)

    assert cached(Client().get(url)) is None


def test_a_request_with_credentials_is_its_own(forum):
    url = reverse("forum_detail", args=[forum.slug])
    Client().get(url)

    assert cached(Client(HTTP_AUTHORIZATION="Basic b3BlcmF0b3I6eA==").get(url)) is None
