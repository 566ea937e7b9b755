"""The public page of a meeting: what, when, where, who spoke, who came and what was agreed;
public meetings only, in a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from activities.models import Meeting
from forums.models import Regency, State
from tests.factories import (
    ActivityFactory,
    ForumFactory,
    MeetingFactory,
    MeetingSpeakerFactory,
    published,
)

pytestmark = pytest.mark.django_db


def meeting_url(meeting):
    return reverse("meeting_detail", args=[meeting.pk])


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def forum():
    return ForumFactory(published=True, name="FKS Payo Uji", slug="fks-payo-uji")


def test_meeting_page_shows_what_when_where_who_and_what_was_agreed(english, forum):
    activity = ActivityFactory(forum=forum, published=True, title="Gedung Serbaguna Uji")
    meeting = MeetingFactory(
        forum=forum,
        activity=activity,
        kind=Meeting.Kind.THEMATIC_DIALOGUE,
        theme="Dialog Tematik Uji",
        held_on=datetime.date(2018, 10, 22),
        venue="Payo, Kelurahan Tanah Garam",
        opened_by="Ir. Pembuka, Sekretaris Dinas Sosial",
        officials_present="Lurah Tanah Garam\n\nBabinsa Koramil\n",
        participants_male=58,
        participants_female=42,
        agreements="Merawat gedung bersama.\nMempertanggungjawabkan bantuan.",
        **published(),
    )
    MeetingSpeakerFactory(
        meeting=meeting, name="Drs. Narasumber", institution="Dinas Sosial", topic="Keserasian"
    )

    response = english.get(meeting_url(meeting))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Thematic dialogue" in html
    assert "Dialog Tematik Uji" in html
    assert "22 October 2018" in html
    assert "Payo, Kelurahan Tanah Garam" in html
    assert "Kota Solok, Sumatera Barat" in strip_tags(html)
    assert f'href="{reverse("forum_detail", args=[forum.slug])}"' in html
    assert f'href="{reverse("activity_detail", args=[activity.pk])}"' in html
    assert "Ir. Pembuka, Sekretaris Dinas Sosial" in html
    assert "Drs. Narasumber" in html and "Keserasian" in html
    assert "<li>Lurah Tanah Garam</li>" in html and "<li>Babinsa Koramil</li>" in html
    assert '<td class="text-end">58</td>' in html
    assert '<td class="text-end">42</td>' in html
    assert '<td class="text-end">100</td>' in html
    assert "Merawat gedung bersama.<br>Mempertanggungjawabkan bantuan." in html


@pytest.mark.parametrize("state", [State.DRAFT, State.SUBMITTED, State.VERIFIED])
def test_unpublished_meeting_is_not_found(client, forum, state):
    meeting = MeetingFactory(forum=forum, state=state)

    assert client.get(meeting_url(meeting)).status_code == 404


def test_published_meeting_of_an_unpublished_forum_is_not_found(client):
    meeting = MeetingFactory(forum=ForumFactory(state=State.SUBMITTED), **published())

    assert client.get(meeting_url(meeting)).status_code == 404


def test_regency_meeting_without_forum_is_shown(english):
    meeting = MeetingFactory(
        forum=None,
        regency=Regency.objects.get(code="35.13"),
        kind=Meeting.Kind.COORDINATION,
        theme="Rapat Koordinasi Uji",
        **published(),
    )

    html = english.get(meeting_url(meeting)).content.decode()

    assert "Rapat Koordinasi Uji" in html
    assert "Coordination meeting" in html
    assert "Kabupaten Probolinggo, Jawa Timur" in strip_tags(html)
    assert 'aria-current="page">Rapat Koordinasi Uji</li>' in html


@pytest.mark.parametrize("activity_state", [State.DRAFT, State.SUBMITTED])
def test_link_to_an_unpublished_activity_is_left_out(client, forum, activity_state):
    activity = ActivityFactory(forum=forum, state=activity_state, title="Kegiatan Rahasia")
    meeting = MeetingFactory(forum=forum, activity=activity, **published())

    html = client.get(meeting_url(meeting)).content.decode()

    assert "Kegiatan Rahasia" not in html
    assert reverse("activity_detail", args=[activity.pk]) not in html


def test_breadcrumbs_go_forums_then_forum_then_meeting(client, forum):
    meeting = MeetingFactory(forum=forum, theme="Dialog Remah", **published())

    html = client.get(meeting_url(meeting)).content.decode()

    forums = html.index(f'href="{reverse("forum_list")}"')
    forum_link = html.index(f'href="{reverse("forum_detail", args=[forum.slug])}"')
    current = html.index('aria-current="page">Dialog Remah</li>')
    assert forums < forum_link < current


def test_sharing_metadata_and_canonical_address(english, forum):
    meeting = MeetingFactory(
        forum=forum,
        theme="Dialog Berbagi",
        held_on=datetime.date(2018, 10, 22),
        venue="Balai Payo",
        **published(),
    )

    html = english.get(meeting_url(meeting)).content.decode()

    url = f"http://testserver{meeting_url(meeting)}"
    assert '<meta property="og:title" content="Dialog Berbagi">' in html
    assert (
        '<meta property="og:description" '
        'content="Thematic dialogue on 22 October 2018 at Balai Payo">' in html
    )
    assert '<meta property="og:type" content="website">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert f'<link rel="canonical" href="{url}">' in html


@pytest.mark.parametrize("speakers", [1, 10])
def test_meeting_page_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, forum, speakers
):
    activity = ActivityFactory(forum=forum, published=True)
    meeting = MeetingFactory(forum=forum, activity=activity, **published())
    for index in range(speakers):
        MeetingSpeakerFactory(meeting=meeting, name=f"Pembicara Uji {index}", position=index)

    with django_assert_max_num_queries(2):
        response = client.get(meeting_url(meeting))

    assert response.status_code == 200
    assert response.content.decode().count("Pembicara Uji ") == speakers


def test_counts_nobody_recorded_read_not_recorded_never_zero(client, forum):
    meeting = MeetingFactory(forum=forum, participants_female=12, **published())

    page = client.get(meeting_url(meeting)).content.decode()
    api = client.get(f"/api/meetings/{meeting.pk}/", HTTP_ACCEPT="application/json").json()

    assert "tidak dicatat" in page  # the men were not counted
    assert ">12<" in page.replace(" ", "")  # the women and the total are what was counted
    assert (api["participants_male"], api["participants_total"]) == (None, 12)
    nobody = MeetingFactory(forum=forum, **published())
    assert nobody.participants_total is None
