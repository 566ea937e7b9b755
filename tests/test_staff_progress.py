"""Staff progress report pages: /staff/progress/ with photo uploads."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from activities.models import Activity, ActivityType, ProgressPhoto, ProgressReport
from forums import images
from forums.models import State, Village
from forums.services import apply_transition
from forums.staff.submission import version_of

from .factories import (
    ActivityFactory,
    ForumFactory,
    ProgressPhotoFactory,
    ProgressReportFactory,
    formset_data,
    published,
    staff_user,
)
from .images import image_upload

pytestmark = pytest.mark.django_db

SOLOK = "13.72"
BAUBAU_VILLAGE = "74.72.01.1007"
GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


@pytest.fixture
def operator():
    return staff_user("operator", regencies=[SOLOK])


@pytest.fixture
def activity():
    return ActivityFactory(forum=ForumFactory())


def baubau_activity():
    return ActivityFactory(forum=ForumFactory(village=Village.objects.get(code=BAUBAU_VILLAGE)))


def photo_with_gps(name="lapangan.jpg"):
    exif = Image.Exif()
    exif.get_ifd(images.EXIF_IFD)[images.EXIF_DATETIME_ORIGINAL] = "2018:10:22 09:30:00"
    exif.get_ifd(GPS_IFD).update({1: "S", 2: (0.0, 47.0, 30.0), 3: "E", 4: (100.0, 39.0, 0.0)})
    return image_upload(name, exif=exif)


def report_data(activity, photos=(), token="token-1", initial=0, **fields):
    data = {
        "activity": activity.pk,
        "reported_on": "2018-10-01",
        "percent": "60",
        "note": "Dinding sudah berdiri.",
        "submission_token": token,
        **fields,
    }
    data.update(formset_data("photos", list(photos), initial=initial))
    return data


def create(client, data):
    return client.post(reverse("staff_progress_create"), data)


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("staff_progress_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_verifier_cannot_create(client, activity):
    client.force_login(staff_user("verifier", province="13"))
    assert create(client, report_data(activity)).status_code == 403
    assert not ProgressReport.objects.exists()


def test_list_shows_only_the_users_regions(client, operator, activity):
    ProgressReportFactory(activity=activity, note="Tanah Garam")
    ProgressReportFactory(activity=baubau_activity(), note="Baubau")
    client.force_login(operator)
    response = client.get(reverse("staff_progress_list"))
    assert [report.note for report in response.context["records"]] == ["Tanah Garam"]


def test_list_filters_by_forum(client, operator, activity):
    ProgressReportFactory(activity=activity)
    ProgressReportFactory(activity=ActivityFactory(forum=ForumFactory()))
    client.force_login(operator)
    response = client.get(reverse("staff_progress_list"), {"forum": activity.forum_id})
    assert [report.activity for report in response.context["records"]] == [activity]


def test_list_runs_a_fixed_number_of_queries(client, operator, activity):
    client.force_login(operator)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("staff_progress_list")).status_code == 200
        return len(captured)

    ProgressPhotoFactory(report=ProgressReportFactory(activity=activity))
    few = queries()
    for _ in range(12):
        ProgressPhotoFactory(report=ProgressReportFactory(activity=ActivityFactory()))
    assert queries() == few


def test_operator_creates_a_report_with_photos_as_a_draft(client, operator, activity):
    client.force_login(operator)
    photos = [
        {"image": photo_with_gps(), "caption": "Dinding"},
        {"image": image_upload("atap.png", fmt="PNG"), "caption": "Atap"},
    ]
    response = create(client, report_data(activity, photos))

    report = ProgressReport.objects.get()
    assert response["Location"] == reverse("staff_progress_detail", args=[report.pk])
    assert (report.state, report.percent) == (State.DRAFT, 60)
    first, second = report.photos.order_by("pk")
    with Image.open(first.image.path) as kept:
        assert kept.format == "JPEG"
        assert not kept.getexif().get_ifd(GPS_IFD)
    assert first.thumbnail and first.thumbnail.storage.exists(first.thumbnail.name)
    assert first.taken_at == timezone.make_aware(datetime.datetime(2018, 10, 22, 9, 30))
    assert second.taken_at is None
    assert second.image.name.endswith(".jpg")
    assert report.history.latest().history_user == operator


def test_a_saved_report_moves_the_works_status_once_it_is_published(client, operator, activity):
    client.force_login(operator)
    create(client, report_data(activity, percent="100"))
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PLANNED  # a draft changes nothing yet

    report = ProgressReport.objects.get()
    verifier = staff_user("verifier", province="13")
    apply_transition(report, "submit", operator)
    apply_transition(report, "verify", verifier)
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PLANNED
    apply_transition(report, "publish", verifier)
    activity.refresh_from_db()
    assert activity.status == Activity.Status.DONE


def test_a_text_file_named_like_a_photo_is_refused_and_nothing_saved(client, operator, activity):
    client.force_login(operator)
    fake = SimpleUploadedFile("foto.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    photos = [{"image": photo_with_gps(), "caption": ""}, {"image": fake, "caption": ""}]
    response = create(client, report_data(activity, photos))

    assert response.status_code == 200
    assert (ProgressReport.objects.count(), ProgressPhoto.objects.count()) == (0, 0)
    rows = response.context["children"][0]["formset"].forms
    assert rows[1].errors["image"] == ["The file is not a photo the portal can read."]
    assert b"The file is not a photo the portal can read." in response.content


def test_percent_above_100_is_refused(client, operator, activity):
    client.force_login(operator)
    response = create(client, report_data(activity, percent="120"))
    assert "percent" in response.context["form"].errors
    assert not ProgressReport.objects.exists()


def test_an_activity_outside_the_scope_is_refused(client, operator):
    client.force_login(operator)
    response = create(client, report_data(baubau_activity()))
    assert "activity" in response.context["form"].errors
    assert not ProgressReport.objects.exists()


def test_a_double_submission_creates_one_report(client, operator, activity):
    client.force_login(operator)
    first = create(client, report_data(activity, [{"image": photo_with_gps(), "caption": ""}]))
    second = create(client, report_data(activity, [{"image": photo_with_gps(), "caption": ""}]))
    assert (ProgressReport.objects.count(), ProgressPhoto.objects.count()) == (1, 1)
    assert second["Location"] == first["Location"]


def test_create_form_starts_from_the_activity_in_the_query(client, operator, activity):
    client.force_login(operator)
    response = client.get(reverse("staff_progress_create"), {"activity": activity.pk})
    assert response.context["form"].initial["activity"] == activity


def test_administrators_give_the_activity_by_number(client, activity):
    client.force_login(staff_user("administrator"))
    page = client.get(reverse("staff_progress_create"))
    assert page.context["form"].fields["activity"].widget.input_type == "number"
    response = create(client, report_data(activity))
    assert response.status_code == 302


def edit_data(report, **fields):
    rows = [{"id": photo.pk, "caption": photo.caption} for photo in report.photos.all()]
    fields.setdefault("loaded_version", version_of(report))
    return report_data(report.activity, rows, initial=len(rows), **fields)


def test_operator_edits_a_draft_and_keeps_its_photos(client, operator, activity):
    report = ProgressReportFactory(activity=activity)
    photo = ProgressPhotoFactory(report=report)
    client.force_login(operator)
    data = edit_data(report, percent="80")
    data["photos-0-caption"] = "Keterangan baru"
    response = client.post(reverse("staff_progress_edit", args=[report.pk]), data)
    assert response.status_code == 302
    report.refresh_from_db()
    photo.refresh_from_db()
    assert (report.percent, photo.caption) == (80, "Keterangan baru")
    assert photo.image


def test_operator_cannot_edit_a_verified_report(client, operator, activity):
    report = ProgressReportFactory(activity=activity, state=State.VERIFIED)
    client.force_login(operator)
    response = client.post(reverse("staff_progress_edit", args=[report.pk]), edit_data(report))
    assert response.status_code == 403


def test_out_of_scope_reports_are_not_found_and_not_changed(client, operator):
    report = ProgressReportFactory(activity=baubau_activity())
    client.force_login(operator)
    for name in ["detail", "edit", "delete"]:
        assert client.get(reverse(f"staff_progress_{name}", args=[report.pk])).status_code == 404
    url = reverse("staff_progress_edit", args=[report.pk])
    assert client.post(url, edit_data(report, percent="99")).status_code == 404
    assert client.post(reverse("staff_progress_delete", args=[report.pk])).status_code == 404
    report.refresh_from_db()
    assert report.percent == 50


def test_detail_shows_thumbnails_and_the_capture_time(client, operator, activity):
    report = ProgressReportFactory(activity=activity)
    photo = ProgressPhotoFactory(report=report, caption="Pondasi", taken_at=timezone.now())
    client.force_login(operator)
    content = client.get(reverse("staff_progress_detail", args=[report.pk])).content.decode()
    assert photo.thumbnail.url in content
    assert "Pondasi" in content
    assert "Taken" in content
    assert reverse("staff_activity_detail", args=[activity.pk]) in content


def test_delete_removes_a_draft_with_its_photos_and_keeps_the_published_status(
    client, operator, activity
):
    ProgressReportFactory(activity=activity, **published(percent=40))
    report = ProgressReportFactory(
        activity=activity, percent=100, reported_on=datetime.date(2018, 11, 1)
    )
    ProgressPhotoFactory(report=report)
    activity.refresh_from_db()
    assert activity.status == Activity.Status.RUNNING
    client.force_login(operator)
    report.refresh_from_db()
    data = {"loaded_version": version_of(report)}
    client.post(reverse("staff_progress_delete", args=[report.pk]), data)
    assert (ProgressReport.objects.count(), ProgressPhoto.objects.count()) == (1, 0)
    activity.refresh_from_db()
    assert activity.status == Activity.Status.RUNNING


def test_reports_of_non_physical_activities_leave_the_status_alone(client, operator):
    dialogue = ActivityFactory(activity_type=ActivityType.objects.get(code="thematic-dialogue"))
    client.force_login(operator)
    create(client, report_data(dialogue, percent="100"))
    dialogue.refresh_from_db()
    assert dialogue.status == Activity.Status.PLANNED
