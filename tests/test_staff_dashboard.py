"""The staff dashboard: counts by state, returned and waiting lists, recent changes."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.demo.accounts import ensure_accounts
from forums.models import State
from forums.services import apply_transition

from .factories import (
    ActivityFactory,
    ForumFactory,
    MeetingFactory,
    PostFactory,
    ProgressReportFactory,
)

pytestmark = pytest.mark.django_db

BAUBAU_VILLAGE = "74.72.01.1007"


@pytest.fixture
def accounts():
    return ensure_accounts()


def dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("staff_dashboard"))
    assert response.status_code == 200
    return response


def counts_of(response, kind_index):
    row = response.context["state_counts"][kind_index]
    return dict(zip([state.value for state in State], row["counts"], strict=True))


def test_counts_by_state_in_scope_only(client, accounts):
    ForumFactory.create_batch(2)
    ForumFactory(state=State.SUBMITTED)
    ForumFactory(published=True)
    ForumFactory(village_id=BAUBAU_VILLAGE)  # Baubau: not Solok's
    ActivityFactory(state=State.RETURNED, return_reason="Foto belum ada.")

    response = dashboard(client, accounts["operator.solok"])
    forums = counts_of(response, 0)
    # The activity's own forum is a draft in Solok too.
    assert forums == {"draft": 3, "submitted": 1, "verified": 0, "returned": 0, "published": 1}
    assert counts_of(response, 1)["returned"] == 1
    assert response.context["state_counts"][0]["total"] == 5

    baubau = counts_of(dashboard(client, accounts["operator.baubau"]), 0)
    assert baubau["draft"] == 1 and sum(baubau.values()) == 1
    admin = counts_of(dashboard(client, accounts["admin"]), 0)
    assert sum(admin.values()) == 6


def test_operator_sees_what_was_returned_with_the_reason(client, accounts):
    forum = ForumFactory(state=State.SUBMITTED, name="FKS Tanah Garam")
    apply_transition(forum, "return", accounts["verifikator.sumbar"], reason="Lengkapi SK lurah.")
    ForumFactory(village_id=BAUBAU_VILLAGE, state=State.RETURNED, return_reason="Lain.")

    response = dashboard(client, accounts["operator.solok"])
    returned = response.context["returned"]
    assert [(item.label, item.reason) for item in returned] == [
        ("FKS Tanah Garam", "Lengkapi SK lurah.")
    ]
    assert response.context["waiting"] == []
    page = response.content.decode()
    assert reverse("staff_forum_detail", args=[forum.pk]) in page
    assert "Lengkapi SK lurah." in page


def test_verifier_sees_what_waits_for_verification(client, accounts):
    forum = ForumFactory(name="FKS Menunggu")
    apply_transition(forum, "submit", accounts["operator.solok"])
    meeting = MeetingFactory(forum=forum, state=State.SUBMITTED)
    ForumFactory(village_id=BAUBAU_VILLAGE, state=State.SUBMITTED)

    response = dashboard(client, accounts["verifikator.sumbar"])
    waiting = response.context["waiting"]
    assert {(item.key, item.pk) for item in waiting} == {
        ("forum", forum.pk),
        ("meeting", meeting.pk),
    }
    assert response.context["returned"] == []


def test_recent_changes_across_models_in_scope(client, accounts):
    operator = accounts["operator.solok"]
    forum = ForumFactory(name="FKS Baru")
    apply_transition(forum, "submit", operator)
    PostFactory(regency_id="13.72", title="Berita Solok")
    ForumFactory(village_id=BAUBAU_VILLAGE, name="FKS Baubau")

    response = dashboard(client, operator)
    recent = response.context["recent"]
    labels = [item.label for item in recent]
    assert "FKS Baubau" not in labels
    assert labels[0] == "Berita Solok"
    submitted = next(item for item in recent if item.key == "forum" and item.who == operator)
    assert submitted.pk == forum.pk and submitted.reason
    assert len(recent) <= 15


def test_fixed_number_of_queries(client, accounts):
    client.force_login(accounts["admin"])
    client.get(reverse("staff_dashboard"))

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("staff_dashboard")).status_code == 200
        return len(captured)

    ForumFactory(state=State.SUBMITTED)
    small = count()
    for _n in range(5):
        forum = ForumFactory(state=State.RETURNED, return_reason="Perbaiki.")
        ActivityFactory(forum=forum, state=State.SUBMITTED)
        MeetingFactory(forum=forum, state=State.RETURNED, return_reason="Perbaiki.")
        PostFactory(regency_id="13.72", state=State.SUBMITTED)
    assert count() == small


def test_links_to_the_funding_exports(client, accounts):
    page = dashboard(client, accounts["operator.solok"]).content.decode()
    for path in ["/reports/funding/", "/reports/funding.csv", "/reports/funding.xlsx"]:
        assert f'href="{path}"' in page
    assert 'href="/reports/register/"' in page


def test_queue_items_name_the_record_forum_regency_submitter_and_date(client, accounts):
    operator = accounts["operator.solok"]
    forum = ForumFactory(name="FKS Tanah Garam")
    activity = ActivityFactory(forum=forum, title="Balai Serbaguna")
    report = ProgressReportFactory(activity=activity, percent=50)
    apply_transition(report, "submit", operator)

    response = dashboard(client, accounts["verifikator.sumbar"])
    (item,) = [item for item in response.context["waiting"] if item.key == "progressreport"]
    assert "Balai Serbaguna" in item.label and "50%" in item.label
    assert item.forum == forum and item.regency.name == "Kota Solok"
    assert item.who == operator
    submitted = report.history.filter(history_change_reason="submit").get().history_date
    assert item.when == submitted
    page = response.content.decode()
    assert "FKS Tanah Garam · Kota Solok" in page
    assert "Rina Oktaviani" in page
    assert reverse("staff_review", args=["progressreport", report.pk]) in page


def test_queue_costs_the_same_queries_whatever_its_length(
    client, accounts, django_assert_max_num_queries
):
    operator, verifier = accounts["operator.solok"], accounts["verifikator.sumbar"]
    client.force_login(verifier)
    apply_transition(ForumFactory(), "submit", operator)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("staff_dashboard"))
    for _n in range(4):
        forum = ForumFactory()
        apply_transition(forum, "submit", operator)
        for record in (
            ActivityFactory(forum=forum),
            MeetingFactory(forum=forum),
            ProgressReportFactory(activity__forum=forum),
            PostFactory(regency_id="13.72", forum=forum, author=operator),
        ):
            apply_transition(record, "submit", operator)
    with django_assert_max_num_queries(len(small)):
        response = client.get(reverse("staff_dashboard"))
    assert len(response.context["waiting"]) == 21


def test_bulk_verify_verifies_in_scope_and_names_what_it_skipped(client, accounts):
    verifier = accounts["verifikator.sumbar"]
    inside = ForumFactory(state=State.SUBMITTED, name="FKS Dalam")
    meeting = MeetingFactory(forum=inside, state=State.SUBMITTED)
    draft = ForumFactory(name="FKS Draf")
    outside = ForumFactory(village_id=BAUBAU_VILLAGE, state=State.SUBMITTED, name="FKS Luar")
    client.force_login(verifier)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    selected = [f"forum:{inside.pk}", f"meeting:{meeting.pk}", f"forum:{draft.pk}"]
    selected += [f"forum:{outside.pk}", "nothing:1"]

    response = client.post(
        reverse("staff_verify_selected"), {"record": selected, "action": "verify"}, follow=True
    )

    for record in (inside, meeting, draft, outside):
        record.refresh_from_db()
    assert (inside.state, meeting.state) == (State.VERIFIED, State.VERIFIED)
    assert inside.verified_by == verifier
    assert (draft.state, outside.state) == (State.DRAFT, State.SUBMITTED)
    texts = [str(message) for message in response.context["messages"]]
    assert texts[0] == "2 records verified."
    assert texts[1].startswith("3 skipped:")
    assert "FKS Draf (" in texts[1] and "FKS Luar" not in texts[1]  # no name from elsewhere
    assert f"forum:{outside.pk} (not found in your region)" in texts[1]
    assert "nothing:1 (not found in your region)" in texts[1]


def test_bulk_verify_and_publish(client, accounts):
    forums = ForumFactory.create_batch(2, state=State.SUBMITTED)
    client.force_login(accounts["verifikator.sumbar"])
    client.post(
        reverse("staff_verify_selected"),
        {"record": [f"forum:{forum.pk}" for forum in forums], "action": "verify_publish"},
    )
    for forum in forums:
        forum.refresh_from_db()
        assert forum.state == State.PUBLISHED and forum.verified_at and forum.published_at


def test_bulk_verify_is_for_verifiers_only_and_posts_only(client, accounts):
    forum = ForumFactory(state=State.SUBMITTED)
    client.force_login(accounts["operator.solok"])
    response = client.post(reverse("staff_verify_selected"), {"record": [f"forum:{forum.pk}"]})
    assert response.status_code == 403
    client.force_login(accounts["verifikator.sumbar"])
    assert client.get(reverse("staff_verify_selected")).status_code == 405
    forum.refresh_from_db()
    assert forum.state == State.SUBMITTED


def test_bulk_verify_needs_the_csrf_token(accounts):
    from django.test import Client

    forum = ForumFactory(state=State.SUBMITTED)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(accounts["verifikator.sumbar"])
    response = strict.post(reverse("staff_verify_selected"), {"record": [f"forum:{forum.pk}"]})
    assert response.status_code == 403
    forum.refresh_from_db()
    assert forum.state == State.SUBMITTED
