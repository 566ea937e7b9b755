"""Staff activity pages: /staff/activities/ list, new, detail, edit, delete, with funding lines."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, ActivityType, FundingLine, FundingSource
from activities.staff.forms import ActivityForm, FundingLineFormSet, RupiahField
from activities.staff.services import save_activity
from forums.models import State, Village
from forums.staff.submission import claim, version_of

from .factories import (
    ActivityFactory,
    ForumFactory,
    FundingLineFactory,
    PostFactory,
    ProgressReportFactory,
    UserFactory,
    formset_data,
    staff_user,
)

pytestmark = pytest.mark.django_db

SOLOK = "13.72"
BAUBAU_VILLAGE = "74.72.01.1007"


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


@pytest.fixture
def operator():
    return staff_user("operator", regencies=[SOLOK])


@pytest.fixture
def forum():
    return ForumFactory()


def baubau_forum():
    return ForumFactory(village=Village.objects.get(code=BAUBAU_VILLAGE))


def type_code(code):
    return ActivityType.objects.get(code=code).pk


def source(code="apbn"):
    return FundingSource.objects.get(code=code).pk


def line(**fields):
    row = {
        "source": source(),
        "budget_year": "2019",
        "purpose": "pembangunan",
        "budget": "150.000.000",
        "spending": "0",
        "member_name": "",
        "electoral_district": "",
    }
    return {**row, **fields}


def activity_data(forum, lines=(), token="token-1", initial=0, **fields):
    data = {
        "forum": forum.pk,
        "activity_type": type_code("thematic-dialogue"),
        "title": "Dialog tematik kerukunan",
        "description": "",
        "status": "planned",
        "location": "Balai kelurahan",
        "latitude": "",
        "longitude": "",
        "volume": "",
        "unit": "",
        "planned_start": "2019-08-01",
        "planned_end": "2019-08-02",
        "actual_start": "",
        "actual_end": "",
        "submission_token": token,
        **fields,
    }
    data.update(formset_data("funding", list(lines), initial=initial))
    return data


def create(client, data):
    return client.post(reverse("staff_activity_create"), data)


def snapshot(activity):
    activity.refresh_from_db()
    lines = list(activity.funding_lines.values_list("budget", "spending"))
    return activity.title, activity.state, lines


# --- access ---------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_login(client, forum):
    activity = ActivityFactory(forum=forum)
    for url in [
        reverse("staff_activity_list"),
        reverse("staff_activity_create"),
        reverse("staff_activity_detail", args=[activity.pk]),
        reverse("staff_activity_edit", args=[activity.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_accounts_without_a_role_are_refused(client):
    client.force_login(UserFactory())
    assert client.get(reverse("staff_activity_list")).status_code == 403


def test_verifier_cannot_create(client, forum):
    client.force_login(staff_user("verifier", province="13"))
    assert client.get(reverse("staff_activity_create")).status_code == 403
    response = create(client, activity_data(forum, [line()]))
    assert response.status_code == 403
    assert not Activity.objects.exists()


def test_verifier_sees_the_province_but_cannot_edit(client, forum):
    activity = ActivityFactory(forum=forum, state=State.SUBMITTED)
    client.force_login(staff_user("verifier", province="13"))
    assert client.get(reverse("staff_activity_detail", args=[activity.pk])).status_code == 200
    assert client.get(reverse("staff_activity_edit", args=[activity.pk])).status_code == 403


# --- list -----------------------------------------------------------------------


def test_list_shows_only_the_users_regions(client, operator, forum):
    ActivityFactory(forum=forum, title="Gedung Tanah Garam")
    ActivityFactory(forum=baubau_forum(), title="Gedung Baubau")
    client.force_login(operator)
    response = client.get(reverse("staff_activity_list"))
    assert response.status_code == 200
    assert b"Gedung Tanah Garam" in response.content
    assert b"Gedung Baubau" not in response.content


def test_list_filters_by_forum_state_and_text(client, operator, forum):
    other = ForumFactory()
    ActivityFactory(forum=forum, title="Jalan kampung A", state=State.SUBMITTED)
    ActivityFactory(forum=forum, title="Gedung B")
    ActivityFactory(forum=other, title="Jalan kampung C")
    client.force_login(operator)
    url = reverse("staff_activity_list")

    titles = [a.title for a in client.get(url, {"forum": forum.pk}).context["records"]]
    assert sorted(titles) == ["Gedung B", "Jalan kampung A"]
    titles = [a.title for a in client.get(url, {"state": "submitted"}).context["records"]]
    assert titles == ["Jalan kampung A"]
    titles = [a.title for a in client.get(url, {"q": "jalan"}).context["records"]]
    assert sorted(titles) == ["Jalan kampung A", "Jalan kampung C"]


def test_list_ignores_a_forum_outside_the_scope(client, operator, forum):
    ActivityFactory(forum=forum)
    ActivityFactory(forum=baubau_forum())
    client.force_login(operator)
    response = client.get(reverse("staff_activity_list"), {"forum": baubau_forum().pk})
    assert response.status_code == 200
    assert len(response.context["records"]) == 1
    assert "forum" in response.context["filter"].form.errors


def test_list_filters_by_budget_year(client, operator, forum):
    funded = ActivityFactory(forum=forum, planned_start=None, planned_end=None)
    FundingLineFactory(activity=funded, budget_year=2021)
    ActivityFactory(forum=forum)  # planned in 2018, no lines
    client.force_login(operator)
    response = client.get(reverse("staff_activity_list"), {"year": 2021})
    assert list(response.context["records"]) == [funded]


def test_list_runs_a_fixed_number_of_queries(client, operator, forum):
    client.force_login(operator)
    url = reverse("staff_activity_list")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"forum": forum.pk}).status_code == 200
        return len(captured)

    FundingLineFactory(activity=ActivityFactory(forum=forum))
    few = queries()
    for _ in range(12):
        FundingLineFactory(activity=ActivityFactory(forum=ForumFactory()))
    assert queries() == few


# --- create ---------------------------------------------------------------------


def test_operator_creates_an_activity_with_funding_lines_as_a_draft(client, operator, forum):
    client.force_login(operator)
    lines = [
        line(budget="Rp 150.000.000", spending="35.000.000"),
        line(
            source=source("dpr-aspiration"),
            budget="50000000",
            member_name="H. Anggota",
            electoral_district="Sumbar I",
        ),
    ]
    response = create(client, activity_data(forum, lines))

    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("staff_activity_detail", args=[activity.pk])
    assert activity.state == State.DRAFT
    assert activity.forum == forum
    budgets = sorted(activity.funding_lines.values_list("budget", "spending"))
    assert budgets == [(50_000_000, 0), (150_000_000, 35_000_000)]
    assert activity.history.latest().history_user == operator
    assert FundingLine.history.latest().history_user == operator


def test_create_form_starts_with_the_forum_from_the_query(client, operator, forum):
    client.force_login(operator)
    response = client.get(reverse("staff_activity_create"), {"forum": forum.pk})
    assert response.context["form"].initial["forum"] == forum
    content = response.content.decode()
    assert 'enctype="multipart/form-data"' in content
    assert 'name="submission_token"' in content
    assert 'name="funding-TOTAL_FORMS"' in content
    assert 'name="funding-0-budget"' in content
    assert "funding-0-DELETE" not in content  # new rows are left empty instead


def test_an_invalid_funding_line_saves_nothing(client, operator, forum):
    client.force_login(operator)
    lines = [line(), line(budget="10.000.000", spending="20.000.000")]
    response = create(client, activity_data(forum, lines))

    assert response.status_code == 200
    assert Activity.objects.count() == 0
    assert FundingLine.objects.count() == 0
    funding = response.context["children"][0]["formset"]
    assert funding.forms[1].errors["spending"] == ["Spending cannot be more than the budget."]
    assert b"Spending cannot be more than the budget." in response.content


def test_an_invalid_parent_saves_no_lines(client, operator, forum):
    client.force_login(operator)
    response = create(client, activity_data(forum, [line()], title=""))
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert (Activity.objects.count(), FundingLine.objects.count()) == (0, 0)


def test_a_forum_outside_the_scope_is_refused(client, operator):
    client.force_login(operator)
    response = create(client, activity_data(baubau_forum(), [line()]))
    assert response.status_code == 200
    assert "forum" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_a_double_submission_creates_one_activity(client, operator, forum):
    client.force_login(operator)
    data = activity_data(forum, [line()], token="same-token")
    first = create(client, data)
    second = create(client, data)

    assert Activity.objects.count() == 1
    assert FundingLine.objects.count() == 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]


def test_a_rejected_submission_can_be_corrected_with_the_same_token(client, operator, forum):
    client.force_login(operator)
    create(client, activity_data(forum, [line(budget="abc")], token="retry"))
    response = create(client, activity_data(forum, [line()], token="retry"))
    assert response.status_code == 302
    assert Activity.objects.count() == 1


@pytest.mark.parametrize("typed", ["abc", "-5", "1,5", "150.000,50", "1.5"])
def test_money_typed_wrongly_is_refused(client, operator, forum, typed):
    client.force_login(operator)
    response = create(client, activity_data(forum, [line(budget=typed)]))
    assert response.status_code == 200
    assert response.context["children"][0]["formset"].forms[0].errors["budget"]
    assert not Activity.objects.exists()


def test_a_physical_works_status_follows_its_progress_not_the_form(client, operator, forum):
    client.force_login(operator)
    data = activity_data(
        forum, [line()], activity_type=type_code("village-road"), status="done", volume="200"
    )
    data["unit"] = "m"
    create(client, data)
    assert Activity.objects.get().status == Activity.Status.PLANNED


def test_linked_news_posts_are_saved(client, operator, forum):
    post = PostFactory(regency_id=SOLOK)
    elsewhere = PostFactory(regency_id="74.72")
    client.force_login(operator)
    response = create(client, activity_data(forum, [], posts=[post.pk]))
    assert response.status_code == 302
    assert list(Activity.objects.get().posts.all()) == [post]

    response = create(client, activity_data(forum, [], token="t2", posts=[elsewhere.pk]))
    assert "posts" in response.context["form"].errors


# --- money field ------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "150.000.000",
        "150000000",
        "Rp 150.000.000",
        "Rp150.000.000",
        "rp. 150 000 000",
        "150.000.000,-",
    ],
)
def test_rupiah_field_reads_what_people_type(typed):
    assert RupiahField().clean(typed) == 150_000_000


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "whole rupiah, for example"),
        ("-5", "cannot be negative"),
        ("1,5", "leave out the cents"),
        ("150.000,50", "leave out the cents"),
        ("1.5", "whole rupiah, for example"),
    ],
)
def test_rupiah_field_refuses_with_a_reason(typed, message):
    with pytest.raises(ValidationError) as error:
        RupiahField().clean(typed)
    assert message in error.value.messages[0]


def test_rupiah_field_shows_stored_amounts_with_separators():
    assert RupiahField().prepare_value(150_000_000) == "150.000.000"


# --- detail ---------------------------------------------------------------------


def test_detail_shows_funding_totals_and_links(client, operator, forum):
    activity = ActivityFactory(forum=forum)
    FundingLineFactory(activity=activity, budget=100_000_000, spending=40_000_000)
    FundingLineFactory(activity=activity, budget=50_000_000, spending=10_000_000)
    report = ProgressReportFactory(activity=activity, percent=60)
    client.force_login(operator)
    response = client.get(reverse("staff_activity_detail", args=[activity.pk]))

    content = response.content.decode()
    assert "Rp 150.000.000" in content  # budget total
    assert "Rp 50.000.000" in content  # spending total
    assert "Rp 100.000.000" in content  # remainder
    assert reverse("staff_forum_detail", args=[forum.pk]) in content
    assert reverse("staff_progress_detail", args=[report.pk]) in content
    assert reverse("staff_history", args=["activity", activity.pk]) in content
    assert reverse("staff_activity_edit", args=[activity.pk]) in content


# --- edit -----------------------------------------------------------------------


def edit_data(activity, **fields):
    lines = [
        {**line(budget=str(fl.budget), spending=str(fl.spending)), "id": fl.pk}
        for fl in activity.funding_lines.all()
    ]
    fields.setdefault("loaded_version", version_of(activity))
    return activity_data(activity.forum, lines, initial=len(lines), **fields)


@pytest.mark.parametrize("state", [State.DRAFT, State.RETURNED])
def test_operator_edits_drafts_and_returned_activities(client, operator, forum, state):
    extra = {"return_reason": "Lengkapi anggaran"} if state == State.RETURNED else {}
    activity = ActivityFactory(forum=forum, state=state, **extra)
    FundingLineFactory(activity=activity)
    client.force_login(operator)
    page = client.get(reverse("staff_activity_edit", args=[activity.pk]))
    assert 'name="funding-0-id"' in page.content.decode()
    assert 'name="funding-0-DELETE"' in page.content.decode()
    data = edit_data(activity, title="Judul baru")
    data["funding-0-budget"] = "Rp 120.000.000"
    response = client.post(reverse("staff_activity_edit", args=[activity.pk]), data)

    assert response.status_code == 302
    assert snapshot(activity) == ("Judul baru", state, [(120_000_000, 0)])


def test_edit_can_delete_a_funding_line(client, operator, forum):
    activity = ActivityFactory(forum=forum)
    FundingLineFactory(activity=activity)
    client.force_login(operator)
    data = edit_data(activity)
    data["funding-0-DELETE"] = "on"
    client.post(reverse("staff_activity_edit", args=[activity.pk]), data)
    assert not activity.funding_lines.exists()


@pytest.mark.parametrize("state", [State.SUBMITTED, State.VERIFIED, State.PUBLISHED])
def test_operator_cannot_edit_after_submitting(client, operator, forum, state):
    activity = ActivityFactory(forum=forum, state=state, published_at=timezone.now())
    FundingLineFactory(activity=activity)
    before = snapshot(activity)
    client.force_login(operator)
    url = reverse("staff_activity_edit", args=[activity.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, edit_data(activity, title="Diubah"))
    assert response.status_code == 403
    assert b"Operators change drafts and returned records" in response.content
    assert snapshot(activity) == before


def test_administrator_edits_a_returned_activity_in_any_region(client):
    activity = ActivityFactory(
        forum=baubau_forum(), state=State.RETURNED, return_reason="Perbaiki judul"
    )
    client.force_login(staff_user("administrator"))
    response = client.post(
        reverse("staff_activity_edit", args=[activity.pk]), edit_data(activity, title="Koreksi")
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.state) == ("Koreksi", State.RETURNED)


# --- out of scope ---------------------------------------------------------------


def test_out_of_scope_records_are_not_found_and_not_changed(client, operator):
    activity = ActivityFactory(forum=baubau_forum())
    FundingLineFactory(activity=activity)
    before = snapshot(activity)
    client.force_login(operator)
    for name in ["detail", "edit", "delete"]:
        url = reverse(f"staff_activity_{name}", args=[activity.pk])
        assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("staff_activity_edit", args=[activity.pk]), edit_data(activity, title="X")
        ).status_code
        == 404
    )
    assert client.post(reverse("staff_activity_delete", args=[activity.pk])).status_code == 404
    assert snapshot(activity) == before


# --- delete ---------------------------------------------------------------------


def test_delete_asks_then_deletes_a_draft_with_its_lines(client, operator, forum):
    activity = ActivityFactory(forum=forum)
    FundingLineFactory(activity=activity)
    activity.posts.add(PostFactory(regency_id=SOLOK))
    client.force_login(operator)
    url = reverse("staff_activity_delete", args=[activity.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert b"1 funding line is deleted with it" in page.content
    response = client.post(url, {"loaded_version": version_of(activity)})
    assert response.status_code == 302
    assert response["Location"] == reverse("staff_activity_list")
    assert not Activity.objects.exists()
    assert not FundingLine.objects.exists()


def test_submitted_activities_are_not_deleted(client, operator, forum):
    activity = ActivityFactory(forum=forum, state=State.SUBMITTED)
    client.force_login(operator)
    response = client.post(reverse("staff_activity_delete", args=[activity.pk]))
    assert response.status_code == 403
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_an_activity_with_submitted_progress_reports_is_kept(client, operator, forum):
    activity = ActivityFactory(forum=forum)
    ProgressReportFactory(activity=activity, state=State.SUBMITTED)
    client.force_login(operator)
    data = {"loaded_version": version_of(activity)}
    response = client.post(reverse("staff_activity_delete", args=[activity.pk]), data, follow=True)
    assert Activity.objects.filter(pk=activity.pk).exists()
    assert b"progress reports that were sent for verification" in response.content


def test_a_submission_still_being_saved_is_not_saved_again(client, operator, forum):
    request = RequestFactory().post("/", {"submission_token": "busy"})
    request.user = operator
    assert claim(request) is None  # the first submission is still saving
    client.force_login(operator)
    response = create(client, activity_data(forum, [line()], token="busy"))
    assert response.status_code == 302
    assert response["Location"] == reverse("staff_activity_list")
    assert not Activity.objects.exists()


def test_administrators_give_the_forum_by_number(client, forum):
    client.force_login(staff_user("administrator"))
    page = client.get(reverse("staff_activity_create"), {"forum": forum.pk})
    assert page.context["form"].fields["forum"].widget.input_type == "number"
    assert f'value="{forum.pk}"' in page.content.decode()
    response = create(client, activity_data(forum, [line()]))
    assert response.status_code == 302
    assert Activity.objects.get().forum == forum


def test_an_edit_is_refused_when_the_record_was_submitted_meanwhile(operator, forum):
    activity = ActivityFactory(forum=forum, title="Lama")
    form = ActivityForm(edit_data(activity, title="Baru"), instance=activity, user=operator)
    funding = FundingLineFormSet(edit_data(activity), instance=activity, prefix="funding")
    assert form.is_valid() and funding.is_valid()
    Activity.objects.filter(pk=activity.pk).update(state=State.SUBMITTED)

    with pytest.raises(ValidationError, match="sent on for verification"):
        save_activity(user=operator, form=form, funding=funding)
    activity.refresh_from_db()
    assert (activity.title, activity.state) == ("Lama", State.SUBMITTED)
