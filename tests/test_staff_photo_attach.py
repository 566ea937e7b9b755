"""Photos uploaded ahead of their form become the record's photos when it is saved, and
a form the server rejects keeps them; nobody can save someone else's upload."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import ProgressPhoto, ProgressReport
from forums.models import PhotoUpload, Post, PostPhoto
from forums.uploads import store_upload

from .factories import (
    ActivityFactory,
    ForumFactory,
    ProgressPhotoFactory,
    ProgressReportFactory,
    formset_data,
    staff_user,
)
from .images import image_upload, jpeg_with_metadata, metadata_left_in

pytestmark = pytest.mark.django_db

SOLOK = "13.72"


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


@pytest.fixture
def operator():
    return staff_user("operator", regencies=[SOLOK])


@pytest.fixture
def activity():
    return ActivityFactory(forum=ForumFactory())


def report_data(activity, rows, token="token-1", initial=0, **fields):
    data = {
        "activity": activity.pk,
        "reported_on": "2018-10-01",
        "percent": "60",
        "note": "Dinding sudah berdiri.",
        "submission_token": token,
        **fields,
    }
    data.update(formset_data("photos", rows, initial=initial))
    return data


def create_report(client, data):
    return client.post(reverse("staff_progress_create"), data)


def stored(field):
    with field.storage.open(field.name, "rb") as handle:
        return handle.read()


def test_saving_a_report_turns_its_uploads_into_photos(
    client, operator, activity, django_capture_on_commit_callbacks
):
    first = store_upload(operator, jpeg_with_metadata())
    second = store_upload(operator, image_upload("atap.png", fmt="PNG"))
    temporary = [first.image.name, first.thumbnail.name, second.image.name]
    client.force_login(operator)
    rows = [{"upload": first.pk, "caption": "Dinding"}, {"upload": second.pk, "caption": "Atap"}]

    with django_capture_on_commit_callbacks(execute=True):
        response = create_report(client, report_data(activity, rows))

    report = ProgressReport.objects.get()
    assert response["Location"] == reverse("staff_progress_detail", args=[report.pk])
    walls, roof = report.photos.order_by("pk")
    assert (walls.caption, roof.caption) == ("Dinding", "Atap")
    assert walls.taken_at == timezone.make_aware(datetime.datetime(2018, 10, 22, 9, 30))
    assert walls.image.name.startswith("progress/") and walls.thumbnail.name
    assert walls.width and walls.height
    assert metadata_left_in(stored(walls.image)) == []
    assert walls.history.get().history_user == operator
    assert not PhotoUpload.objects.exists()
    storage = walls.image.storage
    assert [storage.exists(name) for name in temporary] == [False, False, False]


def test_a_rejected_form_keeps_its_uploads_and_shows_them_again(client, operator, activity):
    upload = store_upload(operator, image_upload())
    client.force_login(operator)
    data = report_data(activity, [{"upload": upload.pk, "caption": "Dinding"}], percent="120")

    response = create_report(client, data)

    assert response.status_code == 200
    assert not ProgressReport.objects.exists()
    assert PhotoUpload.objects.filter(pk=upload.pk).exists()
    html = response.content.decode()
    assert f'name="photos-0-upload" value="{upload.pk}"' in html
    assert upload.thumbnail.url in html
    assert 'value="Dinding"' in html

    data = report_data(activity, [{"upload": upload.pk, "caption": "Dinding"}])
    assert create_report(client, data).status_code == 302
    assert ProgressReport.objects.get().photos.get().caption == "Dinding"


def test_someone_elses_upload_is_refused_and_nothing_saved(client, operator, activity):
    other = staff_user("operator", regencies=[SOLOK])
    theirs = store_upload(other, image_upload())
    client.force_login(operator)

    response = create_report(client, report_data(activity, [{"upload": theirs.pk}]))

    assert response.status_code == 200
    assert not ProgressReport.objects.exists()
    row = response.context["children"][0]["formset"].forms[0]
    assert row.errors["upload"] == [
        "That uploaded photo is not one of yours, or it was removed. Choose the photo again."
    ]
    assert b"That uploaded photo is not one of yours" in response.content
    assert PhotoUpload.objects.get() == theirs
    assert theirs.thumbnail.url not in response.content.decode()


def test_an_upload_removed_meanwhile_saves_nothing(client, operator, activity, monkeypatch):
    upload = store_upload(operator, image_upload())
    client.force_login(operator)
    # The upload goes between the form's check and its save (another tab saved it).
    from forums import uploads

    original = uploads.take_uploads

    def gone_first(user, chosen):
        PhotoUpload.objects.filter(pk=upload.pk).delete()
        return original(user, chosen)

    monkeypatch.setattr("forums.staff.services.take_uploads", gone_first)
    response = create_report(client, report_data(activity, [{"upload": upload.pk}]))

    assert response.status_code == 200
    assert not ProgressReport.objects.exists()
    assert "was removed or already saved with another form" in response.content.decode()


def test_a_row_without_photo_or_upload_asks_for_a_photo(client, operator, activity):
    client.force_login(operator)
    response = create_report(client, report_data(activity, [{"caption": "Tanpa foto"}]))
    row = response.context["children"][0]["formset"].forms[0]
    assert row.errors["image"] == ["Choose a photo."]
    assert not ProgressReport.objects.exists()


def test_the_plain_file_input_still_works_without_the_script(client, operator, activity):
    client.force_login(operator)
    create_report(client, report_data(activity, [{"image": jpeg_with_metadata(), "upload": ""}]))
    photo = ProgressReport.objects.get().photos.get()
    assert photo.taken_at.year == 2018
    assert metadata_left_in(stored(photo.image)) == []


def test_an_upload_replaces_the_photo_of_a_saved_row(client, operator, activity):
    from forums.staff.submission import version_of

    report = ProgressReportFactory(activity=activity)
    photo = ProgressPhotoFactory(report=report, caption="Lama")
    old_name = photo.image.name
    upload = store_upload(operator, jpeg_with_metadata())
    client.force_login(operator)
    rows = [{"id": photo.pk, "caption": "Baru", "upload": upload.pk}]
    data = report_data(activity, rows, initial=1, loaded_version=version_of(report))

    response = client.post(reverse("staff_progress_edit", args=[report.pk]), data)

    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.caption, photo.taken_at.year) == ("Baru", 2018)
    assert photo.image.name != old_name
    assert ProgressPhoto.objects.count() == 1
    assert not PhotoUpload.objects.exists()


def news_data(forum, rows=(), **fields):
    data = {
        "title": "Seminar Kerukunan di Tanah Garam",
        "category": "activity",
        "summary": "FKS Tanah Garam mengadakan seminar.",
        "body": "<p>Isi.</p>",
        "cover_caption": "",
        "event_date": "2018-10-22",
        "venue": "Aula kelurahan",
        "forum": forum.pk,
        "regency": "",
        "submission_token": "token-1",
        **fields,
    }
    data.update(formset_data("photos", list(rows)))
    return data


def test_a_news_post_takes_its_cover_and_gallery_from_uploads(client, operator):
    forum = ForumFactory()
    cover = store_upload(operator, image_upload("sampul.jpg"))
    gallery = store_upload(operator, image_upload("galeri.jpg"))
    client.force_login(operator)
    data = news_data(
        forum,
        [{"upload": gallery.pk, "caption": "Peserta", "position": "1"}],
        cover_upload=cover.pk,
    )

    response = client.post(reverse("staff_post_create"), data)

    assert response.status_code == 302
    post = Post.objects.get()
    assert post.cover.name.startswith("posts/covers/") and post.cover_thumbnail
    assert PostPhoto.objects.get(post=post).caption == "Peserta"
    assert not PhotoUpload.objects.exists()


def test_someone_elses_cover_upload_is_refused(client, operator):
    theirs = store_upload(staff_user("operator", regencies=[SOLOK]), image_upload())
    client.force_login(operator)
    response = client.post(
        reverse("staff_post_create"), news_data(ForumFactory(), cover_upload=theirs.pk)
    )
    assert response.status_code == 200
    assert "cover_upload" in response.context["form"].errors
    assert not Post.objects.exists()
