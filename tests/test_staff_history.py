"""The history page of a record: every version, who, what changed, and its children."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from activities.demo.accounts import ensure_accounts
from forums.models import ForumMember
from forums.services import apply_transition

from .factories import ActivityFactory, ForumFactory, ForumMemberFactory, FundingLineFactory

pytestmark = pytest.mark.django_db

BAUBAU_VILLAGE = "74.72.01.1007"


@pytest.fixture
def accounts():
    return ensure_accounts()


def history_url(record, model="forum"):
    return reverse("staff_history", args=[model, record.pk])


def edit(record, user, **fields):
    for name, value in fields.items():
        setattr(record, name, value)
    record._history_user = user
    record.save()


def test_shows_field_changes_who_and_the_verify_stamp(client, accounts):
    operator, verifier = accounts["operator.solok"], accounts["verifikator.sumbar"]
    forum = ForumFactory(name="FKS Tanah Garam", formation_year=2018)
    edit(forum, operator, name="FKS Kelurahan Tanah Garam", formation_year=2019)
    apply_transition(forum, "submit", operator)
    apply_transition(forum, "return", verifier, reason="Lengkapi SK lurah.")
    apply_transition(forum, "submit", operator)
    apply_transition(forum, "verify", verifier)

    client.force_login(operator)
    client.cookies["django_language"] = "en"
    response = client.get(history_url(forum))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.reason for row in rows] == [
        "Verified",
        "Submitted for verification",
        "Returned: Lengkapi SK lurah.",
        "Submitted for verification",
        "",
        "",
    ]
    assert rows[-1].action == "created"
    assert rows[0].who == verifier and rows[-2].who == operator
    changes = {change.label: (change.old, change.new) for change in rows[-2].changes}
    assert changes["Name"] == ("FKS Tanah Garam", "FKS Kelurahan Tanah Garam")
    assert changes["Programme year"] == ("2018", "2019")
    assert ("State", ("Submitted", "Returned")) in [
        (c.label, (c.old, c.new)) for c in rows[2].changes
    ]
    page = response.content.decode()
    assert "FKS Tanah Garam</del> → <ins>FKS Kelurahan Tanah Garam" in page
    assert "Verified by Hendra Saputra on" in page
    assert "Rina Oktaviani" in page


def test_shows_the_changes_of_members(client, accounts):
    operator = accounts["operator.solok"]
    forum = ForumFactory()
    member = ForumMemberFactory(forum=forum, name="Rahmat")
    edit(member, operator, role=ForumMember.Role.CHAIR)
    member._history_user = operator
    member.delete()

    client.force_login(operator)
    client.cookies["django_language"] = "en"
    rows = client.get(history_url(forum)).context["rows"]
    member_rows = [row for row in rows if row.subject]
    assert [row.action for row in member_rows] == ["deleted", "changed", "created"]
    assert member_rows[0].subject == "Forum member: Rahmat"
    assert [(c.label, c.old, c.new) for c in member_rows[1].changes] == [
        ("Role", "Member", "Chair")
    ]


def test_history_reads_as_people_read_names_local_times_and_numbers(client, accounts):
    operator, verifier = accounts["operator.solok"], accounts["verifikator.sumbar"]
    activity = ActivityFactory(volume=Decimal("120.00"), unit="m")
    edit(activity, operator, volume=Decimal("150.00"))
    edit(activity, operator)  # saved again, nothing changed
    apply_transition(activity, "submit", operator)
    apply_transition(activity, "verify", verifier)
    activity.refresh_from_db()

    client.force_login(operator)
    client.cookies["django_language"] = "en"
    rows = client.get(history_url(activity, "activity")).context["rows"]

    assert [row.reason for row in rows if row.action == "changed"] == [
        "Verified",
        "Submitted for verification",
        "",  # the volume; the save that changed nothing has no row
    ]
    changes = {c.label: (c.old, c.new) for row in rows for c in row.changes}
    assert changes["Volume"] == ("120", "150")
    assert changes["Verified by"] == ("—", "Hendra Saputra")  # a name, not an id
    local = timezone.localtime(activity.verified_at)
    assert changes["Verified at"] == ("—", date_format(local, "DATETIME_FORMAT"))


def test_activity_history_includes_funding_lines(client, accounts):
    activity = ActivityFactory()
    line = FundingLineFactory(activity=activity, budget=150_000_000)
    edit(line, accounts["operator.solok"], spending=35_000_000)
    client.force_login(accounts["operator.solok"])
    client.cookies["django_language"] = "en"
    rows = client.get(history_url(activity, "activity")).context["rows"]
    changed = next(row for row in rows if row.subject and row.action == "changed")
    created = next(row for row in rows if row.subject and row.action == "created")
    # Every row of a line names it with its budget; amounts read as rupiah.
    assert changed.subject.startswith("Funding line: ") and changed.subject.endswith(
        ", Rp 150.000.000"
    )
    assert created.subject == changed.subject
    assert [(c.old, c.new) for c in changed.changes] == [("Rp 0", "Rp 35.000.000")]


def test_fixed_number_of_queries(client, accounts):
    operator = accounts["operator.solok"]
    forum = ForumFactory()
    client.force_login(operator)
    client.get(history_url(forum))  # warm up: session, content types

    def count_queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(history_url(forum)).status_code == 200
        return len(captured)

    small = count_queries()
    for n in range(5):
        edit(forum, operator, description=f"versi {n}")
        ForumMemberFactory(forum=forum)
    assert count_queries() == small


@pytest.mark.parametrize("username", ["operator.solok", "verifikator.sumbar"])
def test_out_of_scope_history_is_404(client, accounts, username):
    forum = ForumFactory(village_id=BAUBAU_VILLAGE)
    client.force_login(accounts[username])
    assert client.get(history_url(forum)).status_code == 404


def test_unknown_model_is_404(client, accounts):
    client.force_login(accounts["admin"])
    assert client.get(reverse("staff_history", args=["staffprofile", 1])).status_code == 404
