"""Post view counts, kept off the request path.

A news page is read far more often than it is written. Counting a view with an UPDATE
(and remembering the reader in a session row) made every anonymous read a database
write: SQLite locked staff out under public load, and the session table filled with
one row per reader. Instead a view is counted in a cache:

- A visitor is a keyed hash of client address, user agent, post and day, remembered
  for a day in the "view_visitors" cache; no cookie, no session. The same visitor
  reading a post again that day is not counted again.
- Pending counts are cache counters in "view_counts", one per post, raised with
  atomic cache operations, so several app servers sharing Redis count correctly.
- ``flush_view_counts`` (the management command of the same name, run on a schedule)
  moves pending counts into ``Post.view_count``: one UPDATE per post, in one
  transaction. It takes a post's count off the counter (decrement by the amount read)
  before writing, so views counted meanwhile stay pending and a second flush never
  counts the same views twice. It reads the pending counters of all posts by id, in
  batches (get_many), rather than keeping a list of posts with pending views: Django's
  cache has no atomic set, and a list updated by several servers at once loses entries.

A page shows the stored count plus the post's pending count, so a reader sees their
own view at once.
"""

import itertools

from django.core.cache import caches
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .clients import client_ip
from .models import Post

VISITOR_TIMEOUT = 24 * 60 * 60  # the key names its day, so a day covers the rest of it
FLUSH_LOCK = "flush-lock"
FLUSH_LOCK_TIMEOUT = 10 * 60
BATCH_SIZE = 500


def _visitors():
    return caches["view_visitors"]


def _counts():
    return caches["view_counts"]


def _pending_key(post_id):
    return f"pending:{post_id}"


def visitor(request):
    """What tells readers apart without a cookie: client address and user agent."""
    return f"{client_ip(request)}|{request.headers.get('user-agent', '')}"


def count_view(post_id, visitor, today=None):
    """Count a view of the post by ``visitor`` on ``today`` (the local date by default),
    once per visitor and day. Returns the post's pending count, this view included."""
    if not _first_view_today(post_id, visitor, today):
        return pending_views(post_id)
    return _increment(_pending_key(post_id))


def record_view(post_id, visitor, today=None):
    """Count a view as ``count_view`` does, without reading the pending count back (a page
    served from the page cache shows no fresh count): one cache operation for a reader
    seen before today, two for a new one."""
    if _first_view_today(post_id, visitor, today):
        _increment(_pending_key(post_id))


# The visitors this process already counted, so that a reader reloading a page costs no
# cache round trip (the shared "view_visitors" cache still decides between processes).
# Keys name their day; the set is emptied when it is full.
_counted_here = set()
COUNTED_HERE_MAX = 50_000


def _first_view_today(post_id, visitor, today):
    today = today or timezone.localdate()
    key = salted_hmac("forums.view_counts", f"{today.isoformat()}|{post_id}|{visitor}")
    key = f"seen:{key.hexdigest()}"
    if key in _counted_here:
        return False
    if len(_counted_here) >= COUNTED_HERE_MAX:
        _counted_here.clear()
    _counted_here.add(key)
    return _visitors().add(key, 1, VISITOR_TIMEOUT)


def forget_counted_here():
    """Empty this process's memory of counted visitors (with the caches, in tests)."""
    _counted_here.clear()


def _increment(key):
    counts = _counts()
    try:
        return counts.incr(key)
    except ValueError:  # no counter yet: the first pending view of this post
        if counts.add(key, 1, timeout=None):
            return 1
        return counts.incr(key)


def pending_views(post_id):
    """Views of the post counted but not yet written to the database."""
    return max(_counts().get(_pending_key(post_id), 0), 0)


def flush_view_counts(batch_size=BATCH_SIZE):
    """Write every post's pending views to the database. Returns ``(posts, views)``
    written, or ``None`` when another flush is running."""
    counts = _counts()
    if not counts.add(FLUSH_LOCK, 1, FLUSH_LOCK_TIMEOUT):
        return None
    try:
        taken = _take_pending(counts, batch_size)
        try:
            with transaction.atomic():
                for post_id, views in taken.items():
                    Post.objects.filter(pk=post_id).update(view_count=F("view_count") + views)
        except BaseException:
            for post_id, views in taken.items():  # give them back for the next flush
                counts.incr(_pending_key(post_id), views)
            raise
        return len(taken), sum(taken.values())
    finally:
        counts.delete(FLUSH_LOCK)


def _take_pending(counts, batch_size):
    """Take every pending count off its counter: ``{post_id: views}``."""
    taken = {}
    post_ids = iter(Post.objects.order_by("pk").values_list("pk", flat=True))
    while batch := list(itertools.islice(post_ids, batch_size)):
        keys = {_pending_key(post_id): post_id for post_id in batch}
        for key, views in counts.get_many(keys).items():
            if views > 0:
                counts.decr(key, views)
                taken[keys[key]] = views
    return taken
