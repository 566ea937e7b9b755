"""News feeds (RSS 2.0 and Atom) of published posts, nationwide and per province.

Readers render an item's description (RSS ``description``, Atom ``summary
type="html"``) as HTML, so the plain-text summary goes in escaped: a reader shows
``<script>`` as those characters. Titles, authors and categories are plain text by
both specifications (Atom says so with its default ``type="text"``) and go in as
they are; the XML writer escapes them for XML.
"""

import html

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forums.models import Post, Province

FEED_LENGTH = 20


class NewsFeed(Feed):
    title = gettext_lazy("Social harmony programme news")
    link = reverse_lazy("news_list")
    description = gettext_lazy(
        "The latest news of the Ministry of Social Affairs' social harmony programme."
    )

    def items(self):
        return Post.objects.published().for_list()[:FEED_LENGTH]

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        """The summary, or the start of the body as plain text, escaped into HTML."""
        text = post.summary or Truncator(html.unescape(strip_tags(post.body))).words(40)
        return escape(text)

    def item_link(self, post):
        return reverse("post_detail", args=[post.slug])

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return post.updated_at

    def item_author_name(self, post):
        if post.author is None:
            return None
        return post.author.get_full_name() or post.author.username

    def item_categories(self, post):
        return [capfirst(post.get_category_display())]


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description


class ProvinceNewsFeed(NewsFeed):
    def get_object(self, request, code):
        return get_object_or_404(Province, code=code)

    def title(self, province):
        return _("Social harmony programme news in %(province)s") % {"province": province.name}

    def link(self, province):
        return f"{reverse('news_list')}?province={province.code}"

    def description(self, province):
        return _("The latest programme news from %(province)s.") % {"province": province.name}

    def items(self, province):
        return Post.objects.published().in_province(province.code).for_list()[:FEED_LENGTH]
