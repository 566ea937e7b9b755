"""Rules of the domain model: validation messages, database constraints, derived values."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from activities.models import Activity, ActivityType, FundingLine, FundingSource, Meeting
from forums.models import Forum, Post, Regency, State
from forums.services import apply_transition
from forums.view_counts import count_view, flush_view_counts

from .factories import (
    ActivityFactory,
    ForumFactory,
    ForumMemberFactory,
    FundingLineFactory,
    MeetingFactory,
    PostFactory,
    ProgressReportFactory,
    UserFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db


def assert_rejected_by_database(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_activity_totals_and_remainder_are_derived_from_funding_lines():
    activity = ActivityFactory()
    FundingLineFactory(activity=activity, budget=110_000_000, spending=100_000_000)
    FundingLineFactory(activity=activity, budget=40_000_000, spending=40_000_000)
    other = ActivityFactory()

    totals = {a.pk: a for a in Activity.objects.with_totals()}

    assert totals[activity.pk].budget_total == 150_000_000
    assert totals[activity.pk].spending_total == 140_000_000
    assert totals[activity.pk].remainder == 10_000_000
    assert totals[other.pk].budget_total == 0


def test_totals_stay_right_when_filtering_across_other_relations():
    activity = ActivityFactory()
    FundingLineFactory(activity=activity, budget=100)
    FundingLineFactory(activity=activity, budget=50)
    ProgressReportFactory(activity=activity, percent=10)
    ProgressReportFactory(activity=activity, percent=20, reported_on=datetime.date(2018, 10, 1))

    row = Activity.objects.with_totals().filter(progress_reports__percent__gte=0).first()

    assert row.budget_total == 150


def test_money_cannot_be_negative_in_database():
    activity = ActivityFactory()
    assert_rejected_by_database(lambda: FundingLineFactory(activity=activity, budget=-1))


def test_spending_above_budget_is_refused_with_a_message_and_by_database():
    line = FundingLineFactory.build(activity=ActivityFactory(), budget=100, spending=101)
    with pytest.raises(ValidationError) as error:
        line.full_clean()
    assert "spending" in error.value.message_dict
    assert_rejected_by_database(line.save)


def test_only_aspiration_fund_lines_name_a_member():
    line = FundingLineFactory.build(activity=ActivityFactory(), member_name="Anggota DPR")
    with pytest.raises(ValidationError) as error:
        line.full_clean()
    assert "member_name" in error.value.message_dict

    line.source = FundingSource.objects.get(code="dpr-aspiration")
    line.full_clean()


def test_money_is_whole_rupiah():
    line = FundingLineFactory.build(activity=ActivityFactory(), budget="150000000.50")
    with pytest.raises(ValidationError):
        line.full_clean()


def test_activity_dates_must_be_in_order():
    activity = ActivityFactory.build(
        forum=ForumFactory(),
        planned_start=datetime.date(2020, 5, 1),
        planned_end=datetime.date(2020, 4, 1),
    )
    with pytest.raises(ValidationError) as error:
        activity.full_clean()
    assert "planned_end" in error.value.message_dict
    assert_rejected_by_database(activity.save)


def test_member_term_must_be_in_order():
    member = ForumMemberFactory.build(
        forum=ForumFactory(),
        term_start=datetime.date(2020, 1, 1),
        term_end=datetime.date(2019, 1, 1),
    )
    with pytest.raises(ValidationError):
        member.full_clean()
    assert_rejected_by_database(member.save)


@pytest.mark.parametrize("percent", [101, 250])
def test_progress_percent_is_between_0_and_100(percent):
    report = ProgressReportFactory.build(activity=ActivityFactory(), percent=percent)
    with pytest.raises(ValidationError):
        report.full_clean()
    assert_rejected_by_database(report.save)


def _published_report(activity, **fields):
    """A progress report published through the workflow, as a verifier does."""
    report = ProgressReportFactory(activity=activity, state=State.VERIFIED, **fields)
    return apply_transition(report, "publish", staff_user("administrator"))


def test_physical_work_status_follows_its_latest_progress():
    activity = ActivityFactory()
    assert activity.status == Activity.Status.PLANNED

    _published_report(activity, percent=40, reported_on=datetime.date(2018, 9, 1))
    activity.refresh_from_db()
    assert activity.status == Activity.Status.RUNNING

    last = _published_report(activity, percent=100, reported_on=datetime.date(2018, 11, 1))
    activity.refresh_from_db()
    assert activity.status == Activity.Status.DONE

    last.delete()
    activity.refresh_from_db()
    assert activity.status == Activity.Status.RUNNING


def test_non_physical_activity_keeps_its_own_status():
    activity = ActivityFactory(activity_type=ActivityType.objects.get(code="seminar"))
    _published_report(activity, percent=100)
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PLANNED


def test_returned_record_needs_a_reason():
    forum = ForumFactory.build(state=State.RETURNED)
    assert_rejected_by_database(forum.save)
    ForumFactory(state=State.RETURNED, return_reason="Lengkapi susunan pengurus.")


def test_published_record_needs_a_publication_date():
    assert_rejected_by_database(lambda: ForumFactory(state=State.PUBLISHED))


def test_published_queryset_excludes_other_states():
    published = ForumFactory(published=True)
    for state in [State.DRAFT, State.SUBMITTED, State.VERIFIED]:
        ForumFactory(state=state)
    assert list(Forum.objects.published()) == [published]


def test_slugs_are_unique():
    ForumFactory(slug="fks-payo")
    assert_rejected_by_database(lambda: ForumFactory(slug="fks-payo"))


def test_founding_date_cannot_be_in_the_future():
    forum = ForumFactory.build(founded_on=timezone.localdate() + datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        forum.full_clean(exclude=["village"])
    assert "founded_on" in error.value.message_dict


def test_meeting_forum_must_lie_in_its_regency():
    meeting = MeetingFactory.build(forum=ForumFactory(), regency_id="74.72")
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "forum" in error.value.message_dict


def test_meeting_counts_participants_by_sex():
    meeting = MeetingFactory(participants_male=58, participants_female=42)
    assert meeting.participants_total == 100


def test_post_body_is_sanitised_on_save():
    post = PostFactory(
        body='<p onclick="steal()">Halo <script>alert(1)</script><a href="javascript:x">x</a></p>'
    )
    post.refresh_from_db()
    assert "script" not in post.body
    assert "onclick" not in post.body
    assert "javascript" not in post.body
    assert post.body.startswith("<p>Halo")


def test_every_change_is_kept_in_history_with_its_author():
    editor = UserFactory(username="operator.solok")
    forum = ForumFactory(name="FKS Payo")
    forum._history_user = editor
    forum.name = "FKS Payo Tanah Garam"
    forum.save()

    records = list(forum.history.order_by("history_date"))
    assert [r.history_type for r in records] == ["+", "~"]
    assert records[-1].history_user == editor
    delta = records[-1].diff_against(records[0])
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("name", "FKS Payo", "FKS Payo Tanah Garam")
    ]


def test_funding_line_changes_are_kept_in_history():
    line = FundingLineFactory(budget=100)
    line.spending = 80
    line.save()
    assert FundingLine.history.filter(id=line.pk).count() == 2


def test_post_view_counts_do_not_fill_history():
    post = PostFactory()
    count_view(post.pk, "visitor a")
    count_view(post.pk, "visitor b")
    flush_view_counts()
    post.refresh_from_db()
    assert post.view_count == 2
    assert post.history.count() == 1


def test_public_activities_need_a_published_forum():
    visible = ActivityFactory(published=True, forum=ForumFactory(published=True))
    ActivityFactory(published=True, forum=ForumFactory())  # forum still a draft
    ActivityFactory(forum=visible.forum)  # activity still a draft
    assert list(Activity.objects.public()) == [visible]


def test_public_meetings_need_a_published_forum_when_they_have_one():
    now = timezone.now()
    regency_meeting = MeetingFactory(
        forum=None,
        regency=Regency.objects.get(code="35.13"),
        state=State.PUBLISHED,
        published_at=now,
    )
    forum_meeting = MeetingFactory(
        forum=ForumFactory(published=True), state=State.PUBLISHED, published_at=now
    )
    MeetingFactory(state=State.PUBLISHED, published_at=now)  # its forum is a draft
    assert set(Meeting.objects.public()) == {regency_meeting, forum_meeting}


def test_public_progress_counts_only_published_reports():
    activity = ActivityFactory(published=True, forum=ForumFactory(published=True))
    ProgressReportFactory(
        activity=activity,
        percent=30,
        state=State.PUBLISHED,
        published_at=timezone.now(),
        reported_on=datetime.date(2018, 9, 1),
    )
    ProgressReportFactory(activity=activity, percent=90, reported_on=datetime.date(2018, 10, 1))
    row = Activity.objects.with_public_progress().get(pk=activity.pk)
    assert row.latest_percent == 30


def test_post_regency_follows_its_village():
    post = PostFactory(village_id="13.72.01.1001", regency_id="74.72")
    assert post.regency_id == "13.72"
    assert list(Post.objects.in_province("13")) == [post]
