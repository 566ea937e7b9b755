"""Child rows without a workflow state of their own (forum members, funding lines,
meeting speakers, news photos) change only through their parent's edit page, and the
parent must be editable (a draft or returned record, so not public): the staff workspace
refuses adding one to a published record and saves nothing.

Each case loads the edit form of a returned record, adds one child row, and posts it:
as it is (the control: the row is saved), or after the record was published meanwhile.
"""

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from activities.models import FundingSource
from forums.models import State

from .factories import (
    ActivityFactory,
    ForumFactory,
    ForumMemberFactory,
    FundingLineFactory,
    MeetingFactory,
    MeetingSpeakerFactory,
    PostFactory,
    PostPhotoFactory,
    staff_user,
)
from .images import image_upload

pytestmark = pytest.mark.django_db

SOLOK = "13.72"
RETURNED = {"state": State.RETURNED, "return_reason": "Mohon dilengkapi"}


def returned_forum():
    forum = ForumFactory(**RETURNED)
    ForumMemberFactory(forum=forum)
    return forum


def returned_activity():
    activity = ActivityFactory(forum=ForumFactory(published=True), **RETURNED)
    FundingLineFactory(activity=activity, budget=150_000_000)
    return activity


def returned_meeting():
    meeting = MeetingFactory(forum=ForumFactory(published=True), **RETURNED)
    MeetingSpeakerFactory(meeting=meeting)
    return meeting


def returned_post():
    forum = ForumFactory(published=True)
    post = PostFactory(forum=forum, village=forum.village, **RETURNED)
    PostPhotoFactory(post=post)
    return post


# kind: (record maker, edit URL name, child rows, the formset in the form page's context,
# a new child row)
KINDS = {
    "forum member": (
        returned_forum,
        "staff_forum_edit",
        lambda forum: forum.members,
        lambda context: context["members"],
        lambda: {"name": "Anggota Baru", "role": "member", "group": "youth", "sex": "female"},
    ),
    "funding line": (
        returned_activity,
        "staff_activity_edit",
        lambda activity: activity.funding_lines,
        lambda context: context["children"][0]["formset"],
        lambda: {
            "source": FundingSource.objects.get(code="apbn").pk,
            "budget_year": "2018",
            "purpose": "tambahan",
            "budget": "14.000.000",
            "spending": "0",
        },
    ),
    "meeting speaker": (
        returned_meeting,
        "staff_meeting_edit",
        lambda meeting: meeting.speakers,
        lambda context: context["children"][0]["formset"],
        lambda: {"name": "Narasumber Baru", "institution": "Dinas Sosial", "position": "2"},
    ),
    "news photo": (
        returned_post,
        "staff_post_edit",
        lambda post: post.photos,
        lambda context: context["children"][0]["formset"],
        lambda: {"image": image_upload("baru.jpg"), "caption": "Foto baru", "position": "5"},
    ),
}


def posted_values(form):
    """What a browser sends back for ``form`` as it was rendered (files left out)."""
    data = {}
    for bound in form:
        field = bound.field
        value = bound.value()
        if field.disabled or isinstance(field, forms.FileField):
            continue
        if isinstance(field, forms.BooleanField):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        else:
            data[bound.html_name] = "" if value is None else str(value)
    return data


def form_with_a_new_child(page, formset_of, new_row):
    """The edit form's data as loaded, with one more child row filled in."""
    formset = formset_of(page.context)
    data = posted_values(page.context["form"])
    for row in formset.forms:
        data.update(posted_values(row))
    data.update(posted_values(formset.management_form))
    index = formset.total_form_count()
    data[f"{formset.prefix}-TOTAL_FORMS"] = str(index + 1)
    data.update({f"{formset.prefix}-{index}-{name}": value for name, value in new_row.items()})
    return data


@pytest.fixture
def operator(client):
    user = staff_user("operator", regencies=[SOLOK])
    client.force_login(user)
    return user


@pytest.mark.parametrize("kind", KINDS)
def test_a_child_row_is_added_through_the_edit_of_a_returned_record(client, operator, kind):
    make, url_name, children, formset_of, new_row = KINDS[kind]
    record = make()
    url = reverse(url_name, args=[record.pk])
    data = form_with_a_new_child(client.get(url), formset_of, new_row())

    response = client.post(url, data)

    assert response.status_code == 302
    assert children(record).count() == 2


@pytest.mark.parametrize("kind", KINDS)
def test_a_child_row_cannot_be_added_to_a_published_record(client, operator, kind):
    make, url_name, children, formset_of, new_row = KINDS[kind]
    record = make()
    url = reverse(url_name, args=[record.pk])
    data = form_with_a_new_child(client.get(url), formset_of, new_row())
    # A verifier publishes it while the form is open.
    type(record).objects.filter(pk=record.pk).update(
        state=State.PUBLISHED, return_reason="", published_at=timezone.now()
    )
    updated_at = type(record).objects.get(pk=record.pk).updated_at

    response = client.post(url, data)

    assert response.status_code == 403
    assert children(record).count() == 1
    assert type(record).objects.get(pk=record.pk).updated_at == updated_at
