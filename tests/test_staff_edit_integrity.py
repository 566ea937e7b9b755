"""No staff write is lost, doubled or reverted: edits and deletions of every kind re-check
the record under a lock, refuse a form loaded before someone else's change, and a form
sent twice saves once."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from activities.models import Activity, FundingLine
from forums.models import Forum, ForumMember, State, SubmissionToken
from forums.services import apply_transition
from forums.staff.submission import claim, version_of

from .factories import ActivityFactory, ForumFactory, FundingLineFactory, staff_user
from .test_staff_activities import edit_data as activity_edit_data
from .test_staff_activities import line
from .test_staff_forums import CHAIR, MEMBER, forum_data, member_data

pytestmark = pytest.mark.django_db

SOLOK = "13.72"


@pytest.fixture
def operator(client):
    user = staff_user("operator", regencies=[SOLOK])
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return user


@pytest.fixture
def verifier():
    return staff_user("verifier", province="13")


def forum_edit(forum, members=(), **fields):
    data = forum_data(slug=forum.slug, loaded_version=version_of(forum), **fields)
    data.update(member_data(list(members)))
    return data


def test_an_edit_posted_after_a_submit_leaves_the_record_submitted(client, operator):
    forum = ForumFactory(name="Lama")
    data = forum_edit(forum, name="Baru", submission_token="edit-1")
    apply_transition(forum, "submit", operator)

    response = client.post(reverse("staff_forum_edit", args=[forum.pk]), data, follow=True)

    forum.refresh_from_db()
    assert (forum.name, forum.state) == ("Lama", State.SUBMITTED)
    assert response.status_code == 403  # the edit page of a submitted forum


def test_an_edit_posted_after_a_submit_and_return_does_not_undo_the_steps(
    client, operator, verifier
):
    """The revert the issue saw: submitted and returned meanwhile, the stale form would
    have put the forum back to draft without any workflow step."""
    forum = ForumFactory(name="Lama")
    data = forum_edit(forum, name="Baru", submission_token="edit-1")
    apply_transition(forum, "submit", operator)
    apply_transition(forum, "return", verifier, reason="Lengkapi SK.")

    response = client.post(reverse("staff_forum_edit", args=[forum.pk]), data, follow=True)

    forum.refresh_from_db()
    assert (forum.name, forum.state, forum.return_reason) == (
        "Lama",
        State.RETURNED,
        "Lengkapi SK.",
    )
    assert "Someone changed this record after you opened the form" in response.content.decode()


def test_two_edits_from_the_same_version_save_only_the_first(client, operator):
    forum = ForumFactory()
    first = forum_edit(forum, [CHAIR], submission_token="tab-1")
    second = forum_edit(forum, [CHAIR], submission_token="tab-2")

    client.post(reverse("staff_forum_edit", args=[forum.pk]), first, follow=True)
    response = client.post(reverse("staff_forum_edit", args=[forum.pk]), second, follow=True)

    assert list(forum.members.values_list("name", flat=True)) == ["Rahmat"]
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_an_edit_without_its_version_saves_nothing(client, operator):
    forum = ForumFactory(name="Lama")
    data = forum_edit(forum, name="Baru")
    del data["loaded_version"]
    client.post(reverse("staff_forum_edit", args=[forum.pk]), data)
    forum.refresh_from_db()
    assert forum.name == "Lama"


def test_a_resent_edit_form_adds_its_new_funding_line_once(client, operator):
    activity = ActivityFactory(forum=ForumFactory())
    FundingLineFactory(activity=activity, budget=150_000_000)
    data = activity_edit_data(activity, token="resend-1")
    data.update(
        {
            "funding-TOTAL_FORMS": "2",
            **{f"funding-1-{k}": v for k, v in line(budget="14.000.000").items()},
        }
    )
    url = reverse("staff_activity_edit", args=[activity.pk])

    first = client.post(url, data)
    second = client.post(url, data)

    assert first.status_code == second.status_code == 302
    assert second["Location"] == reverse("staff_activity_detail", args=[activity.pk])
    budgets = sorted(FundingLine.objects.filter(activity=activity).values_list("budget", flat=True))
    assert budgets == [14_000_000, 150_000_000]


def test_a_rejected_edit_can_be_corrected_and_sent_with_the_same_token(client, operator):
    activity = ActivityFactory(forum=ForumFactory(), title="Lama")
    url = reverse("staff_activity_edit", args=[activity.pk])
    bad = activity_edit_data(activity, token="fix-1", title="")
    assert client.post(url, bad).status_code == 200
    client.post(url, activity_edit_data(activity, token="fix-1", title="Baru"))
    assert Activity.objects.get(pk=activity.pk).title == "Baru"


def test_a_delete_confirmed_on_a_stale_page_is_refused(client, operator):
    forum = ForumFactory()
    version = version_of(forum)
    client.post(
        reverse("staff_forum_edit", args=[forum.pk]),
        forum_edit(forum, [MEMBER], name="Diubah", submission_token="x"),
    )

    response = client.post(
        reverse("staff_forum_delete", args=[forum.pk]), {"loaded_version": version}
    )

    assert response["Location"] == reverse("staff_forum_detail", args=[forum.pk])
    assert Forum.objects.filter(pk=forum.pk).exists()
    assert ForumMember.objects.filter(forum=forum).count() == 1


def test_one_time_tokens_live_in_the_database_not_in_a_process_cache(operator):
    request = RequestFactory().post("/", {"submission_token": "shared"})
    request.user = operator
    assert claim(request) is None
    cache.clear()  # another process has a cache of its own, or none
    assert claim(request) == "pending"
    assert SubmissionToken.objects.filter(user=operator, token="shared").exists()
