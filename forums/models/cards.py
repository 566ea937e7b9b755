"""What a forum's card in the public directory shows beside its name and place."""

from django.db.models import Sum

from .forums import Forum
from .posts import Post
from .workflow import State


def add_card_details(forums):
    """Give each forum of a page (a list or a sliced queryset) what its card shows beside
    its place: ``budget_total``, the budget of its published activities, and ``cover``, the
    cover thumbnail of its newest published news post with one (or None). Two queries
    for the whole page, whatever the number of forums.

    The activities and their funding lines are reached through their reverse relations
    (declared in ``activities``, which this app never imports).
    """
    forums = list(forums)
    if not forums:
        return forums
    ids = [forum.pk for forum in forums]
    budgets = dict(
        Forum.objects.filter(pk__in=ids, activities__state=State.PUBLISHED)
        .values("pk")
        .annotate(budget=Sum("activities__funding_lines__budget"))
        .values_list("pk", "budget")
    )
    covers = {}
    posts = (
        Post.objects.published()
        .filter(forum__in=ids)
        .exclude(cover_thumbnail="")
        .order_by("forum", "-published_at", "-pk")
        .only("forum", "cover_thumbnail", "cover_caption", "title")
    )
    for post in posts:
        covers.setdefault(post.forum_id, post)
    for forum in forums:
        forum.budget_total = int(budgets.get(forum.pk) or 0)
        forum.cover = covers.get(forum.pk)
    return forums
