"""The staff dashboard: counts by state, returned and waiting lists, recent changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.demo.accounts import ensure_accounts
from forums.models import State
from forums.services import apply_transition

from .factories import ActivityFactory, ForumFactory, MeetingFactory, PostFactory

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
