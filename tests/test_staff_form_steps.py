"""The staff form's steps: save and submit at once, an activity submitted with its draft
progress reports, the return reason on top of the form, the list of errors of a rejected
form, and the DPR RI member fields of a funding line."""

import re

import pytest
from django.urls import reverse

from activities.models import Activity, ActivityType, FundingLine, FundingSource
from forums.models import Forum, State
from forums.services import apply_transition
from forums.staff.submission import version_of

from .factories import (
    ActivityFactory,
    ForumFactory,
    ProgressReportFactory,
    formset_data,
    staff_user,
)

pytestmark = pytest.mark.django_db

SOLOK = "13.72"
SAVE_AND_SUBMIT = {"then": "submit"}


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


@pytest.fixture
def operator():
    return staff_user("operator", regencies=[SOLOK])


@pytest.fixture
def verifier():
    return staff_user("verifier", province="13")


def source(code):
    return FundingSource.objects.get(code=code).pk


def line(code="apbn", **fields):
    row = {
        "source": source(code),
        "budget_year": "2019",
        "purpose": "",
        "budget": "150.000.000",
        "spending": "0",
        "member_name": "",
        "electoral_district": "",
    }
    return {**row, **fields}


def activity_data(forum, lines=(), token="token-1", initial=0, **fields):
    data = {
        "forum": forum.pk,
        "activity_type": ActivityType.objects.get(code="thematic-dialogue").pk,
        "title": "Dialog tematik kerukunan",
        "status": "planned",
        "planned_start": "2019-08-01",
        "planned_end": "2019-08-02",
        "submission_token": token,
        **fields,
    }
    data.update(formset_data("funding", list(lines), initial=initial))
    return data


def forum_edit_data(forum, **fields):
    data = {
        "name": forum.name,
        "formation_year": forum.formation_year,
        "status": forum.status,
        "province": forum.village_id[:2],
        "regency": forum.village_id[:5],
        "district": forum.village_id[:8],
        "village": forum.village_id,
        "contact_name": "",
        "contact_phone": "",
        "contact_email": "",
        "description": "",
        "submission_token": "token-edit",
        "loaded_version": version_of(forum),
        **fields,
    }
    data.update(formset_data("members", []))
    return data


# --- save and submit ---------------------------------------------------------------


def test_save_and_submit_saves_a_new_record_and_submits_it(client, operator):
    client.force_login(operator)
    data = activity_data(ForumFactory(), [line()], **SAVE_AND_SUBMIT)

    response = client.post(reverse("staff_activity_create"), data, follow=True)

    activity = Activity.objects.get()
    assert activity.state == State.SUBMITTED
    assert activity.funding_lines.count() == 1
    steps = [version.history_change_reason for version in activity.history.order_by("pk")]
    assert steps == [None, "submit"]
    assert "Saved and submitted for verification." in response.content.decode()


def test_save_and_submit_on_the_edit_form_of_a_returned_record(client, operator, verifier):
    forum = ForumFactory()
    apply_transition(forum, "submit", operator)
    apply_transition(forum, "return", verifier, "Lengkapi kontak.")
    forum.refresh_from_db()
    client.force_login(operator)

    data = forum_edit_data(forum, contact_phone="0812 6600 1234", **SAVE_AND_SUBMIT)
    response = client.post(reverse("staff_forum_edit", args=[forum.pk]), data)

    assert response.status_code == 302
    forum.refresh_from_db()
    assert (forum.state, forum.contact_phone, forum.return_reason) == (
        State.SUBMITTED,
        "0812 6600 1234",
        "",
    )


def test_an_invalid_save_and_submit_submits_nothing(client, operator):
    forum = ForumFactory()
    client.force_login(operator)
    data = forum_edit_data(forum, name="", **SAVE_AND_SUBMIT)

    response = client.post(reverse("staff_forum_edit", args=[forum.pk]), data)

    assert response.status_code == 200
    forum.refresh_from_db()
    assert forum.state == State.DRAFT
    assert forum.history.count() == 1


def test_the_plain_save_button_does_not_submit(client, operator):
    forum = ForumFactory()
    client.force_login(operator)
    client.post(reverse("staff_forum_edit", args=[forum.pk]), forum_edit_data(forum))
    forum.refresh_from_db()
    assert forum.state == State.DRAFT


def test_the_edit_form_offers_save_and_submit(client, operator):
    forum = ForumFactory()
    client.force_login(operator)
    response = client.get(reverse("staff_forum_edit", args=[forum.pk]))
    assert re.search(
        r'<button type="submit"[^>]*name="then" value="submit">Save and submit for verification',
        response.content.decode(),
    )


# --- an activity submitted with its progress reports -------------------------------


def test_submitting_an_activity_offers_its_draft_and_returned_reports(client, operator):
    activity = ActivityFactory(forum=ForumFactory())
    draft = ProgressReportFactory(activity=activity)
    returned = ProgressReportFactory(activity=activity, state=State.RETURNED, return_reason="x")
    submitted = ProgressReportFactory(activity=activity, state=State.SUBMITTED)
    client.force_login(operator)

    html = client.get(reverse("staff_activity_detail", args=[activity.pk])).content.decode()

    offered = re.findall(r'name="progress_reports" value="(\d+)"', html)
    assert sorted(map(int, offered)) == sorted([draft.pk, returned.pk])
    assert str(submitted.pk) not in offered


def test_the_ticked_reports_are_submitted_with_the_activity(client, operator):
    activity = ActivityFactory(forum=ForumFactory())
    ticked = ProgressReportFactory(activity=activity)
    left = ProgressReportFactory(activity=activity)
    elsewhere = ProgressReportFactory(activity=ActivityFactory(forum=ForumFactory()))
    client.force_login(operator)

    response = client.post(
        reverse("staff_transition", args=["activity", activity.pk]),
        {"action": "submit", "progress_reports": [ticked.pk, elsewhere.pk, "x"]},
        follow=True,
    )

    for record in (activity, ticked, left, elsewhere):
        record.refresh_from_db()
    assert [activity.state, ticked.state, left.state, elsewhere.state] == [
        State.SUBMITTED,
        State.SUBMITTED,
        State.DRAFT,
        State.DRAFT,
    ]
    assert ticked.history.latest().history_change_reason == "submit"
    assert "with 1 progress report" in response.content.decode()


def test_an_activity_that_cannot_be_submitted_leaves_its_reports_alone(client, operator):
    activity = ActivityFactory(forum=ForumFactory(), state=State.SUBMITTED)
    report = ProgressReportFactory(activity=activity)
    client.force_login(operator)

    client.post(
        reverse("staff_transition", args=["activity", activity.pk]),
        {"action": "submit", "progress_reports": [report.pk]},
    )

    report.refresh_from_db()
    assert report.state == State.DRAFT


# --- the return reason on top of the form ------------------------------------------


def returned_forum(operator, verifier, reason="Nomor telepon kontak belum diisi."):
    forum = ForumFactory()
    apply_transition(forum, "submit", operator)
    return apply_transition(forum, "return", verifier, reason)


def test_the_return_reason_shows_on_top_of_the_edit_form(client, operator, verifier):
    forum = returned_forum(operator, verifier)
    client.force_login(operator)

    html = client.get(reverse("staff_forum_edit", args=[forum.pk])).content.decode()

    notice = html.index("Nomor telepon kontak belum diisi.")
    assert 'role="note"' in html
    assert notice < html.index('<form method="post" enctype="multipart/form-data"')


def test_the_return_reason_shows_on_top_of_a_detail_page_once(client, operator, verifier):
    activity = ActivityFactory(forum=ForumFactory())
    apply_transition(activity, "submit", operator)
    apply_transition(activity, "return", verifier, "Realisasi belum diisi.")
    client.force_login(operator)

    html = client.get(reverse("staff_activity_detail", args=[activity.pk])).content.decode()

    assert html.count("Realisasi belum diisi.") == 1
    assert html.index("Realisasi belum diisi.") < html.index('id="workflow-heading-')


def test_the_return_reason_goes_once_the_record_is_submitted_again(client, operator, verifier):
    forum = returned_forum(operator, verifier)
    apply_transition(Forum.objects.get(pk=forum.pk), "submit", operator)
    client.force_login(operator)

    html = client.get(reverse("staff_forum_detail", args=[forum.pk])).content.decode()

    assert "Nomor telepon kontak belum diisi." not in html


# --- the error summary -------------------------------------------------------------


def test_a_rejected_form_lists_its_errors_with_links_to_the_fields(client, operator):
    client.force_login(operator)
    lines = [line(budget="100.000.000", spending="150.000.000")]
    data = activity_data(ForumFactory(), lines, title="")

    response = client.post(reverse("staff_activity_create"), data)

    html = response.content.decode()
    summary = html[html.index('id="error-summary"') - 80 : html.index("data-record-form")]
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary
    assert 'href="#id_title"' in summary
    assert 'href="#id_funding-0-spending"' in summary
    assert "Funding, row 1: Spending (Rp): Spending cannot be more than the budget." in summary
    assert "js/record_form.js" in html
    assert not Activity.objects.exists()


# --- DPR RI member fields ---------------------------------------------------------


def test_member_fields_are_refused_on_a_line_that_is_not_the_aspiration_fund(client, operator):
    client.force_login(operator)
    lines = [line("apbn", member_name="H. Anggota", electoral_district="Sumbar I")]

    response = client.post(reverse("staff_activity_create"), activity_data(ForumFactory(), lines))

    assert response.status_code == 200
    row = response.context["children"][0]["formset"].forms[0]
    assert row.errors["member_name"] == [
        "Only a DPR RI aspiration fund line names a member and electoral district."
    ]
    assert not FundingLine.objects.exists()


def test_member_fields_are_kept_on_an_aspiration_fund_line(client, operator):
    client.force_login(operator)
    lines = [line("dpr-aspiration", member_name="H. Anggota", electoral_district="Sumbar I")]
    client.post(reverse("staff_activity_create"), activity_data(ForumFactory(), lines))
    assert FundingLine.objects.get().member_name == "H. Anggota"


def test_the_form_marks_the_aspiration_fund_for_the_page_script(client, operator):
    client.force_login(operator)
    html = client.get(reverse("staff_activity_create")).content.decode()
    aspiration = source("dpr-aspiration")
    assert f'<option value="{aspiration}" data-aspiration="true">' in html
    # One marked option in each line's source list, the empty row's for new lines too.
    assert html.count('data-aspiration="true"') == html.count('data-funding-source=""') == 3
    assert 'name="funding-0-member_name"' in html and "data-aspiration-only" in html
    assert "Only for a DPR RI aspiration fund." in html  # without the script they stay
