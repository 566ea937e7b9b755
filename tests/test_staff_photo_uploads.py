"""/staff/uploads/photos/: photos sent as soon as they are chosen, kept for their owner
only, checked and cleaned as photo fields are, and removed when no form saved them."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from forums import images
from forums.models import PhotoUpload
from forums.models.uploads import TEMPORARY_DIRECTORY
from forums.uploads import remove_stale_uploads

from .factories import UserFactory, staff_user
from .images import image_upload, jpeg_with_metadata, metadata_left_in

pytestmark = pytest.mark.django_db

UPLOAD = "staff_photo_upload"


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


@pytest.fixture
def operator():
    return staff_user("operator", regencies=["13.72"])


def send(client, photo, **fields):
    return client.post(reverse(UPLOAD), {"photo": photo, **fields})


def stored(field):
    with field.storage.open(field.name, "rb") as handle:
        return handle.read()


def test_an_operator_uploads_a_photo_and_gets_its_id_and_thumbnail(client, operator):
    client.force_login(operator)
    response = send(client, jpeg_with_metadata())

    assert response.status_code == 201
    upload = PhotoUpload.objects.get()
    body = response.json()
    assert body["id"] == upload.pk
    assert body["thumbnail_url"] == upload.thumbnail.url
    assert body["taken_at"].startswith("2018-10-22T09:30:00")
    assert body["taken_at_display"]
    assert body["remove_url"] == reverse("staff_photo_upload_remove", args=[upload.pk])
    assert upload.owner == operator
    assert upload.image.name.startswith(f"{TEMPORARY_DIRECTORY}/")
    assert upload.thumbnail.name.startswith(f"{TEMPORARY_DIRECTORY}/thumbs/")
    assert upload.size == upload.image.size


def test_the_kept_upload_holds_pixels_only(client, operator):
    client.force_login(operator)
    send(client, jpeg_with_metadata())

    upload = PhotoUpload.objects.get()
    assert metadata_left_in(stored(upload.image)) == []
    assert metadata_left_in(stored(upload.thumbnail)) == []
    assert upload.taken_at == timezone.make_aware(datetime.datetime(2018, 10, 22, 9, 30))


def test_the_capture_time_read_by_the_browser_is_kept_for_a_shrunk_photo(client, operator):
    client.force_login(operator)
    send(client, image_upload(), taken_at="2019:03:04 08:15:00")
    expected = timezone.make_aware(datetime.datetime(2019, 3, 4, 8, 15))
    assert PhotoUpload.objects.get().taken_at == expected


def test_the_files_own_capture_time_wins_over_the_browsers(client, operator):
    client.force_login(operator)
    send(client, jpeg_with_metadata(), taken_at="2019:03:04 08:15:00")
    assert PhotoUpload.objects.get().taken_at.year == 2018


def test_a_capture_time_in_the_future_or_garbled_is_ignored(client, operator):
    client.force_login(operator)
    send(client, image_upload(), taken_at="2999:01:01 00:00:00")
    send(client, image_upload(), taken_at="<script>")
    assert list(PhotoUpload.objects.values_list("taken_at", flat=True)) == [None, None]


def test_a_large_photo_is_scaled_down(client, operator):
    client.force_login(operator)
    send(client, image_upload(size=(4000, 3000)))
    upload = PhotoUpload.objects.get()
    assert max(upload.width, upload.height) == images.MAX_SIDE


def test_a_file_that_is_not_a_photo_is_refused_with_a_message(client, operator):
    client.force_login(operator)
    fake = SimpleUploadedFile("foto.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    response = send(client, fake)

    assert response.status_code == 400
    assert response.json() == {"error": "The file is not a photo the portal can read."}
    assert not PhotoUpload.objects.exists()


def test_an_oversized_file_is_refused(client, operator, monkeypatch):
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 1000)
    client.force_login(operator)
    response = send(client, image_upload())

    assert response.status_code == 400
    assert "too large" in response.json()["error"]
    assert not PhotoUpload.objects.exists()


def test_a_gif_is_refused(client, operator):
    buffer = io.BytesIO()
    Image.new("RGB", (50, 50)).save(buffer, "GIF")
    client.force_login(operator)
    response = send(client, SimpleUploadedFile("a.gif", buffer.getvalue(), "image/gif"))
    assert response.status_code == 400
    assert response.json()["error"] == "Only JPEG, PNG or WebP photos are accepted."


def test_a_post_without_a_photo_is_refused(client, operator):
    client.force_login(operator)
    response = client.post(reverse(UPLOAD), {})
    assert response.status_code == 400
    assert "No photo" in response.json()["error"]


def test_too_many_pending_uploads_are_refused(client, operator, settings):
    settings.PHOTO_UPLOAD_MAX_PENDING = 2
    client.force_login(operator)
    assert [send(client, image_upload()).status_code for _ in range(3)] == [201, 201, 400]
    assert PhotoUpload.objects.count() == 2


def test_pending_uploads_over_the_byte_limit_are_refused(client, operator, settings):
    settings.PHOTO_UPLOAD_MAX_PENDING_BYTES = 1
    client.force_login(operator)
    response = send(client, image_upload())
    assert response.status_code == 400
    assert "MB" in response.json()["error"]


def test_uploads_past_the_rate_are_refused_with_retry_after(client, operator, settings):
    settings.PHOTO_UPLOAD_RATE = "2/hour"
    client.force_login(operator)
    codes = [send(client, image_upload()).status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    response = send(client, image_upload())
    assert int(response["Retry-After"]) > 0
    assert "Too many photos" in response.json()["error"]


def test_the_rate_is_counted_per_user(client, operator, settings):
    settings.PHOTO_UPLOAD_RATE = "1/hour"
    client.force_login(operator)
    assert send(client, image_upload()).status_code == 201
    other = Client()
    other.force_login(staff_user("operator", regencies=["74.72"]))
    assert send(other, image_upload()).status_code == 201


def test_anonymous_visitors_and_verifiers_cannot_upload(client):
    assert send(client, image_upload()).status_code == 403
    client.force_login(staff_user("verifier", province="13"))
    assert send(client, image_upload()).status_code == 403
    client.force_login(UserFactory())
    assert send(client, image_upload()).status_code == 403
    assert not PhotoUpload.objects.exists()


def test_an_upload_needs_the_csrf_token(operator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)
    assert send(client, image_upload()).status_code == 403
    assert not PhotoUpload.objects.exists()


def test_reading_the_upload_address_is_refused(client, operator):
    client.force_login(operator)
    assert client.get(reverse(UPLOAD)).status_code == 405


def test_the_owner_removes_an_upload_with_its_files(
    client, operator, django_capture_on_commit_callbacks
):
    client.force_login(operator)
    send(client, image_upload())
    upload = PhotoUpload.objects.get()
    storage, names = upload.image.storage, [upload.image.name, upload.thumbnail.name]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.delete(reverse("staff_photo_upload_remove", args=[upload.pk]))

    assert response.status_code == 200
    assert not PhotoUpload.objects.exists()
    assert [storage.exists(name) for name in names] == [False, False]


def test_a_post_removes_an_upload_too(client, operator):
    client.force_login(operator)
    send(client, image_upload())
    upload = PhotoUpload.objects.get()
    assert client.post(reverse("staff_photo_upload_remove", args=[upload.pk])).status_code == 200
    assert not PhotoUpload.objects.exists()


def test_someone_elses_upload_cannot_be_removed(client, operator):
    client.force_login(operator)
    send(client, image_upload())
    upload = PhotoUpload.objects.get()

    client.force_login(staff_user("operator", regencies=["13.72"]))
    response = client.post(reverse("staff_photo_upload_remove", args=[upload.pk]))

    assert response.status_code == 404
    assert PhotoUpload.objects.filter(pk=upload.pk).exists()


def test_an_upload_is_served_to_its_owner_only(client, operator, settings):
    settings.DEBUG = False
    client.force_login(operator)
    send(client, image_upload())
    upload = PhotoUpload.objects.get()

    for stored_file in (upload.image, upload.thumbnail):
        response = client.get(stored_file.url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        response.getvalue()  # read to the end, which closes the file
    same_regency = Client()
    same_regency.force_login(staff_user("operator", regencies=["13.72"]))
    assert same_regency.get(upload.image.url).status_code == 404
    administrator = Client()
    administrator.force_login(staff_user("administrator"))
    assert administrator.get(upload.thumbnail.url).status_code == 404
    assert Client().get(upload.image.url).status_code == 404


def test_stale_uploads_are_removed_with_their_files(
    client, operator, django_capture_on_commit_callbacks
):
    client.force_login(operator)
    send(client, image_upload())
    send(client, image_upload())
    old, recent = PhotoUpload.objects.order_by("pk")
    PhotoUpload.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert remove_stale_uploads() == 1

    assert list(PhotoUpload.objects.all()) == [recent]
    assert not old.image.storage.exists(old.image.name)
    assert not old.thumbnail.storage.exists(old.thumbnail.name)
    assert recent.image.storage.exists(recent.image.name)


def test_the_clean_up_command_takes_an_age_in_hours(
    client, operator, django_capture_on_commit_callbacks
):
    client.force_login(operator)
    send(client, image_upload())
    PhotoUpload.objects.update(created_at=timezone.now() - datetime.timedelta(hours=3))
    out = io.StringIO()

    call_command("remove_stale_uploads", stdout=out)
    assert PhotoUpload.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remove_stale_uploads", "--hours=2", stdout=out)
    assert not PhotoUpload.objects.exists()
    assert "1 stale photo uploads removed." in out.getvalue()


def test_the_clean_up_runs_hourly_under_celery_beat(settings):
    entries = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "ks_portal.tasks.remove_stale_uploads"
    ]
    assert [entry["schedule"] for entry in entries] == [60 * 60]
