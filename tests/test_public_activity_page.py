"""The public page of an activity: facts, funding lines with totals, progress timeline,
meetings and news; public content only, in a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from activities.models import ActivityType, FundingSource
from forums.models import State
from tests.factories import (
    ActivityFactory,
    ForumFactory,
    FundingLineFactory,
    MeetingFactory,
    PostFactory,
    ProgressPhotoFactory,
    ProgressReportFactory,
    UserFactory,
    published,
)

pytestmark = pytest.mark.django_db


def activity_url(activity):
    return reverse("activity_detail", args=[activity.pk])


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def forum():
    return ForumFactory(published=True, name="FKS Payo Uji", slug="fks-payo-uji")


def source(code):
    return FundingSource.objects.get(code=code)


def test_activity_page_shows_type_place_volume_dates_and_status(english, forum):
    activity = ActivityFactory(
        forum=forum,
        published=True,
        title="Jalan Kampung Uji",
        activity_type=ActivityType.objects.get(code="village-road"),
        location="RT 02 Payo",
        latitude=Decimal("-0.790123"),
        longitude=Decimal("100.654321"),
        volume=Decimal("250"),
        unit="m",
        planned_start=datetime.date(2018, 8, 1),
        planned_end=datetime.date(2018, 12, 15),
        actual_start=datetime.date(2018, 8, 13),
        actual_end=datetime.date(2018, 12, 10),
        status="done",
    )

    response = english.get(activity_url(activity))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Jalan Kampung Uji" in html
    assert "Village road" in html and "Physical work" in html
    assert "RT 02 Payo" in html
    assert "Kelurahan Tanah Garam, Kec. Lubuk Sikarah, Kota Solok, Sumatera Barat" in html
    assert "-0.790123, 100.654321" in html
    assert "250 m" in html
    assert "1 August 2018 – 15 December 2018" in html
    assert "13 August 2018 – 10 December 2018" in html
    assert "Done" in html
    assert f'href="{reverse("forum_detail", args=[forum.slug])}"' in html


def test_dates_are_written_the_indonesian_way_by_default(client, forum):
    activity = ActivityFactory(
        forum=forum, published=True, planned_start=datetime.date(2018, 10, 22)
    )

    assert "22 Oktober 2018" in client.get(activity_url(activity)).content.decode()


def test_funding_lines_show_each_purpose_and_a_totals_row(client, forum):
    activity = ActivityFactory(forum=forum, published=True)
    for purpose, amount, spent in [
        ("pembangunan gedung serbaguna", 110_000_000, 100_000_000),
        ("biaya operasional", 5_000_000, 5_000_000),
        ("pertemuan tematik", 35_000_000, 30_000_000),
    ]:
        FundingLineFactory(activity=activity, purpose=purpose, budget=amount, spending=spent)

    response = client.get(activity_url(activity))
    html = response.content.decode()

    for text in [
        "pembangunan gedung serbaguna",
        "biaya operasional",
        "pertemuan tematik",
        "Rp 110.000.000",
        "Rp 35.000.000",
        "Rp 30.000.000",
    ]:
        assert text in html
    activity = response.context["activity"]
    assert (activity.budget_total, activity.spending_total, activity.remainder) == (
        150_000_000,
        135_000_000,
        15_000_000,
    )
    assert "Rp 150.000.000" in html and "Rp 135.000.000" in html and "Rp 15.000.000" in html
    assert "<tfoot>" in html


def test_aspiration_fund_line_names_the_member_and_electoral_district(english, forum):
    activity = ActivityFactory(forum=forum, published=True)
    FundingLineFactory(
        activity=activity,
        source=source("dpr-aspiration"),
        member_name="H. Anggota Dewan",
        electoral_district="Riau I",
    )

    html = english.get(activity_url(activity)).content.decode()

    assert "DPR RI member: H. Anggota Dewan" in html
    assert "Electoral district: Riau I" in html


def test_summary_by_funding_source_only_when_there_are_several(english, forum):
    single = ActivityFactory(forum=forum, published=True)
    FundingLineFactory(activity=single, purpose="a", budget=10_000_000)
    FundingLineFactory(activity=single, purpose="b", budget=20_000_000)
    mixed = ActivityFactory(forum=forum, published=True)
    FundingLineFactory(activity=mixed, budget=100_000_000, spending=60_000_000)
    FundingLineFactory(activity=mixed, purpose="x", budget=20_000_000, spending=20_000_000)
    FundingLineFactory(
        activity=mixed, source=source("self-help"), budget=7_000_000, spending=2_000_000
    )

    assert "By funding source" not in english.get(activity_url(single)).content.decode()
    response = english.get(activity_url(mixed))

    assert "By funding source" in response.content.decode()
    sums = {s.code: (s.budget, s.spending, s.remainder) for s in response.context["sources"]}
    assert sums == {
        "apbn": (120_000_000, 80_000_000, 40_000_000),
        "self-help": (7_000_000, 2_000_000, 5_000_000),
    }


@pytest.mark.parametrize(
    "activity_state, forum_state",
    [
        (State.DRAFT, State.PUBLISHED),
        (State.SUBMITTED, State.PUBLISHED),
        (State.VERIFIED, State.PUBLISHED),
        (State.PUBLISHED, State.DRAFT),
        (State.PUBLISHED, State.SUBMITTED),
    ],
)
def test_activity_is_not_found_unless_it_and_its_forum_are_published(
    client, activity_state, forum_state
):
    forum = ForumFactory(**published(state=forum_state))
    activity = ActivityFactory(forum=forum, **published(state=activity_state))

    assert client.get(activity_url(activity)).status_code == 404


def test_progress_timeline_shows_published_reports_with_photos_only(client, forum):
    activity = ActivityFactory(forum=forum, published=True, title="Gedung Uji")
    first = ProgressReportFactory(
        activity=activity,
        reported_on=datetime.date(2018, 9, 14),
        note="Pondasi selesai.",
        **published(percent=35),
    )
    photo = ProgressPhotoFactory(report=first, caption="Pondasi gedung")
    draft = ProgressReportFactory(
        activity=activity, reported_on=datetime.date(2018, 10, 26), percent=75, note="Draf atap."
    )
    draft_photo = ProgressPhotoFactory(report=draft)

    html = client.get(activity_url(activity)).content.decode()

    assert "14 September 2018" in html and "Pondasi selesai." in html
    assert 'aria-valuenow="35"' in html and "35%" in html
    assert "Draf atap." not in html and 'aria-valuenow="75"' not in html
    assert f'<a href="{photo.image.url}">' in html
    assert f'src="{photo.thumbnail.url}" width="480" height="320"' in html
    assert 'alt="Gedung Uji, ' in html
    assert "Pondasi gedung" in html
    assert "600 × 400 px" in html
    assert draft_photo.image.url not in html and draft_photo.thumbnail.url not in html


def test_latest_progress_ignores_draft_reports(client, forum):
    activity = ActivityFactory(forum=forum, published=True, title="Tugu Uji")
    ProgressReportFactory(
        activity=activity, reported_on=datetime.date(2018, 9, 1), **published(percent=50)
    )
    ProgressReportFactory(activity=activity, reported_on=datetime.date(2018, 10, 1), percent=100)

    response = client.get(activity_url(activity))

    assert response.context["activity"].latest_percent == 50


def test_only_public_meetings_and_published_news_are_linked(client, forum):
    activity = ActivityFactory(forum=forum, published=True)
    shown = MeetingFactory(forum=forum, activity=activity, theme="Dialog Terbit", **published())
    MeetingFactory(forum=forum, activity=activity, theme="Dialog Draf")
    news = PostFactory(published=True, title="Berita Terbit")
    activity.posts.add(news, PostFactory(title="Berita Draf"))

    html = client.get(activity_url(activity)).content.decode()

    assert "Dialog Terbit" in html and reverse("meeting_detail", args=[shown.pk]) in html
    assert "Dialog Draf" not in html
    assert "Berita Terbit" in html and reverse("post_detail", args=[news.slug]) in html
    assert "Berita Draf" not in html


def test_breadcrumbs_go_forums_then_forum_then_activity(client, forum):
    activity = ActivityFactory(forum=forum, published=True, title="Kegiatan Remah")

    html = client.get(activity_url(activity)).content.decode()

    forums = html.index(f'href="{reverse("forum_list")}"')
    forum_link = html.index(f'href="{reverse("forum_detail", args=[forum.slug])}"')
    current = html.index('aria-current="page">Kegiatan Remah</li>')
    assert forums < forum_link < current


def test_sharing_metadata_and_canonical_address(client, forum):
    activity = ActivityFactory(
        forum=forum, published=True, title="Gedung Berbagi", description="Gedung untuk warga."
    )

    html = client.get(activity_url(activity)).content.decode()

    url = f"http://testserver{activity_url(activity)}"
    assert '<meta property="og:title" content="Gedung Berbagi">' in html
    assert '<meta property="og:description" content="Gedung untuk warga.">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert f'<link rel="canonical" href="{url}">' in html


def test_verified_by_and_when(english, forum):
    verifier = UserFactory(first_name="Hendra", last_name="Saputra")
    activity = ActivityFactory(
        forum=forum,
        published=True,
        verified_by=verifier,
        verified_at=datetime.datetime(2018, 12, 14, 2, 0, tzinfo=datetime.UTC),
    )

    html = english.get(activity_url(activity)).content.decode()

    assert "Verified by Hendra Saputra on 14 December 2018." in html


def build_activity(forum, lines, reports, meetings, posts):
    activity = ActivityFactory(forum=forum, published=True)
    apbn, self_help = source("apbn"), source("self-help")
    for index in range(lines):
        FundingLineFactory(
            activity=activity, source=apbn if index % 2 else self_help, purpose=f"tujuan {index}"
        )
    for index in range(reports):
        report = ProgressReportFactory(
            activity=activity,
            reported_on=datetime.date(2018, 9, 1) + datetime.timedelta(days=index),
            **published(percent=min(100, 10 * index)),
        )
        ProgressPhotoFactory(report=report)
        ProgressPhotoFactory(report=report)
    for _ in range(meetings):
        MeetingFactory(forum=forum, activity=activity, **published())
    for _ in range(posts):
        activity.posts.add(PostFactory(published=True))
    return activity


@pytest.mark.parametrize("size", [1, 8])
def test_activity_page_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, forum, size
):
    activity = build_activity(forum, lines=size, reports=size, meetings=size, posts=size)

    # 8: the published follow-up checks of the work are one query, however many.
    with django_assert_max_num_queries(8):
        response = client.get(activity_url(activity))

    assert response.status_code == 200
    assert len(response.context["activity"].public_progress_reports) == size


def test_activity_and_forum_pages_link_their_figures_downloads_print_and_share(client):
    forum = ForumFactory(published=True)
    activity = ActivityFactory(forum=forum, published=True)
    FundingLineFactory(activity=activity)

    for url, query in [
        (reverse("activity_detail", args=[activity.pk]), f"forum={forum.pk}"),
        (reverse("forum_detail", args=[forum.slug]), f"forum={forum.pk}"),
    ]:
        page = client.get(url).content.decode()
        level = "&amp;level=activity" if "activities" in url else ""
        assert f'href="{reverse("funding_summary")}?{query}{level}"' in page
        assert f'href="{reverse("funding_csv")}?{query}"' in page
        assert f'href="{reverse("funding_csv")}?{query}&amp;delimiter=semicolon"' in page
        assert f'href="{reverse("funding_xlsx")}?{query}"' in page
        assert f'href="{reverse("activity_register")}?{query}"' in page
        shared = f"http%3A%2F%2Ftestserver{url.replace('/', '%2F')}"
        assert f'href="https://wa.me/?text={shared}"' in page
        assert f'href="https://www.facebook.com/sharer/sharer.php?u={shared}"' in page
        assert "data-copy-link" in page
