"""What an activity achieved: executor, achieved volume beside the planned one (one unit),
beneficiaries by sex ("tidak dicatat" when not counted, never 0) and remarks, in the
model, the staff form, the staff and public pages, the history and the API."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from activities.models import Activity, ActivityType
from forums.models import State

from .factories import ActivityFactory, ForumFactory, formset_data, published, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator():
    return staff_user("operator", regencies=["13.72"])


@pytest.fixture
def work():
    return ActivityFactory(
        forum=ForumFactory(published=True),
        activity_type=ActivityType.objects.get(code="village-road"),
        title="Jalan Kampung Payo",
        volume=Decimal("200"),
        achieved_volume=Decimal("150.00"),
        unit="m",
        executor="TPK Desa Babussalam",
        beneficiaries_male=120,
        beneficiaries_female=95,
        remarks="Sisa 50 m tahun depan.",
        **published(),
    )


def form_data(forum, token="token-1", **fields):
    data = {
        "forum": forum.pk,
        "activity_type": ActivityType.objects.get(code="village-road").pk,
        "title": "Jalan Kampung Payo",
        "description": "",
        "status": "planned",
        "location": "",
        "latitude": "",
        "longitude": "",
        "volume": "200",
        "achieved_volume": "150",
        "unit": "m",
        "planned_start": "",
        "planned_end": "",
        "actual_start": "",
        "actual_end": "",
        "executor": "TPK Desa Babussalam",
        "beneficiaries_male": "120",
        "beneficiaries_female": "",
        "remarks": "Swakelola.",
        "submission_token": token,
        **fields,
    }
    data.update(formset_data("funding", []))
    return data


# --- model ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"achieved_volume": Decimal("-1"), "unit": "m"}, "achieved_volume"),
        ({"achieved_volume": Decimal("150"), "unit": ""}, "unit"),
        ({"beneficiaries_male": -3}, "beneficiaries_male"),
        ({"beneficiaries_female": -1}, "beneficiaries_female"),
    ],
)
def test_model_refuses_negative_results_and_a_volume_without_unit(fields, field):
    activity = ActivityFactory.build(forum=ForumFactory(), **fields)

    with pytest.raises(ValidationError) as refusal:
        activity.full_clean()

    assert field in refusal.value.message_dict


def test_achieved_volume_shares_the_planned_volumes_unit():
    activity = ActivityFactory.build(
        forum=ForumFactory(), volume=Decimal("200"), achieved_volume=Decimal("150"), unit="m"
    )

    activity.full_clean()  # no unit of its own: one unit for both


@pytest.mark.parametrize(
    "fields",
    [
        {"achieved_volume": Decimal("-1")},
        {"beneficiaries_male": -1},
        {"beneficiaries_female": -2},
    ],
)
def test_database_refuses_negative_results(fields):
    activity = ActivityFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=activity.pk).update(**fields)


def test_beneficiaries_total_is_none_when_nobody_was_counted():
    assert ActivityFactory.build().beneficiaries_total is None
    assert ActivityFactory.build(beneficiaries_female=12).beneficiaries_total == 12
    assert (
        ActivityFactory.build(beneficiaries_male=0, beneficiaries_female=0).beneficiaries_total == 0
    )


# --- staff form -----------------------------------------------------------------------


def test_staff_enter_the_results_with_the_activity(client, operator):
    forum = ForumFactory()
    client.force_login(operator)
    page = client.get(reverse("staff_activity_create")).content.decode()
    for name in ["executor", "achieved_volume", "beneficiaries_male", "remarks"]:
        assert f'name="{name}"' in page
    assert "Kosongkan bila tidak dihitung" in page

    response = client.post(reverse("staff_activity_create"), form_data(forum))

    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.executor, activity.achieved_volume, activity.unit) == (
        "TPK Desa Babussalam",
        Decimal("150"),
        "m",
    )
    assert (activity.beneficiaries_male, activity.beneficiaries_female) == (120, None)
    assert activity.remarks == "Swakelola."
    assert activity.history.get().beneficiaries_male == 120


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"achieved_volume": "-5"}, "greater than or equal to 0"),
        ({"achieved_volume": "150", "volume": "", "unit": ""}, "Give the unit of the volume"),
        ({"beneficiaries_male": "-1"}, "greater than or equal to 0"),
        ({"beneficiaries_female": "banyak"}, "Enter a whole number"),
    ],
)
def test_bad_results_give_a_message_and_save_nothing(client, operator, fields, message):
    client.cookies["django_language"] = "en"
    client.force_login(operator)

    response = client.post(reverse("staff_activity_create"), form_data(ForumFactory(), **fields))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    assert not Activity.objects.exists()


def test_staff_detail_and_history_show_the_results(client, operator, work):
    client.cookies["django_language"] = "en"
    client.force_login(operator)
    page = client.get(reverse("staff_activity_detail", args=[work.pk])).content.decode()
    assert "TPK Desa Babussalam" in page
    assert "150 m" in page and "200 m" in page
    assert "Sisa 50 m tahun depan." in page

    work.achieved_volume = Decimal("200")
    work.save()
    history = client.get(reverse("staff_history", args=["activity", work.pk])).content.decode()
    assert "Achieved volume" in history
    assert "150" in history and "200" in history


# --- public page ----------------------------------------------------------------------


def test_public_page_shows_volumes_executor_beneficiaries_and_remarks(client, work):
    client.cookies["django_language"] = "en"
    page = client.get(reverse("activity_detail", args=[work.pk])).content.decode()

    assert 'Planned volume</dt> <dd class="col-7">200 m<' in page
    assert 'Achieved volume</dt> <dd class="col-7">150 m<' in page  # no trailing zeros
    assert 'Executor</dt> <dd class="col-7">TPK Desa Babussalam<' in page
    assert "Men: 120" in page and "Women: 95" in page
    assert "Sisa 50 m tahun depan." in page


def test_public_page_says_not_recorded_never_zero(client, settings):
    settings.PAGE_CACHE = False
    activity = ActivityFactory(
        forum=ForumFactory(published=True), volume=Decimal("1"), unit="unit", **published()
    )

    page = client.get(reverse("activity_detail", args=[activity.pk])).content.decode()

    # The achieved volume and the beneficiaries, in Indonesian as the public reads them.
    assert page.count("tidak dicatat") == 2
    assert "Laki-laki:" not in page  # nobody counted: one "tidak dicatat", not one per sex

    activity.beneficiaries_female = 0
    activity.save()
    page = client.get(reverse("activity_detail", args=[activity.pk])).content.decode()
    assert "Perempuan: 0" in page and "Laki-laki: tidak dicatat" in page


def test_a_non_physical_activity_shows_no_volume(client):
    client.cookies["django_language"] = "en"
    activity = ActivityFactory(
        forum=ForumFactory(published=True),
        activity_type=ActivityType.objects.get(code="seminar"),
        **published(),
    )

    page = client.get(reverse("activity_detail", args=[activity.pk])).content.decode()

    assert "Volume" not in page


# --- API ------------------------------------------------------------------------------


def test_api_gives_the_results_and_null_for_what_was_not_counted(client, work):
    cache.clear()  # throttle counts
    other = ActivityFactory(forum=work.forum, title="Tanpa catatan", **published())

    rows = client.get("/api/activities/", HTTP_ACCEPT="application/json").json()["results"]

    by_title = {row["title"]: row for row in rows}
    row = by_title["Jalan Kampung Payo"]
    assert (row["volume"], row["achieved_volume"], row["unit"]) == (200, 150, "m")
    assert row["executor"] == "TPK Desa Babussalam"
    assert (row["beneficiaries_male"], row["beneficiaries_female"]) == (120, 95)
    assert row["beneficiaries_total"] == 215
    assert row["remarks"] == "Sisa 50 m tahun depan."
    empty = by_title[other.title]
    assert empty["achieved_volume"] is None
    assert (empty["beneficiaries_male"], empty["beneficiaries_total"]) == (None, None)
    assert empty["executor"] == ""


def test_api_schema_documents_the_results(client):
    cache.clear()
    schema = client.get("/api/schema/", {"format": "json"}).json()

    properties = schema["components"]["schemas"]["Activity"]["properties"]
    for name in ["executor", "achieved_volume", "beneficiaries_male", "remarks"]:
        assert name in properties
    assert properties["beneficiaries_male"]["nullable"] is True
    assert "not counted" in properties["beneficiaries_male"]["description"]


def test_a_draft_activitys_results_stay_out_of_the_api(client):
    cache.clear()
    ActivityFactory(forum=ForumFactory(published=True), executor="Rahasia", state=State.DRAFT)

    rows = client.get("/api/activities/", HTTP_ACCEPT="application/json").json()["results"]

    assert rows == []
