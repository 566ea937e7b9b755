"""Feed text reaches a reader as text: an HTML-rendering reader shows it, never runs it."""

import html
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from .factories import PostFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SCRIPT = "<script>alert(1)</script>"
BABUSSALAM = "14.06.03.2013"


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def html_tags(fragment):
    """The elements an HTML-rendering reader would make of ``fragment``."""
    parser = _Tags()
    parser.feed(fragment)
    return parser.tags


def rss_item(response):
    [item] = ET.fromstring(response.content).findall("./channel/item")
    return item


def atom_entry(response):
    [entry] = ET.fromstring(response.content).findall(f"{ATOM}entry")
    return entry


def test_rss_description_is_the_summary_escaped_as_html(client):
    PostFactory(published=True, summary=f'Dialog {SCRIPT} & "warga"')

    response = client.get(reverse("news_feed"))

    description = rss_item(response).findtext("description")
    assert html_tags(description) == []
    assert html.unescape(description) == f'Dialog {SCRIPT} & "warga"'
    assert b"&amp;lt;script&amp;gt;" in response.content


def test_atom_summary_is_the_summary_escaped_as_html(client):
    PostFactory(published=True, summary=SCRIPT)

    summary = atom_entry(client.get(reverse("news_feed_atom"))).find(f"{ATOM}summary")

    assert summary.get("type") == "html"
    assert html_tags(summary.text) == []
    assert html.unescape(summary.text) == SCRIPT


def test_province_feed_description_is_escaped(client):
    PostFactory(published=True, summary=SCRIPT, village_id=BABUSSALAM)

    response = client.get(reverse("province_news_feed", args=["14"]))

    description = rss_item(response).findtext("description")
    assert html_tags(description) == []
    assert html.unescape(description) == SCRIPT


def test_description_from_the_body_is_its_text_escaped(client):
    # The body is sanitised HTML: what its author typed as "<b>" is stored as "&lt;b&gt;".
    PostFactory(published=True, summary="", body="<p>Tulis &lt;b&gt; &amp; <em>lainnya</em></p>")

    description = rss_item(client.get(reverse("news_feed"))).findtext("description")

    assert html_tags(description) == []
    assert html.unescape(description) == "Tulis <b> & lainnya"


@pytest.mark.parametrize("feed", ["news_feed", "news_feed_atom"])
def test_titles_are_plain_text_with_their_characters_intact(client, feed):
    title = f'{SCRIPT} & "warga"'
    PostFactory(published=True, title=title)

    response = client.get(reverse(feed))

    if feed == "news_feed":
        assert rss_item(response).findtext("title") == title
    else:
        element = atom_entry(response).find(f"{ATOM}title")
        assert element.get("type", "text") == "text"  # Atom readers show it as typed
        assert element.text == title
    assert b"<script>" not in response.content
