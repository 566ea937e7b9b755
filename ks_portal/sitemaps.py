"""The sitemap: published posts and forums, public activities and meetings, the fixed pages.

At national scale (200,000 activities) one section alone passes the protocol's
50,000 URLs per file, so /sitemap.xml is an index of sections and each section
is paginated by Django.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from activities.models import Activity, Meeting
from forums.models import Forum, Post


class PublicSitemap(Sitemap):
    """A section whose items carry ``updated_at``."""

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # Django's default calls lastmod() on every item of the section; one
        # aggregate query does the same job.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class PostSitemap(PublicSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Post.objects.published().only("slug", "updated_at").order_by("-published_at", "-pk")

    def location(self, post):
        return reverse("post_detail", args=[post.slug])


class ForumSitemap(PublicSitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Forum.objects.published().only("slug", "updated_at").order_by("pk")

    def location(self, forum):
        return reverse("forum_detail", args=[forum.slug])


class ActivitySitemap(PublicSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Activity.objects.public().only("pk", "updated_at").order_by("pk")

    def location(self, activity):
        return reverse("activity_detail", args=[activity.pk])


class MeetingSitemap(PublicSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Meeting.objects.public().only("pk", "updated_at").order_by("pk")

    def location(self, meeting):
        return reverse("meeting_detail", args=[meeting.pk])


class PageSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["home", "news_list", "forum_list", "about"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "news": PostSitemap,
    "forums": ForumSitemap,
    "activities": ActivitySitemap,
    "meetings": MeetingSitemap,
}
