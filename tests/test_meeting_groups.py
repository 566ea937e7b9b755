"""A meeting's participants by the group they represent (the groups of forum members):
one count per group, empty when nobody counted it, in the model, the staff form, the
staff and public pages and the API."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from activities.models import PARTICIPANT_GROUPS, Meeting, group_field
from forums.models import ForumMember

from .factories import ForumFactory, MeetingFactory, formset_data, published, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


@pytest.fixture
def operator():
    return staff_user("operator", regencies=["13.72"])


def form_data(forum, **fields):
    data = {
        "kind": "dialogue",
        "regency": "13.72",
        "forum": forum.pk,
        "activity": "",
        "theme": "Merajut kerukunan warga",
        "held_on": "2018-10-22",
        "venue": "Aula Kelurahan Tanah Garam",
        "opened_by": "",
        "officials_present": "",
        "participants_male": "58",
        "participants_female": "42",
        **{group_field(group): "" for group in PARTICIPANT_GROUPS},
        "agreements": "",
        "submission_token": "token-1",
        **fields,
    }
    data.update(formset_data("speakers", []))
    return data


def test_every_group_of_forum_members_has_its_count():
    for group in ForumMember.Group:
        field = Meeting._meta.get_field(group_field(group))
        assert field.null and field.blank


def test_counts_by_group_cannot_add_up_to_more_than_the_men_and_women():
    meeting = MeetingFactory.build(
        participants_male=10, participants_female=5, participants_youth=12, participants_women=4
    )

    with pytest.raises(ValidationError) as refusal:
        meeting.clean()

    assert "kelompok 16, lebih dari 15 peserta" in str(refusal.value)
    meeting.participants_women = 3
    meeting.clean()  # 15 of 15


def test_counts_by_group_are_not_checked_against_a_partial_total():
    # Only the men were counted: the groups may hold women too.
    MeetingFactory.build(participants_male=10, participants_youth=30).clean()


def test_staff_enter_participants_by_group(client, operator):
    forum = ForumFactory()
    client.force_login(operator)
    page = client.get(reverse("staff_meeting_create")).content.decode()
    assert "Participants by the group they represent" in page
    assert 'name="participants_religious"' in page and 'name="participants_other"' in page

    response = client.post(
        reverse("staff_meeting_create"),
        form_data(forum, participants_religious="8", participants_youth="30"),
    )

    assert response.status_code == 302
    meeting = Meeting.objects.get()
    counts = {group: count for group, _label, count in meeting.participants_by_group}
    assert counts["religious"] == 8 and counts["youth"] == 30
    assert counts["customary"] is None  # left empty: not counted, not 0
    assert meeting.history.get().participants_youth == 30

    detail = client.get(reverse("staff_meeting_detail", args=[meeting.pk])).content.decode()
    assert "Youth: 30" in detail and "Customary leaders: not recorded" in detail


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"participants_youth": "-2"}, "greater than or equal to 0"),
        ({"participants_women": "lima"}, "Enter a whole number"),
        ({"participants_youth": "90", "participants_women": "20"}, "more than the 100 men"),
    ],
)
def test_bad_counts_by_group_give_a_message_and_save_nothing(client, operator, fields, message):
    client.force_login(operator)

    response = client.post(reverse("staff_meeting_create"), form_data(ForumFactory(), **fields))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Meeting.objects.exists()


def test_public_page_lists_the_groups_and_says_which_were_not_counted(client):
    meeting = MeetingFactory(
        forum=ForumFactory(published=True),
        participants_male=58,
        participants_female=42,
        participants_youth=30,
        participants_women=0,
        **published(),
    )

    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()

    assert "Participants by the group they represent" in page
    compact = page.replace(" ", "").replace("\n", "")
    assert 'Youth</th><tdclass="text-end">30<' in compact
    assert 'Women&#x27;sgroups</th><tdclass="text-end">0<' in compact  # counted: nobody came
    assert 'Religiousleaders</th><tdclass="text-end">notrecorded<' in compact


def test_public_page_says_once_when_nobody_counted_by_group(client):
    meeting = MeetingFactory(forum=ForumFactory(published=True), **published())

    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()

    assert "Participants by group: not recorded." in page
    assert "Religious leaders" not in page


def test_api_gives_counts_by_group_with_null_where_not_counted(client):
    cache.clear()  # throttle counts
    meeting = MeetingFactory(
        forum=ForumFactory(published=True), participants_religious=6, **published()
    )

    data = client.get(f"/api/meetings/{meeting.pk}/", HTTP_ACCEPT="application/json").json()

    assert data["participants_by_group"] == {
        "religious": 6,
        "customary": None,
        "youth": None,
        "women": None,
        "community": None,
        "other": None,
    }
    schema = client.get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]
    groups = schema["ParticipantsByGroup"]["properties"]
    assert set(groups) == {group.value for group in PARTICIPANT_GROUPS}
    assert groups["youth"]["nullable"] is True
