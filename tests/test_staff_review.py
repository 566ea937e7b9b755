"""The review screen /staff/records/<key>/<pk>/review/ and verify-and-publish."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.demo.accounts import ensure_accounts
from activities.models import FundingSource
from forums.models import State
from forums.services import apply_transition, can_verify_and_publish

from .factories import (
    ActivityFactory,
    ForumFactory,
    ForumMemberFactory,
    FundingLineFactory,
    PostFactory,
    PostPhotoFactory,
    ProgressPhotoFactory,
    ProgressReportFactory,
)

pytestmark = pytest.mark.django_db

BAUBAU_VILLAGE = "74.72.01.1007"


@pytest.fixture
def accounts():
    return ensure_accounts()


@pytest.fixture
def verifier(client, accounts):
    client.force_login(accounts["verifikator.sumbar"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return accounts["verifikator.sumbar"]


def review(client, key, record):
    response = client.get(reverse("staff_review", args=[key, record.pk]))
    assert response.status_code == 200
    return response


def edit(record, user, **fields):
    for name, value in fields.items():
        setattr(record, name, value)
    record._history_user = user
    record.save()


def test_progress_report_review_shows_photos_with_capture_times_and_the_funding(
    client, accounts, verifier
):
    activity = ActivityFactory(title="Balai Serbaguna")
    FundingLineFactory(activity=activity, budget=150_000_000, spending=35_000_000)
    FundingLineFactory(
        activity=activity,
        source=FundingSource.objects.get(code="apbd-regency"),
        budget=10_000_000,
        spending=10_000_000,
    )
    report = ProgressReportFactory(activity=activity, percent=50)
    taken = timezone.make_aware(datetime.datetime(2025, 8, 15, 10, 22))
    ProgressPhotoFactory(report=report, caption="Pondasi", taken_at=taken)
    apply_transition(report, "submit", accounts["operator.solok"])

    response = review(client, "progressreport", report)

    page = response.content.decode()
    assert response.context["review"].photos[0].caption == "Pondasi"
    assert "Pondasi" in page and "15 August 2025" in page and "10:22" in page
    assert "Rp 150.000.000" in page and "Rp 35.000.000" in page
    assert "Rp 115.000.000" in page  # the remainder of the APBN line
    assert "Rp 160.000.000" in page  # the total budget
    assert response.context["review"].submitted_by == accounts["operator.solok"]
    assert "First submission" in page


def test_activity_review_shows_its_progress_photos_and_post_review_its_gallery(client, verifier):
    activity = ActivityFactory(state=State.SUBMITTED)
    photo = ProgressPhotoFactory(report__activity=activity, caption="Atap")
    response = review(client, "activity", activity)
    assert response.context["review"].photos == [photo]
    assert response.context["review"].funded == activity

    post = PostFactory(regency_id="13.72", state=State.SUBMITTED)
    PostPhotoFactory(post=post, caption="Peresmian")
    assert "Peresmian" in review(client, "post", post).content.decode()


def test_review_shows_what_changed_since_the_last_publication(client, accounts, verifier):
    operator = accounts["operator.solok"]
    forum = ForumFactory(name="FKS Lama", contact_name="Budi")
    kept = ForumMemberFactory(forum=forum, name="Siti")
    gone = ForumMemberFactory(forum=forum, name="Andi")
    for step in ("submit", "verify", "publish"):
        forum = apply_transition(forum, step, operator if step == "submit" else verifier)
    apply_transition(forum, "return", verifier, reason="Perbarui pengurus.")
    forum.refresh_from_db()
    edit(forum, operator, name="FKS Baru")
    edit(kept, operator, name="Siti Aminah")
    gone._history_user = operator
    gone.delete()
    ForumMemberFactory(forum=forum, name="Rahmat")
    apply_transition(forum, "submit", operator)

    response = review(client, "forum", forum)

    rows = response.context["review"].changes
    own = next(row for row in rows if not row.subject)
    assert [(c.label, c.old, c.new) for c in own.changes] == [("Name", "FKS Lama", "FKS Baru")]
    by_subject = {row.subject: row for row in rows if row.subject}
    assert by_subject["Forum member: Siti Aminah"].action == "changed"
    assert by_subject["Forum member: Andi"].action == "deleted"
    assert by_subject["Forum member: Rahmat"].action == "created"
    assert len(rows) == 4  # the workflow fields (state, reason, stamps) are no change
    page = response.content.decode()
    assert "First submission" not in page and "FKS Lama" in page


def test_review_of_a_published_record_saved_without_change_says_nothing_changed(
    client, accounts, verifier
):
    forum = ForumFactory(state=State.VERIFIED)
    forum = apply_transition(forum, "publish", verifier)
    apply_transition(forum, "return", verifier, reason="Periksa lagi.")
    apply_transition(forum, "submit", accounts["operator.solok"])
    response = review(client, "forum", forum)
    assert response.context["review"].changes == []
    assert "Nothing changed since it was last published" in response.content.decode()


def test_review_costs_a_fixed_number_of_queries(client, verifier, django_assert_max_num_queries):
    def sized(n):
        activity = ActivityFactory(state=State.SUBMITTED)
        for _n in range(n):
            FundingLineFactory(activity=activity)
            ProgressPhotoFactory(report__activity=activity)
        return activity

    small = sized(1)
    review(client, "activity", small)  # sessions and scope read once
    with CaptureQueriesContext(connection) as counted:
        review(client, "activity", small)
    big = sized(6)
    with django_assert_max_num_queries(len(counted)):
        review(client, "activity", big)


def test_review_outside_the_scope_is_not_found(client, verifier):
    forum = ForumFactory(village_id=BAUBAU_VILLAGE, state=State.SUBMITTED)
    assert client.get(reverse("staff_review", args=["forum", forum.pk])).status_code == 404
    assert client.get(reverse("staff_review", args=["nothing", forum.pk])).status_code == 404


def test_verify_and_publish_in_one_step_keeps_both_history_rows(client, verifier):
    forum = ForumFactory(state=State.SUBMITTED)
    page = review(client, "forum", forum).content.decode()
    assert 'value="verify_publish"' in page

    next_url = reverse("staff_review", args=["forum", forum.pk])
    response = client.post(
        reverse("staff_transition", args=["forum", forum.pk]),
        {"action": "verify_publish", "next": next_url},
    )

    assert response["Location"] == next_url
    forum.refresh_from_db()
    assert forum.state == State.PUBLISHED
    assert (forum.verified_by, bool(forum.published_at)) == (verifier, True)
    steps = list(
        forum.history.order_by("history_date").values_list("history_change_reason", flat=True)
    )
    assert steps[-2:] == ["verify", "publish"]


def test_verify_and_publish_is_offered_only_where_both_steps_are_allowed(client, accounts):
    submitted, verified = ForumFactory(state=State.SUBMITTED), ForumFactory(state=State.VERIFIED)
    operator, verifier = accounts["operator.solok"], accounts["verifikator.sumbar"]
    assert can_verify_and_publish(submitted, verifier)
    assert can_verify_and_publish(submitted, accounts["admin"])
    assert not can_verify_and_publish(submitted, operator)
    assert not can_verify_and_publish(verified, verifier)  # it is only to be published

    client.force_login(operator)
    page = client.get(reverse("staff_forum_detail", args=[submitted.pk])).content.decode()
    assert 'value="verify_publish"' not in page
    client.post(
        reverse("staff_transition", args=["forum", submitted.pk]), {"action": "verify_publish"}
    )
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED


def test_detail_page_leads_verifiers_to_the_review(client, verifier):
    forum = ForumFactory(state=State.SUBMITTED)
    page = client.get(reverse("staff_forum_detail", args=[forum.pk])).content.decode()
    assert reverse("staff_review", args=["forum", forum.pk]) in page
    assert 'value="verify_publish"' in page


def test_a_next_address_elsewhere_is_ignored(client, verifier):
    forum = ForumFactory(state=State.SUBMITTED)
    response = client.post(
        reverse("staff_transition", args=["forum", forum.pk]),
        {"action": "verify", "next": "https://example.com/"},
    )
    assert response["Location"] == reverse("staff_forum_detail", args=[forum.pk])
