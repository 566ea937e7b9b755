"""forums/public_changes.py: which writes announce a change of public data, and where."""

import pytest

from activities.models import ActivityType
from forums import public_changes
from forums.models import Forum

from .factories import ActivityFactory, ForumFactory, FundingLineFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    told = []

    def listener(sender, regencies, funding, **kwargs):
        told.append((regencies, funding))

    public_changes.public_data_changed.connect(listener, dispatch_uid="test-heard")
    yield told
    public_changes.public_data_changed.disconnect(dispatch_uid="test-heard")


def test_drafts_announce_nothing(heard):
    forum = ForumFactory()
    forum.name = "FKS Konsep"
    forum.save()
    FundingLineFactory(activity=ActivityFactory(forum=forum))

    assert heard == []


def test_a_published_record_its_return_and_its_children_announce_their_regency(heard):
    forum = ForumFactory(published=True)
    assert heard == [({"13.72"}, True)]

    loaded = Forum.objects.get(pk=forum.pk)  # as the workflow loads it
    loaded.state = "returned"
    loaded.return_reason = "Periksa lagi"
    loaded.save()
    assert heard[-1] == ({"13.72"}, True)  # published before the save

    loaded.save()  # returned, saved again: nothing public changes
    assert len(heard) == 2

    activity = ActivityFactory(forum=ForumFactory(published=True), published=True)
    heard.clear()
    FundingLineFactory(activity=activity)
    assert heard == [({"13.72"}, True)]


def test_news_without_a_region_and_reference_lists_announce_everywhere(heard):
    PostFactory(published=True, village=None, regency=None)
    kind = ActivityType.objects.first()
    kind.save()

    assert heard == [(None, False), (None, True)]


def test_a_batch_announces_once_with_everything_it_gathered(heard):
    with public_changes.batch():
        ForumFactory(published=True)
        PostFactory(published=True, village=None, regency=None)
        assert heard == []

    assert heard == [(None, True)]
