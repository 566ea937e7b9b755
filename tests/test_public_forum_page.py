"""The public page of a forum: facts, members, activities with money and progress, meetings,
news and photos; published content only, in a fixed number of queries."""

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from activities.demo import load_demo
from activities.models import Activity, ActivityType, FundingSource, Meeting
from forums.models import Forum, State
from tests.factories import (
    ActivityFactory,
    ForumFactory,
    ForumMemberFactory,
    FundingLineFactory,
    MeetingFactory,
    PostFactory,
    PostPhotoFactory,
    ProgressPhotoFactory,
    ProgressReportFactory,
    UserFactory,
    published,
)

pytestmark = pytest.mark.django_db


def forum_url(forum):
    return reverse("forum_detail", args=[forum.slug])


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def build_forum(activities=2, extra=False):
    """A published forum with ``activities`` public activities; ``extra`` adds per activity
    two funding lines, progress reports with photos, a meeting and a news post with photos."""
    forum = ForumFactory(published=True, name="FKS Contoh", slug="fks-contoh")
    ForumMemberFactory(forum=forum, name="Ketua Forum", role="chair")
    for index in range(activities):
        activity = ActivityFactory(forum=forum, published=True, title=f"Kegiatan Contoh {index}")
        FundingLineFactory(activity=activity, budget=100_000_000, spending=40_000_000)
        if extra:
            FundingLineFactory(
                activity=activity,
                source=FundingSource.objects.get(code="apbd-regency"),
                budget=10_000_000,
            )
            ForumMemberFactory(forum=forum)
            report = ProgressReportFactory(activity=activity, **published(percent=60))
            ProgressPhotoFactory(report=report)
            MeetingFactory(forum=forum, activity=activity, **published())
            post = PostFactory(published=True, forum=forum)
            PostPhotoFactory(post=post)
            activity.posts.add(post)
    return forum


def test_forum_page_shows_forum_with_its_village_path_and_facts(client):
    forum = ForumFactory(
        published=True,
        name="FKS Payo Uji",
        formation_year=2018,
        contact_name="Bapak Kontak",
        description="Forum warga Payo.",
    )

    response = client.get(forum_url(forum))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and html.count("<h1") == 1
    assert "FKS Payo Uji" in html
    assert "Kelurahan Tanah Garam, Kec. Lubuk Sikarah, Kota Solok, Sumatera Barat" in strip_tags(
        html
    )
    assert "2018" in html
    assert "Bapak Kontak" in html
    assert "Forum warga Payo." in html


def test_forum_page_never_shows_phone_numbers_or_email(client):
    forum = ForumFactory(
        published=True,
        contact_name="Bapak Kontak",
        contact_phone="0812-1111-2222",
        contact_email="kontak@example.org",
    )
    ForumMemberFactory(forum=forum, name="Ibu Anggota", phone="0813-3333-4444")

    html = client.get(forum_url(forum)).content.decode()

    assert "Bapak Kontak" in html and "Ibu Anggota" in html
    assert "0812-1111-2222" not in html
    assert "kontak@example.org" not in html
    assert "0813-3333-4444" not in html


def test_members_are_listed_chair_first_with_role_and_represented_group(english):
    forum = ForumFactory(published=True)
    ForumMemberFactory(forum=forum, name="Anggota Biasa", role="member", group="women")
    ForumMemberFactory(forum=forum, name="Zainal Ketua", role="chair", group="religious")

    html = english.get(forum_url(forum)).content.decode()

    assert html.index("Zainal Ketua") < html.index("Anggota Biasa")
    assert "Chair" in html and "Religious leader" in html and "Women" in html


@pytest.mark.parametrize("state", [State.DRAFT, State.SUBMITTED, State.VERIFIED])
def test_unpublished_forum_is_not_found(client, state):
    forum = ForumFactory(state=state)

    assert client.get(forum_url(forum)).status_code == 404


def test_unknown_forum_is_not_found(client):
    assert client.get(reverse("forum_detail", args=["tidak-ada"])).status_code == 404


def test_activities_table_shows_type_year_money_progress_status_and_totals(english):
    forum = ForumFactory(published=True)
    hall = ActivityFactory(forum=forum, published=True, title="Gedung Serbaguna Uji")
    FundingLineFactory(activity=hall, purpose="gedung", budget=110_000_000, spending=100_000_000)
    FundingLineFactory(activity=hall, purpose="operasional", budget=5_000_000, spending=5_000_000)
    ProgressReportFactory(activity=hall, **published(percent=75))
    dialogue = ActivityFactory(
        forum=forum,
        published=True,
        title="Dialog Uji",
        activity_type=ActivityType.objects.get(code="thematic-dialogue"),
    )
    FundingLineFactory(activity=dialogue, budget=35_000_000, spending=35_000_000)

    response = english.get(forum_url(forum))
    html = response.content.decode()

    assert reverse("activity_detail", args=[hall.pk]) in html
    assert "Multipurpose hall" in html
    assert "Rp 115.000.000" in html and "Rp 105.000.000" in html and "Rp 10.000.000" in html
    # Totals row: sums over both activities, computed in the database.
    assert response.context["totals"] == {
        "budget": 150_000_000,
        "spending": 140_000_000,
        "remainder": 10_000_000,
    }
    assert "Rp 150.000.000" in html and "Rp 140.000.000" in html
    assert 'role="progressbar"' in html
    assert 'aria-valuenow="75" aria-valuemin="0" aria-valuemax="100"' in html
    assert 'aria-label="Progress of Gedung Serbaguna Uji"' in html
    assert "75%" in html
    assert "In progress" in html


def test_unpublished_activities_are_neither_shown_nor_counted(client):
    forum = ForumFactory(published=True)
    public = ActivityFactory(forum=forum, published=True, title="Kegiatan Terbit")
    FundingLineFactory(activity=public, budget=100_000_000)
    for state in (State.DRAFT, State.SUBMITTED, State.RETURNED):
        hidden = ActivityFactory(
            forum=forum,
            state=state,
            title=f"Kegiatan {state} Rahasia",
            return_reason="perbaiki" if state == State.RETURNED else "",
        )
        FundingLineFactory(activity=hidden, budget=900_000_000)

    response = client.get(forum_url(forum))
    html = response.content.decode()

    assert "Kegiatan Terbit" in html
    assert "Rahasia" not in html
    assert response.context["totals"]["budget"] == 100_000_000
    assert "Rp 1.000.000.000" not in html


def test_progress_counts_published_reports_only(client):
    forum = ForumFactory(published=True)
    activity = ActivityFactory(forum=forum, published=True)
    ProgressReportFactory(activity=activity, reported_on="2018-09-01", **published(percent=40))
    ProgressReportFactory(activity=activity, reported_on="2018-10-01", percent=90)  # draft

    html = client.get(forum_url(forum)).content.decode()

    assert 'aria-valuenow="40"' in html
    assert 'aria-valuenow="90"' not in html and "90%" not in html


def test_only_public_meetings_and_published_news_are_listed(client):
    forum = ForumFactory(published=True)
    MeetingFactory(forum=forum, theme="Dialog Terbit", participants_male=60, **published())
    MeetingFactory(forum=forum, theme="Dialog Draf")
    PostFactory(forum=forum, published=True, title="Berita Terbit")
    PostFactory(forum=forum, title="Berita Draf")

    html = client.get(forum_url(forum)).content.decode()

    assert "Dialog Terbit" in html and "60" in html
    assert "Dialog Draf" not in html
    assert "Berita Terbit" in html
    assert "Berita Draf" not in html


def test_photos_come_from_published_progress_reports_and_published_news_only(client):
    forum = ForumFactory(published=True)
    activity = ActivityFactory(forum=forum, published=True, title="Jalan Uji")
    shown = ProgressPhotoFactory(report=ProgressReportFactory(activity=activity, **published()))
    draft_report = ProgressPhotoFactory(report=ProgressReportFactory(activity=activity))
    draft_activity = ActivityFactory(forum=forum)
    of_draft_activity = ProgressPhotoFactory(
        report=ProgressReportFactory(activity=draft_activity, **published())
    )
    news = PostPhotoFactory(post=PostFactory(forum=forum, published=True))
    draft_news = PostPhotoFactory(post=PostFactory(forum=forum))

    html = client.get(forum_url(forum)).content.decode()

    assert shown.thumbnail.url in html and shown.image.url in html
    assert news.thumbnail.url in html
    for hidden in (draft_report, of_draft_activity, draft_news):
        assert hidden.image.url not in html and hidden.thumbnail.url not in html
    assert 'width="480" height="320"' in html
    assert 'alt="Jalan Uji, ' in html


def test_photos_are_limited_to_twelve(client):
    forum = ForumFactory(published=True)
    report = ProgressReportFactory(
        activity=ActivityFactory(forum=forum, published=True), **published()
    )
    for _ in range(10):
        ProgressPhotoFactory(report=report)
    post = PostFactory(forum=forum, published=True)
    for _ in range(5):
        PostPhotoFactory(post=post)

    response = client.get(forum_url(forum))

    assert len(response.context["progress_photos"]) == 10
    assert len(response.context["news_photos"]) == 2
    assert response.content.decode().count('width="480" height="320"') == 12


def test_verified_by_and_when(english):
    verifier = UserFactory(first_name="Hendra", last_name="Saputra")
    forum = ForumFactory(
        published=True, verified_by=verifier, verified_at="2018-08-06T09:00:00+07:00"
    )

    html = english.get(forum_url(forum)).content.decode()

    assert "Verified by Hendra Saputra on 6 August 2018." in html


def test_sample_forum_says_so(english):
    forum = ForumFactory(published=True, is_sample=True)

    assert "Sample data" in english.get(forum_url(forum)).content.decode()


def test_sharing_metadata_and_canonical_address(client):
    forum = ForumFactory(published=True, name="FKS Berbagi", description="Forum untuk berbagi.")

    html = client.get(forum_url(forum)).content.decode()

    url = f"http://testserver{forum_url(forum)}"
    assert '<meta property="og:title" content="FKS Berbagi">' in html
    assert '<meta property="og:description" content="Forum untuk berbagi.">' in html
    assert '<meta property="og:type" content="website">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert f'<link rel="canonical" href="{url}">' in html


def test_breadcrumbs_lead_from_the_forum_list(client):
    forum = ForumFactory(published=True, name="FKS Remah")

    html = client.get(forum_url(forum)).content.decode()

    assert f'href="{reverse("forum_list")}"' in html
    assert '<li class="breadcrumb-item active" aria-current="page">FKS Remah</li>' in html


@pytest.mark.parametrize("activities, extra", [(2, False), (12, True)])
def test_forum_page_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, activities, extra
):
    forum = build_forum(activities=activities, extra=extra)

    with django_assert_max_num_queries(8):
        response = client.get(forum_url(forum))

    assert response.status_code == 200
    assert len(response.context["forum"].public_activities) == activities


def test_demo_forum_links_to_the_hall_and_the_dialogue(client):
    load_demo(sample_forums=2)
    forum = Forum.objects.get(slug="fks-payo-tanah-garam")
    hall = Activity.objects.get(title="Pembangunan Gedung Serbaguna Payo")
    dialogue = Meeting.objects.get(theme="Dialog Tematik Forum Keserasian Sosial")

    forum_html = client.get(forum_url(forum)).content.decode()
    assert reverse("activity_detail", args=[hall.pk]) in forum_html
    assert reverse("meeting_detail", args=[dialogue.pk]) in forum_html
    assert "Rp 150.000.000" in forum_html

    hall_html = client.get(reverse("activity_detail", args=[hall.pk])).content.decode()
    assert "Rp 150.000.000" in hall_html
    for purpose, amount in [
        ("pembangunan gedung serbaguna", "Rp 110.000.000"),
        ("biaya operasional", "Rp 5.000.000"),
        ("pertemuan tematik", "Rp 35.000.000"),
    ]:
        assert purpose in hall_html and amount in hall_html

    dialogue_html = client.get(reverse("meeting_detail", args=[dialogue.pk])).content.decode()
    assert '<td class="text-end">100</td>' in dialogue_html
    assert "Drs. Burhanudin" in dialogue_html
