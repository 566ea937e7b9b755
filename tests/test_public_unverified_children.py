"""Only verified content changes what the public sees.

A published forum with a published work, meeting and news post: every public output
(pages, API, funding summary, CSV and XLSX, register, feeds, sitemap, search) is
rendered, a child record the public must not see yet is added under the published
parents, and every output is rendered again and compared. A progress report of 100 %
with photos that is not published changes nothing; once published, the work is done.
"""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from activities.models import Activity, ActivityType, ProgressPhoto, ProgressReport
from forums.models import State
from forums.services import apply_transition

from .factories import (
    ActivityFactory,
    ForumFactory,
    ForumMemberFactory,
    FundingLineFactory,
    MeetingFactory,
    MeetingSpeakerFactory,
    PostFactory,
    PostPhotoFactory,
    ProgressPhotoFactory,
    ProgressReportFactory,
    published,
    staff_user,
)
from .funding_data import csv_rows, xlsx_workbook
from .images import image_upload

pytestmark = pytest.mark.django_db

SOLOK = "13.72"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.fixture
def world():
    """A published forum with a published work at 40 %, a meeting and a news post."""
    forum = ForumFactory(published=True, name="FKS Tanah Garam Uji", slug="fks-tanah-garam-uji")
    ForumMemberFactory(forum=forum, name="Rahmat")
    work = ActivityFactory(
        forum=forum,
        published=True,
        title="Gedung Serbaguna Uji",
        activity_type=ActivityType.objects.get(code="multipurpose-hall"),
    )
    FundingLineFactory(activity=work, budget=150_000_000, spending=60_000_000)
    report = ProgressReportFactory(
        activity=work, reported_on=datetime.date(2018, 9, 14), **published(percent=40)
    )
    ProgressPhotoFactory(report=report, caption="Pondasi")
    meeting = MeetingFactory(forum=forum, activity=work, **published())
    MeetingSpeakerFactory(meeting=meeting)
    post = PostFactory(
        published=True, forum=forum, village=forum.village, title="Gedung Serbaguna Uji dibangun"
    )
    PostPhotoFactory(post=post)
    work.posts.add(post)
    work.refresh_from_db()
    assert work.status == Activity.Status.RUNNING
    return {"forum": forum, "work": work, "meeting": meeting, "post": post}


def public_urls(world):
    forum, work = world["forum"], world["work"]
    province = forum.village.district.regency.province_id
    slice_query = f"?forum={forum.pk}&level=activity"
    return [
        reverse("activity_detail", args=[work.pk]),
        reverse("forum_detail", args=[forum.slug]),
        reverse("meeting_detail", args=[world["meeting"].pk]),
        reverse("post_detail", args=[world["post"].slug]),
        f"{reverse('search')}?q=Gedung",
        reverse("api-activity-list"),
        reverse("api-activity-detail", args=[work.pk]),
        reverse("api-forum-list"),
        reverse("api-forum-detail", args=[forum.slug]),
        reverse("api-meeting-list"),
        reverse("api-news-list"),
        f"{reverse('api_funding_summary')}{slice_query}",
        f"{reverse('funding_summary')}{slice_query}",
        f"{reverse('funding_csv')}?forum={forum.pk}",
        f"{reverse('funding_xlsx')}?forum={forum.pk}",
        f"{reverse('activity_register')}?forum={forum.pk}",
        reverse("news_feed"),
        reverse("news_feed_atom"),
        reverse("province_news_feed", args=[province]),
        reverse("sitemap"),
        *[
            reverse("django.contrib.sitemaps.views.sitemap", args=[section])
            for section in ["news", "forums", "activities"]
        ],
    ]


def rendered(response):
    """What a response shows, comparable between two renderings."""
    assert response.status_code == 200, response
    if response["Content-Type"].startswith("text/csv"):
        return csv_rows(response)
    if "spreadsheetml" in response["Content-Type"]:
        workbook = xlsx_workbook(response)
        return [[list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook]
    return CSRF.sub("", response.content.decode())


def snapshot(client, urls):
    return {url: rendered(client.get(url)) for url in urls}


def assert_unchanged(before, after):
    changed = [url for url in before if before[url] != after[url]]
    assert not changed, f"changed for the public: {changed}"


@pytest.fixture
def public(client, world):
    """Renders every public output for an anonymous reader. The news page is read once
    first: a reader's first visit counts a view, which is not a change."""
    client.get(reverse("post_detail", args=[world["post"].slug]))
    urls = public_urls(world)
    return lambda: snapshot(client, urls)


def test_unpublished_reports_of_100_percent_with_photos_change_nothing_public(world, public):
    before = public()
    # Written straight through the model layer (as the admin back-office can), in every
    # state short of published, each dated after the published 40 %.
    for day, state in enumerate([State.DRAFT, State.SUBMITTED, State.VERIFIED, State.RETURNED]):
        reason = {"return_reason": "Foto kurang jelas"} if state == State.RETURNED else {}
        report = ProgressReportFactory(
            activity=world["work"],
            reported_on=datetime.date(2018, 12, 10 + day),
            percent=100,
            note="Gedung selesai (belum diverifikasi).",
            state=state,
            **reason,
        )
        ProgressPhotoFactory(report=report, caption="Gedung selesai")

    assert_unchanged(before, public())
    world["work"].refresh_from_db()
    assert world["work"].status == Activity.Status.RUNNING


def test_report_entered_and_verified_in_the_workspace_shows_only_once_published(world, public):
    before = public()
    operator = staff_user("operator", regencies=[SOLOK])
    verifier = staff_user("verifier", province="13")
    staff = Client()
    staff.force_login(operator)
    data = {
        "activity": world["work"].pk,
        "reported_on": "2018-12-10",
        "percent": "100",
        "note": "Gedung selesai.",
        "submission_token": "token-1",
        "photos-TOTAL_FORMS": "1",
        "photos-INITIAL_FORMS": "0",
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000",
        "photos-0-image": image_upload("selesai.jpg"),
        "photos-0-caption": "Gedung selesai",
    }
    response = staff.post(reverse("staff_progress_create"), data)
    assert response.status_code == 302
    report = ProgressReport.objects.get(percent=100)
    assert ProgressPhoto.objects.filter(report=report).count() == 1
    assert_unchanged(before, public())

    apply_transition(report, "submit", operator)
    apply_transition(report, "verify", verifier)
    assert_unchanged(before, public())

    apply_transition(report, "publish", verifier)
    after = public()
    work_page = reverse("activity_detail", args=[world["work"].pk])
    assert "Done" in after[work_page] or "Selesai" in after[work_page]
    assert before[work_page] != after[work_page]
    assert '"status":"done"' in after[reverse("api-activity-detail", args=[world["work"].pk])]

    # Returned for correction, it leaves the public again and the work is in progress.
    apply_transition(report, "return", verifier, reason="Foto kurang jelas")
    world["work"].refresh_from_db()
    assert world["work"].status == Activity.Status.RUNNING
    after = public()
    # The sitemap index rightly says the work's page was modified meanwhile.
    del before[reverse("sitemap")], after[reverse("sitemap")]
    assert_unchanged(before, after)
