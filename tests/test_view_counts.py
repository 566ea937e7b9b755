"""Post view counts: counted in the cache once per visitor and day, written to the database
in batches by `manage.py flush_view_counts`."""

import datetime

import pytest
from django.core.cache import caches
from django.core.management import CommandError, call_command
from django.db import DataError
from django.test import Client
from django.urls import reverse

from forums import view_counts
from forums.models import Post
from forums.view_counts import count_view, flush_view_counts, pending_views

from .factories import PostFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2024, 3, 4)
TUESDAY = datetime.date(2024, 3, 5)


def stored_views(post):
    post.refresh_from_db()
    return post.view_count


def test_three_reads_by_one_visitor_count_once():
    post = PostFactory(published=True)

    counts = [count_view(post.pk, "10.0.0.1|Firefox", today=MONDAY) for _ in range(3)]

    assert counts == [1, 1, 1]
    assert pending_views(post.pk) == 1


def test_two_visitors_count_twice():
    post = PostFactory(published=True)

    count_view(post.pk, "10.0.0.1|Firefox", today=MONDAY)
    count_view(post.pk, "10.0.0.2|Firefox", today=MONDAY)
    count_view(post.pk, "10.0.0.1|Chrome", today=MONDAY)  # same address, another browser

    assert pending_views(post.pk) == 3


def test_the_same_visitor_counts_again_the_next_day():
    post = PostFactory(published=True)

    count_view(post.pk, "10.0.0.1|Firefox", today=MONDAY)
    count_view(post.pk, "10.0.0.1|Firefox", today=MONDAY)
    count_view(post.pk, "10.0.0.1|Firefox", today=TUESDAY)

    assert pending_views(post.pk) == 2


def test_a_visitor_is_counted_for_each_post_they_read():
    first, second = PostFactory(published=True), PostFactory(published=True)

    count_view(first.pk, "10.0.0.1|Firefox", today=MONDAY)
    count_view(second.pk, "10.0.0.1|Firefox", today=MONDAY)

    assert (pending_views(first.pk), pending_views(second.pk)) == (1, 1)


def test_the_visitor_is_not_stored_in_clear():
    post = PostFactory(published=True)

    count_view(post.pk, "10.0.0.1|Firefox", today=MONDAY)

    stored = caches["view_visitors"]
    keys = list(getattr(stored, "_cache", {}))  # the local-memory cache's keys
    assert keys and not any("10.0.0.1" in key for key in keys)


def test_flush_writes_the_sums_and_zeroes_pending():
    read_twice, read_once, unread = (PostFactory(published=True) for _ in range(3))
    Post.objects.filter(pk=read_twice.pk).update(view_count=100)
    for visitor in ["a", "b"]:
        count_view(read_twice.pk, visitor, today=MONDAY)
    count_view(read_once.pk, "a", today=MONDAY)

    assert flush_view_counts() == (2, 3)

    assert (stored_views(read_twice), stored_views(read_once), stored_views(unread)) == (102, 1, 0)
    assert pending_views(read_twice.pk) == pending_views(read_once.pk) == 0


def test_flushing_twice_does_not_count_twice():
    post = PostFactory(published=True)
    count_view(post.pk, "a", today=MONDAY)
    flush_view_counts()

    assert flush_view_counts() == (0, 0)
    count_view(post.pk, "b", today=MONDAY)
    flush_view_counts()

    assert stored_views(post) == 2


def test_flush_writes_in_one_transaction_per_run(django_assert_num_queries):
    posts = [PostFactory(published=True) for _ in range(3)]
    for post in posts:
        count_view(post.pk, "a", today=MONDAY)

    # the post ids, then SAVEPOINT/BEGIN, one UPDATE per post, RELEASE/COMMIT
    with django_assert_num_queries(1 + 1 + len(posts) + 1):
        flush_view_counts()


def test_flush_reads_pending_counts_in_batches():
    posts = [PostFactory(published=True) for _ in range(5)]
    for post in posts:
        count_view(post.pk, "a", today=MONDAY)

    assert flush_view_counts(batch_size=2) == (5, 5)

    assert [stored_views(post) for post in posts] == [1] * 5


def test_a_failed_flush_writes_nothing_and_keeps_the_views_pending():
    fine, broken = PostFactory(published=True), PostFactory(published=True)
    count_view(fine.pk, "a", today=MONDAY)
    # A count no database integer can hold makes the second UPDATE fail.
    caches["view_counts"].set(view_counts._pending_key(broken.pk), 2**63, timeout=None)

    with pytest.raises((OverflowError, DataError)):
        flush_view_counts()

    assert stored_views(fine) == 0  # rolled back with the failed one
    assert pending_views(fine.pk) == 1
    assert pending_views(broken.pk) == 2**63
    caches["view_counts"].set(view_counts._pending_key(broken.pk), 1, timeout=None)
    assert flush_view_counts() == (2, 2)
    assert (stored_views(fine), stored_views(broken)) == (1, 1)


def test_views_counted_during_a_flush_stay_pending(monkeypatch):
    post = PostFactory(published=True)
    count_view(post.pk, "a", today=MONDAY)
    take = view_counts._take_pending

    def take_then_a_reader_arrives(*args):
        taken = take(*args)
        count_view(post.pk, "b", today=MONDAY)
        return taken

    monkeypatch.setattr(view_counts, "_take_pending", take_then_a_reader_arrives)
    flush_view_counts()

    assert stored_views(post) == 1
    assert pending_views(post.pk) == 1


def test_only_one_flush_runs_at_a_time():
    post = PostFactory(published=True)
    count_view(post.pk, "a", today=MONDAY)
    caches["view_counts"].add(view_counts.FLUSH_LOCK, 1)  # another flush is running

    assert flush_view_counts() is None
    with pytest.raises(CommandError, match="Another flush_view_counts is running"):
        call_command("flush_view_counts")

    assert stored_views(post) == 0
    assert pending_views(post.pk) == 1


def test_the_command_writes_the_pending_views(capsys):
    post = PostFactory(published=True)
    count_view(post.pk, "a", today=MONDAY)

    call_command("flush_view_counts")

    assert "1 views of 1 posts written." in capsys.readouterr().out
    assert stored_views(post) == 1


def test_the_page_shows_stored_plus_pending_views(settings):
    settings.PAGE_CACHE = False  # the count shown by a rendered page (cached: test_page_cache.py)
    post = PostFactory(published=True)
    Post.objects.filter(pk=post.pk).update(view_count=41)
    url = reverse("post_detail", args=[post.slug])

    Client(HTTP_USER_AGENT="Firefox").get(url)
    response = Client(HTTP_USER_AGENT="Chrome").get(url)
    flush_view_counts()
    after_flush = Client(HTTP_USER_AGENT="Chrome").get(url)  # the same visitor

    assert response.context["post"].view_count == 43
    assert after_flush.context["post"].view_count == 43
    assert stored_views(post) == 43


def test_readers_behind_a_trusted_proxy_count_separately(settings):
    settings.TRUSTED_PROXIES = 1
    post = PostFactory(published=True)
    url = reverse("post_detail", args=[post.slug])

    for address in ["203.0.113.7", "203.0.113.8", "203.0.113.8"]:
        Client(HTTP_X_FORWARDED_FOR=address).get(url)

    assert pending_views(post.pk) == 2
