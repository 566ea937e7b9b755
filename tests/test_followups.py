"""Follow-up checks of completed physical works: when they are due, what counts as done and
positive, the model's rules, staff entry in scope, the operators' dashboard, and what the
public activity page shows."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from activities.followups import add_months, due_checks, followup_status
from activities.models import Activity, ActivityType, FollowUpCheck
from forums.models import State

from .factories import (
    ActivityFactory,
    FollowUpCheckFactory,
    ForumFactory,
    completed_work,
    formset_data,
    staff_user,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 3, 10)


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


@pytest.fixture
def operator():
    return staff_user("operator", regencies=["13.72"])


# Dates ---------------------------------------------------------------------------------


def test_months_are_added_to_the_last_day_of_a_shorter_month():
    assert add_months(datetime.date(2024, 8, 31), 6) == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2023, 8, 31), 6) == datetime.date(2024, 2, 29)
    assert add_months(datetime.date(2024, 1, 15), 12) == datetime.date(2025, 1, 15)
    assert add_months(datetime.date(2024, 11, 30), -6) == datetime.date(2024, 5, 30)


def test_a_check_is_due_from_its_day_and_overdue_thirty_days_later():
    six_months_ago = completed_work(ended=datetime.date(2024, 9, 10))  # due 10 March 2025
    long_ago = completed_work(ended=datetime.date(2023, 12, 31))  # both checks past
    completed_work(ended=datetime.date(2024, 12, 1))  # nothing due yet

    due = due_checks(Activity.objects.all(), today=TODAY)

    assert [(d.activity.pk, d.months, d.due_on, d.overdue) for d in due] == [
        (long_ago.pk, 6, datetime.date(2024, 6, 30), True),
        (long_ago.pk, 12, datetime.date(2024, 12, 31), True),
        (six_months_ago.pk, 6, datetime.date(2025, 3, 10), False),
    ]


def test_a_recorded_check_is_no_longer_due_and_other_works_never_are():
    work = completed_work(ended=datetime.date(2023, 12, 31))
    FollowUpCheckFactory(activity=work, months_after=6)
    ActivityFactory(activity_type=ActivityType.objects.get(code="multipurpose-hall"))  # planned
    non_physical = ActivityType.objects.filter(kind="non_physical").first()
    completed_work(ended=datetime.date(2023, 1, 31), activity_type=non_physical)

    due = due_checks(Activity.objects.all(), today=TODAY)

    assert [(d.activity.pk, d.months) for d in due] == [(work.pk, 12)]


def test_status_says_whether_every_passed_check_is_done_and_positive():
    done_well = completed_work(ended=datetime.date(2023, 12, 31))
    FollowUpCheckFactory(activity=done_well, months_after=6, published=True)
    FollowUpCheckFactory(activity=done_well, months_after=12, published=True)
    half_done = completed_work(ended=datetime.date(2023, 12, 31))
    FollowUpCheckFactory(activity=half_done, months_after=6, published=True)
    FollowUpCheckFactory(activity=half_done, months_after=12)  # a draft: not counted publicly
    damaged = completed_work(ended=datetime.date(2024, 6, 1))
    FollowUpCheckFactory(
        activity=damaged, condition=FollowUpCheck.Condition.MAJOR_DAMAGE, published=True
    )
    not_due = completed_work(ended=datetime.date(2025, 1, 1))

    status = followup_status(Activity.objects.all(), today=TODAY)

    assert (status[done_well.pk].all_done, status[done_well.pk].all_positive) == (True, True)
    assert status[half_done.pk].due_months == (6, 12)
    assert not status[half_done.pk].all_done
    assert followup_status(Activity.objects.all(), public=False, today=TODAY)[half_done.pk].all_done
    assert status[damaged.pk].all_done and not status[damaged.pk].all_positive
    assert status[not_due.pk].due_months == () and status[not_due.pk].all_done


@pytest.mark.parametrize(
    ("in_use", "condition", "positive"),
    [
        (True, "good", True),
        (True, "minor_damage", True),
        (True, "major_damage", False),
        (False, "good", False),
    ],
)
def test_a_check_is_positive_when_the_work_is_used_and_kept_up(in_use, condition, positive):
    assert FollowUpCheck(in_use=in_use, condition=condition).is_positive is positive


# The model's rules ---------------------------------------------------------------------


def test_only_a_completed_physical_work_is_followed_up():
    running = ActivityFactory(status=Activity.Status.RUNNING)
    check = FollowUpCheck(activity=running, months_after=6, checked_on=datetime.date(2024, 1, 1))
    with pytest.raises(ValidationError) as error:
        check.clean()
    assert "completed physical work" in str(error.value.message_dict["activity"])


def test_a_check_before_the_end_of_the_work_or_in_the_future_is_refused():
    work = completed_work(ended=datetime.date(2024, 5, 1))
    early = FollowUpCheck(activity=work, months_after=6, checked_on=datetime.date(2024, 4, 1))
    with pytest.raises(ValidationError) as error:
        early.clean()
    assert "cannot be earlier than the end of the work" in str(error.value)
    future = FollowUpCheck(
        activity=work,
        months_after=6,
        checked_on=timezone.localdate() + datetime.timedelta(days=2),
    )
    with pytest.raises(ValidationError) as error:
        future.clean()
    assert "future" in str(error.value.message_dict["checked_on"])


def test_a_work_not_in_use_is_used_never():
    work = completed_work()
    check = FollowUpCheck(
        activity=work,
        months_after=6,
        checked_on=datetime.date(2024, 8, 1),
        in_use=False,
        use_frequency="weekly",
    )
    with pytest.raises(ValidationError) as error:
        check.clean()
    assert "use_frequency" in error.value.message_dict


# Staff entry ---------------------------------------------------------------------------


def check_data(work, **fields):
    return {
        "activity": work.pk,
        "months_after": "6",
        "checked_on": "2024-08-05",
        "in_use": "on",
        "used_by": "Kelompok pemuda",
        "use_frequency": "weekly",
        "condition": "good",
        "note": "Dipakai latihan rebana.",
        "submission_token": "token-1",
        **formset_data("photos", []),
        **fields,
    }


def test_operator_records_a_check_as_a_draft_with_history(client, operator):
    work = completed_work()
    client.force_login(operator)
    response = client.post(reverse("staff_followup_create"), check_data(work))
    check = FollowUpCheck.objects.get()
    assert response.status_code == 302
    assert check.state == State.DRAFT
    assert check.history.get().history_user == operator


def test_the_same_check_twice_is_refused_with_a_message(client, operator):
    work = completed_work()
    FollowUpCheckFactory(activity=work, months_after=6)
    client.force_login(operator)
    response = client.post(reverse("staff_followup_create"), check_data(work))
    assert response.status_code == 200
    assert "already has its 6-month check" in str(response.context["form"].errors)
    assert FollowUpCheck.objects.count() == 1


def test_a_work_outside_the_operators_regions_cannot_be_checked(client, operator):
    from forums.models import Village

    work = completed_work(forum=ForumFactory(village=Village.objects.get(code="14.06.03.2013")))
    client.force_login(operator)
    response = client.post(reverse("staff_followup_create"), check_data(work))
    assert "activity" in response.context["form"].errors
    assert not FollowUpCheck.objects.exists()
    other = FollowUpCheckFactory(activity=work)
    assert client.get(reverse("staff_followup_detail", args=[other.pk])).status_code == 404


def test_the_new_check_form_takes_the_work_and_months_from_the_address(client, operator):
    work = completed_work()
    client.force_login(operator)
    response = client.get(reverse("staff_followup_create"), {"activity": work.pk, "months": "12"})
    form = response.context["form"]
    assert form.initial["activity"] == work
    assert form.initial["months_after"] == 12


# The dashboard -------------------------------------------------------------------------


def test_the_dashboard_lists_due_checks_in_scope_only(client, operator):
    from forums.models import Village

    mine = completed_work(ended=datetime.date(2020, 1, 31), title="Balai warga Tanah Garam")
    completed_work(
        ended=datetime.date(2020, 1, 31),
        title="Balai warga Rokan",
        forum=ForumFactory(village=Village.objects.get(code="14.06.03.2013"), published=True),
    )
    client.force_login(operator)
    page = client.get(reverse("staff_dashboard")).content.decode()
    assert "Balai warga Tanah Garam" in page
    assert "Balai warga Rokan" not in page
    assert f"?activity={mine.pk}&amp;months=6" in page
    assert "Overdue" in page


def test_a_verifier_has_no_follow_up_panel(client):
    completed_work(ended=datetime.date(2020, 1, 31), title="Balai warga Tanah Garam")
    client.force_login(staff_user("verifier", province="13"))
    page = client.get(reverse("staff_dashboard")).content.decode()
    assert "followups-heading" not in page


# The public activity page --------------------------------------------------------------


def test_the_public_activity_page_shows_published_checks_without_their_notes(client):
    work = completed_work()
    FollowUpCheckFactory(activity=work, published=True, note="Catatan internal kunci gedung")
    FollowUpCheckFactory(activity=work, months_after=12, condition="major_damage")  # a draft
    page = client.get(reverse("activity_detail", args=[work.pk])).content.decode()
    assert 'id="followups"' in page
    assert "In use" in page
    assert "Catatan internal" not in page
    assert "Major damage" not in page


def test_the_staff_page_of_a_completed_work_lists_its_checks_and_offers_the_next(client, operator):
    work = completed_work()
    check = FollowUpCheckFactory(activity=work, months_after=6)
    client.force_login(operator)
    page = client.get(reverse("staff_activity_detail", args=[work.pk])).content.decode()
    assert reverse("staff_followup_detail", args=[check.pk]) in page
    assert f"?activity={work.pk}&amp;months=12" in page


def test_the_staff_page_of_a_work_not_done_has_no_follow_up_section(client, operator):
    activity = ActivityFactory(status=Activity.Status.RUNNING)
    client.force_login(operator)
    page = client.get(reverse("staff_activity_detail", args=[activity.pk])).content.decode()
    assert 'id="followups-title"' not in page


def test_the_dashboard_lists_the_ten_oldest_works_and_says_more_wait(client, operator):
    for day in range(1, 13):
        completed_work(ended=datetime.date(2020, 1, day), title=f"Balai nomor {day:02}")
    client.force_login(operator)
    response = client.get(reverse("staff_dashboard"))
    works = {due.activity.title for due in response.context["followups_due"]}
    assert works == {f"Balai nomor {day:02}" for day in range(1, 11)}
    assert response.context["followups_more"]
    assert "more wait in the list" in response.content.decode()
