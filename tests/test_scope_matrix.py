"""The scope matrix: every role × record type × staff action on a record outside the
user's regions is refused (404, or absent from lists and exports), and changes nothing.

Each case also runs the same action on a record inside the scope, so a view that
refused everything would fail here too.
"""

import pytest
from django.apps import apps
from django.urls import reverse

from activities.models import Activity, FundingLine, Meeting, ProgressReport
from forums.models import ConflictIncident, Forum, ForumMember, Post, StaffProfile, State, Village

from .factories import (
    ActivityFactory,
    ConflictIncidentFactory,
    ForumFactory,
    FundingLineFactory,
    MeetingFactory,
    PostFactory,
    ProgressReportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

INSIDE = "13.72.01.1001"  # Kelurahan Tanah Garam, Kota Solok, Sumatera Barat
OUTSIDE = "14.06.03.2013"  # Desa Babussalam, Kabupaten Rokan Hulu, Riau

ROLES = {
    "operator": {"role": "operator", "regencies": ["13.72"]},
    "verifier": {"role": "verifier", "province": "13"},
}

# record kind: (model, URL prefix of its staff pages, model key of the shared pages)
KINDS = {
    "forum": (Forum, "staff_forum", "forum"),
    "activity": (Activity, "staff_activity", "activity"),
    "meeting": (Meeting, "staff_meeting", "meeting"),
    "progress": (ProgressReport, "staff_progress", "progressreport"),
    "post": (Post, "staff_post", "post"),
    "incident": (ConflictIncident, "staff_incident", "conflictincident"),
}


def make_records(village_code, title):
    """One record of each kind in a village, all drafts (the most editable state)."""
    village = Village.objects.get(code=village_code)
    forum = ForumFactory(village=village, name=f"Forum {title}")
    activity = ActivityFactory(forum=forum, title=f"Kegiatan {title}")
    FundingLineFactory(activity=activity, purpose=f"Dana {title}")
    return {
        "forum": forum,
        "activity": activity,
        "meeting": MeetingFactory(forum=forum, theme=f"Dialog {title}"),
        "progress": ProgressReportFactory(activity=activity, note=f"Progres {title}"),
        "post": PostFactory(village=village, title=f"Berita {title}"),
        "incident": ConflictIncidentFactory(village=village, source=f"Sumber {title}"),
    }


@pytest.fixture
def world():
    return {"inside": make_records(INSIDE, "Dalam"), "outside": make_records(OUTSIDE, "Luar")}


@pytest.fixture(params=ROLES)
def member(request, client):
    settings = ROLES[request.param]
    user = UserFactory(username=f"{request.param}.matrix")
    profile = StaffProfile.objects.create(
        user=user, role=settings["role"], province_id=settings.get("province")
    )
    profile.regencies.set(settings.get("regencies", []))
    client.force_login(user)
    return client


def snapshot():
    """Every row of every programme table and history table, to compare before/after."""
    models = [
        Forum,
        ForumMember,
        Activity,
        FundingLine,
        Meeting,
        ProgressReport,
        Post,
        ConflictIncident,
    ]
    rows = {}
    for model in models:
        rows[model] = list(model.objects.order_by("pk").values())
        rows[f"{model.__name__} history"] = model.history.count()
    rows["all models"] = {m._meta.label: m._default_manager.count() for m in apps.get_models()}
    return rows


def staff_url(kind, action, record):
    _, prefix, key = KINDS[kind]
    if action in ("history", "review"):
        return reverse(f"staff_{action}", args=[key, record.pk])
    if action == "transition":
        return reverse("staff_transition", args=[key, record.pk])
    return reverse(f"{prefix}_{action}", args=[record.pk])


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("action", ["detail", "edit", "delete", "history", "review"])
def test_out_of_scope_pages_are_not_found(member, world, kind, action):
    inside = member.get(staff_url(kind, action, world["inside"][kind]))
    assert inside.status_code in (200, 403), "the in-scope control must be reachable"

    response = member.get(staff_url(kind, action, world["outside"][kind]))

    assert response.status_code == 404


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("action", ["edit", "delete", "transition"])
def test_out_of_scope_writes_are_refused_and_change_nothing(member, world, kind, action):
    before = snapshot()
    data = {"action": "submit", "reason": "x", "name": "Diubah", "title": "Diubah"}

    response = member.post(staff_url(kind, action, world["outside"][kind]), data)

    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("kind", KINDS)
def test_lists_show_only_the_scope(member, world, kind):
    _, prefix, _ = KINDS[kind]
    response = member.get(reverse(f"{prefix}_list"))
    assert response.status_code == 200
    listed = {obj.pk for obj in response.context["page_obj"].object_list}
    assert world["inside"][kind].pk in listed
    assert world["outside"][kind].pk not in listed


def test_funding_exports_contain_only_the_scope(member, world):
    csv = b"".join(member.get(reverse("funding_csv")).streaming_content).decode("utf-8-sig")
    assert "Kegiatan Dalam" in csv
    assert "Kegiatan Luar" not in csv
    register = member.get(reverse("activity_register")).content.decode()
    assert "Kegiatan Dalam" in register
    assert "Kegiatan Luar" not in register


def test_administrator_reaches_both_sides(client, world):
    admin = UserFactory(username="ministry.matrix")
    StaffProfile.objects.create(user=admin, role="administrator")
    client.force_login(admin)
    for kind in KINDS:
        for side in ("inside", "outside"):
            assert client.get(staff_url(kind, "detail", world[side][kind])).status_code == 200


def test_published_records_outside_the_scope_stay_untouched_by_transitions(member, world):
    forum = world["outside"]["forum"]
    Forum.objects.filter(pk=forum.pk).update(state=State.SUBMITTED)
    before = snapshot()
    for action in ("verify", "return", "publish", "verify_publish"):
        member.post(staff_url("forum", "transition", forum), {"action": action, "reason": "x"})
    member.post(reverse("staff_verify_selected"), {"record": [f"forum:{forum.pk}"]})
    assert snapshot() == before
