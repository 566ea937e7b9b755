import pytest
from django.urls import reverse

from .factories import ActivityFactory, ForumFactory, PostFactory

pytestmark = pytest.mark.django_db


def search(client, q):
    return client.get(reverse("search"), {"q": q})


def test_search_finds_published_news_forums_and_activities(client):
    forum = ForumFactory(published=True, name="FKS Payo")
    ActivityFactory(published=True, forum=forum, title="Gedung serbaguna Payo")
    PostFactory(published=True, title="Dialog tematik di Payo")

    results = search(client, "payo").context["results"]

    assert [f.name for f in results["forums"]] == ["FKS Payo"]
    assert [a.title for a in results["activities"]] == ["Gedung serbaguna Payo"]
    assert [p.title for p in results["posts"]] == ["Dialog tematik di Payo"]


def test_search_never_shows_unpublished_records(client):
    draft_forum = ForumFactory(name="FKS Rahasia")
    ActivityFactory(forum=draft_forum, title="Kegiatan Rahasia", published=True)
    PostFactory(title="Berita Rahasia", state="submitted")

    response = search(client, "rahasia")

    assert "Rahasia" not in response.text.replace('value="rahasia"', "")
    assert not any(response.context["results"].values())


def test_forum_search_matches_village_names_ignoring_spacing(client):
    ForumFactory(published=True, name="Forum Satu")  # in Kelurahan Tanah Garam
    results = search(client, "tanah-garam").context["results"]
    assert [f.name for f in results["forums"]] == ["Forum Satu"]


@pytest.mark.parametrize("q", ["a", "x" * 101])
def test_search_explains_bad_queries(client, q):
    response = search(client, q)
    assert response.status_code == 200
    assert response.context["results"] is None
    assert response.context["form"].errors["q"]


def test_empty_search_page_shows_the_form(client):
    response = client.get(reverse("search"))
    assert response.status_code == 200
    assert response.context["results"] is None
    assert 'name="q"' in response.text
