"""Selectors for a forum's public page.

The page shows a forum with its activities' money and progress, so it lives in
``activities`` (a lower app never imports a higher one); the forum queryset is
built here from ``Forum.objects`` rather than added to ``ForumQuerySet``.
"""

from django.db.models import Case, IntegerField, Prefetch, Value, When

from forums.models import Forum, ForumMember, Post, PostPhoto, State

from .activities import Activity, ProgressPhoto
from .meetings import Meeting

FORUM_PAGE_POSTS = 10
FORUM_PAGE_PHOTOS = 12

# Chair, secretary, treasurer, then members; alphabetical order of the codes would
# put "member" before "secretary".
_ROLE_ORDER = Case(
    *[When(role=role, then=Value(rank)) for rank, role in enumerate(ForumMember.Role.values)],
    output_field=IntegerField(),
)


def public_forum_pages():
    """Published forums with everything their public page shows, in a fixed number of queries.

    Children are filtered inside the prefetches, so a template only ever gets what the
    public may see: ``public_members`` (public fields only, never the phone),
    ``public_activities`` (with ``budget_total``, ``spending_total``, ``remainder`` and
    ``latest_percent``), ``public_meetings`` and the latest ``public_posts``.
    """
    members = ForumMember.objects.only("forum", "name", "role", "group").order_by(
        _ROLE_ORDER, "name", "pk"
    )
    return (
        Forum.objects.published()
        .with_village()
        .select_related("verified_by")
        .prefetch_related(
            Prefetch("members", members, to_attr="public_members"),
            Prefetch("activities", Activity.objects.for_forum_page(), to_attr="public_activities"),
            Prefetch("meetings", Meeting.objects.public(), to_attr="public_meetings"),
            Prefetch("posts", Post.objects.published()[:FORUM_PAGE_POSTS], to_attr="public_posts"),
        )
    )


def forum_photos(forum, limit=FORUM_PAGE_PHOTOS):
    """Up to ``limit`` public photos of a forum: its works' progress photos, newest first,
    then photos from the galleries of its published news. Returns ``(progress, news)``."""
    progress = list(
        ProgressPhoto.objects.public()
        .of_forum(forum)
        .select_related("report__activity")
        .order_by("-report__reported_on", "-report__pk", "pk")[:limit]
    )
    news = []
    if len(progress) < limit:
        news = list(
            PostPhoto.objects.filter(post__forum=forum, post__state=State.PUBLISHED)
            .select_related("post")
            .order_by("-post__published_at", "-post__pk", "position", "pk")[: limit - len(progress)]
        )
    return progress, news
