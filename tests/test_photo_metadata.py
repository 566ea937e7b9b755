"""Stored photos and thumbnails keep pixels only: no EXIF, GPS, comment, XMP, ICC or text.

Every photo goes in through the real staff forms (progress report, news post) and
the stored files are read back byte by byte.
"""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from activities.models import ProgressReport
from forums.images import process_photo
from forums.models import Post
from forums.staff.submission import version_of

from .factories import (
    ActivityFactory,
    ForumFactory,
    ProgressReportFactory,
    formset_data,
    staff_user,
)
from .images import image_upload, jpeg_with_metadata, metadata_left_in, png_with_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client):
    user = staff_user("operator", regencies=["13.72"])
    client.force_login(user)
    return user


def stored_files(*records):
    """(name, bytes) of every stored photo and thumbnail of ``records``."""
    files = []
    for record in records:
        for field in ("image", "thumbnail", "cover", "cover_thumbnail"):
            stored = getattr(record, field, None)
            if stored:
                with stored.open("rb") as handle:
                    files.append((stored.name, handle.read()))
    return files


def test_progress_photos_and_thumbnails_keep_no_metadata(client, operator):
    activity = ActivityFactory(forum=ForumFactory())
    data = {
        "activity": activity.pk,
        "reported_on": "2018-10-22",
        "percent": "60",
        "note": "",
        "submission_token": "token-1",
        **formset_data(
            "photos",
            [
                {"image": jpeg_with_metadata(), "caption": "Dinding"},
                {"image": png_with_text(), "caption": "Peta"},
            ],
        ),
    }
    assert client.post(reverse("staff_progress_create"), data).status_code == 302

    photos = list(ProgressReport.objects.get().photos.order_by("pk"))
    files = stored_files(*photos)
    assert len(files) == 4
    assert {name: metadata_left_in(content) for name, content in files} == {
        name: [] for name, _ in files
    }
    # The capture time is read before the metadata goes, and kept as evidence.
    assert photos[0].taken_at == timezone.make_aware(datetime.datetime(2018, 10, 22, 9, 30))


def test_news_cover_gallery_and_thumbnails_keep_no_metadata(client, operator):
    data = {
        "title": "Seminar Kerukunan",
        "slug": "",
        "category": "activity",
        "summary": "",
        "body": "<p>Isi.</p>",
        "cover": jpeg_with_metadata("sampul.jpg"),
        "cover_caption": "",
        "event_date": "",
        "venue": "",
        "forum": "",
        "regency": "13.72",
        "submission_token": "token-1",
        **formset_data(
            "photos",
            [
                {"image": png_with_text(), "caption": "Peta", "position": "1"},
                {"image": jpeg_with_metadata(), "caption": "Diskusi", "position": "2"},
            ],
        ),
    }
    assert client.post(reverse("staff_post_create"), data).status_code == 302

    post = Post.objects.get()
    files = stored_files(post, *post.photos.all())
    assert len(files) == 6
    assert {name: metadata_left_in(content) for name, content in files} == {
        name: [] for name, _ in files
    }


def test_a_photo_with_a_colour_profile_keeps_its_colours_without_the_profile():
    # A profile the colour engine cannot read is dropped too, and the photo still accepted.
    for upload in (jpeg_with_metadata(), jpeg_with_metadata(icc_profile=b"not a profile")):
        photo = process_photo(upload)
        content = photo.content.read()
        assert metadata_left_in(content) == []
        with Image.open(BytesIO(content)) as kept:
            red, green, blue = kept.getpixel((600, 400))
        assert abs(red - 40) < 6 and abs(green - 120) < 6 and abs(blue - 90) < 6


def test_a_photo_without_metadata_stays_clean():
    assert metadata_left_in(process_photo(image_upload()).content.read()) == []


def test_photos_uploaded_in_the_admin_are_cleaned_too(admin_client):
    report = ProgressReportFactory()
    data = {
        "activity": report.activity_id,
        "reported_on": "2018-10-22",
        "percent": "40",
        "note": "",
        "state": report.state,
        "return_reason": "",
        "published_at_0": "",
        "published_at_1": "",
        "loaded_version": version_of(report),
        **formset_data("photos", [{"image": jpeg_with_metadata(), "caption": "", "taken_at": ""}]),
    }
    url = reverse("admin:activities_progressreport_change", args=[report.pk])

    assert admin_client.post(url, data).status_code == 302

    files = stored_files(report.photos.get())
    assert len(files) == 2
    assert [metadata_left_in(content) for _, content in files] == [[], []]
