"""Public pages of the forums app: the news list, a news page and the forum directory.

Only published content is shown. The forum page itself needs activities and
money, so it lives in ``activities`` (see DESIGN.md, "Shape of the code").
"""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.views import FilterView

from . import view_counts
from .filters import ForumFilter, PostFilter
from .models import Forum, Post, add_card_details

RELATED_POSTS = 3


class NewsListView(FilterView):
    filterset_class = PostFilter
    paginate_by = 12
    # A bad filter value is dropped (with its message); the other filters still apply.
    strict = False
    template_name = "forums/news_list.html"
    extra_context = {"crumbs": [(None, gettext_lazy("News"))]}

    def get_queryset(self):
        return Post.objects.published().for_list()


class ForumListView(FilterView):
    filterset_class = ForumFilter
    paginate_by = 20
    strict = False
    template_name = "forums/forum_list.html"
    extra_context = {"crumbs": [(None, gettext_lazy("Forums"))]}

    def get_queryset(self):
        return Forum.objects.published().with_village().order_by("name", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        add_card_details(context["object_list"])
        return context


news_list = NewsListView.as_view()
forum_list = ForumListView.as_view()


def post_detail(request, slug):
    post = get_object_or_404(Post.objects.published().for_detail(), slug=slug)
    # Counted in the cache, not the database: an anonymous read writes nothing.
    post.view_count += view_counts.count_view(post.pk, view_counts.visitor(request))
    url = reverse("post_detail", args=[post.slug])
    context = {
        "post": post,
        "description": post.summary or Truncator(strip_tags(post.body)).words(40),
        "photos": post.photos.all(),
        "activities": post.public_activities,
        "funding_sources": _funding_sources(post.public_activities),
        "related_posts": Post.objects.published().for_list().related_to(post)[:RELATED_POSTS],
        "canonical_url": request.build_absolute_uri(url),
        "cover_url": request.build_absolute_uri(post.cover.url) if post.cover else "",
        "crumbs": [(reverse("news_list"), _("News")), (None, post.title)],
    }
    response = render(request, "forums/post_detail.html", context)
    # A reader served from the page cache is counted too (ks_portal/page_cache.py).
    response.page_cache_on_hit = ("count_post_view", post.pk)
    return response


def _funding_sources(activities):
    """Distinct "source year" pairs of the activities' funding lines, in line order."""
    pairs = {}
    for activity in activities:
        for line in activity.funding_lines.all():
            pairs.setdefault((line.source_id, line.budget_year), line)
    return list(pairs.values())
