"""Staff meeting pages: /staff/meetings/ list, new, detail, edit, delete, with speakers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Meeting, MeetingSpeaker
from forums.models import Regency, State, Village
from forums.staff.submission import version_of

from .factories import (
    ActivityFactory,
    ForumFactory,
    MeetingFactory,
    MeetingSpeakerFactory,
    formset_data,
    staff_user,
)

pytestmark = pytest.mark.django_db

SOLOK = "13.72"
BAUBAU = "74.72"
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


def speaker(**fields):
    row = {"name": "Ustadz Ahmad", "institution": "FKUB Kota Solok", "topic": "", "position": "1"}
    return {**row, **fields}


def meeting_data(forum=None, speakers=(), token="token-1", initial=0, **fields):
    data = {
        "kind": "dialogue",
        "regency": SOLOK,
        "forum": forum.pk if forum else "",
        "activity": "",
        "theme": "Merajut kerukunan warga",
        "held_on": "2018-10-22",
        "venue": "Aula Kelurahan Tanah Garam",
        "opened_by": "Lurah Tanah Garam",
        "officials_present": "Lurah\nBhabinkamtibmas\nBabinsa",
        "participants_male": "25",
        "participants_female": "20",
        "agreements": "Menjaga kerukunan.",
        "submission_token": token,
        **fields,
    }
    data.update(formset_data("speakers", list(speakers), initial=initial))
    return data


def create(client, data):
    return client.post(reverse("staff_meeting_create"), data)


def test_anonymous_visitors_are_sent_to_login(client):
    meeting = MeetingFactory()
    for url in [
        reverse("staff_meeting_list"),
        reverse("staff_meeting_create"),
        reverse("staff_meeting_detail", args=[meeting.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_verifier_cannot_create(client, forum):
    client.force_login(staff_user("verifier", province="13"))
    assert create(client, meeting_data(forum, [speaker()])).status_code == 403
    assert not Meeting.objects.exists()


def test_list_shows_only_the_users_regions(client, operator, forum):
    MeetingFactory(forum=forum, theme="Dialog Tanah Garam")
    MeetingFactory(forum=None, regency=Regency.objects.get(code=SOLOK), theme="Rakor Kota Solok")
    MeetingFactory(forum=baubau_forum(), theme="Dialog Baubau")
    client.force_login(operator)
    response = client.get(reverse("staff_meeting_list"))
    themes = sorted(meeting.theme for meeting in response.context["records"])
    assert themes == ["Dialog Tanah Garam", "Rakor Kota Solok"]


def test_list_filters_by_forum_kind_and_year(client, operator, forum):
    MeetingFactory(forum=forum, theme="A")
    MeetingFactory(forum=forum, theme="B", kind=Meeting.Kind.TRAINING)
    MeetingFactory(forum=ForumFactory(), theme="C", held_on="2020-01-10")
    client.force_login(operator)
    url = reverse("staff_meeting_list")

    def themes(**query):
        return sorted(m.theme for m in client.get(url, query).context["records"])

    assert themes(forum=forum.pk) == ["A", "B"]
    assert themes(kind="training") == ["B"]
    assert themes(year=2020) == ["C"]


def test_list_runs_a_fixed_number_of_queries(client, operator, forum):
    client.force_login(operator)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("staff_meeting_list")).status_code == 200
        return len(captured)

    MeetingFactory(forum=forum, activity=ActivityFactory(forum=forum))
    few = queries()
    for _ in range(12):
        other = ForumFactory()
        MeetingFactory(forum=other, activity=ActivityFactory(forum=other))
    assert queries() == few


def test_operator_creates_a_meeting_with_speakers_as_a_draft(client, operator, forum):
    client.force_login(operator)
    speakers = [
        speaker(),
        speaker(name="Kapolsek", institution="Polsek", position="2"),
    ]
    response = create(client, meeting_data(forum, speakers))

    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("staff_meeting_detail", args=[meeting.pk])
    assert meeting.state == State.DRAFT
    assert (meeting.regency_id, meeting.forum, meeting.participants_total) == (SOLOK, forum, 45)
    assert meeting.officials_list == ["Lurah", "Bhabinkamtibmas", "Babinsa"]
    assert list(meeting.speakers.values_list("name", flat=True)) == ["Ustadz Ahmad", "Kapolsek"]
    assert meeting.history.latest().history_user == operator


def test_a_regency_office_meeting_needs_no_forum(client, operator):
    client.force_login(operator)
    response = create(client, meeting_data(None, [], kind="coordination"))
    assert response.status_code == 302
    assert Meeting.objects.get().forum is None


def test_an_invalid_speaker_saves_nothing(client, operator, forum):
    client.force_login(operator)
    speakers = [speaker(), speaker(institution="")]
    response = create(client, meeting_data(forum, speakers))

    assert response.status_code == 200
    assert (Meeting.objects.count(), MeetingSpeaker.objects.count()) == (0, 0)
    rows = response.context["children"][0]["formset"].forms
    assert "institution" in rows[1].errors


def test_a_forum_of_another_regency_is_refused_next_to_the_field(client, forum):
    operator = staff_user("operator", regencies=[SOLOK, "13.71"])
    client.force_login(operator)
    response = create(client, meeting_data(forum, [speaker()], regency="13.71"))
    assert response.status_code == 200
    assert response.context["form"].errors["forum"] == ["The forum is not in this regency or city."]
    assert not Meeting.objects.exists()


def test_a_regency_outside_the_scope_is_refused(client, operator):
    client.force_login(operator)
    response = create(client, meeting_data(None, [], regency=BAUBAU))
    assert "regency" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_an_activity_of_another_forum_is_refused(client, operator, forum):
    activity = ActivityFactory(forum=ForumFactory())
    client.force_login(operator)
    response = create(client, meeting_data(forum, [], activity=activity.pk))
    assert response.context["form"].errors["activity"] == ["The activity belongs to another forum."]


def test_the_forum_comes_from_the_activity_when_left_empty(client, operator, forum):
    activity = ActivityFactory(forum=forum)
    client.force_login(operator)
    create(client, meeting_data(None, [], activity=activity.pk))
    assert Meeting.objects.get().forum == forum


def test_create_form_starts_from_the_activity_in_the_query(client, operator, forum):
    activity = ActivityFactory(forum=forum)
    client.force_login(operator)
    response = client.get(reverse("staff_meeting_create"), {"activity": activity.pk})
    initial = response.context["form"].initial
    assert (initial["activity"], initial["forum"], initial["regency"]) == (activity, forum, SOLOK)


def test_a_double_submission_creates_one_meeting(client, operator, forum):
    client.force_login(operator)
    data = meeting_data(forum, [speaker()], token="same")
    first, second = create(client, data), create(client, data)
    assert Meeting.objects.count() == 1
    assert MeetingSpeaker.objects.count() == 1
    assert second["Location"] == first["Location"]


def edit_data(meeting, **fields):
    rows = [
        {"id": s.pk, "name": s.name, "institution": s.institution, "topic": "", "position": "0"}
        for s in meeting.speakers.all()
    ]
    fields.setdefault("loaded_version", version_of(meeting))
    return meeting_data(meeting.forum, rows, initial=len(rows), **fields)


def test_operator_edits_a_returned_meeting(client, operator, forum):
    meeting = MeetingFactory(forum=forum, state=State.RETURNED, return_reason="Tambah narasumber")
    MeetingSpeakerFactory(meeting=meeting)
    client.force_login(operator)
    data = edit_data(meeting, theme="Tema baru")
    data["speakers-0-name"] = "Nama diperbaiki"
    response = client.post(reverse("staff_meeting_edit", args=[meeting.pk]), data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.theme == "Tema baru"
    assert list(meeting.speakers.values_list("name", flat=True)) == ["Nama diperbaiki"]


def test_operator_cannot_edit_a_submitted_meeting(client, operator, forum):
    meeting = MeetingFactory(forum=forum, state=State.SUBMITTED)
    client.force_login(operator)
    url = reverse("staff_meeting_edit", args=[meeting.pk])
    assert client.post(url, edit_data(meeting, theme="Diubah")).status_code == 403
    meeting.refresh_from_db()
    assert meeting.theme == "Dialog tematik"


def test_out_of_scope_meetings_are_not_found_and_not_changed(client, operator):
    meeting = MeetingFactory(forum=baubau_forum())
    client.force_login(operator)
    for name in ["detail", "edit", "delete"]:
        assert client.get(reverse(f"staff_meeting_{name}", args=[meeting.pk])).status_code == 404
    url = reverse("staff_meeting_edit", args=[meeting.pk])
    assert client.post(url, edit_data(meeting, theme="X")).status_code == 404
    assert client.post(reverse("staff_meeting_delete", args=[meeting.pk])).status_code == 404
    meeting.refresh_from_db()
    assert meeting.theme == "Dialog tematik"


def test_detail_shows_speakers_officials_and_links(client, operator, forum):
    activity = ActivityFactory(forum=forum)
    meeting = MeetingFactory(forum=forum, activity=activity, officials_present="Lurah\nBabinsa")
    MeetingSpeakerFactory(meeting=meeting, name="Buya Syafii")
    client.force_login(operator)
    content = client.get(reverse("staff_meeting_detail", args=[meeting.pk])).content.decode()
    assert "Buya Syafii" in content
    assert "<li>Babinsa</li>" in content
    assert reverse("staff_activity_detail", args=[activity.pk]) in content
    assert reverse("staff_forum_detail", args=[forum.pk]) in content
    assert reverse("staff_history", args=["meeting", meeting.pk]) in content


def test_delete_removes_a_draft_with_its_speakers(client, operator, forum):
    meeting = MeetingFactory(forum=forum)
    MeetingSpeakerFactory(meeting=meeting)
    client.force_login(operator)
    data = {"loaded_version": version_of(meeting)}
    response = client.post(reverse("staff_meeting_delete", args=[meeting.pk]), data)
    assert response["Location"] == reverse("staff_meeting_list")
    assert (Meeting.objects.count(), MeetingSpeaker.objects.count()) == (0, 0)
